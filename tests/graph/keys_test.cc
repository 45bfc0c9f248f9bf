#include "graph/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace kg::graph::keys {
namespace {

constexpr uint64_t kMaxId = std::numeric_limits<uint64_t>::max();

struct TripleCase {
  const char* label;
  TripleKey key;
  bool valid;
};

const std::vector<TripleCase>& TripleCases() {
  static const std::vector<TripleCase> cases = {
      {"simple", {1, "supports", 2, pb::POLARITY_POSITIVE}, true},
      {"denied", {1, "supports", 2, pb::POLARITY_NEGATIVE}, true},
      {"zero ids", {0, "x", 0, pb::POLARITY_POSITIVE}, true},
      {"max ids", {kMaxId, "attacks", kMaxId, pb::POLARITY_NEGATIVE}, true},
      {"unicode relation", {7, "unterst\u00FCtzt \u652F\u6301", 9, pb::POLARITY_POSITIVE}, true},
      {"relation with 0xFF", {7, "a\xFF", 9, pb::POLARITY_POSITIVE}, true},
      {"empty relation", {1, "", 2, pb::POLARITY_POSITIVE}, false},
      {"relation with NUL", {1, std::string("sup\0ports", 9), 2, pb::POLARITY_POSITIVE}, false},
  };
  return cases;
}

TEST(KeysTest, TripleKeysRoundTripInAllOrderings) {
  for (const TripleCase& c : TripleCases()) {
    Result<std::string> sro = EncodeSroKey(c.key);
    Result<std::string> ros = EncodeRosKey(c.key);
    Result<std::string> osr = EncodeOsrKey(c.key);
    ASSERT_EQ(sro.ok(), c.valid) << c.label;
    ASSERT_EQ(ros.ok(), c.valid) << c.label;
    ASSERT_EQ(osr.ok(), c.valid) << c.label;
    if (!c.valid) {
      EXPECT_TRUE(sro.status().IsInvalidArgument()) << c.label;
      continue;
    }
    Result<TripleKey> from_sro = DecodeSroKey(*sro);
    Result<TripleKey> from_ros = DecodeRosKey(*ros);
    Result<TripleKey> from_osr = DecodeOsrKey(*osr);
    ASSERT_TRUE(from_sro.ok()) << c.label << ": " << from_sro.status().message();
    ASSERT_TRUE(from_ros.ok()) << c.label << ": " << from_ros.status().message();
    ASSERT_TRUE(from_osr.ok()) << c.label << ": " << from_osr.status().message();
    EXPECT_EQ(*from_sro, c.key) << c.label;
    EXPECT_EQ(*from_ros, c.key) << c.label;
    EXPECT_EQ(*from_osr, c.key) << c.label;
  }
}

TEST(KeysTest, EvidenceKeysRoundTrip) {
  for (const TripleCase& c : TripleCases()) {
    if (!c.valid) continue;
    const EvidenceKey key{c.key, "0123456789abcdef0123456789abcdef", 4000000000u, 17};
    Result<std::string> encoded = EncodeEvidenceKey(key);
    ASSERT_TRUE(encoded.ok()) << c.label;
    Result<EvidenceKey> decoded = DecodeEvidenceKey(*encoded);
    ASSERT_TRUE(decoded.ok()) << c.label << ": " << decoded.status().message();
    EXPECT_EQ(*decoded, key) << c.label;
    // The evidence of a triple is the prefix scan on its SRO key.
    EXPECT_EQ(encoded->rfind(*EncodeSroKey(c.key), 0), 0u) << c.label;
  }
}

TEST(KeysTest, EvidenceKeyRejectsBadArticleIds) {
  const TripleKey triple{1, "supports", 2, pb::POLARITY_POSITIVE};
  EXPECT_TRUE(EncodeEvidenceKey({triple, "", 0, 0}).status().IsInvalidArgument());
  EXPECT_TRUE(
      EncodeEvidenceKey({triple, std::string("a\0b", 3), 0, 0}).status().IsInvalidArgument());
}

TEST(KeysTest, EntityKeysRoundTripAndSortNumerically) {
  const uint64_t ids[] = {0, 1, 255, 256, 1ull << 32, kMaxId - 1, kMaxId};
  std::string previous;
  for (const uint64_t id : ids) {
    const std::string key = EntityKey(id);
    ASSERT_EQ(key.size(), 8u);
    Result<uint64_t> decoded = DecodeEntityKey(key);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, id);
    if (!previous.empty()) {
      EXPECT_LT(previous, key) << id;
    }
    previous = key;
  }
}

