#include "graph/names.h"

#include <gtest/gtest.h>

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
