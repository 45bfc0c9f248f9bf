#include "graph/paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

using testing::MakeGraph;
using testing::PathString;
using testing::TestEdge;
using testing::V;

std::vector<std::string> Strings(const KnowledgeGraph& g, const std::vector<Path>& paths) {
  std::vector<std::string> out;
  for (const Path& p : paths) out.push_back(PathString(g, p));
  return out;
}

// A -> B -> C <- D, C has a self-loop, E is alone.
std::unique_ptr<KnowledgeGraph> LineGraph() {
  return MakeGraph({"A", "B", "C", "D", "E"}, {
                                                  {"A", "supports", "B"},
                                                  {"B", "funds", "C"},
                                                  {"D", "arms", "C"},
                                                  {"C", "praises", "C"},
                                              });
}

TEST(ShortestPathTest, DirectionsAndLimits) {
  auto g = LineGraph();
  ASSERT_NE(g, nullptr);
  struct Case {
    const char* from;
    const char* to;
    Direction direction;
    uint32_t max_length;
    const char* expected;  // path, or the NotFound message
  };
  const Case cases[] = {
      {"A", "C", Direction::kOut, 0, "A -supports-> B -funds-> C"},
      {"C", "A", Direction::kOut, 0, "no path from \"C\" to \"A\""},
      {"C", "A", Direction::kIn, 0, "C <-funds- B <-supports- A"},
      {"A", "D", Direction::kBoth, 0, "A -supports-> B -funds-> C <-arms- D"},
      {"A", "D", Direction::kBoth, 3, "A -supports-> B -funds-> C <-arms- D"},
      {"A", "D", Direction::kBoth, 2, "no path from \"A\" to \"D\" within 2 hops"},
      {"A", "E", Direction::kBoth, 0, "no path from \"A\" to \"E\""},
      {"C", "C", Direction::kBoth, 0, "C"},  // the self-loop is no path
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    PathOptions options;
    options.direction = c.direction;
    options.max_length = c.max_length;
    auto path = ShortestPath(*g, V(*g, c.from), V(*g, c.to), options);
    if (path.ok()) {
      EXPECT_EQ(PathString(*g, *path), c.expected) << "case " << i;
      EXPECT_EQ(path->cost, static_cast<double>(path->length())) << "case " << i;
    } else {
      EXPECT_TRUE(path.status().IsNotFound()) << "case " << i;
      EXPECT_EQ(path.status().message(), c.expected) << "case " << i;
    }
  }
}

TEST(ShortestPathTest, RelationAndPolarityFilters) {
  auto g = MakeGraph({}, {{"A", "supports", "B"},
                          {"B", "supports", "C"},
                          {"A", "opposes", "C"},
                          {"A", "supports", "C", 1, true}});
  ASSERT_NE(g, nullptr);
  PathOptions options;
  EXPECT_EQ(ShortestPath(*g, V(*g, "A"), V(*g, "C"), options)->length(), 1u);
  options.filter.relations = {g->FindRelation("supports").value()};
  options.filter.negative = false;
  auto path = ShortestPath(*g, V(*g, "A"), V(*g, "C"), options);
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(PathString(*g, *path), "A -supports-> B -supports-> C");
  options.filter.negative = true;
  path = ShortestPath(*g, V(*g, "A"), V(*g, "C"), options);
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(PathString(*g, *path), "A -not supports-> C");
  options.filter.relations = {g->FindRelation("opposes").value()};
  path = ShortestPath(*g, V(*g, "A"), V(*g, "B"), options);
  EXPECT_EQ(path.status().message(), "no path from \"A\" to \"B\" using the selected edges");
}

TEST(ShortestPathTest, EvidenceWeightPrefersWellSupportedEdges) {
  // Direct A-B has no article support (cost 1); A-C-B has one weak hop
  // (0.5 + 0.1); A-X-Y-B three strong hops (0.1 each).
  auto g = MakeGraph({}, {{"A", "mentions", "B", 0},
                          {"A", "supports", "C", 1},
                          {"C", "supports", "B", 9},
                          {"A", "funds", "X", 9},
                          {"X", "funds", "Y", 9},
                          {"Y", "funds", "B", 9}});
  ASSERT_NE(g, nullptr);
  struct Case {
    PathWeight weight;
    uint32_t max_length;
    const char* expected;
    double cost;
  };
  const Case cases[] = {
      {PathWeight::kHops, 0, "A -mentions-> B", 1.0},
      {PathWeight::kEvidence, 0, "A -funds-> X -funds-> Y -funds-> B", 0.3},
      {PathWeight::kEvidence, 2, "A -supports-> C -supports-> B", 0.6},
      {PathWeight::kEvidence, 1, "A -mentions-> B", 1.0},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    PathOptions options;
    options.weight = cases[i].weight;
    options.max_length = cases[i].max_length;
    auto path = ShortestPath(*g, V(*g, "A"), V(*g, "B"), options);
    ASSERT_TRUE(path.ok()) << path.status().message();
    EXPECT_EQ(PathString(*g, *path), cases[i].expected) << "case " << i;
    EXPECT_NEAR(path->cost, cases[i].cost, 1e-9) << "case " << i;
  }
}

