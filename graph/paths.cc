#include "graph/paths.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "graph/fewest_hops.h"
#include "graph/search_scratch.h"

namespace kg::graph {

std::vector<VertexId> Path::vertices() const {
  std::vector<VertexId> result{start};
  for (const Hop& hop : hops) result.push_back(hop.to);
  return result;
}

double EvidenceWeight(const Edge& edge) { return 1.0 / (1.0 + edge.article_count); }

namespace {

constexpr uint32_t kNoLimit = std::numeric_limits<uint32_t>::max();
constexpr size_t kCancelPollSteps = 4096;

// Calls visit(hop) for every accepted edge leaving `v` under `direction`.
// Self-loops are skipped: they never lie on a loopless path.
template <typename Visit>
void ForEachStep(const KnowledgeGraph& graph, VertexId v, Direction direction,
                 const EdgeFilter& filter, Visit&& visit) {
  if (direction != Direction::kIn) {
    for (EdgeId e : graph.out_edges(v)) {
      const Edge& edge = graph.edge(e);
      if (edge.target != v && filter.Accepts(edge)) visit(Hop{v, e, edge.target, true});
    }
  }
  if (direction != Direction::kOut) {
    for (EdgeId e : graph.in_edges(v)) {
      const Edge& edge = graph.edge(e);
      if (edge.source != v && filter.Accepts(edge)) visit(Hop{v, e, edge.source, false});
    }
  }
}

double HopCost(const KnowledgeGraph& graph, EdgeId e, PathWeight weight) {
  return weight == PathWeight::kHops ? 1.0 : EvidenceWeight(graph.edge(e));
}

Status CheckVertices(const KnowledgeGraph& graph, VertexId from, VertexId to,
                     const Cancellation* cancel) {
  KG_RETURN_IF_ERROR(CheckCancelled(cancel, "path search"));
  for (VertexId v : {from, to}) {
    if (v >= graph.vertex_count()) {
      return Status::InvalidArgument("vertex " + std::to_string(v) + " is not in the graph");
    }
  }
  return Status::Ok();
}

uint32_t Limit(const PathOptions& options) {
  return options.max_length == 0 ? kNoLimit : options.max_length;
}

// Scratch per vertex for EvidenceSearch, from the thread's pool.
enum EvidenceField : size_t { kHead, kBanned, kEvidenceFields };
using EvidenceTable = VertexTable<kEvidenceFields>;

// Cheapest-path search under PathWeight::kEvidence for one query.
class EvidenceSearch {
 public:
  EvidenceSearch(const KnowledgeGraph& graph, const PathOptions& options, const SearchBans& bans,
                 const Cancellation* cancel, EvidenceTable& table)
      : graph_(graph), options_(options), bans_(bans), cancel_(cancel), table_(table) {
    table_.Begin(graph.vertex_count());
    for (VertexId v : bans.vertices) table_.Set(v, kBanned, 1);
  }

  // Dijkstra over (vertex, hops) labels, so that a hop limit is honoured
  // exactly: a label is kept unless another at the same vertex is no more
  // costly and, under a limit, no longer. Without a limit this is plain
  // Dijkstra. Ties go to the label created first, so answers are stable.
  Result<std::optional<Path>> Run(VertexId from, VertexId to, uint32_t max_hops) {
    const bool limited = max_hops != kNoLimit;
    AddLabel(from, 0, 0.0, 0, Hop{});
    using Entry = std::pair<double, uint32_t>;  // cost, label
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    queue.emplace(0.0, 0);
    size_t steps = 0;
    while (!queue.empty()) {
      if (++steps % kCancelPollSteps == 0) {
        KG_RETURN_IF_ERROR(CheckCancelled(cancel_, "path search"));
      }
      const uint32_t index = queue.top().second;
      queue.pop();
      const Label current = labels_[index];
      bool stale = false;
      for (uint32_t i = Head(current.vertex); i != kNone; i = labels_[i].next) {
        if (labels_[i].settled && (!limited || labels_[i].hops <= current.hops)) stale = true;
      }
      if (stale) continue;
      labels_[index].settled = true;
      if (current.vertex == to) return std::optional<Path>(Trace(from, index));
      if (current.hops >= max_hops) continue;
      ForEachStep(graph_, current.vertex, options_.direction, options_.filter, [&](const Hop& hop) {
        if (!Allowed(hop)) return;
        const double cost = current.cost + EvidenceWeight(graph_.edge(hop.edge));
        if (Dominated(hop.to, cost, current.hops + 1, limited)) return;
        queue.emplace(cost, AddLabel(hop.to, current.hops + 1, cost, index, hop));
      });
    }
    return std::optional<Path>();
  }

