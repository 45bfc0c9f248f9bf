// The parser's feature templates, shared by Parser and ParserTrainer:
// Zhang and Nivre (2011) rich non-local features for choosing the move,
// and head/dependent pair features for choosing the relation of a new arc.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ingest/language/arc_eager.h"
#include "ingest/language/word_clusters.h"

namespace kg::ingest {

// The value features use for an empty position (no word, no tag, no label).
inline constexpr uint64_t kNoFeatureValue = 0x7777;

// Head-dependent distances in 8 buckets: 0-4 exactly, then 5-6, 7-9, 10+.
uint64_t DistanceBucket(int distance);

// Per-word values of one sentence.
struct ParserInput {
  std::vector<uint64_t> word;  // StringHash(NormaliseWord(form))
  std::vector<uint64_t> tag;   // tagger tag id + 1 (0 is never used)
  std::vector<ClusterIds> cluster;  // empty when the parser has no word classes
  std::vector<uint64_t> suffix;     // StringHash of the last three letters, lower-cased

  // Fills the vectors from forms, tag ids and the parser's word classes.
  void Assign(const std::vector<std::string_view>& forms, const std::vector<int>& tags,
              const WordClusters& clusters);
  int size() const { return static_cast<int>(word.size()); }
};

// Features for choosing the next move in `state`: PairFeatures of its s0
// and n0 followed by StateFeatures.
void MoveFeatures(const ParserInput& input, const ParseState& state, std::vector<uint64_t>* out);

// The move features that depend only on which words are s0 and n0 (-1 for
// none), so that their score can be shared by every state with that pair;
// appended to *out.
void PairFeatures(const ParserInput& input, int s0, int n0, std::vector<uint64_t>* out);
// The other move features (children, heads, labels, valency); appended.
void StateFeatures(const ParserInput& input, const ParseState& state, std::vector<uint64_t>* out);

// Features for labelling the arc head -> dependent about to be added.
void LabelFeatures(const ParserInput& input, const ParseState& state, int head, int dependent,
                   std::vector<uint64_t>* out);

}  // namespace kg::ingest
