#include "graph/record_arena.h"

#include <algorithm>

#include "graph/huge_pages.h"

namespace kg::graph {

RecordArena::~RecordArena() { Release(); }

void RecordArena::Release() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Block& block : blocks_) FreeLarge(block.data, block.size);
  blocks_.clear();
  next_ = nullptr;
  left_ = 0;
}

char* RecordArena::Allocate(size_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes > kBlockBytes / 4) return NewBlock(bytes);  // its own block: the current one stays
  if (bytes > left_ || next_ == nullptr) {  // never null, even for 0 bytes
    // The rest of the current block stays unused (under a quarter of a
    // block): records never span blocks.
    next_ = NewBlock(kBlockBytes);
    left_ = kBlockBytes;
  }
  char* out = next_;
  next_ += bytes;
  left_ -= bytes;
  return out;
}

char* RecordArena::NewBlock(size_t size) {
  blocks_.reserve(blocks_.size() + 1);  // no throw once the block is taken
  char* data = static_cast<char*>(AllocateLarge(std::max<size_t>(size, 1)));
  blocks_.push_back({data, std::max<size_t>(size, 1)});
  return data;
}

size_t RecordArena::reserved_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t total = 0;
  for (const Block& block : blocks_) total += block.size;
  return total;
}

}  // namespace kg::graph
