#include "graph/neighbourhood.h"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "graph/search_scratch.h"

namespace kg::graph {

namespace {

// Poll the cancellation flag every this many edges: often enough to stop
// within milliseconds, rarely enough to cost nothing.
constexpr size_t kCancelPollEdges = 4096;

// The search of one query: breadth-first from the centre. Which vertices it
// has reached (`seen`) and expanded (`done`) are bits from the thread's pool,
// cleared again from `reached` at the end, so that a query costs what it
// reaches: no hash insert per vertex, no pass over the graph.
class HoodSearch {
 public:
  HoodSearch(const KnowledgeGraph& graph, const NeighbourhoodOptions& options,
             const Cancellation* cancel, VertexBits& bits, Neighbourhood& result)
      : graph_(graph),
        options_(options),
        cancel_(cancel),
        bits_(bits),
        result_(result),
        any_edge_(options.filter.relations.empty() && !options.filter.negative.has_value()) {}
  ~HoodSearch() {
    for (const ReachedVertex& r : result_.reached) bits_.Clear(r.vertex);
  }
  HoodSearch(const HoodSearch&) = delete;
  HoodSearch& operator=(const HoodSearch&) = delete;

  Status Run(VertexId centre) {
    bits_.Reserve(graph_.vertex_count());
    bits_.SetSeen(centre);
    result_.reached.push_back({centre, 0});
    // Through the CSR arrays: an out-edge's target and an in-edge's source
    // sit beside the edge ids, so without a filter the Edge records
    // (elsewhere in memory) are never read.
    const KnowledgeGraph::Csr& csr = graph_.csr();
    // `reached` doubles as the BFS queue: vertices are appended in order.
    for (size_t next = 0; next < result_.reached.size(); ++next) {
      const ReachedVertex current = result_.reached[next];
      if (current.hops >= options_.hops) break;  // later entries are no closer
      bool go_on = true;
      if (options_.direction != Direction::kIn) {
        for (auto [it, end] = boost::out_edges(current.vertex, csr); it != end; ++it) {
          if (++polled_ % kCancelPollEdges == 0) {
            KG_RETURN_IF_ERROR(CheckCancelled(cancel_, "neighbourhood"));
          }
          if (!(go_on = Visit(current, (*it).idx, boost::target(*it, csr)))) break;
        }
      }
      if (go_on && options_.direction != Direction::kOut) {
        for (auto [it, end] = boost::in_edges(current.vertex, csr); it != end; ++it) {
          if (++polled_ % kCancelPollEdges == 0) {
            KG_RETURN_IF_ERROR(CheckCancelled(cancel_, "neighbourhood"));
          }
          const VertexId source = boost::source(*it, csr);
          // Under kBoth a self-loop was already followed as an out-edge.
          if (options_.direction == Direction::kBoth && source == current.vertex) continue;
          if (!(go_on = Visit(current, (*it).idx, source))) break;
        }
      }
      if (!go_on) break;
      bits_.SetDone(current.vertex);
    }
    return Status::Ok();
  }

 private:
  // Follows edge e from `current` to `other`; false when max_vertices stops
  // the search.
  bool Visit(const ReachedVertex& current, EdgeId e, VertexId other) {
    if (!any_edge_ && !options_.filter.Accepts(graph_.edge(e))) return true;
    if (!bits_.seen(other)) {
      if (options_.max_vertices != 0 && result_.reached.size() >= options_.max_vertices) {
        result_.truncated = true;
        return false;
      }
      bits_.SetSeen(other);
      result_.reached.push_back({other, current.hops + 1});
    } else if (options_.direction == Direction::kBoth && bits_.done(other)) {
      // Under kBoth an edge is followed from both ends; the end expanded
      // first has listed it already.
      return true;
    }
    if (options_.subgraph) result_.subgraph.edges.push_back(e);
    return true;
  }

  const KnowledgeGraph& graph_;
  const NeighbourhoodOptions& options_;
  const Cancellation* cancel_;
  VertexBits& bits_;
  Neighbourhood& result_;
  const bool any_edge_;  // the filter accepts every edge
  size_t polled_ = 0;
};

}  // namespace

Result<Neighbourhood> FindNeighbourhood(const KnowledgeGraph& graph, VertexId centre,
                                        const NeighbourhoodOptions& options,
                                        const Cancellation* cancel) {
  if (centre >= graph.vertex_count()) {
    return Status::InvalidArgument("vertex " + std::to_string(centre) + " is not in the graph");
  }
  KG_RETURN_IF_ERROR(CheckCancelled(cancel, "neighbourhood"));
  Neighbourhood result;
  if (options.hops <= 1) {  // the answer's size is known to within duplicates
    const size_t most = 1 + graph.out_degree(centre) + graph.in_degree(centre);
    result.reached.reserve(options.max_vertices == 0 ? most
                                                     : std::min(most, options.max_vertices));
  }
  {
    ScratchLease<VertexBits> bits;
    HoodSearch search(graph, options, cancel, *bits, result);
    KG_RETURN_IF_ERROR(search.Run(centre));
  }
  KG_RETURN_IF_ERROR(CheckCancelled(cancel, "neighbourhood"));
  if (!options.subgraph) return result;
  // Every edge end is a reached vertex (an edge is kept only once its far end
  // is reached), and `reached` is unique and nearest first, so it is the
  // vertex list; the edges were listed once each, in the order followed.
  result.subgraph.vertices.reserve(result.reached.size());
  for (const ReachedVertex& r : result.reached) result.subgraph.vertices.push_back(r.vertex);
  result.subgraph.focus.push_back(centre);
  return result;
}

}  // namespace kg::graph
