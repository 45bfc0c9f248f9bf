// FindNeighbourhood against a plain breadth-first search with hash sets and
// a SubgraphBuilder, on many random multigraphs: the same reached vertices
// in the same order, the same truncation and the same subgraph.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "graph/neighbourhood.h"
#include "graph/subgraph.h"
#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

using testing::MakeGraph;
using testing::TestEdge;

// The documented behaviour, written the simple way.
Neighbourhood ReferenceNeighbourhood(const KnowledgeGraph& graph, VertexId centre,
                                     const NeighbourhoodOptions& options) {
  Neighbourhood result;
  std::unordered_set<VertexId> seen{centre};
  SubgraphBuilder builder(graph);
  builder.AddFocus(centre);
  result.reached.push_back({centre, 0});
  for (size_t next = 0; next < result.reached.size(); ++next) {
    const ReachedVertex current = result.reached[next];
    if (current.hops >= options.hops) break;
    auto visit = [&](EdgeId e, VertexId other) -> bool {
      if (!options.filter.Accepts(graph.edge(e))) return true;
      if (!seen.contains(other)) {
        if (options.max_vertices != 0 && result.reached.size() >= options.max_vertices) {
          result.truncated = true;
          return false;
        }
        seen.insert(other);
        result.reached.push_back({other, current.hops + 1});
      }
      builder.AddEdge(e);
      return true;
    };
    bool go_on = true;
    if (options.direction != Direction::kIn) {
      for (EdgeId e : graph.out_edges(current.vertex)) {
        if (!(go_on = visit(e, graph.edge(e).target))) break;
      }
    }
    if (go_on && options.direction != Direction::kOut) {
      for (EdgeId e : graph.in_edges(current.vertex)) {
        if (!(go_on = visit(e, graph.edge(e).source))) break;
      }
    }
    if (!go_on) break;
  }
  if (!options.subgraph) return result;
  SubgraphBuilder ordered(graph);
  ordered.AddFocus(centre);
  for (const ReachedVertex& r : result.reached) ordered.AddVertex(r.vertex);
  ordered.AddSubgraph(std::move(builder).Build());
  result.subgraph = std::move(ordered).Build();
  return result;
}

std::string Describe(const Neighbourhood& n) {
  std::string out = n.truncated ? "truncated; " : "";
  for (const ReachedVertex& r : n.reached) {
    out += std::to_string(r.vertex) + ":" + std::to_string(r.hops) + " ";
  }
  out += "| vertices";
  for (VertexId v : n.subgraph.vertices) out += " " + std::to_string(v);
  out += " | edges";
  for (EdgeId e : n.subgraph.edges) out += " " + std::to_string(e);
  out += " | focus";
  for (VertexId v : n.subgraph.focus) out += " " + std::to_string(v);
  return out;
}

TEST(NeighbourhoodReferenceTest, MatchesPlainSearchOnRandomMultigraphs) {
  std::mt19937 rng(31337);
  for (int round = 0; round < 300; ++round) {
    const int n = 2 + round % 30;
    std::uniform_int_distribution<int> vertex(0, n - 1), small(0, 3);
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) names.push_back("v" + std::to_string(i));
    std::vector<TestEdge> edges;
    for (int i = 0; i < n * (1 + round % 6); ++i) {  // hub degree up to ~90
      int s = vertex(rng), o = vertex(rng);
      if (small(rng) == 0) s = 0;  // vertex 0 is a hub
      if (small(rng) == 0) o = s;  // self-loops
      edges.push_back({names[s], std::string(1, 'a' + small(rng) % 3), names[o], 1,
                       small(rng) == 0});
      if (small(rng) == 0) edges.push_back(edges.back());  // exact parallel edges
    }
    auto g = MakeGraph(names, edges);
    ASSERT_NE(g, nullptr);
    for (int query = 0; query < 20; ++query) {
      NeighbourhoodOptions options;
      options.hops = static_cast<uint32_t>(small(rng));
      options.direction = static_cast<Direction>(small(rng) % 3);
      options.max_vertices = small(rng) == 0 ? static_cast<size_t>(1 + vertex(rng)) : 0;
      options.subgraph = small(rng) != 0;
      if (small(rng) == 0) options.filter.negative = small(rng) % 2 == 0;
      if (small(rng) == 0) options.filter.relations.push_back(small(rng) % g->relation_count());
      const VertexId centre = static_cast<VertexId>(vertex(rng));
      auto got = FindNeighbourhood(*g, centre, options);
      ASSERT_TRUE(got.ok()) << got.status().message();
      ASSERT_EQ(Describe(*got), Describe(ReferenceNeighbourhood(*g, centre, options)))
          << "round " << round << " query " << query << " centre " << centre << " hops "
          << options.hops << " direction " << static_cast<int>(options.direction);
    }
  }
}

}  // namespace
}  // namespace kg::graph