 private:
  struct Label {
    VertexId vertex;
    uint32_t hops;
    double cost;
    uint32_t parent;  // label index; unused for the start label
    uint32_t next;    // next label at the same vertex, or kNone
    bool settled;
    Hop hop;  // the hop into `vertex`
  };
  static constexpr uint32_t kNone = EvidenceTable::kUnset;

  bool Allowed(const Hop& hop) const {
    if (table_.Get(hop.to, kBanned) == 1) return false;
    return std::find(bans_.edges.begin(), bans_.edges.end(), hop.edge) == bans_.edges.end();
  }
  uint32_t Head(VertexId v) const { return table_.Get(v, kHead); }

  Path Trace(VertexId from, uint32_t label) const {
    Path path{from, {}, labels_[label].cost};
    for (uint32_t i = label; i != 0; i = labels_[i].parent) path.hops.push_back(labels_[i].hop);
    std::reverse(path.hops.begin(), path.hops.end());
    return path;
  }

  uint32_t AddLabel(VertexId v, uint32_t hops, double cost, uint32_t parent, const Hop& hop) {
    const uint32_t index = static_cast<uint32_t>(labels_.size());
    labels_.push_back({v, hops, cost, parent, Head(v), false, hop});
    table_.Set(v, kHead, index);
    return index;
  }

  // Whether (cost, hops) at v is no better than a label v already has.
  bool Dominated(VertexId v, double cost, uint32_t hops, bool limited) const {
    for (uint32_t i = Head(v); i != kNone; i = labels_[i].next) {
      if (labels_[i].cost <= cost && (!limited || labels_[i].hops <= hops)) return true;
    }
    return false;
  }

  const KnowledgeGraph& graph_;
  const PathOptions& options_;
  const SearchBans& bans_;
  const Cancellation* cancel_;
  EvidenceTable& table_;
  std::vector<Label> labels_;
};

// The cheapest path from -> to with at most max_hops hops that avoids
// `bans`; nullopt when there is none. Cancelled when the flag is set.
Result<std::optional<Path>> CheapestPath(const KnowledgeGraph& graph, VertexId from, VertexId to,
                                         uint32_t max_hops, const PathOptions& options,
                                         const SearchBans& bans, const Cancellation* cancel) {
  if (options.weight == PathWeight::kHops) {
    return FewestHopsPath(graph, from, to, max_hops, options, bans, cancel);
  }
  if (from == to) return std::optional<Path>(Path{from, {}, 0});
  ScratchLease<EvidenceTable> table;
  EvidenceSearch search(graph, options, bans, cancel, *table);
  return search.Run(from, to, max_hops);
}

std::string NoPathMessage(const KnowledgeGraph& graph, VertexId from, VertexId to,
                          const PathOptions& options) {
  std::string message = "no path from \"" + graph.name(from) + "\" to \"" + graph.name(to) + "\"";
  if (options.max_length != 0) {
    message += " within " + std::to_string(options.max_length) + " hops";
  }
  if (!options.filter.relations.empty() || options.filter.negative.has_value()) {
    message += " using the selected edges";
  }
  return message;
}

// Orders paths by cost, then hop count, then their EdgeIds.
struct PathLess {
  bool operator()(const Path& a, const Path& b) const {
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.hops.size() != b.hops.size()) return a.hops.size() < b.hops.size();
    for (size_t i = 0; i < a.hops.size(); ++i) {
      if (a.hops[i].edge != b.hops[i].edge) return a.hops[i].edge < b.hops[i].edge;
      if (a.hops[i].forward != b.hops[i].forward) return a.hops[i].forward;
    }
    return false;
  }
};

bool SameRoot(const Path& a, const Path& b, size_t length) {
  if (a.hops.size() < length || b.hops.size() < length) return false;
  for (size_t i = 0; i < length; ++i) {
    if (a.hops[i].edge != b.hops[i].edge || a.hops[i].to != b.hops[i].to) return false;
  }
  return true;
}

}  // namespace

