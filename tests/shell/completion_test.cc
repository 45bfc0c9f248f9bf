#include "shell/completion.h"

#include <gtest/gtest.h>

#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

struct CompletionCase {
  std::string line;
  size_t start;  // where the line editor's word begins
  std::vector<std::string> expected;
};

TEST(CompletionTest, CompletesCommandsRelationsAndNames) {
  const CompletionCase cases[] = {
      {"ne", 0, {"neighbors"}},
      {"re", 0, {"relations", "render", "reload"}},
      {"who sup", 4, {"supports"}},
      {"who ", 4, {"met_with", "opposes", "supports", "*"}},
      {"who supports as", 13, {"Assad"}},
      {"who supports Bashar al-A", 20, {"al-Assad"}},
      {"who supports bashar al-a", 20, {"al-Assad"}},
      {"who supports \"Bashar al", 14, {"Bashar al-Assad"}},
      {"who opposes Hayat Tahrir ", 25, {"al-Sham"}},
      {"what does Un", 10, {"United States"}},
      {"what ", 5, {"does"}},
      {"neighbors H", 10, {"HTS", "Hayat Tahrir al-Sham", "Hezbollah"}},
      {"entity Ir", 7, {"Iran"}},
      {"path Iran Tu", 10, {"Turkey"}},
      {"path United States Ir", 19, {"Iran"}},
      {"path United St", 12, {"States"}},
      {"evidence Iran su", 14, {"supports"}},
      {"evidence Iran supports Ba", 23, {"Bashar al-Assad"}},
      {"dot nei", 4, {"neighbors"}},
      {"dot st", 4, {}},
      {"dot neighbors Rus", 14, {"Russia"}},
      {"set format j", 11, {"json"}},
      {"help wh", 5, {"who", "what"}},
      {"stats ", 6, {}},
      {"who supports Atlantis", 13, {}},
  };
  const graph::KnowledgeGraph& graph = testing::NewsSession().graph();
  for (const CompletionCase& c : cases) {
    SCOPED_TRACE(c.line);
    std::optional<std::vector<std::string>> got = Completions(graph, c.line, c.start, c.line.size());
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, c.expected);
  }
}

TEST(CompletionTest, ReportsWhereTheNameBegins) {
  const graph::KnowledgeGraph& graph = testing::NewsSession().graph();
  size_t from = 0;
  ASSERT_TRUE(Completions(graph, "who supports Bashar al-A", 20, 24, &from).has_value());
  EXPECT_EQ(from, 13u);
  ASSERT_TRUE(Completions(graph, "who supports \"Bashar al", 14, 23, &from).has_value());
  EXPECT_EQ(from, 14u);
  ASSERT_TRUE(Completions(graph, "ne", 0, 2, &from).has_value());
  EXPECT_EQ(from, 0u);
}

TEST(CompletionTest, FileNamesAfterSource) {
  const graph::KnowledgeGraph& graph = testing::NewsSession().graph();
  EXPECT_FALSE(Completions(graph, "source que", 7, 10).has_value());
  EXPECT_FALSE(Completions(graph, "render neighbors Iran ira", 22, 25).has_value());
}

}  // namespace
}  // namespace kg::shell
