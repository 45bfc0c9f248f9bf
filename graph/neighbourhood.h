// Neighbourhood: the entities within k hops of one entity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "graph/cancellation.h"
#include "graph/knowledge_graph.h"
#include "graph/status.h"
#include "graph/subgraph.h"

namespace kg::graph {

struct NeighbourhoodOptions {
  uint32_t hops = 1;                       // 0 gives the centre alone
  Direction direction = Direction::kBoth;  // which edges to follow
  EdgeFilter filter;                       // relations and polarity to follow
  size_t max_vertices = 0;                 // stop after this many; 0 = no limit
  // Also collect the subgraph (for drawing and edge listings). Counting and
  // listing the reached entities do not need it, and it costs one hash
  // insert per edge followed.
  bool subgraph = true;
};

struct ReachedVertex {
  VertexId vertex = 0;
  uint32_t hops = 0;  // fewest hops from the centre
};

struct Neighbourhood {
  // Breadth-first order: the centre first (hops 0), then by distance, and
  // within one distance in edge order.
  std::vector<ReachedVertex> reached;
  // The reached vertices and every accepted edge followed from a vertex
  // closer than `hops` (so it includes edges between two reached vertices at
  // the same or neighbouring distances, but not edges among the outermost
  // ring). The centre is the focus. Empty when options.subgraph is false.
  Subgraph subgraph;
  bool truncated = false;  // max_vertices stopped the search
};

// Breadth-first search from `centre`. Errors: InvalidArgument when centre is
// not a vertex of `graph`; Cancelled when `cancel` is set during the search.
Result<Neighbourhood> FindNeighbourhood(const KnowledgeGraph& graph, VertexId centre,
                                        const NeighbourhoodOptions& options = {},
                                        const Cancellation* cancel = nullptr);

}  // namespace kg::graph
