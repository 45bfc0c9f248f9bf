#include "graph/names.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace kg::graph {
namespace {

struct NormalizeCase {
  const char* input;
  const char* expected;
};

TEST(NormalizeNameTest, FoldsSpellingVariantsOnly) {
  const NormalizeCase cases[] = {
      {"Hezbollah", "hezbollah"},
      {"  Bashar   al-Assad ", "bashar al-assad"},
      {"Shi\u2019ite", "shi'ite"},
      {"al\u2013Assad", "al-assad"},
      {"\u00D6calan", "ocalan"},
      {"Kataib\tHezbollah", "kataib hezbollah"},
      {"U.S.", "u.s."},
      {"\uFF28\uFF34\uFF33", "hts"},  // full-width letters
      {"", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NormalizeName(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(NormalizeNameTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(NormalizeName("Ab\xff" "c"), "ab\uFFFDc");
}

// Printable ASCII takes a shortcut past utf8proc. A soft hyphen (which the
// full path drops) sends the same name down the full path: both must agree.
TEST(NormalizeNameTest, AsciiShortcutAgreesWithTheFullPath) {
  std::string alphabet = "    ";  // every printable ASCII character, spaces more often
  for (char c = 0x20; c < 0x7F; ++c) alphabet += c;
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> length(0, 12), pick(0, alphabet.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string name;
    for (size_t n = length(rng); n > 0; --n) name += alphabet[pick(rng)];
    EXPECT_EQ(NormalizeName(name), NormalizeName(name + "\u00AD")) << "name: '" << name << "'";
  }
  EXPECT_EQ(NormalizeName("  `Iraq`  PMF "), "'iraq' pmf");
}

TEST(NormalizeNameTest, KeepsDistinctNamesDistinct) {
  EXPECT_NE(NormalizeName("Hezbollah"), NormalizeName("Kataib Hezbollah"));
}

TEST(EntityIdForTest, StableAndSaltable) {
  EXPECT_EQ(EntityIdFor("hezbollah"), EntityIdFor("hezbollah"));
  EXPECT_NE(EntityIdFor("hezbollah"), EntityIdFor("hezbollah", 1));
  EXPECT_NE(EntityIdFor("hezbollah"), EntityIdFor("iran"));
}

}  // namespace
}  // namespace kg::graph
