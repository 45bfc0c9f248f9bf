// Features for the parser's second look at relations, once the tree is done.
//
// The arc-eager parser names a relation when it adds the arc, before the
// dependent has its right-hand children and before the head has its later
// dependents: "give him a book" labels "him" before "book" arrives, "to"
// clauses are labelled before their verb's object is known. The relabeller
// sees the finished tree, with the other words' first-pass relations, and
// scores each relation again; the parser adds these scores to the first
// pass's. The word's own first-pass relation is deliberately not a feature:
// on training sentences the first pass is right far more often than on new
// text, so a model that saw it would learn to trust it too much.
#pragma once

#include <cstdint>
#include <vector>

#include "ingest/language/parser_features.h"

namespace kg::ingest {

// A finished tree: heads (-1 for the root) and first-pass relation ids, with
// each word's dependents in sentence order.
struct LabelledTree {
  std::vector<int> head;
  std::vector<int> label;
  std::vector<std::vector<int>> children;

  void Assign(const std::vector<int>& heads, const std::vector<int>& labels);
  int size() const { return static_cast<int>(head.size()); }
};

// Features for relabelling the arc into `dependent` (which has a head).
void RelabelFeatures(const ParserInput& input, const LabelledTree& tree, int dependent,
                     std::vector<uint64_t>* out);

}  // namespace kg::ingest
