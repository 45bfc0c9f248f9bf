#include "graph/neighbourhood.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

using testing::EdgeString;
using testing::MakeGraph;
using testing::TestEdge;
using testing::V;

// A -> B -> C -> A is a cycle of supports/funds; A has a self-loop; E denies
// supporting A; D is alone.
std::unique_ptr<KnowledgeGraph> CycleGraph() {
  return MakeGraph({"A", "B", "C", "D", "E"}, {
                                                  {"A", "supports", "B"},
                                                  {"B", "funds", "C"},
                                                  {"C", "supports", "A"},
                                                  {"A", "praises", "A"},
                                                  {"E", "supports", "A", 1, true},
                                              });
}

// "name:hops" for each reached vertex, sorted.
std::set<std::string> Reached(const KnowledgeGraph& g, const Neighbourhood& n) {
  std::set<std::string> out;
  for (const ReachedVertex& r : n.reached)
    out.insert(g.name(r.vertex) + ":" + std::to_string(r.hops));
  return out;
}

EdgeFilter Relations(const KnowledgeGraph& g, std::vector<std::string> names,
                     std::optional<bool> negative = std::nullopt) {
  EdgeFilter filter;
  for (const std::string& n : names) filter.relations.push_back(g.FindRelation(n).value());
  filter.negative = negative;
  return filter;
}

TEST(NeighbourhoodTest, HopsDirectionsAndFilters) {
  auto g = CycleGraph();
  ASSERT_NE(g, nullptr);
  struct Case {
    const char* centre;
    uint32_t hops;
    Direction direction;
    EdgeFilter filter;
    std::set<std::string> expected;
  };
  const Case cases[] = {
      {"A", 0, Direction::kBoth, {}, {"A:0"}},
      {"A", 1, Direction::kOut, {}, {"A:0", "B:1"}},
      {"A", 1, Direction::kIn, {}, {"A:0", "C:1", "E:1"}},
      {"A", 1, Direction::kBoth, {}, {"A:0", "B:1", "C:1", "E:1"}},
      {"A", 2, Direction::kOut, {}, {"A:0", "B:1", "C:2"}},
      {"A", 5, Direction::kOut, {}, {"A:0", "B:1", "C:2"}},  // the cycle ends the search
      {"B", 2, Direction::kIn, {}, {"B:0", "A:1", "C:2", "E:2"}},
      {"A", 3, Direction::kBoth, Relations(*g, {"supports"}), {"A:0", "B:1", "C:1", "E:1"}},
      {"A", 3, Direction::kBoth, Relations(*g, {"supports"}, false), {"A:0", "B:1", "C:1"}},
      {"A", 3, Direction::kBoth, Relations(*g, {}, true), {"A:0", "E:1"}},
      {"A", 3, Direction::kOut, Relations(*g, {"funds"}), {"A:0"}},
      {"D", 3, Direction::kBoth, {}, {"D:0"}},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    NeighbourhoodOptions options{c.hops, c.direction, c.filter, 0};
    auto n = FindNeighbourhood(*g, V(*g, c.centre), options);
    ASSERT_TRUE(n.ok()) << n.status().message();
    EXPECT_EQ(Reached(*g, *n), c.expected) << "case " << i;
    EXPECT_EQ(n->reached.front().vertex, V(*g, c.centre)) << "case " << i;
    EXPECT_FALSE(n->truncated);
  }
}

TEST(NeighbourhoodTest, ReachedIsInBreadthFirstOrder) {
  auto g = CycleGraph();
  ASSERT_NE(g, nullptr);
  auto n = FindNeighbourhood(*g, V(*g, "B"), {3, Direction::kBoth, {}, 0});
  ASSERT_TRUE(n.ok());
  for (size_t i = 1; i < n->reached.size(); ++i) {
    EXPECT_LE(n->reached[i - 1].hops, n->reached[i].hops);
  }
}

