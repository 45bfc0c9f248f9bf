// Evaluator: tagging, lemma and parsing scores on gold tokenisation, with
// the definitions of the CoNLL 2018 shared task evaluation:
//  - every syntactic word counts, punctuation included;
//  - UPOS, XPOS and lemma accuracy compare the whole field;
//  - UAS compares heads; LAS heads and the universal part of the relation
//    ("nsubj:pass" counts as "nsubj"). `las_full` also compares subtypes.
// Tokenisation and sentence F1 on raw text are in text_eval.h.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "graph/status.h"
#include "ingest/language/analyzer.h"
#include "ingest/language/conllu.h"
#include "ingest/language/text_eval.h"

namespace kg::ingest {

struct AnnotationScores {
  size_t words = 0;
  double upos = 0;      // percentages
  double xpos = 0;
  double lemma = 0;
  double uas = 0;
  double las = 0;
  double las_full = 0;
  double seconds = 0;   // time spent annotating (when measured)
  size_t system_words = 0;  // raw text only: words the system produced
  size_t aligned = 0;       // raw text only: of those, words matching a gold span
  double WordsPerSecond() const { return seconds > 0 ? words / seconds : 0.0; }
};

// Compares `system` with `gold`, sentence by sentence. InvalidArgument when
// the two differ in sentence count or in a sentence's word count (naming the
// gold sentence's line).
Result<AnnotationScores> CompareAnnotation(const std::vector<ConlluSentence>& gold,
                                           const std::vector<ConlluSentence>& system);

// Annotates the gold words of each sentence with `analyzer` and returns the
// result as CoNLL-U sentences (comments and MISC kept from gold); the
// annotation time in seconds goes to *seconds when not null.
std::vector<ConlluSentence> AnnotateGoldTokens(const Analyzer& analyzer,
                                               const std::vector<ConlluSentence>& gold,
                                               double* seconds = nullptr);

// Both of the above: annotates `gold` and scores the result.
Result<AnnotationScores> EvaluateAnnotation(const Analyzer& analyzer,
                                            const std::vector<ConlluSentence>& gold);

// Runs the whole pipeline on the raw text of `gold` (see RebuildRawText in
// text_eval.h) and scores it as CoNLL 2018 does on raw text: system and gold
// words are aligned by their character spans (the words of a multiword
// token located inside it by their forms), and each figure is an F1 over
// words: 2 * correct / (gold words + system words). A head is correct when
// it is aligned to the gold head (or both are roots). `words` is the number
// of gold words; `seconds` the time the pipeline took.
Result<AnnotationScores> EvaluateRawText(const Analyzer& analyzer,
                                         const std::vector<ConlluSentence>& gold);

}  // namespace kg::ingest
