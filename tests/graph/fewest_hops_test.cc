// The bidirectional fewest-hop search against a plain one-sided
// breadth-first search that follows the documented rule literally, on many
// random multigraphs (parallel edges, self-loops, both polarities, hubs).
#include "graph/fewest_hops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "graph/paths.h"
#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

using testing::MakeGraph;
using testing::PathString;
using testing::TestEdge;

// Each vertex's out- and in-edges in EdgeId order, found by scanning every
// edge rather than through the CSR, so the reference depends on the
// documented order only.
struct Adjacency {
  std::vector<std::vector<EdgeId>> out, in;
  explicit Adjacency(const KnowledgeGraph& g) : out(g.vertex_count()), in(g.vertex_count()) {
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      out[g.edge(e).source].push_back(e);
      in[g.edge(e).target].push_back(e);
    }
  }
};

// Every step from v the options and bans allow, in the documented order.
std::vector<Hop> Steps(const KnowledgeGraph& g, const Adjacency& adj, VertexId v,
                       const PathOptions& options, const SearchBans& bans) {
  std::vector<Hop> steps;
  auto allowed = [&](EdgeId e, VertexId to) {
    return to != v && options.filter.Accepts(g.edge(e)) &&
           std::count(bans.vertices.begin(), bans.vertices.end(), to) == 0 &&
           std::count(bans.edges.begin(), bans.edges.end(), e) == 0;
  };
  if (options.direction != Direction::kIn) {
    for (EdgeId e : adj.out[v]) {
      if (allowed(e, g.edge(e).target)) steps.push_back({v, e, g.edge(e).target, true});
    }
  }
  if (options.direction != Direction::kOut) {
    for (EdgeId e : adj.in[v]) {
      if (allowed(e, g.edge(e).source)) steps.push_back({v, e, g.edge(e).source, false});
    }
  }
  return steps;
}

// The documented rule: breadth-first from `from`, the first edge to reach a
// vertex is its way in, stop when `to` is reached.
std::optional<Path> ReferencePath(const KnowledgeGraph& g, const Adjacency& adj, VertexId from,
                                  VertexId to, const PathOptions& options,
                                  const SearchBans& bans = {}) {
  if (from == to) return Path{from, {}, 0};
  const uint32_t limit = options.max_length == 0 ? UINT32_MAX : options.max_length;
  std::vector<uint32_t> dist(g.vertex_count(), UINT32_MAX);
  std::vector<Hop> via(g.vertex_count());
  std::vector<VertexId> queue{from};
  dist[from] = 0;
  for (size_t i = 0; i < queue.size(); ++i) {
    const VertexId v = queue[i];
    if (dist[v] >= limit) break;
    for (const Hop& hop : Steps(g, adj, v, options, bans)) {
      if (dist[hop.to] != UINT32_MAX) continue;
      dist[hop.to] = dist[v] + 1;
      via[hop.to] = hop;
      if (hop.to == to) {
        Path path{from, {}, static_cast<double>(dist[to])};
        for (VertexId w = to; w != from; w = via[w].from) path.hops.push_back(via[w]);
        std::reverse(path.hops.begin(), path.hops.end());
        return path;
      }
      queue.push_back(hop.to);
    }
  }
  return std::nullopt;
}

// Every fewest-hop path, in lexicographic order of (EdgeId, forward first).
std::vector<Path> ReferenceAllPaths(const KnowledgeGraph& g, const Adjacency& adj, VertexId from,
                                    VertexId to, const PathOptions& options) {
  std::optional<Path> shortest = ReferencePath(g, adj, from, to, options);
  if (!shortest) return {};
  const size_t length = shortest->length();
  std::vector<Path> all;
  Path current{from, {}, static_cast<double>(length)};
  auto walk = [&](auto&& self, VertexId v) -> void {
    if (current.hops.size() == length) {
      if (v == to) all.push_back(current);
      return;
    }
    for (const Hop& hop : Steps(g, adj, v, options, {})) {
      current.hops.push_back(hop);
      self(self, hop.to);
      current.hops.pop_back();
    }
  };
  walk(walk, from);
  auto key = [](const Path& p) {
    std::vector<std::pair<EdgeId, bool>> k;
    for (const Hop& hop : p.hops) k.emplace_back(hop.edge, !hop.forward);
    return k;
  };
  std::sort(all.begin(), all.end(), [&](const Path& a, const Path& b) { return key(a) < key(b); });
  if (all.size() > options.max_results) all.resize(options.max_results);
  return all;
}