Result<Path> ShortestPath(const KnowledgeGraph& graph, VertexId from, VertexId to,
                          const PathOptions& options, const Cancellation* cancel) {
  KG_RETURN_IF_ERROR(CheckVertices(graph, from, to, cancel));
  auto found = CheapestPath(graph, from, to, Limit(options), options, SearchBans{}, cancel);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::NotFound(NoPathMessage(graph, from, to, options));
  return std::move(**found);
}

Result<std::vector<Path>> AllShortestPaths(const KnowledgeGraph& graph, VertexId from, VertexId to,
                                           const PathOptions& options, const Cancellation* cancel) {
  KG_RETURN_IF_ERROR(CheckVertices(graph, from, to, cancel));
  return AllFewestHopsPaths(graph, from, to, options, cancel);
}

Result<std::vector<Path>> KShortestPaths(const KnowledgeGraph& graph, VertexId from, VertexId to,
                                         const PathOptions& options, const Cancellation* cancel) {
  KG_RETURN_IF_ERROR(CheckVertices(graph, from, to, cancel));
  std::vector<Path> accepted;
  if (options.max_results == 0) return accepted;
  const uint32_t limit = Limit(options);
  auto first = CheapestPath(graph, from, to, limit, options, SearchBans{}, cancel);
  if (!first.ok()) return first.status();
  if (!first->has_value()) return accepted;
  accepted.push_back(std::move(**first));

  std::set<Path, PathLess> candidates;
  while (accepted.size() < options.max_results) {
    const Path& previous = accepted.back();
    const std::vector<VertexId> previous_vertices = previous.vertices();
    // Each vertex of the previous path but the last is a spur: keep the root
    // up to it, and search for a new way on that no accepted path with the
    // same root already takes and that does not revisit the root.
    for (size_t i = 0; i < previous.hops.size(); ++i) {
      KG_RETURN_IF_ERROR(CheckCancelled(cancel, "path search"));
      const VertexId spur = previous_vertices[i];
      const uint32_t root_hops = static_cast<uint32_t>(i);
      if (limit != kNoLimit && root_hops >= limit) break;
      SearchBans bans;
      bans.vertices.assign(previous_vertices.begin(), previous_vertices.begin() + i);
      for (const Path& path : accepted) {
        if (SameRoot(path, previous, i) && path.hops.size() > i)
          bans.edges.push_back(path.hops[i].edge);
      }
      const uint32_t spur_limit = limit == kNoLimit ? kNoLimit : limit - root_hops;
      auto spur_path = CheapestPath(graph, spur, to, spur_limit, options, bans, cancel);
      if (!spur_path.ok()) return spur_path.status();
      if (!spur_path->has_value()) continue;
      Path candidate{from, {}, 0};
      candidate.hops.assign(previous.hops.begin(), previous.hops.begin() + i);
      for (const Hop& hop : (*spur_path)->hops) candidate.hops.push_back(hop);
      // Sum in path order so that equal paths get bit-identical costs.
      for (const Hop& hop : candidate.hops)
        candidate.cost += HopCost(graph, hop.edge, options.weight);
      candidates.insert(std::move(candidate));
    }
    // Drop candidates already accepted (found again from another spur).
    while (!candidates.empty()) {
      auto best = candidates.begin();
      bool seen = std::any_of(accepted.begin(), accepted.end(), [&](const Path& p) {
        return !PathLess()(p, *best) && !PathLess()(*best, p);
      });
      if (!seen) break;
      candidates.erase(best);
    }
    if (candidates.empty()) break;
    accepted.push_back(*candidates.begin());
    candidates.erase(candidates.begin());
  }
  return accepted;
}

}  // namespace kg::graph
