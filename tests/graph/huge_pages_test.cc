#include "graph/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <numeric>

namespace kg::graph {
namespace {

TEST(HugePagesTest, LargeBlocksStartOnAHugePageAndHoldWhatIsWritten) {
  for (const size_t bytes : {kHugePageBytes, kHugePageBytes + 1, 3 * kHugePageBytes + 12345}) {
    auto* block = static_cast<unsigned char*>(AllocateLarge(bytes));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % kHugePageBytes, 0u) << bytes;
    std::memset(block, 0xAB, bytes);  // every byte asked for is writable
    EXPECT_EQ(block[0], 0xAB);
    EXPECT_EQ(block[bytes - 1], 0xAB);
    FreeLarge(block, bytes);
  }
}

TEST(HugePagesTest, SmallBlocksComeFromTheHeap) {
  void* block = AllocateLarge(64);
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, 64);
  FreeLarge(block, 64);
  FreeLarge(nullptr, kHugePageBytes);  // like delete, a null block is no error
}

TEST(HugePagesTest, VectorsKeepTheirContentsAcrossGrowthFromSmallToLarge) {
  LargeVector<uint64_t> values;
  const size_t count = 3 * kHugePageBytes / sizeof(uint64_t);  // crosses the threshold
  for (uint64_t i = 0; i < count; ++i) values.push_back(i * 7);
  ASSERT_EQ(values.size(), count);
  uint64_t expected = 0;
  for (uint64_t i = 0; i < count; ++i) expected += i * 7;
  EXPECT_EQ(std::accumulate(values.begin(), values.end(), uint64_t{0}), expected);
  LargeVector<uint64_t> moved = std::move(values);
  EXPECT_EQ(moved[count - 1], (count - 1) * 7);
}

}  // namespace
}  // namespace kg::graph