TEST(EvidenceWeightTest, FallsWithArticleCount) {
  const std::pair<uint32_t, double> cases[] = {{0, 1.0}, {1, 0.5}, {3, 0.25}, {9, 0.1}};
  for (auto [articles, weight] : cases) {
    EXPECT_DOUBLE_EQ(EvidenceWeight(Edge{0, 0, 0, false, articles, articles}), weight);
  }
}

TEST(AllShortestPathsTest, DiamondWithParallelEdge) {
  // Two routes of two hops, one of them over a double edge, and a longer one.
  auto g = MakeGraph({"A", "B", "C", "D"}, {{"A", "supports", "B"},
                                            {"A", "funds", "C"},
                                            {"B", "arms", "D"},
                                            {"B", "trains", "D"},
                                            {"C", "funds", "D"},
                                            {"A", "meets", "E"},
                                            {"E", "meets", "F"},
                                            {"F", "meets", "D"}});
  ASSERT_NE(g, nullptr);
  PathOptions options;
  options.direction = Direction::kOut;
  auto paths = AllShortestPaths(*g, V(*g, "A"), V(*g, "D"), options);
  ASSERT_TRUE(paths.ok());
  std::vector<std::string> got = Strings(*g, *paths);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"A -funds-> C -funds-> D", "A -supports-> B -arms-> D",
                                           "A -supports-> B -trains-> D"}));
  for (const Path& p : *paths) EXPECT_EQ(p.cost, 2.0);

  options.max_results = 2;
  paths = AllShortestPaths(*g, V(*g, "A"), V(*g, "D"), options);
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->size(), 2u);

  // Against the edges, D reaches A the same three ways.
  options = {};
  options.direction = Direction::kIn;
  paths = AllShortestPaths(*g, V(*g, "D"), V(*g, "A"), options);
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->size(), 3u);
  for (const Path& p : *paths) {
    for (const Hop& hop : p.hops) EXPECT_FALSE(hop.forward);
  }

  options.direction = Direction::kOut;
  paths = AllShortestPaths(*g, V(*g, "D"), V(*g, "A"), options);
  ASSERT_TRUE(paths.ok());
  EXPECT_TRUE(paths->empty());
  options.max_length = 1;
  options.direction = Direction::kBoth;
  paths = AllShortestPaths(*g, V(*g, "A"), V(*g, "D"), options);
  ASSERT_TRUE(paths.ok());
  EXPECT_TRUE(paths->empty());
}

TEST(AllShortestPathsTest, CountsGrowAcrossLayers) {
  // Three layers of two vertices, fully joined: 2 * 2 * 2 shortest paths.
  std::vector<TestEdge> edges;
  const std::vector<std::vector<std::string>> layers = {
      {"s"}, {"a1", "a2"}, {"b1", "b2"}, {"c1", "c2"}, {"t"}};
  for (size_t l = 0; l + 1 < layers.size(); ++l) {
    for (const auto& x : layers[l]) {
      for (const auto& y : layers[l + 1]) edges.push_back({x, "r", y});
    }
  }
  auto g = MakeGraph({}, edges);
  ASSERT_NE(g, nullptr);
  PathOptions options;
  options.max_results = 100;
  auto paths = AllShortestPaths(*g, V(*g, "s"), V(*g, "t"), options);
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->size(), 8u);
  std::set<std::string> distinct;
  for (const Path& p : *paths) {
    EXPECT_EQ(p.length(), 4u);
    distinct.insert(PathString(*g, p));
  }
  EXPECT_EQ(distinct.size(), 8u);
}

// Yen's example graph (Wikipedia, "Yen's algorithm"), with unit weights.
std::unique_ptr<KnowledgeGraph> YenGraph() {
  return MakeGraph({"C", "D", "E", "F", "G", "H"}, {{"C", "r", "D"},
                                                    {"C", "r", "E"},
                                                    {"D", "r", "F"},
                                                    {"E", "r", "D"},
                                                    {"E", "r", "F"},
                                                    {"E", "r", "G"},
                                                    {"F", "r", "G"},
                                                    {"F", "r", "H"},
                                                    {"G", "r", "H"}});
}

