#include "graph/subgraph.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/paths.h"
#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

using testing::EdgeString;
using testing::MakeGraph;
using testing::V;

std::unique_ptr<KnowledgeGraph> WhoGraph() {
  return MakeGraph({"X"}, {{"A", "supports", "X", 2},
                           {"B", "supports", "X", 9},
                           {"C", "opposes", "X", 4},
                           {"D", "supports", "X", 1, true},
                           {"X", "supports", "A", 3},
                           {"X", "supports", "X", 5}});
}

std::vector<std::string> Strings(const KnowledgeGraph& g, const std::vector<EdgeId>& edges) {
  std::vector<std::string> out;
  for (EdgeId e : edges) out.push_back(EdgeString(g, e));
  return out;
}

TEST(IncidentEdgesTest, WhoRelatesToXBestSupportedFirst) {
  auto g = WhoGraph();
  ASSERT_NE(g, nullptr);
  const RelationId supports = g->FindRelation("supports").value();
  const VertexId x = V(*g, "X");
  struct Case {
    Direction direction;
    EdgeFilter filter;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {Direction::kIn,
       {{supports}, false},
       {"B -supports-> X", "X -supports-> X", "A -supports-> X"}},
      {Direction::kIn, {{supports}, true}, {"D -not supports-> X"}},
      {Direction::kOut, {}, {"X -supports-> X", "X -supports-> A"}},
      {Direction::kBoth,
       {{supports}, false},
       {"B -supports-> X", "X -supports-> X", "X -supports-> A", "A -supports-> X"}},
      {Direction::kIn, {{g->FindRelation("opposes").value()}, std::nullopt}, {"C -opposes-> X"}},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(Strings(*g, IncidentEdges(*g, x, cases[i].direction, cases[i].filter)),
              cases[i].expected)
        << "case " << i;
  }
}

TEST(SubgraphBuilderTest, DeduplicatesAndAddsEdgeEnds) {
  auto g = WhoGraph();
  ASSERT_NE(g, nullptr);
  const std::vector<EdgeId> edges = IncidentEdges(*g, V(*g, "X"), Direction::kIn);
  std::vector<EdgeId> twice = edges;
  twice.insert(twice.end(), edges.begin(), edges.end());
  const VertexId focus[] = {V(*g, "X"), V(*g, "X")};
  Subgraph s = SubgraphFromEdges(*g, twice, focus);
  EXPECT_EQ(s.edges, edges);
  EXPECT_EQ(s.vertices.size(), 5u);  // X, B, A, C, D
  EXPECT_EQ(s.vertices.front(), V(*g, "X"));
  EXPECT_EQ(s.focus, std::vector<VertexId>{V(*g, "X")});
}

TEST(SubgraphBuilderTest, PathsGiveTheirUnionWithEndpointsInFocus) {
  auto g = MakeGraph({}, {{"A", "r", "B"}, {"B", "r", "C"}, {"A", "s", "D"}, {"D", "s", "C"}});
  ASSERT_NE(g, nullptr);
  auto paths = AllShortestPaths(*g, V(*g, "A"), V(*g, "C"));
  ASSERT_TRUE(paths.ok());
  ASSERT_EQ(paths->size(), 2u);
  Subgraph s = SubgraphFromPaths(*g, *paths);
  EXPECT_EQ(s.vertices.size(), 4u);
  EXPECT_EQ(s.edges.size(), 4u);
  EXPECT_EQ(s.focus, (std::vector<VertexId>{V(*g, "A"), V(*g, "C")}));
  EXPECT_TRUE(SubgraphFromPaths(*g, {}).empty());
}

}  // namespace
}  // namespace kg::graph
