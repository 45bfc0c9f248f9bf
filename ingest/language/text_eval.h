// Tokeniser and sentence splitter evaluation against a CoNLL-U treebank.
//
// As in the CoNLL 2018 shared task: the raw text is rebuilt from the "# text"
// lines (sentences of a paragraph joined by a space, paragraphs, marked by
// "# newpar" or "# newdoc", separated by a blank line), the splitter runs on
// it, and the system's spans are compared with the gold spans:
//  - tokens: surface tokens (a multiword token such as "don't" is one);
//  - words: syntactic words ("do", "n't"), a multiword token's words located
//    inside it by their forms;
//  - sentences: from the first to the last character of the sentence.
// A span counts as correct only when both ends match exactly.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "graph/status.h"
#include "ingest/language/conllu.h"
#include "ingest/language/sentence_splitter.h"

namespace kg::ingest {

struct SpanScore {
  size_t gold = 0;
  size_t system = 0;
  size_t correct = 0;

  double Precision() const { return system == 0 ? 0.0 : double(correct) / double(system); }
  double Recall() const { return gold == 0 ? 0.0 : double(correct) / double(gold); }
  double F1() const {
    return gold + system == 0 ? 0.0 : 2.0 * double(correct) / double(gold + system);
  }
};

struct TokenizationScores {
  SpanScore tokens;
  SpanScore words;
  SpanScore sentences;
  size_t text_bytes = 0;      // size of the rebuilt raw text
  double seconds = 0.0;       // best time of the splitter over the text
  double WordsPerSecond() const { return seconds > 0 ? double(words.system) / seconds : 0.0; }
};

// The raw text of `gold` as described above.
std::string RebuildRawText(const std::vector<ConlluSentence>& gold);

// Scores `splitter` on the raw text of `gold`. `name` is used in errors.
// InvalidArgument ("NAME:LINE: ...") when a sentence's tokens cannot be
// found in its "# text" line.
Result<TokenizationScores> EvaluateTokenization(const std::vector<ConlluSentence>& gold,
                                                const SentenceSplitter& splitter,
                                                const std::string& name);

// Reads `conllu_path` and scores the default SentenceSplitter on it; errors
// as ReadConlluFile and the function above.
Result<TokenizationScores> EvaluateTokenization(const std::string& conllu_path);

}  // namespace kg::ingest
