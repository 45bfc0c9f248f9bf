// TaggerTrainer: learns a Tagger from CoNLL-U sentences.
//
// Deterministic: sentences are shuffled each epoch with a fixed seed. After
// each epoch the averaged model is scored on the development sentences (when
// given) and the best epoch is kept.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"
#include "ingest/language/conllu.h"
#include "ingest/language/tagger.h"

namespace kg::ingest {

struct TaggerTrainerOptions {
  int epochs = 10;
  uint64_t seed = 1;
  // A word becomes a dictionary entry when seen this often with one tag
  // taking at least `unambiguous_share` of its occurrences.
  int unambiguous_min_count = 20;
  double unambiguous_share = 0.97;
  float prune = 0.05f;  // drop averaged weights smaller than this
  // Adds a second pass that sees the first pass's tags to the right.
  bool two_pass = true;
  // Word classes learned from unlabelled text (cluster_trainer.h), copied
  // into the model; null for none. Must outlive the call.
  const WordClusters* clusters = nullptr;
  // Progress lines ("tagger epoch 3: dev 95.81"); may be empty.
  std::function<void(const std::string&)> log;
};

// Trains on `train`; `dev` may be empty (then the last epoch is kept).
// Returns InvalidArgument when `train` has no words.
Result<std::unique_ptr<Tagger>> TrainTagger(const std::vector<ConlluSentence>& train,
                                            const std::vector<ConlluSentence>& dev,
                                            const TaggerTrainerOptions& options);

// Joint-tag accuracy (UPOS and XPOS both right) of `tagger` on `sentences`.
double TaggerAccuracy(const Tagger& tagger, const std::vector<ConlluSentence>& sentences);

}  // namespace kg::ingest
