// The CaRB scorer (Bhardwaj et al., EMNLP 2019) with its default matcher,
// as described in ../shared/data/carb-dev/SCORING.md: word-overlap
// precision and recall of each gold tuple against each predicted tuple of
// the same sentence, summed over the corpus at every confidence threshold,
// the best F1 on that curve and the area under it.
//
// Gold file: sentence TAB relation TAB arg1 [TAB arg2 ...]; argument fields
// containing "C: " (context) are dropped, every field is trimmed.
// System file: sentence TAB confidence TAB relation TAB arg1 [TAB ...].
// Sentences are matched by CarbSentenceKey.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace kg::ingest {

struct CarbExtraction {
  double confidence = 0;  // system tuples only
  std::string relation;
  std::vector<std::string> arguments;  // subject first
};

// Tuples by sentence key, each sentence's in file order.
struct CarbTuples {
  std::map<std::string, std::vector<CarbExtraction>> sentences;
  size_t tuples = 0;
};

// The key sentences are matched by: spaces deleted, the PTB bracket escapes
// (-LRB- ...) turned into brackets, then every ASCII punctuation character
// deleted.
std::string CarbSentenceKey(std::string_view sentence);

// Read a gold or a system file; `name` is used in messages. Blank lines are
// skipped. InvalidArgument naming NAME:LINE for a line with too few fields,
// a confidence that is not a number or text that is not valid UTF-8; the
// File variants add IOError naming the path when it cannot be opened.
Result<CarbTuples> ReadCarbGold(std::istream& in, const std::string& name);
Result<CarbTuples> ReadCarbGoldFile(const std::string& path);
Result<CarbTuples> ReadCarbSystem(std::istream& in, const std::string& name);
Result<CarbTuples> ReadCarbSystemFile(const std::string& path);

struct CarbPairScore {
  double precision = 0;
  double recall = 0;
};

// One gold tuple against one predicted tuple (SCORING.md, "Scoring one gold
// tuple against one predicted tuple"): arguments collapsed to two, relation
// overlap with the "be" rule, (0, 0) without a shared relation word or a
// missing argument, and the swapped-argument retry for "said"-type gold.
CarbPairScore ScoreCarbPair(const CarbExtraction& gold, const CarbExtraction& predicted);

struct CarbCurvePoint {
  double confidence = 0;  // the threshold
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct CarbScore {
  std::vector<CarbCurvePoint> curve;  // by ascending threshold
  CarbCurvePoint best;                // highest F1, lowest threshold on ties
  double auc = 0;
  size_t gold_tuples = 0;
  size_t predicted_tuples = 0;
};

// Precision and recall at every distinct predicted confidence, the best F1
// and the AUC. No prediction at all gives an empty curve and zeros.
CarbScore ScoreCarb(const CarbTuples& gold, const CarbTuples& system);

// "AUC: 0.352\t Optimal (precision, recall, F1): [0.622 0.450 0.522]", the
// reference scorer's result line (values rounded to 3 decimals).
std::string FormatCarbResult(const CarbScore& score);

}  // namespace kg::ingest
