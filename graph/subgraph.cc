#include "graph/subgraph.h"

#include <algorithm>

#include "graph/paths.h"

namespace kg::graph {

void SubgraphBuilder::AddVertex(VertexId v) {
  if (seen_vertices_.insert(v).second) result_.vertices.push_back(v);
}

void SubgraphBuilder::AddEdge(EdgeId e) {
  if (!seen_edges_.insert(e).second) return;
  const Edge& edge = graph_.edge(e);
  AddVertex(edge.source);
  AddVertex(edge.target);
  result_.edges.push_back(e);
}

void SubgraphBuilder::AddPath(const Path& path) {
  AddVertex(path.start);
  for (const Hop& hop : path.hops) AddEdge(hop.edge);
}

void SubgraphBuilder::AddFocus(VertexId v) {
  AddVertex(v);
  if (seen_focus_.insert(v).second) result_.focus.push_back(v);
}

void SubgraphBuilder::AddSubgraph(const Subgraph& other) {
  for (VertexId v : other.vertices) AddVertex(v);
  for (EdgeId e : other.edges) AddEdge(e);
  for (VertexId v : other.focus) AddFocus(v);
}

Subgraph SubgraphBuilder::Build() && { return std::move(result_); }

std::vector<EdgeId> IncidentEdges(const KnowledgeGraph& graph, VertexId v, Direction direction,
                                  const EdgeFilter& filter) {
  std::vector<EdgeId> found;
  if (direction != Direction::kIn) {
    for (EdgeId e : graph.out_edges(v)) {
      if (filter.Accepts(graph.edge(e))) found.push_back(e);
    }
  }
  if (direction != Direction::kOut) {
    for (EdgeId e : graph.in_edges(v)) {
      const Edge& edge = graph.edge(e);
      // A self-loop is both an out- and an in-edge; list it once.
      if (direction == Direction::kBoth && edge.source == v) continue;
      if (filter.Accepts(edge)) found.push_back(e);
    }
  }
  std::sort(found.begin(), found.end(), [&graph](EdgeId a, EdgeId b) {
    uint32_t ca = graph.edge(a).article_count, cb = graph.edge(b).article_count;
    return ca != cb ? ca > cb : a < b;
  });
  return found;
}

Subgraph SubgraphFromEdges(const KnowledgeGraph& graph, std::span<const EdgeId> edges,
                           std::span<const VertexId> focus) {
  SubgraphBuilder builder(graph);
  for (VertexId v : focus) builder.AddFocus(v);
  for (EdgeId e : edges) builder.AddEdge(e);
  return std::move(builder).Build();
}

Subgraph SubgraphFromPaths(const KnowledgeGraph& graph, std::span<const Path> paths) {
  SubgraphBuilder builder(graph);
  if (!paths.empty()) {
    builder.AddFocus(paths.front().start);
    builder.AddFocus(paths.front().end());
  }
  for (const Path& path : paths) builder.AddPath(path);
  return std::move(builder).Build();
}

}  // namespace kg::graph
