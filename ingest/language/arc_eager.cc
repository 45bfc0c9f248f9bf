#include "ingest/language/arc_eager.h"

namespace kg::ingest {

void ParseState::Init(int words) {
  n = words;
  stack.clear();
  buffer = 0;
  head.assign(n, -1);
  label.assign(n, -1);
  left1.assign(n, -1);
  left2.assign(n, -1);
  right1.assign(n, -1);
  right2.assign(n, -1);
  left_count.assign(n, 0);
  right_count.assign(n, 0);
  left_labels.assign(n, 0);
  right_labels.assign(n, 0);
  on_stack.assign(n, 0);
}

bool ParseState::Valid(Move move) const {
  switch (move) {
    case Move::kShift: return buffer < n;
    case Move::kReduce: return !stack.empty() && head[stack.back()] >= 0;
    case Move::kLeft: return !stack.empty() && buffer < n && head[stack.back()] < 0;
    case Move::kRight: return !stack.empty() && buffer < n;
  }
  return false;
}

void ParseState::AddArc(int h, int d, int arc_label) {
  head[d] = h;
  label[d] = arc_label;
  uint64_t bit = uint64_t{1} << (arc_label & 63);
  if (d < h) {
    if (left1[h] < 0 || d < left1[h]) {
      left2[h] = left1[h];
      left1[h] = d;
    } else if (left2[h] < 0 || d < left2[h]) {
      left2[h] = d;
    }
    if (left_count[h] < 255) ++left_count[h];
    left_labels[h] |= bit;
  } else {
    if (right1[h] < 0 || d > right1[h]) {
      right2[h] = right1[h];
      right1[h] = d;
    } else if (right2[h] < 0 || d > right2[h]) {
      right2[h] = d;
    }
    if (right_count[h] < 255) ++right_count[h];
    right_labels[h] |= bit;
  }
}

void ParseState::Apply(Move move, int arc_label) {
  switch (move) {
    case Move::kShift:
      on_stack[buffer] = 1;
      stack.push_back(buffer++);
      break;
    case Move::kReduce:
      on_stack[stack.back()] = 0;
      stack.pop_back();
      break;
    case Move::kLeft:
      AddArc(buffer, stack.back(), arc_label);
      on_stack[stack.back()] = 0;
      stack.pop_back();
      break;
    case Move::kRight:
      AddArc(stack.back(), buffer, arc_label);
      on_stack[buffer] = 1;
      stack.push_back(buffer++);
      break;
  }
}

void ParseState::Finish(int root_label, int other_label) {
  // Several headless words mean the parser left the sentence in pieces; the
  // piece with the most dependents is most likely the main clause.
  int root = -1;
  for (int i = 0; i < n; ++i) {
    if (head[i] >= 0) continue;
    if (root < 0 || left_count[i] + right_count[i] > left_count[root] + right_count[root]) root = i;
  }
  if (root < 0) return;
  label[root] = root_label;
  for (int i = 0; i < n; ++i) {
    if (head[i] < 0 && i != root) AddArc(root, i, other_label);
  }
}

std::array<int, kNumMoves> MoveCosts(const ParseState& st, const std::vector<int>& gold) {
  std::array<int, kNumMoves> cost = {-1, -1, -1, -1};
  int s = st.s0();
  int b = st.buffer < st.n ? st.buffer : -1;
  // Gold arcs between `word` and the buffer (from b0 on, or after b0).
  auto buffer_children = [&](int word, int from) {
    int c = 0;
    for (int k = from; k < st.n; ++k) c += gold[k] == word;
    return c;
  };
  auto headless_stack_children = [&](int word) {
    int c = 0;
    for (int k : st.stack) c += st.head[k] < 0 && gold[k] == word;
    return c;
  };
  if (st.Valid(Move::kShift)) {
    int c = headless_stack_children(b);
    if (gold[b] >= 0 && st.on_stack[gold[b]]) ++c;
    cost[0] = c;
  }
  if (st.Valid(Move::kReduce)) cost[1] = buffer_children(s, st.buffer);
  if (st.Valid(Move::kLeft)) {
    int c = buffer_children(s, st.buffer);
    if (gold[s] != b && (gold[s] < 0 || gold[s] > b)) ++c;
    cost[2] = c;
  }
  if (st.Valid(Move::kRight)) {
    int c = headless_stack_children(b);
    if (gold[b] != s && (gold[b] < 0 || gold[b] > b || st.on_stack[gold[b]])) ++c;
    cost[3] = c;
  }
  return cost;
}

bool StaticOracle(const std::vector<int>& gold, std::vector<Move>* moves) {
  moves->clear();
  ParseState st;
  st.Init(static_cast<int>(gold.size()));
  while (!st.Terminal()) {
    std::array<int, kNumMoves> cost = MoveCosts(st, gold);
    // Prefer arcs, then reduce, then shift, among zero-cost moves.
    static constexpr Move kOrder[] = {Move::kLeft, Move::kRight, Move::kReduce, Move::kShift};
    bool moved = false;
    for (Move m : kOrder) {
      if (cost[static_cast<int>(m)] == 0) {
        st.Apply(m, 0);
        moves->push_back(m);
        moved = true;
        break;
      }
    }
    if (!moved) return false;
  }
  st.Finish(0, 0);
  return st.head == gold;
}

}  // namespace kg::ingest