TEST(KShortestPathsTest, TextbookGraphGivesEveryLooplessPathInOrder) {
  auto g = YenGraph();
  ASSERT_NE(g, nullptr);
  PathOptions options;
  options.direction = Direction::kOut;
  options.max_results = 20;
  auto paths = KShortestPaths(*g, V(*g, "C"), V(*g, "H"), options);
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  std::vector<std::string> got = Strings(*g, *paths);
  ASSERT_EQ(got.size(), 7u);
  std::vector<double> costs;
  for (const Path& p : *paths) costs.push_back(p.cost);
  EXPECT_EQ(costs, (std::vector<double>{3, 3, 3, 4, 4, 4, 5}));
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{
                     "C -r-> D -r-> F -r-> G -r-> H",
                     "C -r-> D -r-> F -r-> H",
                     "C -r-> E -r-> D -r-> F -r-> G -r-> H",
                     "C -r-> E -r-> D -r-> F -r-> H",
                     "C -r-> E -r-> F -r-> G -r-> H",
                     "C -r-> E -r-> F -r-> H",
                     "C -r-> E -r-> G -r-> H",
                 }));

  options.max_results = 3;
  paths = KShortestPaths(*g, V(*g, "C"), V(*g, "H"), options);
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->size(), 3u);
  options.max_results = 20;
  options.max_length = 3;
  paths = KShortestPaths(*g, V(*g, "C"), V(*g, "H"), options);
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->size(), 3u);
}

// Every loopless path from `from` to `to`, by brute force, with its cost.
std::vector<Path> AllSimplePaths(const KnowledgeGraph& g, VertexId from, VertexId to,
                                 const PathOptions& options) {
  std::vector<Path> out;
  std::vector<char> on_path(g.vertex_count(), 0);
  Path current{from, {}, 0};
  std::function<void(VertexId)> walk = [&](VertexId v) {
    if (v == to) {
      out.push_back(current);
      return;
    }
    if (options.max_length != 0 && current.hops.size() >= options.max_length) return;
    on_path[v] = 1;
    auto step = [&](EdgeId e, VertexId other, bool forward) {
      if (on_path[other] || !options.filter.Accepts(g.edge(e))) return;
      const double w = options.weight == PathWeight::kHops ? 1.0 : EvidenceWeight(g.edge(e));
      current.hops.push_back({v, e, other, forward});
      current.cost += w;
      walk(other);
      current.cost -= w;
      current.hops.pop_back();
    };
    if (options.direction != Direction::kIn) {
      for (EdgeId e : g.out_edges(v)) step(e, g.edge(e).target, true);
    }
    if (options.direction != Direction::kOut) {
      for (EdgeId e : g.in_edges(v)) step(e, g.edge(e).source, false);
    }
    on_path[v] = 0;
  };
  walk(from);
  std::sort(out.begin(), out.end(), [](const Path& a, const Path& b) { return a.cost < b.cost; });
  return out;
}

TEST(KShortestPathsTest, MatchesBruteForceOnRandomMultigraphs) {
  std::mt19937 rng(20240601);
  for (int round = 0; round < 60; ++round) {
    std::vector<TestEdge> edges;
    const int n = 6 + round % 3;
    std::uniform_int_distribution<int> vertex(0, n - 1), articles(0, 5), rel(0, 1);
    for (int i = 0; i < 2 * n; ++i) {
      edges.push_back({"v" + std::to_string(vertex(rng)), rel(rng) ? "a" : "b",
                       "v" + std::to_string(vertex(rng)), static_cast<uint32_t>(articles(rng))});
    }
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) names.push_back("v" + std::to_string(i));
    auto g = MakeGraph(names, edges);
    ASSERT_NE(g, nullptr);
    PathOptions options;
    options.direction = static_cast<Direction>(round % 3);
    options.weight = round % 2 ? PathWeight::kEvidence : PathWeight::kHops;
    options.max_length = round % 4 == 0 ? 3 : 0;
    options.max_results = 6;
    const VertexId from = V(*g, "v0"), to = V(*g, "v1");
    auto expected = AllSimplePaths(*g, from, to, options);
    auto got = KShortestPaths(*g, from, to, options);
    ASSERT_TRUE(got.ok());
    ASSERT_EQ(got->size(), std::min<size_t>(expected.size(), 6)) << "round " << round;
    std::set<std::string> distinct;
    for (size_t i = 0; i < got->size(); ++i) {
      const Path& p = (*got)[i];
      EXPECT_NEAR(p.cost, expected[i].cost, 1e-9) << "round " << round << " path " << i;
      EXPECT_EQ(p.start, from);
      EXPECT_EQ(p.end(), to);
      std::vector<VertexId> vs = p.vertices();
      std::sort(vs.begin(), vs.end());
      EXPECT_EQ(std::adjacent_find(vs.begin(), vs.end()), vs.end()) << "not loopless";
      std::string key;  // edge ids: parallel edges may print alike
      for (const Hop& hop : p.hops) key += std::to_string(hop.edge) + (hop.forward ? "+ " : "- ");
      distinct.insert(key);
    }
    EXPECT_EQ(distinct.size(), got->size()) << "round " << round;

    // The first k-shortest path is the shortest path; all-shortest paths
    // are exactly the brute-force paths of minimal length.
    if (!expected.empty()) {
      auto shortest = ShortestPath(*g, from, to, options);
      ASSERT_TRUE(shortest.ok());
      EXPECT_NEAR(shortest->cost, expected[0].cost, 1e-9) << "round " << round;
      PathOptions all = options;
      all.max_results = 1000;
      auto every = AllShortestPaths(*g, from, to, all);
      ASSERT_TRUE(every.ok());
      size_t min_hops = SIZE_MAX, count = 0;
      for (const Path& p : expected) min_hops = std::min(min_hops, p.length());
      for (const Path& p : expected) count += p.length() == min_hops;
      EXPECT_EQ(every->size(), count) << "round " << round;
    }
  }
}

