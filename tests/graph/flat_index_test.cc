#include "graph/flat_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kg::graph {
namespace {

// The keys live with the caller; the index holds their positions.
struct Keys {
  std::vector<std::string> text;
  FlatIndex index;

  uint32_t Find(const std::string& key, uint64_t hash) const {
    return index.Find(hash, [&](uint32_t handle) { return text[handle] == key; });
  }
  void Add(const std::string& key, uint64_t hash) {
    index.Insert(hash, static_cast<uint32_t>(text.size()));
    text.push_back(key);
  }
};

uint64_t HashOf(const std::string& key) { return std::hash<std::string>()(key); }

TEST(FlatIndexTest, FindsEveryKeyAfterGrowingAndNoOther) {
  Keys keys;
  EXPECT_EQ(keys.Find("absent", HashOf("absent")), FlatIndex::kAbsent);
  constexpr uint32_t kCount = 100000;  // many doublings from the first table
  for (uint32_t i = 0; i < kCount; ++i) {
    const std::string key = "entity " + std::to_string(i);
    keys.Add(key, HashOf(key));
  }
  EXPECT_EQ(keys.index.size(), kCount);
  for (uint32_t i = 0; i < kCount; ++i) {
    const std::string key = "entity " + std::to_string(i);
    ASSERT_EQ(keys.Find(key, HashOf(key)), i) << key;
  }
  for (uint32_t i = kCount; i < kCount + 1000; ++i) {
    const std::string key = "entity " + std::to_string(i);
    ASSERT_EQ(keys.Find(key, HashOf(key)), FlatIndex::kAbsent) << key;
  }
}

TEST(FlatIndexTest, ReservedRoomKeepsWhatWasThereAndTakesMore) {
  Keys keys;
  const auto early = [](int i) { return "early " + std::to_string(i); };
  const auto late = [](int i) { return "late " + std::to_string(i); };
  for (int i = 0; i < 700; ++i) keys.Add(early(i), HashOf(early(i)));
  keys.index.Reserve(20000);
  for (int i = 0; i < 20000; ++i) keys.Add(late(i), HashOf(late(i)));
  for (int i = 0; i < 700; ++i) {
    ASSERT_EQ(keys.Find(early(i), HashOf(early(i))), static_cast<uint32_t>(i));
  }
  for (int i = 0; i < 20000; ++i) {
    ASSERT_EQ(keys.Find(late(i), HashOf(late(i))), static_cast<uint32_t>(700 + i));
  }
}

TEST(FlatIndexTest, KeysWithTheSameHashAreToldApartByTheCaller) {
  Keys keys;
  for (int i = 0; i < 3000; ++i) keys.Add("same hash " + std::to_string(i), 42);
  for (int i = 0; i < 3000; ++i) {
    ASSERT_EQ(keys.Find("same hash " + std::to_string(i), 42), static_cast<uint32_t>(i));
  }
  EXPECT_EQ(keys.Find("same hash 3000", 42), FlatIndex::kAbsent);
  // Hashes one apart land apart: the index mixes every bit of the hash.
  keys.Add("next hash", 43);
  EXPECT_EQ(keys.Find("next hash", 43), 3000u);
  EXPECT_EQ(keys.Find("next hash", 42), FlatIndex::kAbsent);
}

// The first candidate is what Find compares first: the entry itself when
// its hash is unique, the first entry indexed when two share a hash, and
// nothing for a hash never indexed.
TEST(FlatIndexTest, FirstCandidateIsTheEntryFindComparesFirst) {
  Keys keys;
  EXPECT_EQ(keys.index.FirstCandidate(42), FlatIndex::kAbsent);
  for (uint32_t i = 0; i < 1000; ++i) {
    const std::string key = "name " + std::to_string(i);
    keys.Add(key, HashOf(key));
  }
  keys.Add("same hash as name 7", HashOf("name 7"));
  for (uint32_t i = 0; i < 1000; ++i) {
    const std::string key = "name " + std::to_string(i);
    EXPECT_EQ(keys.index.FirstCandidate(HashOf(key)), i) << key;
  }
  EXPECT_EQ(keys.Find("same hash as name 7", HashOf("name 7")), 1000u);
  size_t found = 0;
  for (uint32_t i = 0; i < 1000; ++i) {
    if (keys.index.FirstCandidate(HashOf("absent " + std::to_string(i))) != FlatIndex::kAbsent) {
      ++found;
    }
  }
  EXPECT_EQ(found, 0u);  // 32-bit tags: a false candidate is a one in millions chance
}

}  // namespace
}  // namespace kg::graph
