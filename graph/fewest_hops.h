// Fewest-hop path searches (PathWeight::kHops) that grow from both ends.
//
// A breadth-first search from one end of a power-law graph reaches a hub
// within a hop or two and then most of the graph; growing whichever frontier
// has fewer edges to follow, from both ends, meets in the middle after a tiny
// fraction of that. The answer must not change with the search strategy, so
// the path returned is still the one the one-sided search picks (see
// FewestHopsPath); it is rebuilt from the vertices that lie on some fewest-hop
// path, which the two searches have already bounded.
//
// Used by graph/paths.cc; the contracts users see are in graph/paths.h.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "graph/cancellation.h"
#include "graph/knowledge_graph.h"
#include "graph/paths.h"
#include "graph/status.h"

namespace kg::graph {

// What one search may not use: Yen's spur searches ban the root of the path
// so far (vertices) and the hops that accepted paths with the same root took
// next (edges). Both lists are short.
struct SearchBans {
  std::vector<VertexId> vertices;
  std::vector<EdgeId> edges;
};

// The fewest-hop path from `from` to `to` with at most max_hops hops, using
// the edges options.direction and options.filter allow and avoiding `bans`
// (options.weight, max_length and max_results are not read). nullopt when
// there is none. The path is exactly the one this breadth-first search
// gives: start at `from`; take the queue's vertices in order and follow
// each one's out-edges, then its in-edges (as the direction allows), each
// in EdgeId order, skipping self-loops; the first edge to reach a vertex is
// its way in; stop when `to` is reached. `from` == `to` gives the empty
// path. Preconditions: both are vertices of `graph`. Errors: Cancelled.
Result<std::optional<Path>> FewestHopsPath(const KnowledgeGraph& graph, VertexId from,
                                           VertexId to, uint32_t max_hops,
                                           const PathOptions& options, const SearchBans& bans,
                                           const Cancellation* cancel);

// Every fewest-hop path from `from` to `to` (at most options.max_length hops
// when set), at most options.max_results of them, in lexicographic order of
// their (EdgeId, forward first) hops; empty when there is none. Same
// preconditions and errors as FewestHopsPath.
Result<std::vector<Path>> AllFewestHopsPaths(const KnowledgeGraph& graph, VertexId from,
                                             VertexId to, const PathOptions& options,
                                             const Cancellation* cancel);

}  // namespace kg::graph
