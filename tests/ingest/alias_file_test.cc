#include "ingest/alias_file.h"

#include <gtest/gtest.h>

#include <sstream>

namespace kg::ingest {
namespace {

TEST(AliasFileTest, ReadsEntriesAndSkipsCommentsAndBlankLines) {
  std::istringstream in(
      "# curated names\n"
      "\n"
      "Assad\tBashar al-Assad\n"
      "HTS\tHayat Tahrir al-Sham\r\n");
  AliasFile file = ParseAliases(in, "aliases.tsv");
  ASSERT_EQ(file.entries.size(), 2u);
  EXPECT_EQ(file.entries[0].alias, "Assad");
  EXPECT_EQ(file.entries[0].canonical, "Bashar al-Assad");
  EXPECT_EQ(file.entries[1].canonical, "Hayat Tahrir al-Sham");
  EXPECT_TRUE(file.warnings.empty());
}

struct BadLineCase {
  const char* line;
  const char* warning;
};

TEST(AliasFileTest, BadLinesAreSkippedWithFileAndLine) {
  const BadLineCase cases[] = {
      {"only one field", "aliases.tsv:2: expected alias<TAB>canonical name; line skipped"},
      {"a\tb\tc", "aliases.tsv:2: expected alias<TAB>canonical name; line skipped"},
      {"\tBashar al-Assad", "aliases.tsv:2: empty alias or canonical name; line skipped"},
      {"Ab\xff\tB", "aliases.tsv:2: invalid UTF-8; line skipped"},
  };
  for (const auto& c : cases) {
    std::istringstream in(std::string("Assad\tBashar al-Assad\n") + c.line + "\n");
    AliasFile file = ParseAliases(in, "aliases.tsv");
    EXPECT_EQ(file.entries.size(), 1u) << c.line;
    ASSERT_EQ(file.warnings.size(), 1u) << c.line;
    EXPECT_EQ(file.warnings[0], c.warning);
  }
}

TEST(AliasFileTest, MissingFileNamesThePath) {
  auto file = ReadAliasFile("/nonexistent/aliases.tsv");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().message(), "/nonexistent/aliases.tsv: cannot open the alias file");
}

}  // namespace
}  // namespace kg::ingest
