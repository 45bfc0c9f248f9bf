// Per-vertex scratch state for graph searches, reused from one query to the
// next on the same thread.
//
// A search that allocates and clears an array over every vertex pays for the
// whole graph on every call; on a 100k-vertex graph that costs more than a
// typical bidirectional path search or 1-hop neighbourhood. A VertexTable is
// instead cleared in O(1) by bumping an epoch: a slot whose epoch is old reads
// as unset. Tables live in a pool per thread (ScratchLease), so any number of
// threads may query one KnowledgeGraph at once, and a search nested inside
// another (on the same thread) gets a table of its own.
//
// Memory: each thread keeps (4 + 4 * kFields) bytes per vertex (VertexBits:
// a quarter byte) of the largest graph it has searched, until it exits.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "graph/knowledge_graph.h"

namespace kg::graph {

template <size_t kFields>
class VertexTable {
 public:
  static constexpr uint32_t kUnset = std::numeric_limits<uint32_t>::max();

  // Starts a round over a graph of `vertex_count` vertices: every field of
  // every vertex reads kUnset. Amortised O(1); grows the table when needed.
  void Begin(size_t vertex_count) {
    if (slots_.size() < vertex_count) slots_.resize(vertex_count);
    if (++epoch_ == 0) {  // wrapped: old stamps could collide, clear them
      for (Slot& slot : slots_) slot.epoch = 0;
      epoch_ = 1;
    }
  }

  // Precondition for both: v < the vertex_count given to Begin.
  uint32_t Get(VertexId v, size_t field) const {
    const Slot& slot = slots_[v];
    return slot.epoch == epoch_ ? slot.values[field] : kUnset;
  }
  void Set(VertexId v, size_t field, uint32_t value) {
    Slot& slot = slots_[v];
    if (slot.epoch != epoch_) {
      slot.epoch = epoch_;
      slot.values.fill(kUnset);
    }
    slot.values[field] = value;
  }

 private:
  struct Slot {
    uint32_t epoch = 0;
    std::array<uint32_t, kFields> values{};
  };
  std::vector<Slot> slots_;
  uint32_t epoch_ = 0;
};

// Two bits per vertex, `seen` and `done`, all clear between uses: whoever
// sets bits clears them again (it knows which), so a use costs what it
// touches. At 4 bytes per 16 vertices the bits of a whole news graph stay
// in cache, which a wider per-vertex table would not.
class VertexBits {
 public:
  // Makes room for `vertex_count` vertices; new bits are clear.
  void Reserve(size_t vertex_count) {
    if (words_.size() * kPerWord < vertex_count) words_.resize(vertex_count / kPerWord + 1, 0);
  }
  // Precondition for all: v < the vertex_count given to Reserve.
  bool seen(VertexId v) const { return (Word(v) & SeenBit(v)) != 0; }
  bool done(VertexId v) const { return (Word(v) & DoneBit(v)) != 0; }
  void SetSeen(VertexId v) { words_[v / kPerWord] |= SeenBit(v); }
  void SetDone(VertexId v) { words_[v / kPerWord] |= DoneBit(v); }
  void Clear(VertexId v) { words_[v / kPerWord] &= ~(SeenBit(v) | DoneBit(v)); }

 private:
  static constexpr size_t kPerWord = 32;  // vertices per uint64_t
  uint64_t Word(VertexId v) const { return words_[v / kPerWord]; }
  static uint64_t SeenBit(VertexId v) { return uint64_t{1} << (2 * (v % kPerWord)); }
  static uint64_t DoneBit(VertexId v) { return uint64_t{2} << (2 * (v % kPerWord)); }
  std::vector<uint64_t> words_;
};

// Borrows a Table from the calling thread's pool (making one when every
// table is in use) and gives it back on destruction. Not movable: a lease
// lives in one scope of one thread.
template <typename Table>
class ScratchLease {
 public:
  ScratchLease() {
    std::vector<std::unique_ptr<Table>>& pool = Pool();
    if (pool.empty()) {
      table_ = std::make_unique<Table>();
    } else {
      table_ = std::move(pool.back());
      pool.pop_back();
    }
  }
  ~ScratchLease() { Pool().push_back(std::move(table_)); }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;

  Table& operator*() { return *table_; }
  Table* operator->() { return table_.get(); }

 private:
  static std::vector<std::unique_ptr<Table>>& Pool() {
    thread_local std::vector<std::unique_ptr<Table>> pool;
    return pool;
  }
  std::unique_ptr<Table> table_;
};

}  // namespace kg::graph
