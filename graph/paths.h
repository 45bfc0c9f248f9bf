// Paths between two entities: fewest hops, best supported, all shortest and
// the k shortest (Yen).
//
// By default edges are followed either way (Direction::kBoth) because "how is
// Iran connected to Hezbollah" rarely follows subject-to-object order; each
// hop reports the real direction of its edge. Parallel edges count as
// different paths: A -supports-> B and A -funds-> B give two paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "graph/cancellation.h"
#include "graph/knowledge_graph.h"
#include "graph/status.h"

namespace kg::graph {

// One step of a path: from `from` to `to` along `edge`. `forward` is true
// when the edge runs from -> to (from is the subject), false when the path
// walks it backwards (from is the object). For a self-loop both are equal.
struct Hop {
  VertexId from = 0;
  EdgeId edge = 0;
  VertexId to = 0;
  bool forward = true;
};

struct Path {
  VertexId start = 0;
  std::vector<Hop> hops;  // empty when the path goes from start to itself
  double cost = 0;        // hop count, or the evidence weight (see PathWeight)

  VertexId end() const { return hops.empty() ? start : hops.back().to; }
  size_t length() const { return hops.size(); }
  // start, then each hop's `to`.
  std::vector<VertexId> vertices() const;
};

// How a path is scored.
enum class PathWeight {
  kHops,      // each edge costs 1
  kEvidence,  // each edge costs EvidenceWeight(): well-supported edges are cheaper
};

// The cost of `edge` under PathWeight::kEvidence: 1 / (1 + article_count).
// An edge stated in one article costs 0.5, in nine articles 0.1, so a
// two-hop path through well-attested edges beats one weak direct edge only
// when each hop has roughly three times the support. Always in (0, 1].
double EvidenceWeight(const Edge& edge);

struct PathOptions {
  Direction direction = Direction::kBoth;
  EdgeFilter filter;                      // relations and polarity a path may use
  uint32_t max_length = 0;                // most hops in a path; 0 = no limit
  size_t max_results = 10;                // cap for AllShortestPaths and KShortestPaths
  PathWeight weight = PathWeight::kHops;  // for ShortestPath and KShortestPaths
};

// The cheapest path from `from` to `to` under options.weight: fewest hops
// for kHops, Dijkstra for kEvidence (over (vertex, hops) labels when
// max_length is set, so the limit is exact). Ties are broken by edge order,
// so the same graph always gives the same answer: for kHops the path a
// breadth-first search from `from` finds when it follows each vertex's
// out-edges, then its in-edges, in EdgeId order (graph/fewest_hops.h; the
// search itself grows from both ends and costs what it touches, not the size
// of the graph). Errors: NotFound naming both entities when no
// path within max_length exists; InvalidArgument for a vertex id outside the
// graph; Cancelled when `cancel` is set.
Result<Path> ShortestPath(const KnowledgeGraph& graph, VertexId from, VertexId to,
                          const PathOptions& options = {}, const Cancellation* cancel = nullptr);

// Every path with the fewest hops (options.weight is ignored), at most
// options.max_results of them, in lexicographic order of their EdgeIds.
// Empty when there is no path. Errors as ShortestPath, except NotFound.
Result<std::vector<Path>> AllShortestPaths(const KnowledgeGraph& graph, VertexId from, VertexId to,
                                           const PathOptions& options = {},
                                           const Cancellation* cancel = nullptr);

// Up to options.max_results loopless paths in order of increasing cost under
// options.weight (Yen's algorithm; among equal costs, fewer hops first).
// Each costs about (path length) cheapest-path searches. Empty when there is
// no path. Errors as AllShortestPaths.
Result<std::vector<Path>> KShortestPaths(const KnowledgeGraph& graph, VertexId from, VertexId to,
                                         const PathOptions& options = {},
                                         const Cancellation* cancel = nullptr);

}  // namespace kg::graph
