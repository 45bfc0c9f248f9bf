// The arc-eager transition system (Nivre 2003) without an artificial root,
// and its dynamic oracle (Goldberg and Nivre 2012).
//
// Words are 0..n-1. The stack starts empty and the buffer holds every word;
// parsing ends when the buffer is empty. Words still without a head then are
// the roots: the first becomes the sentence root and the others attach to it
// (ParseState::Finish). Heads use -1 for "no head / root".
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace kg::ingest {

enum class Move : uint8_t { kShift = 0, kReduce = 1, kLeft = 2, kRight = 3 };
inline constexpr int kNumMoves = 4;

struct ParseState {
  int n = 0;
  std::vector<int> stack;
  int buffer = 0;                 // index of the first buffer word
  std::vector<int> head;          // -1 = none yet
  std::vector<int> label;         // -1 = none yet
  std::vector<int> left1, left2;  // leftmost and second leftmost dependent
  std::vector<int> right1, right2;
  std::vector<uint8_t> left_count, right_count;
  std::vector<uint64_t> left_labels, right_labels;  // label sets as bits
  std::vector<uint8_t> on_stack;

  void Init(int words);
  bool Terminal() const { return buffer >= n; }
  int s0() const { return stack.empty() ? -1 : stack.back(); }
  int s1() const { return stack.size() < 2 ? -1 : stack[stack.size() - 2]; }
  int b(int k) const { return buffer + k < n ? buffer + k : -1; }

  bool Valid(Move move) const;
  // Applies a valid move; `arc_label` is the relation of the new arc for
  // kLeft/kRight and ignored otherwise.
  void Apply(Move move, int arc_label);
  // Attaches the words left without a head: the first is the root (head -1,
  // label `root_label`), the others depend on it with `other_label`.
  void Finish(int root_label, int other_label);

 private:
  void AddArc(int h, int d, int arc_label);
};

// For each move, how many gold arcs it makes unreachable, or -1 when the
// move is not valid. `gold_head` uses -1 for the root. Exact for projective
// trees; an approximation for non-projective ones.
std::array<int, kNumMoves> MoveCosts(const ParseState& state, const std::vector<int>& gold_head);

// The moves that build `gold_head` exactly from the initial state when the
// tree is projective with one root (used by tests and to check trees).
// Returns false when the tree cannot be built this way.
bool StaticOracle(const std::vector<int>& gold_head, std::vector<Move>* moves);

}  // namespace kg::ingest