TEST(NeighbourhoodTest, SubgraphHoldsEdgesFollowedFromInnerRings) {
  auto g = CycleGraph();
  ASSERT_NE(g, nullptr);
  auto n = FindNeighbourhood(*g, V(*g, "A"), {2, Direction::kOut, {}, 0});
  ASSERT_TRUE(n.ok());
  std::set<std::string> edges;
  for (EdgeId e : n->subgraph.edges) edges.insert(EdgeString(*g, e));
  // C -> A leaves the outermost ring (C is 2 hops out), so it is not followed.
  EXPECT_EQ(edges, (std::set<std::string>{"A -praises-> A", "A -supports-> B", "B -funds-> C"}));
  EXPECT_EQ(n->subgraph.vertices.size(), 3u);
  EXPECT_EQ(n->subgraph.vertices.front(), V(*g, "A"));
  EXPECT_EQ(n->subgraph.focus, std::vector<VertexId>{V(*g, "A")});

  auto n3 = FindNeighbourhood(*g, V(*g, "A"), {3, Direction::kOut, {}, 0});
  ASSERT_TRUE(n3.ok());
  EXPECT_EQ(n3->subgraph.edges.size(), 4u);  // now C -> A closes the cycle
}

TEST(NeighbourhoodTest, WithoutSubgraphReachesTheSameVertices) {
  auto g = CycleGraph();
  ASSERT_NE(g, nullptr);
  for (const char* centre : {"A", "B", "D", "E"}) {
    for (uint32_t hops : {1u, 2u, 3u}) {
      NeighbourhoodOptions with{hops, Direction::kBoth, {}, 0};
      NeighbourhoodOptions without = with;
      without.subgraph = false;
      auto full = FindNeighbourhood(*g, V(*g, centre), with);
      auto bare = FindNeighbourhood(*g, V(*g, centre), without);
      ASSERT_TRUE(full.ok() && bare.ok());
      ASSERT_EQ(bare->reached.size(), full->reached.size()) << centre << " " << hops;
      for (size_t i = 0; i < bare->reached.size(); ++i) {
        EXPECT_EQ(bare->reached[i].vertex, full->reached[i].vertex);
        EXPECT_EQ(bare->reached[i].hops, full->reached[i].hops);
      }
      EXPECT_TRUE(bare->subgraph.empty());
      EXPECT_FALSE(full->subgraph.empty());
    }
  }
}

TEST(NeighbourhoodTest, MultiEdgesAreAllKept) {
  auto g = MakeGraph({}, {{"X", "supports", "Y"}, {"X", "funds", "Y"}, {"Y", "arms", "X"}});
  ASSERT_NE(g, nullptr);
  auto n = FindNeighbourhood(*g, V(*g, "X"), {1, Direction::kBoth, {}, 0});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->reached.size(), 2u);
  EXPECT_EQ(n->subgraph.edges.size(), 3u);
}

TEST(NeighbourhoodTest, MaxVerticesTruncates) {
  std::vector<TestEdge> star;
  for (int i = 0; i < 10; ++i) star.push_back({"hub", "knows", "leaf" + std::to_string(i)});
  auto g = MakeGraph({"hub"}, star);
  ASSERT_NE(g, nullptr);
  auto n = FindNeighbourhood(*g, V(*g, "hub"), {1, Direction::kBoth, {}, 4});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->reached.size(), 4u);
  EXPECT_TRUE(n->truncated);
  for (EdgeId e : n->subgraph.edges) {
    const Edge& edge = g->edge(e);
    EXPECT_TRUE(std::count(n->subgraph.vertices.begin(), n->subgraph.vertices.end(), edge.target));
  }
}

TEST(NeighbourhoodTest, ErrorsNameTheProblem) {
  auto g = CycleGraph();
  ASSERT_NE(g, nullptr);
  auto bad = FindNeighbourhood(*g, 99);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_EQ(bad.status().message(), "vertex 99 is not in the graph");

  Cancellation cancel;
  cancel.Cancel();
  auto cancelled = FindNeighbourhood(*g, V(*g, "A"), {}, &cancel);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_TRUE(cancelled.status().IsCancelled());
  EXPECT_EQ(cancelled.status().message(), "neighbourhood interrupted");
  cancel.Reset();
  EXPECT_TRUE(FindNeighbourhood(*g, V(*g, "A"), {}, &cancel).ok());
}

TEST(NeighbourhoodTest, LongChainReachesEveryVertex) {
  std::vector<TestEdge> chain;
  for (int i = 0; i < 20000; ++i) {
    chain.push_back({"n" + std::to_string(i), "next", "n" + std::to_string(i + 1)});
  }
  auto g = MakeGraph({}, chain);
  ASSERT_NE(g, nullptr);
  auto full = FindNeighbourhood(*g, V(*g, "n0"), {30000, Direction::kOut, {}, 0});
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->reached.size(), 20001u);
  EXPECT_EQ(full->reached.back().hops, 20000u);
}

}  // namespace
}  // namespace kg::graph
