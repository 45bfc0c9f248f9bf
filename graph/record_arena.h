// RecordArena: memory for records that live as long as their owner, handed
// out from a few large blocks on huge pages.
//
// A bulk load keeps every article's serialised records until it writes its
// tables, then reads the evidence among them in key order: ten million
// reads at random over gigabytes. From the heap, in 4 KiB pages, nearly
// every such read also misses the TLB, and on a virtual machine a TLB miss
// walks two page tables. From 64 MiB blocks advised as huge pages
// (graph/huge_pages.h) the same reads touch a few hundred pages.
//
// Nothing is freed before the arena is: an allocation's memory stays valid
// until the arena is destroyed.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

namespace kg::graph {

class RecordArena {
 public:
  static constexpr size_t kBlockBytes = size_t{64} << 20;

  RecordArena() = default;
  RecordArena(const RecordArena&) = delete;
  RecordArena& operator=(const RecordArena&) = delete;
  ~RecordArena();

  // `bytes` of uninitialised memory (never null, even for 0 bytes), valid
  // until the arena is destroyed or released. Safe on any thread; throws
  // std::bad_alloc when memory runs out.
  char* Allocate(size_t bytes);

  // Frees every block: all memory handed out so far becomes invalid.
  void Release();

  // The bytes of the blocks taken so far.
  size_t reserved_bytes() const;

 private:
  struct Block {
    char* data;
    size_t size;
  };

  // A block of `size` bytes, kept in blocks_; the caller holds mutex_.
  char* NewBlock(size_t size);

  mutable std::mutex mutex_;
  std::vector<Block> blocks_;
  char* next_ = nullptr;  // the free part of the current block
  size_t left_ = 0;
};

}  // namespace kg::graph