TEST(PathsTest, HopsReportTheirRealDirection) {
  auto g = LineGraph();
  ASSERT_NE(g, nullptr);
  auto path = ShortestPath(*g, V(*g, "D"), V(*g, "A"));
  ASSERT_TRUE(path.ok());
  ASSERT_EQ(path->length(), 3u);
  const bool expected[] = {true, false, false};  // D->C, C<-B, B<-A
  for (size_t i = 0; i < 3; ++i) {
    const Hop& hop = path->hops[i];
    EXPECT_EQ(hop.forward, expected[i]);
    const Edge& edge = g->edge(hop.edge);
    EXPECT_EQ(hop.forward ? edge.source : edge.target, hop.from);
    EXPECT_EQ(hop.forward ? edge.target : edge.source, hop.to);
  }
  EXPECT_EQ(path->vertices(),
            (std::vector<VertexId>{V(*g, "D"), V(*g, "C"), V(*g, "B"), V(*g, "A")}));
}

TEST(PathsTest, SameStartAndEnd) {
  auto g = LineGraph();
  ASSERT_NE(g, nullptr);
  auto all = AllShortestPaths(*g, V(*g, "B"), V(*g, "B"));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].length(), 0u);
  auto k = KShortestPaths(*g, V(*g, "B"), V(*g, "B"));
  ASSERT_TRUE(k.ok());
  ASSERT_EQ(k->size(), 1u);
}

TEST(PathsTest, ErrorsAndCancellation) {
  auto g = LineGraph();
  ASSERT_NE(g, nullptr);
  auto bad = ShortestPath(*g, 0, 42);
  EXPECT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_EQ(bad.status().message(), "vertex 42 is not in the graph");
  EXPECT_TRUE(AllShortestPaths(*g, 42, 0).status().IsInvalidArgument());
  EXPECT_TRUE(KShortestPaths(*g, 42, 0).status().IsInvalidArgument());

  Cancellation cancel;
  cancel.Cancel();
  const VertexId a = V(*g, "A"), d = V(*g, "D");
  EXPECT_TRUE(ShortestPath(*g, a, d, {}, &cancel).status().IsCancelled());
  EXPECT_TRUE(AllShortestPaths(*g, a, d, {}, &cancel).status().IsCancelled());
  auto k = KShortestPaths(*g, a, d, {}, &cancel);
  EXPECT_TRUE(k.status().IsCancelled());
  EXPECT_EQ(k.status().message(), "path search interrupted");
  cancel.Reset();
  EXPECT_TRUE(KShortestPaths(*g, a, d, {}, &cancel).ok());
}

TEST(PathsTest, LongChainWithinLimits) {
  std::vector<TestEdge> chain;
  for (int i = 0; i < 5000; ++i) {
    chain.push_back({"n" + std::to_string(i), "next", "n" + std::to_string(i + 1), 1});
  }
  auto g = MakeGraph({}, chain);
  ASSERT_NE(g, nullptr);
  PathOptions options;
  options.weight = PathWeight::kEvidence;
  auto path = ShortestPath(*g, V(*g, "n0"), V(*g, "n5000"), options);
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(path->length(), 5000u);
  EXPECT_NEAR(path->cost, 2500.0, 1e-6);
  options.max_length = 4999;
  EXPECT_TRUE(ShortestPath(*g, V(*g, "n0"), V(*g, "n5000"), options).status().IsNotFound());
}

}  // namespace
}  // namespace kg::graph
