// Document: one article as it moves through the ingest stages.
//
// The reader fills `text` and the metadata; the sentence splitter and the
// tokeniser fill `sentences` and their tokens (offsets into `text`); the
// tagger, lemmatiser and parser annotate the tokens; the extractor appends
// `triples`. Every offset is a byte offset into `text`, so evidence can always
// be shown as the original wording.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/store.h"

namespace kg::ingest {

struct Token {
  uint32_t begin = 0;   // byte offset into Document::text
  uint32_t end = 0;     // one past the last byte
  std::string form;     // the token as the models see it (quotes normalised)
  std::string lemma;
  std::string upos;     // Universal POS tag ("PROPN")
  std::string xpos;     // Penn Treebank tag ("NNP")
  std::string feats;    // UD morphological features, "_" when none
  int head = -1;        // index of the head token in the sentence; -1 = root
  std::string deprel;   // UD basic relation ("nsubj:pass")
};

struct Sentence {
  uint32_t begin = 0;   // byte offset into Document::text
  uint32_t end = 0;
  std::vector<Token> tokens;

  std::string_view TextIn(std::string_view document_text) const {
    return document_text.substr(begin, end - begin);
  }
};

struct Document {
  std::string source;   // path, "path:line" for JSON lines, or "<stdin>"
  std::string title;
  std::string date;
  std::string url;
  std::string text;     // valid UTF-8
  std::vector<Sentence> sentences;
  std::vector<graph::TripleStatement> triples;  // filled by the extractor
  std::vector<std::pair<std::string, std::string>> aliases;  // {alias, canonical}
};

}  // namespace kg::ingest