struct MalformedCase {
  const char* label;
  std::string bytes;
};

TEST(KeysTest, MalformedKeysAreCorruption) {
  const std::string good = *EncodeSroKey({1, "supports", 2, pb::POLARITY_POSITIVE});
  std::string bad_polarity = good;
  bad_polarity.back() = '\x07';
  const MalformedCase cases[] = {
      {"empty", ""},
      {"truncated", good.substr(0, good.size() - 1)},
      {"trailing byte", good + "x"},
      {"bad polarity", bad_polarity},
      {"no terminator", std::string(8, '\0') + "supports"},
  };
  for (const MalformedCase& c : cases) {
    Result<TripleKey> decoded = DecodeSroKey(c.bytes);
    ASSERT_FALSE(decoded.ok()) << c.label;
    EXPECT_EQ(decoded.status().code(), Status::Code::kCorruption) << c.label;
    EXPECT_NE(decoded.status().message().find("triples_sro"), std::string::npos) << c.label;
  }
  EXPECT_FALSE(DecodeEntityKey("1234567").ok());
  EXPECT_FALSE(DecodeEvidenceKey(good).ok());
}

TEST(KeysTest, RelationPrefixScansAreExact) {
  // "support" must not match keys of "supports" and vice versa.
  const std::string supports = *EncodeSroKey({5, "supports", 9, pb::POLARITY_POSITIVE});
  const std::string support = *EncodeSroKey({5, "support", 9, pb::POLARITY_POSITIVE});
  const std::string prefix_support = *SroSubjectRelationPrefix(5, "support");
  const std::string prefix_supports = *SroSubjectRelationPrefix(5, "supports");
  EXPECT_EQ(support.rfind(prefix_support, 0), 0u);
  EXPECT_NE(supports.rfind(prefix_support, 0), 0u);
  EXPECT_EQ(supports.rfind(prefix_supports, 0), 0u);
  EXPECT_NE(support.rfind(prefix_supports, 0), 0u);

  const std::string ros = *EncodeRosKey({5, "supports", 9, pb::POLARITY_NEGATIVE});
  EXPECT_EQ(ros.rfind(*RosRelationObjectPrefix("supports", 9), 0), 0u);
  EXPECT_NE(ros.rfind(*RosRelationObjectPrefix("support", 9), 0), 0u);
  EXPECT_NE(ros.rfind(*RosRelationObjectPrefix("supports", 8), 0), 0u);
  EXPECT_EQ(EncodeOsrKey({5, "r", 9, pb::POLARITY_POSITIVE})->rfind(OsrObjectPrefix(9), 0), 0u);
  EXPECT_EQ(supports.rfind(SroSubjectPrefix(5), 0), 0u);
  EXPECT_FALSE(SroSubjectRelationPrefix(5, "").ok());
  EXPECT_FALSE(RosRelationObjectPrefix("", 5).ok());
}

TEST(KeysTest, SroOrderIsSubjectRelationObjectPolarity) {
  const std::vector<TripleKey> ordered = {
      {1, "a", 2, pb::POLARITY_POSITIVE},      {1, "a", 2, pb::POLARITY_NEGATIVE},
      {1, "a", 3, pb::POLARITY_POSITIVE},      {1, "ab", 0, pb::POLARITY_POSITIVE},
      {1, "b", 0, pb::POLARITY_POSITIVE},      {2, "a", 0, pb::POLARITY_POSITIVE},
      {kMaxId, "a", 0, pb::POLARITY_POSITIVE},
  };
  std::vector<std::string> encoded;
  for (const TripleKey& key : ordered) encoded.push_back(*EncodeSroKey(key));
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
}

struct BoundCase {
  std::string prefix;
  std::string bound;
};

TEST(KeysTest, PrefixUpperBound) {
  const BoundCase cases[] = {
      {"abc", "abd"},
      {std::string("a\xFF", 2), "b"},
      {std::string("\xFF\xFF", 2), ""},
      {"", ""},
  };
  for (const BoundCase& c : cases) {
    EXPECT_EQ(PrefixUpperBound(c.prefix), c.bound) << HexOf(c.prefix);
  }
}

TEST(KeysTest, HexOf) {
  EXPECT_EQ(HexOf(std::string("\x00\x7f\xff", 3)), "007fff");
  EXPECT_EQ(HexOf(""), "");
}

}  // namespace
}  // namespace kg::graph::keys
