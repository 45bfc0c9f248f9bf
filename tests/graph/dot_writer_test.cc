#include "graph/dot_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "graph/graphviz_render.h"
#include "graph/neighbourhood.h"
#include "graph/paths.h"
#include "graph/subgraph.h"
#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

using testing::MakeGraph;
using testing::V;

TEST(QuoteDotTest, EscapesEverythingThatCouldBreakTheSyntax) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"Iran", R"("Iran")"},
      {"", R"("")"},
      {"node", R"("node")"},
      {"edge", R"("edge")"},
      {"graph", R"("graph")"},
      {"strict", R"("strict")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"back\\slash", R"("back\\slash")"},
      {"trailing\\", R"("trailing\\")"},
      {"\\\"", R"("\\\"")"},
      {"two\nlines", R"("two\nlines")"},
      {"crlf\r\nend", R"("crlf\nend")"},
      {"cr\rend", R"("cr\nend")"},
      {"tab\there", R"("tab here")"},
      {"bell\a nul-free \x01\x1f\x7f", R"("bell nul-free ")"},
      {"C1 \xC2\x85 gone", R"("C1  gone")"},
      {"bad \xFF byte", "\"bad \xEF\xBF\xBD byte\""},
      {"cut \xE2\x82", "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\""},
      {"overlong \xC0\xAF", "\"overlong \xEF\xBF\xBD\xEF\xBF\xBD\""},
      {"\u00D6calan", "\"\u00D6calan\""},
      {"\xD8\xAD\xD8\xB2\xD8\xA8 \xD8\xA7\xD9\x84\xD9\x84\xD9\x87",
       "\"\xD8\xAD\xD8\xB2\xD8\xA8 \xD8\xA7\xD9\x84\xD9\x84\xD9\x87\""},
      {"<b>html</b>", R"("<b>html</b>")"},
      {"a -> b; }", R"("a -> b; }")"},
      {"\\N \\G \\L", R"("\\N \\G \\L")"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(QuoteDot(c.input), c.expected) << "input: " << c.input;
  }
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Compares `dot` with tests/testdata/dot/<name>; KG_UPDATE_GOLDEN=1 rewrites
// the golden file instead.
void ExpectGolden(const std::string& name, const std::string& dot) {
  const std::filesystem::path path = std::filesystem::path(KG_TESTDATA_DIR) / "dot" / name;
  if (const char* update = std::getenv("KG_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << dot;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << "missing golden file " << path;
  EXPECT_EQ(dot, ReadFile(path)) << "golden file " << path << " differs";
}

std::unique_ptr<KnowledgeGraph> NewsGraph() {
  std::vector<EntityRecord> entities = {
      {101, "Iran", "GPE", {}},
      {102, "Hezbollah", "ORG", {}},
      {103, "Bashar al-Assad", "PERSON", {"Assad"}},
      {104, "Turkey", "GPE", {}},
      {105, "Syrian rebels", "ORG", {}},
  };
  std::vector<EdgeRecord> edges = {
      {101, "supports", 102, false, 12, 20}, {101, "funds", 102, false, 3, 3},
      {102, "supports", 103, false, 7, 9},   {104, "supports", 105, false, 4, 5},
      {104, "supports", 103, true, 2, 2},    {105, "opposes", 103, false, 9, 15},
  };
  auto g = KnowledgeGraph::Build(std::move(entities), std::move(edges));
  EXPECT_TRUE(g.ok());
  return g.ok() ? std::move(g).value() : nullptr;
}

std::unique_ptr<KnowledgeGraph> HostileGraph() {
  return MakeGraph({"node", "edge", "say \"hi\"", "back\\slash\\", "two\nlines", "\u00D6calan",
                    "bad \xFF byte", "}; digraph x {", "strict"},
                   {{"node", "graph", "edge", 1},
                    {"edge", "su\"pports", "say \"hi\"", 2},
                    {"say \"hi\"", "x\\y", "back\\slash\\", 3, true},
                    {"back\\slash\\", "line\nbreak", "two\nlines", 1},
                    {"two\nlines", "\xC3\xA9lu", "\u00D6calan", 1},
                    {"\u00D6calan", "r", "bad \xFF byte", 1},
                    {"bad \xFF byte", "subgraph", "}; digraph x {", 1},
                    {"}; digraph x {", "strict", "strict", 1},
                    {"strict", "self", "strict", 1}});
}

TEST(WriteDotTest, PathGolden) {
  auto g = NewsGraph();
  ASSERT_NE(g, nullptr);
  PathOptions options;
  options.max_results = 5;
  auto paths = KShortestPaths(*g, V(*g, "Iran"), V(*g, "Turkey"), options);
  ASSERT_TRUE(paths.ok());
  ASSERT_FALSE(paths->empty());
  ExpectGolden("path_iran_turkey.dot", WriteDot(*g, SubgraphFromPaths(*g, *paths)));
}

TEST(WriteDotTest, NeighbourhoodGoldenWithTypesAndNoCounts) {
  auto g = NewsGraph();
  ASSERT_NE(g, nullptr);
  auto n = FindNeighbourhood(*g, V(*g, "Assad"), {1, Direction::kBoth, {}, 0});
  ASSERT_TRUE(n.ok());
  DotOptions options;
  options.show_types = true;
  options.show_counts = false;
  options.rankdir = "TB";
  ExpectGolden("neighbourhood_assad.dot", WriteDot(*g, n->subgraph, options));
}

TEST(WriteDotTest, HostileNamesGolden) {
  auto g = HostileGraph();
  ASSERT_NE(g, nullptr);
  std::vector<EdgeId> all;
  for (EdgeId e = 0; e < g->edge_count(); ++e) all.push_back(e);
  ExpectGolden("hostile_names.dot", WriteDot(*g, SubgraphFromEdges(*g, all)));
}

TEST(WriteDotTest, NegativeEdgesAreDashedAndSaySo) {
  auto g = NewsGraph();
  ASSERT_NE(g, nullptr);
  const std::vector<EdgeId> edges = IncidentEdges(*g, V(*g, "Turkey"), Direction::kOut);
  const std::string dot = WriteDot(*g, SubgraphFromEdges(*g, edges));
  EXPECT_NE(dot.find("\"e104\" -> \"e103\" [label=\"not supports (2)\", style=\"dashed\"];"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("\"e104\" -> \"e105\" [label=\"supports (4)\"];"), std::string::npos) << dot;
}

TEST(WriteDotTest, EmptySubgraphIsAValidEmptyGraph) {
  auto g = NewsGraph();
  ASSERT_NE(g, nullptr);
  const std::string dot = WriteDot(*g, Subgraph{});
  EXPECT_EQ(dot.rfind("digraph \"kg\" {\n", 0), 0u);
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

// Runs `dot -Tcanon` on `text`; returns its exit status and output.
std::pair<int, std::string> Canon(const std::string& text) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string stem = "kg_dot_test_" + std::to_string(::getpid());
  const std::filesystem::path in = dir / (stem + ".dot"), out = dir / (stem + ".canon");
  std::ofstream(in, std::ios::binary) << text;
  const std::string command = "dot -Tcanon '" + in.string() + "' > '" + out.string() + "' 2>&1";
  const int rc = std::system(command.c_str());
  std::string result = ReadFile(out);
  std::filesystem::remove(in);
  std::filesystem::remove(out);
  return {rc, result};
}

TEST(WriteDotTest, GraphvizParsesEveryGoldenBack) {
  if (!GraphvizAvailable()) GTEST_SKIP() << "dot is not on PATH";
  auto news = NewsGraph();
  auto hostile = HostileGraph();
  ASSERT_TRUE(news && hostile);
  std::vector<EdgeId> all;
  for (EdgeId e = 0; e < hostile->edge_count(); ++e) all.push_back(e);
  const std::string dot = WriteDot(*hostile, SubgraphFromEdges(*hostile, all));
  auto [rc, canon] = Canon(dot);
  ASSERT_EQ(rc, 0) << canon;
  // Every vertex and edge survived as itself: no name was read as syntax.
  size_t edges = 0;
  for (size_t at = canon.find(" -> "); at != std::string::npos; at = canon.find(" -> ", at + 1)) {
    ++edges;
  }
  EXPECT_EQ(edges, hostile->edge_count()) << canon;
  EXPECT_NE(canon.find("e9 -> e9"), std::string::npos) << canon;  // the self-loop
  EXPECT_NE(canon.find("say \\\"hi\\\""), std::string::npos) << canon;
  EXPECT_NE(canon.find("\u00D6calan"), std::string::npos) << canon;

  for (const char* golden :
       {"path_iran_turkey.dot", "neighbourhood_assad.dot", "hostile_names.dot"}) {
    auto [golden_rc, golden_canon] =
        Canon(ReadFile(std::filesystem::path(KG_TESTDATA_DIR) / "dot" / golden));
    EXPECT_EQ(golden_rc, 0) << golden << ": " << golden_canon;
  }
}

}  // namespace
}  // namespace kg::graph
