// ParserTrainer: learns a Parser from CoNLL-U sentences.
//
// With a beam (options.beam > 1) training is global: the beam is searched
// under the current weights and, as soon as no item in it can still reach
// the gold tree (counted with the dynamic oracle's move costs), the weights
// move towards the gold prefix and away from the best item (early update).
//
// Training follows the dynamic oracle (Goldberg and Nivre 2012): at each
// state the move model is updated towards the best-scoring move of least
// cost, and from the second epoch on the parser follows its own prediction
// with probability `explore`, so it learns to recover from its mistakes.
// The parser trains on tags predicted by taggers trained on the other folds
// (jackknifing), the tags it will see at run time. Deterministic for a seed.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"
#include "ingest/language/conllu.h"
#include "ingest/language/parser.h"
#include "ingest/language/tagger.h"

namespace kg::ingest {

struct ParserTrainerOptions {
  int epochs = 15;
  // 1 trains a greedy parser with the dynamic oracle; wider beams train with
  // early update and parse with the same width.
  int beam = 1;
  uint64_t seed = 1;
  double explore = 0.9;
  int jackknife = 4;      // folds; 0 or 1 = train on gold tags
  int tagger_epochs = 10;  // for the fold taggers
  float prune = 0.05f;
  // Which trees the relabeller learns from: the gold path's (relations the
  // label model guessed with gold relations around them) and, when set, also
  // the beam's own best parse (guessed relations all round, as at run time).
  bool relabel_on_parses = true;
  std::function<void(const std::string&)> log;
};

struct ParserScores {
  double uas = 0;
  double las = 0;  // full relation, subtypes included
  size_t words = 0;
};

// Trains on `train`; the dev sentences (tagged by `tagger`) choose the epoch.
// Returns InvalidArgument when `train` is empty or has more than 64 relations.
Result<std::unique_ptr<Parser>> TrainParser(const std::vector<ConlluSentence>& train,
                                            const std::vector<ConlluSentence>& dev,
                                            const Tagger& tagger,
                                            const ParserTrainerOptions& options);

// UAS and LAS of `parser` on `sentences`, tagged by `tagger` (or with the
// gold tags when `tagger` is null).
ParserScores ScoreParser(const Parser& parser, const Tagger* tagger,
                         const std::vector<ConlluSentence>& sentences);

// Sets the parser's decoding weights to those that give the best LAS on
// `dev`, one after the other: the label margin's (see
// Parser::label_margin_weight), then, for a parser with a relabeller, the
// relabeller's (see Parser::relabel_weight); 0 turns either off. Does
// nothing without dev sentences.
void TuneDecodingWeights(Parser& parser, const Tagger& tagger,
                         const std::vector<ConlluSentence>& dev,
                         const ParserTrainerOptions& options);

}  // namespace kg::ingest
