#include "ingest/language/huge_page_array.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace kg::ingest {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

// Bytes mapped for `size` elements: whole huge pages.
size_t MappedBytes(size_t size) {
  return (size * sizeof(uint32_t) + kHugePage - 1) / kHugePage * kHugePage;
}

// Fresh anonymous mappings come zero-filled from the kernel, so large
// arrays are mapped rather than allocated and cleared a second time.
uint32_t* Allocate(size_t size) {
  size_t bytes = size * sizeof(uint32_t);
  if (bytes < kHugePage) {
    void* p = std::calloc(size == 0 ? 1 : size, sizeof(uint32_t));
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<uint32_t*>(p);
  }
  // Map one huge page more than needed, then trim both ends so that the
  // array starts on a huge-page boundary.
  size_t rounded = MappedBytes(size);
  void* mapped = mmap(nullptr, rounded + kHugePage, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  uintptr_t start = reinterpret_cast<uintptr_t>(mapped);
  uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(mapped, aligned - start);
  size_t tail = start + rounded + kHugePage - (aligned + rounded);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + rounded), tail);
  // Advice only: its failure leaves ordinary pages, which still work.
  (void)madvise(reinterpret_cast<void*>(aligned), rounded, MADV_HUGEPAGE);
  return reinterpret_cast<uint32_t*>(aligned);
}

}  // namespace

void HugePageFree::operator()(uint32_t* p) const {
  if (size * sizeof(uint32_t) < kHugePage) {
    std::free(p);
  } else {
    munmap(p, MappedBytes(size));
  }
}

HugePageArray::HugePageArray(size_t size) : data_(Allocate(size), HugePageFree{size}), size_(size) {}

HugePageArray::HugePageArray(const HugePageArray& other)
    : data_(other.empty() ? nullptr : Allocate(other.size_), HugePageFree{other.size_}),
      size_(other.size_) {
  if (size_ > 0) std::memcpy(data_.get(), other.data_.get(), size_ * sizeof(uint32_t));
}

HugePageArray& HugePageArray::operator=(const HugePageArray& other) {
  if (this != &other) *this = HugePageArray(other);
  return *this;
}

}  // namespace kg::ingest
