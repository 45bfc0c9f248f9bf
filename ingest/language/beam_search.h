// Beam search over arc-eager move sequences, shared by Parser (decoding)
// and ParserTrainer (training with early update, Collins and Roark 2004).
//
// Each item is a parse state, the sum of its move scores and, in training,
// the number of gold arcs its moves made unreachable. Items that are done
// stay in the beam unchanged until every item is done.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "ingest/language/arc_eager.h"

namespace kg::ingest {

struct BeamItem {
  ParseState state;
  double score = 0;
  int cost = 0;
  std::vector<std::pair<Move, int>> history;  // moves with their arc labels
};

class Beam {
 public:
  void Init(int words) {
    items_.assign(1, BeamItem());
    items_[0].state.Init(words);
  }

  bool Done() const {
    for (const BeamItem& item : items_) {
      if (!item.state.Terminal()) return false;
    }
    return true;
  }

  const std::vector<BeamItem>& items() const { return items_; }
  const BeamItem& Best() const {
    return *std::max_element(items_.begin(), items_.end(),
                             [](const BeamItem& a, const BeamItem& b) { return a.score < b.score; });
  }

  // Expands every item by each valid move and keeps the `width` best.
  // score(state, float[kNumMoves]) fills move scores; label(state, h, d)
  // returns the relation of a new arc; gold, when not null, is used to count
  // the cost of each move.
  template <typename ScoreFn, typename LabelFn>
  void Advance(int width, ScoreFn&& score, LabelFn&& label, const std::vector<int>* gold) {
    candidates_.clear();
    for (int i = 0; i < static_cast<int>(items_.size()); ++i) {
      const BeamItem& item = items_[i];
      if (item.state.Terminal()) {
        candidates_.push_back({i, -1, item.score, 0});
        continue;
      }
      float scores[kNumMoves] = {0, 0, 0, 0};
      score(item.state, scores);
      std::array<int, kNumMoves> costs = {0, 0, 0, 0};
      if (gold != nullptr) costs = MoveCosts(item.state, *gold);
      for (int m = 0; m < kNumMoves; ++m) {
        if (!item.state.Valid(static_cast<Move>(m))) continue;
        candidates_.push_back({i, m, item.score + scores[m], costs[m]});
      }
    }
    size_t keep = std::min<size_t>(width, candidates_.size());
    std::partial_sort(candidates_.begin(), candidates_.begin() + keep, candidates_.end(),
                      [](const Candidate& a, const Candidate& b) {
                        if (a.score != b.score) return a.score > b.score;
                        if (a.parent != b.parent) return a.parent < b.parent;
                        return a.move < b.move;
                      });
    next_.resize(keep);
    for (size_t k = 0; k < keep; ++k) {
      const Candidate& c = candidates_[k];
      const BeamItem& parent = items_[c.parent];
      BeamItem& item = next_[k];
      item.state = parent.state;
      item.history = parent.history;
      item.score = c.score;
      item.cost = parent.cost + c.cost;
      if (c.move < 0) continue;
      Move move = static_cast<Move>(c.move);
      int arc_label = 0;
      if (move == Move::kLeft || move == Move::kRight) {
        int h = move == Move::kLeft ? parent.state.b(0) : parent.state.s0();
        int d = move == Move::kLeft ? parent.state.s0() : parent.state.b(0);
        arc_label = label(parent.state, h, d);
      }
      item.state.Apply(move, arc_label);
      item.history.emplace_back(move, arc_label);
    }
    items_.swap(next_);
  }

 private:
  struct Candidate {
    int parent;
    int move;  // -1: a finished item carried over
    double score;
    int cost;
  };
  std::vector<BeamItem> items_;
  std::vector<BeamItem> next_;
  std::vector<Candidate> candidates_;
};

}  // namespace kg::ingest
