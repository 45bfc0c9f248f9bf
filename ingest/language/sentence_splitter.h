// SentenceSplitter: groups the tokenizer's words into sentences.
//
// Rules, tuned on UD English EWT and on news text:
//  - a line break ends a sentence (headlines, section titles, datelines and
//    bylines stand on their own lines in news); a blank line always does;
//  - ".", "!", "?", "...", "…" end a sentence together with the closing
//    quotes and brackets that follow them, unless the next word starts in
//    lower case (or, after an ellipsis, is not capitalised);
//  - a period kept on an abbreviation or an initial ("Gen.", "U.S.", "W.")
//    ends a sentence only when the next word is a typical sentence opener
//    ("The", "He", "But", ...) and the abbreviation is not one that precedes
//    names or numbers ("Mr.", "Dr.", "Jan.", "No.").
//
// A SentenceSplitter is immutable and safe to share between threads.
#pragma once

#include <string_view>
#include <vector>

#include "ingest/document.h"
#include "ingest/language/tokenizer.h"

namespace kg::ingest {

struct SentenceSplitterOptions {
  // When false, only a blank line (a paragraph break) forces a break; use it
  // for hard-wrapped text whose single line breaks are not meaningful.
  bool line_break_ends_sentence = true;
};

class SentenceSplitter {
 public:
  explicit SentenceSplitter(SentenceSplitterOptions options = {})
      : options_(options) {}

  // Tokenises `text` and returns its sentences in order, each with its byte
  // span (from its first token's begin to its last token's end) and its
  // tokens (begin, end, form set). Text with no tokens gives no sentences.
  // When `continues` is not null it receives one flag per token over all
  // sentences in order (see Tokenizer::Tokenize). Never fails.
  std::vector<Sentence> Split(std::string_view text,
                              std::vector<bool>* continues = nullptr) const;

  // Fills document->sentences from document->text (replacing what was there).
  void SplitDocument(Document* document) const;

 private:
  SentenceSplitterOptions options_;
  Tokenizer tokenizer_;
};

}  // namespace kg::ingest
