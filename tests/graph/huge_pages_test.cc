#include "graph/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

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

// The VmFlags line of /proc/self/smaps for the mapping that holds `address`;
// empty when the file is not there to read.
std::string VmFlagsAt(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<uintptr_t>(address);
  bool inside = false;
  std::string line;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0;
    uintptr_t end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return {};
}

bool KernelHasHugePages() {
  std::ifstream enabled("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  return std::getline(enabled, modes) && modes.find("[never]") == std::string::npos;
}

TEST(HugePagesTest, ReservingLeavesAnEmptyContainerWithRoomAndHugePageAdvice) {
  std::vector<uint32_t> values = {1, 2, 3};
  const size_t count = 4 * kHugePageBytes / sizeof(uint32_t);
  ReserveOnHugePages(values, count);
  EXPECT_TRUE(values.empty());
  ASSERT_GE(values.capacity(), count);
  values.resize(count, 9);
  EXPECT_EQ(values[count - 1], 9u);
  if (!KernelHasHugePages()) GTEST_SKIP() << "this kernel gives no transparent huge pages";
  // The middle of a four-page array lies on whole huge pages.
  const std::string flags = VmFlagsAt(values.data() + count / 2);
  if (flags.empty()) GTEST_SKIP() << "no /proc/self/smaps to read";
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
}

TEST(HugePagesTest, ReservingWorksForStringsAndSmallOrEmptyArrays) {
  std::string text = "left over";
  ReserveOnHugePages(text, 3 * kHugePageBytes);
  EXPECT_TRUE(text.empty());
  EXPECT_GE(text.capacity(), 3 * kHugePageBytes);
  std::vector<char> none;
  ReserveOnHugePages(none, 0);  // nothing to advise: no error
  EXPECT_TRUE(none.empty());
  AdviseHugePages(nullptr, kHugePageBytes * 2);
  int small = 0;
  AdviseHugePages(&small, sizeof(small));
}

}  // namespace
}  // namespace kg::graph
