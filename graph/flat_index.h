// FlatIndex: a hash index from keys kept elsewhere to their 32-bit handles.
//
// The bulk load looks up a name or an edge for every statement of an import,
// tens of millions of times, in tables of millions of entries. A node-based
// std::unordered_map costs an allocation per entry and two or three cache
// misses per lookup (bucket, node, key). Here the table is one array of
// 8-byte slots probed linearly: each slot holds a handle (an index into the
// caller's own array of keys) and the high 32 bits of the key's hash, so a
// probe compares the caller's key only when those bits agree.
//
// The caller owns the keys and says whether the key at a handle equals the
// one sought; the index never moves them. Handles are below 2^32 - 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "graph/huge_pages.h"

namespace kg::graph {

class FlatIndex {
 public:
  // The handle of the entry with `hash` that `equals(handle)` accepts, or
  // kAbsent.
  template <typename Equals>
  uint32_t Find(uint64_t hash, Equals&& equals) const {
    if (slots_.empty()) return kAbsent;
    const uint32_t tag = TagOf(hash);
    for (size_t at = tag & mask_;; at = (at + 1) & mask_) {
      const uint64_t slot = slots_[at];
      if (slot == 0) return kAbsent;
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        const auto handle = static_cast<uint32_t>(slot) - 1;
        if (equals(handle)) return handle;
      }
    }
  }

  // Makes room for `count` entries at once, so that a caller who knows how
  // many may come does not rebuild the table as it grows.
  void Reserve(size_t count) {
    size_t capacity = 1024;
    while (capacity < 2 * count) capacity *= 2;
    if (capacity > slots_.size()) Rebuild(capacity);
  }

  // Records `handle` for `hash`; the caller has checked with Find that no
  // equal key is indexed.
  void Insert(uint64_t hash, uint32_t handle) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Place(TagOf(hash), handle);
    ++size_;
  }

  // Asks the processor to fetch the slot where a search for `hash` starts,
  // so that a caller who knows its next keys overlaps their cache misses.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[TagOf(hash) & mask_]);
  }

  // The handle in the first slot of a search for `hash` whose tag agrees,
  // or kAbsent: the entry Find will most likely compare first, for a caller
  // that fetches it ahead (after Prefetch has brought in the slot).
  uint32_t FirstCandidate(uint64_t hash) const {
    if (slots_.empty()) return kAbsent;
    const uint32_t tag = TagOf(hash);
    for (size_t at = tag & mask_;; at = (at + 1) & mask_) {
      const uint64_t slot = slots_[at];
      if (slot == 0) return kAbsent;
      if (static_cast<uint32_t>(slot >> 32) == tag) return static_cast<uint32_t>(slot) - 1;
    }
  }

  size_t size() const { return size_; }

  static constexpr uint32_t kAbsent = UINT32_MAX;

 private:
  // The slot's position comes from the same bits as its tag, so that growing
  // needs nothing but the slots themselves. The multiply spreads hashes whose
  // high bits are poor.
  static uint32_t TagOf(uint64_t hash) {
    return static_cast<uint32_t>((hash * 0x9E3779B97F4A7C15ULL) >> 32);
  }

  void Place(uint32_t tag, uint32_t handle) {
    size_t at = tag & mask_;
    while (slots_[at] != 0) at = (at + 1) & mask_;
    slots_[at] = uint64_t{tag} << 32 | (uint64_t{handle} + 1);
  }

  void Grow() { Rebuild(slots_.empty() ? 1024 : slots_.size() * 2); }

  void Rebuild(size_t capacity) {
    LargeVector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(capacity, 0);
    mask_ = slots_.size() - 1;
    for (const uint64_t slot : old) {
      if (slot != 0) Place(static_cast<uint32_t>(slot >> 32), static_cast<uint32_t>(slot) - 1);
    }
  }

  LargeVector<uint64_t> slots_;  // 0: empty; else tag << 32 | (handle + 1)
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace kg::graph
