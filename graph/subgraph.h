// Subgraph: a set of vertices and edges picked out of a KnowledgeGraph, for
// display (graph/dot_writer.h) and for listing "who R X" answers.
//
// A Subgraph borrows nothing: it holds ids only, valid for the graph that
// produced them.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_set>
#include <vector>

#include "graph/knowledge_graph.h"

namespace kg::graph {

struct Hop;
struct Path;

struct Subgraph {
  std::vector<VertexId> vertices;  // unique, in the order they were added
  std::vector<EdgeId> edges;       // unique; both ends are in `vertices`
  std::vector<VertexId> focus;     // vertices to emphasise (query endpoints)

  bool empty() const { return vertices.empty(); }
};

// Collects vertices and edges without duplicates. Adding an edge adds its
// ends. Not thread-safe; one builder per query.
class SubgraphBuilder {
 public:
  explicit SubgraphBuilder(const KnowledgeGraph& graph) : graph_(graph) {}

  void AddVertex(VertexId v);
  void AddEdge(EdgeId e);
  void AddPath(const Path& path);
  void AddFocus(VertexId v);  // also adds the vertex
  void AddSubgraph(const Subgraph& other);

  Subgraph Build() &&;

 private:
  const KnowledgeGraph& graph_;
  Subgraph result_;
  std::unordered_set<VertexId> seen_vertices_;
  std::unordered_set<EdgeId> seen_edges_;
  std::unordered_set<VertexId> seen_focus_;
};

// The edges at `v` that pass `filter`: out-edges (v is the subject), in-edges
// (v is the object) or both; for kBoth a self-loop is listed once. Sorted by
// descending article_count, then EdgeId, so the best-supported come first.
// This answers "who supports X": IncidentEdges(g, x, kIn, {supports}).
std::vector<EdgeId> IncidentEdges(const KnowledgeGraph& graph, VertexId v, Direction direction,
                                  const EdgeFilter& filter = {});

// A subgraph of `edges` and their ends, with `focus` emphasised.
Subgraph SubgraphFromEdges(const KnowledgeGraph& graph, std::span<const EdgeId> edges,
                           std::span<const VertexId> focus = {});

// The union of `paths`, with the first path's endpoints as focus.
Subgraph SubgraphFromPaths(const KnowledgeGraph& graph, std::span<const Path> paths);

}  // namespace kg::graph