std::string Describe(const KnowledgeGraph& g, const std::optional<Path>& path) {
  if (!path) return "none";
  std::string out = PathString(g, *path) + " [";
  for (const Hop& hop : path->hops) out += std::to_string(hop.edge) + (hop.forward ? "+" : "-");
  return out + "] cost " + std::to_string(path->cost);
}

// A random multigraph on n vertices: parallel edges (other relations or the
// other polarity), self-loops, and with `hubs` > 0 a few vertices that take
// a large share of the edges, as in news graphs.
std::unique_ptr<KnowledgeGraph> RandomGraph(std::mt19937& rng, int n, int edges, int hubs) {
  std::uniform_int_distribution<int> vertex(0, n - 1), hub(0, std::max(hubs, 1) - 1);
  std::uniform_int_distribution<int> relation(0, 2), coin(0, 3);
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back("v" + std::to_string(i));
  std::vector<TestEdge> list;
  for (int i = 0; i < edges; ++i) {
    int s = vertex(rng), o = vertex(rng);
    if (hubs > 0 && coin(rng) == 0) (coin(rng) % 2 ? s : o) = hub(rng);
    if (coin(rng) == 0 && !list.empty()) {  // a parallel edge to an earlier one
      const TestEdge& earlier = list[std::uniform_int_distribution<size_t>(0, list.size() - 1)(rng)];
      list.push_back({earlier.subject, std::string(1, 'a' + relation(rng)), earlier.object, 1,
                      coin(rng) == 0});
      continue;
    }
    list.push_back({names[s], std::string(1, 'a' + relation(rng)), names[o], 1, coin(rng) == 0});
  }
  return MakeGraph(names, list);
}

PathOptions RandomOptions(std::mt19937& rng, const KnowledgeGraph& g) {
  PathOptions options;
  std::uniform_int_distribution<int> pick(0, 5);
  options.direction = static_cast<Direction>(pick(rng) % 3);
  options.max_length = pick(rng) <= 2 ? 0 : static_cast<uint32_t>(pick(rng));
  options.max_results = 1 + pick(rng) * 3;
  if (pick(rng) == 0) options.filter.negative = pick(rng) % 2 == 0;
  if (pick(rng) <= 1) {
    for (RelationId r = 0; r < g.relation_count(); ++r) {
      if (pick(rng) % 2 == 0) options.filter.relations.push_back(r);
    }
  }
  return options;
}

TEST(FewestHopsTest, ShortestPathMatchesOneSidedSearchOnRandomMultigraphs) {
  std::mt19937 rng(424242);
  size_t compared = 0, found = 0;
  for (int round = 0; round < 400; ++round) {
    const int n = 2 + round % 40;
    const int hubs = round % 3 == 0 ? 0 : 1 + round % 4;
    auto g = RandomGraph(rng, n, n * (1 + round % 4), hubs);
    ASSERT_NE(g, nullptr);
    const Adjacency adj(*g);
    std::uniform_int_distribution<VertexId> vertex(0, static_cast<VertexId>(g->vertex_count() - 1));
    for (int query = 0; query < 25; ++query) {
      const PathOptions options = RandomOptions(rng, *g);
      const VertexId from = vertex(rng), to = query % 10 == 0 ? from : vertex(rng);
      const std::optional<Path> expected = ReferencePath(*g, adj, from, to, options);
      auto got = ShortestPath(*g, from, to, options);
      ++compared;
      if (!expected) {
        ASSERT_TRUE(got.status().IsNotFound()) << "round " << round << " query " << query;
        continue;
      }
      ++found;
      ASSERT_TRUE(got.ok()) << got.status().message();
      ASSERT_EQ(Describe(*g, *got), Describe(*g, expected))
          << "round " << round << " query " << query << " from " << from << " to " << to;
      ASSERT_EQ(got->start, from);
      for (size_t i = 0; i < got->hops.size(); ++i) {
        const Hop& a = got->hops[i];
        const Hop& b = expected->hops[i];
        ASSERT_TRUE(a.from == b.from && a.to == b.to && a.edge == b.edge && a.forward == b.forward);
      }
    }
  }
  EXPECT_GT(found, compared / 3);  // the graphs are connected enough to test something
}

