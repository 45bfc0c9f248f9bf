// Trains the Lemmatizer from a treebank's lemma column and measures it.
//
// Deterministic: the same sentences and options give the same model bytes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"
#include "ingest/language/conllu.h"
#include "ingest/language/lemmatizer.h"

namespace kg::ingest {

struct LemmatizerTrainingOptions {
  // Folder with WordNet's noun.exc, verb.exc, adj.exc and adv.exc; empty or
  // missing files are skipped (the model is then treebank-only).
  std::string wordnet_dir = "/usr/share/wordnet";
  // Longest suffix (bytes) a rule is keyed on.
  uint32_t max_suffix = 7;
  // A suffix rule needs at least this many distinct training words.
  uint32_t min_rule_words = 2;
};

// Learns the lexicon, suffix rules and case rules from `sentences` (words
// with "_" lemmas are skipped). InvalidArgument when no word has a lemma.
Result<std::unique_ptr<Lemmatizer>> TrainLemmatizer(const std::vector<ConlluSentence>& sentences,
                                                     const LemmatizerTrainingOptions& options = {});

// Reads `train_path`, trains and saves the model to `model_path`. Errors
// name the file that failed.
Status TrainLemmatizerFile(const std::string& train_path, const std::string& model_path,
                           const LemmatizerTrainingOptions& options = {});

struct LemmaAccuracy {
  size_t words = 0;
  size_t correct = 0;
  double Accuracy() const { return words == 0 ? 0.0 : double(correct) / double(words); }
};

// Lemma accuracy on `gold` given the gold UPOS (words with "_" lemmas are
// not counted). Comparison is exact, as in the CoNLL 2018 evaluation.
LemmaAccuracy EvaluateLemmatizer(const Lemmatizer& lemmatizer,
                                 const std::vector<ConlluSentence>& gold);

}  // namespace kg::ingest
