// Large arrays backed by transparent huge pages.
//
// A bulk load of ten million triples holds gigabytes in arrays it touches in
// random order: hash tables probed per statement, rows fetched in key order
// after a sort. With 4 KiB pages every first touch of a page is a fault and
// most random reads miss the TLB; with 2 MiB pages there are 512 times fewer
// of both. Where the kernel gives huge pages only on request (the "madvise"
// setting, Debian's default), malloc never asks, so blocks of at least
// kHugePageBytes are mapped here and advised with MADV_HUGEPAGE. Smaller
// blocks come from operator new as usual.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kg::graph {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// `bytes` of uninitialised memory; throws std::bad_alloc when none is left.
void* AllocateLarge(size_t bytes);
// Frees a block from AllocateLarge; `bytes` is the size asked for.
void FreeLarge(void* block, size_t bytes) noexcept;

// For std::vector and friends: the block comes from AllocateLarge.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: allocators convert implicitly
  T* allocate(size_t n) { return static_cast<T*>(AllocateLarge(n * sizeof(T))); }
  void deallocate(T* block, size_t n) noexcept { FreeLarge(block, n * sizeof(T)); }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }
};

template <typename T>
using LargeVector = std::vector<T, HugePageAllocator<T>>;

// Asks the kernel to back the whole 2 MiB pages inside [data, data + bytes)
// with huge pages from their first touch on. For arrays whose allocator is
// not ours (Boost's, std::string's): a hint, without effect on small ones.
void AdviseHugePages(const void* data, size_t bytes) noexcept;

// Empties `values` and reserves room for `count` elements, advised as above
// before anything touches them: a read-only array filled once (a loaded
// graph's) is then read through a few TLB entries instead of thousands.
template <typename Container>
void ReserveOnHugePages(Container& values, size_t count) {
  values.clear();
  values.reserve(count);
  AdviseHugePages(values.data(), count * sizeof(typename Container::value_type));
}

}  // namespace kg::graph
