#include "graph/neighbourhood.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace kg::graph {

namespace {

// Poll the cancellation flag every this many edges: often enough to stop
// within milliseconds, rarely enough to cost nothing.
constexpr size_t kCancelPollEdges = 4096;

}  // namespace

Result<Neighbourhood> FindNeighbourhood(const KnowledgeGraph& graph, VertexId centre,
                                        const NeighbourhoodOptions& options,
                                        const Cancellation* cancel) {
  if (centre >= graph.vertex_count()) {
    return Status::InvalidArgument("vertex " + std::to_string(centre) + " is not in the graph");
  }
  KG_RETURN_IF_ERROR(CheckCancelled(cancel, "neighbourhood"));
  Neighbourhood result;
  // The reached set grows with the answer, not with the graph: a per-vertex
  // array would cost a pass over every vertex for each query.
  std::unordered_set<VertexId> seen{centre};
  SubgraphBuilder builder(graph);
  builder.AddFocus(centre);
  result.reached.push_back({centre, 0});

  size_t polled = 0;
  // `reached` doubles as the BFS queue: vertices are appended in order.
  for (size_t next = 0; next < result.reached.size(); ++next) {
    const ReachedVertex current = result.reached[next];
    if (current.hops >= options.hops) break;  // later entries are no closer
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
      if (options.subgraph) builder.AddEdge(e);
      return true;
    };
    bool go_on = true;
    if (options.direction != Direction::kIn) {
      for (EdgeId e : graph.out_edges(current.vertex)) {
        if (++polled % kCancelPollEdges == 0)
          KG_RETURN_IF_ERROR(CheckCancelled(cancel, "neighbourhood"));
        if (!(go_on = visit(e, graph.edge(e).target))) break;
      }
    }
    if (go_on && options.direction != Direction::kOut) {
      for (EdgeId e : graph.in_edges(current.vertex)) {
        if (++polled % kCancelPollEdges == 0)
          KG_RETURN_IF_ERROR(CheckCancelled(cancel, "neighbourhood"));
        if (!(go_on = visit(e, graph.edge(e).source))) break;
      }
    }
    if (!go_on) break;
  }
  KG_RETURN_IF_ERROR(CheckCancelled(cancel, "neighbourhood"));
  if (!options.subgraph) return result;
  // The builder saw every reached vertex through an edge; add them in BFS
  // order first so the subgraph lists vertices nearest first.
  SubgraphBuilder ordered(graph);
  ordered.AddFocus(centre);
  for (const ReachedVertex& r : result.reached) ordered.AddVertex(r.vertex);
  ordered.AddSubgraph(std::move(builder).Build());
  result.subgraph = std::move(ordered).Build();
  return result;
}

}  // namespace kg::graph