TEST(FewestHopsTest, LongPathsMatchOneSidedSearch) {
  // Ladders: each vertex joined to the next few, either way, with parallel
  // edges and self-loops, so fewest-hop paths are long and tie everywhere.
  std::mt19937 rng(2718);
  for (int round = 0; round < 30; ++round) {
    const int n = 60 + round * 10;
    std::uniform_int_distribution<int> reach(1, 3), coin(0, 3);
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) names.push_back("v" + std::to_string(i));
    std::vector<TestEdge> edges;
    for (int i = 0; i < n; ++i) {
      for (int k = coin(rng) % 3; k >= 0; --k) {
        const int j = std::min(n - 1, i + reach(rng));
        const bool backwards = coin(rng) == 0;
        edges.push_back({names[backwards ? j : i], std::string(1, 'a' + coin(rng) % 2),
                         names[backwards ? i : j], 1, coin(rng) == 0});
        if (coin(rng) == 0) edges.push_back({names[i], "a", names[i]});
      }
    }
    auto g = MakeGraph(names, edges);
    ASSERT_NE(g, nullptr);
    const Adjacency adj(*g);
    std::uniform_int_distribution<VertexId> vertex(0, static_cast<VertexId>(n - 1));
    for (int query = 0; query < 12; ++query) {
      PathOptions options;
      options.direction = static_cast<Direction>(query % 3);
      if (query % 4 == 3) options.filter.negative = false;
      const VertexId from = query < 3 ? 0 : vertex(rng);
      const VertexId to = query < 3 ? static_cast<VertexId>(n - 1) : vertex(rng);
      auto got = ShortestPath(*g, from, to, options);
      EXPECT_EQ(got.ok() ? Describe(*g, *got) : "none",
                Describe(*g, ReferencePath(*g, adj, from, to, options)))
          << "round " << round << " query " << query;
    }
  }
}

TEST(FewestHopsTest, BansMatchOneSidedSearch) {
  // Yen's spur searches: banned vertices are never entered, banned edges
  // never followed.
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const int n = 4 + round % 25;
    auto g = RandomGraph(rng, n, 3 * n, round % 2 ? 2 : 0);
    ASSERT_NE(g, nullptr);
    const Adjacency adj(*g);
    std::uniform_int_distribution<VertexId> vertex(0, static_cast<VertexId>(g->vertex_count() - 1));
    std::uniform_int_distribution<EdgeId> edge(0, static_cast<EdgeId>(g->edge_count() - 1));
    for (int query = 0; query < 20; ++query) {
      PathOptions options = RandomOptions(rng, *g);
      const VertexId from = vertex(rng), to = vertex(rng);
      SearchBans bans;
      for (int i = query % 4; i > 0; --i) {
        const VertexId v = vertex(rng);
        if (v != from && v != to) bans.vertices.push_back(v);
      }
      for (int i = query % 3; i > 0; --i) bans.edges.push_back(edge(rng));
      const uint32_t limit = options.max_length == 0 ? UINT32_MAX : options.max_length;
      auto got = FewestHopsPath(*g, from, to, limit, options, bans, nullptr);
      ASSERT_TRUE(got.ok());
      ASSERT_EQ(Describe(*g, *got), Describe(*g, ReferencePath(*g, adj, from, to, options, bans)))
          << "round " << round << " query " << query;
    }
  }
}

