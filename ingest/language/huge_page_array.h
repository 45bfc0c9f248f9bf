// HugePageArray: a zero-filled array of uint32_t whose memory the kernel is
// asked to back with huge pages. The model tables are tens of megabytes read
// at random; with 4 KiB pages nearly every lookup also misses the TLB, and
// the page walk costs as much as the cache miss itself. Where transparent
// huge pages are disabled the request is ignored and nothing else changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace kg::ingest {

// Releases a HugePageArray's memory the way it was allocated.
struct HugePageFree {
  size_t size = 0;  // elements
  void operator()(uint32_t* p) const;
};

class HugePageArray {
 public:
  HugePageArray() = default;
  explicit HugePageArray(size_t size);
  HugePageArray(const HugePageArray& other);
  HugePageArray& operator=(const HugePageArray& other);
  HugePageArray(HugePageArray&&) noexcept = default;
  HugePageArray& operator=(HugePageArray&&) noexcept = default;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint32_t& operator[](size_t i) { return data_[i]; }
  const uint32_t& operator[](size_t i) const { return data_[i]; }

 private:
  std::unique_ptr<uint32_t[], HugePageFree> data_;
  size_t size_ = 0;
};

}  // namespace kg::ingest