TEST(FewestHopsTest, AllShortestPathsMatchEnumeration) {
  std::mt19937 rng(99);
  for (int round = 0; round < 200; ++round) {
    const int n = 3 + round % 15;
    auto g = RandomGraph(rng, n, 2 * n + round % 7, round % 2);
    ASSERT_NE(g, nullptr);
    const Adjacency adj(*g);
    std::uniform_int_distribution<VertexId> vertex(0, static_cast<VertexId>(g->vertex_count() - 1));
    for (int query = 0; query < 10; ++query) {
      const PathOptions options = RandomOptions(rng, *g);
      const VertexId from = vertex(rng), to = vertex(rng);
      auto got = AllShortestPaths(*g, from, to, options);
      ASSERT_TRUE(got.ok());
      const std::vector<Path> expected = ReferenceAllPaths(*g, adj, from, to, options);
      ASSERT_EQ(got->size(), expected.size()) << "round " << round << " query " << query;
      for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(Describe(*g, (*got)[i]), Describe(*g, expected[i]))
            << "round " << round << " query " << query << " path " << i;
      }
    }
  }
}

TEST(FewestHopsTest, LongChainsAndWideLayers) {
  // A chain met in the middle, and a ladder where every level has many
  // vertices on fewest-hop paths, so the rebuilt order matters at each.
  std::vector<TestEdge> edges;
  for (int i = 0; i < 300; ++i) {
    edges.push_back({"c" + std::to_string(i), "next", "c" + std::to_string(i + 1)});
  }
  for (int level = 0; level < 6; ++level) {
    for (int i = 0; i < 8; ++i) {
      for (int j = 0; j < 8; ++j) {
        if ((i * 7 + j * 3 + level) % 4 == 0) continue;
        edges.push_back({"l" + std::to_string(level) + "_" + std::to_string(i), j % 2 ? "a" : "b",
                         "l" + std::to_string(level + 1) + "_" + std::to_string(j)});
      }
    }
  }
  for (int i = 0; i < 8; ++i) {
    edges.push_back({"s", "a", "l0_" + std::to_string(i)});
    edges.push_back({"l6_" + std::to_string(i), "a", "t"});
  }
  auto g = MakeGraph({"t", "c300"}, edges);  // targets first: low vertex ids
  ASSERT_NE(g, nullptr);
  const Adjacency adj(*g);
  for (Direction direction : {Direction::kOut, Direction::kIn, Direction::kBoth}) {
    PathOptions options;
    options.direction = direction;
    for (auto [from, to] : {std::pair<const char*, const char*>{"c0", "c300"},
                            {"c300", "c0"},
                            {"s", "t"},
                            {"t", "s"},
                            {"l3_2", "l0_5"},
                            {"c150", "c3"}}) {
      const VertexId a = *g->FindVertex(from), b = *g->FindVertex(to);
      auto got = ShortestPath(*g, a, b, options);
      const std::optional<Path> expected = ReferencePath(*g, adj, a, b, options);
      EXPECT_EQ(got.ok() ? Describe(*g, *got) : "none", Describe(*g, expected))
          << from << " to " << to << " direction " << static_cast<int>(direction);
    }
  }
}

TEST(FewestHopsTest, ConcurrentQueriesAgree) {
  // KnowledgeGraph may be read from many threads; each search uses scratch
  // state of its own thread.
  std::mt19937 rng(5);
  auto g = RandomGraph(rng, 300, 1200, 3);
  ASSERT_NE(g, nullptr);
  std::vector<std::pair<VertexId, VertexId>> queries;
  std::uniform_int_distribution<VertexId> vertex(0, static_cast<VertexId>(g->vertex_count() - 1));
  for (int i = 0; i < 200; ++i) queries.emplace_back(vertex(rng), vertex(rng));
  std::vector<std::string> expected;
  for (auto [a, b] : queries) {
    auto path = ShortestPath(*g, a, b);
    expected.push_back(path.ok() ? Describe(*g, *path) : "none");
  }
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 5; ++repeat) {
        got[t].clear();
        for (auto [a, b] : queries) {
          auto path = ShortestPath(*g, a, b);
          got[t].push_back(path.ok() ? Describe(*g, *path) : "none");
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& answers : got) EXPECT_EQ(answers, expected);
}

}  // namespace
}  // namespace kg::graph
