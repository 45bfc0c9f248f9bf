#include "graph/fewest_hops.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <utility>

#include "graph/search_scratch.h"

namespace kg::graph {

namespace {

constexpr size_t kCancelPollSteps = 4096;

// The fields of a vertex's scratch slot.
enum Field : size_t {
  kForward,   // hops from `from`, once the forward search has reached it
  kBackward,  // hops to `to`, once the backward search has reached it
  kFlags,     // kBanned | kGood | kDead
  kFieldCount,
};
constexpr uint32_t kBanned = 1;
// Whether a vertex the forward side reached at level k has a path of
// distance - k hops to `to` (is on a fewest-hop path), once known: kGood
// yes, kDead no.
constexpr uint32_t kGood = 2;
constexpr uint32_t kDead = 4;
// Up to this forward depth, whether a vertex is on a fewest-hop path is
// found on demand (depth-first, recursive); beyond it, level by level.
constexpr uint32_t kMaxOnDemandDepth = 32;

using Table = VertexTable<kFieldCount>;
constexpr uint32_t kUnset = Table::kUnset;

Direction Reverse(Direction d) {
  switch (d) {
    case Direction::kOut:
      return Direction::kIn;
    case Direction::kIn:
      return Direction::kOut;
    case Direction::kBoth:
      return Direction::kBoth;
  }
  return d;
}

// How many edges a search following `direction` looks at from v.
uint64_t Degree(const KnowledgeGraph& graph, VertexId v, Direction direction) {
  uint64_t degree = 0;
  if (direction != Direction::kIn) degree += graph.out_degree(v);
  if (direction != Direction::kOut) degree += graph.in_degree(v);
  return degree;
}

// One end of the bidirectional search: what it reached, in breadth-first
// order and cut into levels.
struct Side {
  Direction direction;  // the way this side follows edges
  Field field;          // where it writes its distances
  std::vector<VertexId> order;
  std::vector<size_t> starts;  // level k begins at order[starts[k]]
  uint32_t depth = 0;          // the last complete level
  uint64_t frontier_cost = 0;  // edges to look at to expand level `depth`

  std::span<const VertexId> Level(uint32_t k) const {
    const size_t end = k + 1 < starts.size() ? starts[k + 1] : order.size();
    return {order.data() + starts[k], order.data() + end};
  }
};

// Why the path can be rebuilt from one end: the one-sided search orders each
// level by (order of the parent, position of the edge among the parent's
// steps), so by induction a vertex's way in from `from` is the
// lexicographically smallest fewest-hop path to it, comparing paths step by
// step by that position. The path to `to` is therefore found greedily: from
// `from`, take each vertex's first step that stays on a fewest-hop path to
// `to`. Which vertices do is known from the two searches: beyond the forward
// side's levels, a step to vertex w at level k stays on one exactly when the
// backward side reached w at distance - k; within them, when w leads on to
// the backward side's frontier in the remaining hops.
class FewestHopsSearch {
 public:
  FewestHopsSearch(const KnowledgeGraph& graph, VertexId from, VertexId to,
                   const PathOptions& options, const SearchBans& bans,
                   const Cancellation* cancel, Table& table)
      : graph_(graph),
        from_(from),
        to_(to),
        options_(options),
        bans_(bans),
        cancel_(cancel),
        table_(table),
        any_edge_(options.filter.relations.empty() && !options.filter.negative.has_value()),
        has_bans_(!bans.vertices.empty() || !bans.edges.empty()) {}

  // Finds the distance with both searches; false when it exceeds max_hops
  // or `to` is out of reach. Precondition: from != to.
  Result<bool> Run(uint32_t max_hops) {
    table_.Begin(graph_.vertex_count());
    for (VertexId v : bans_.vertices) {
      if (v == to_) return false;  // never reachable
      if (v != from_) table_.Set(v, kFlags, kBanned);
    }
    forward_ = Side{options_.direction, kForward, {from_}, {0}, 0,
                    Degree(graph_, from_, options_.direction)};
    const Direction back = Reverse(options_.direction);
    backward_ = Side{back, kBackward, {to_}, {0}, 0, Degree(graph_, to_, back)};
    table_.Set(from_, kForward, 0);
    table_.Set(to_, kBackward, 0);
    while (true) {
      // Neither side has met the other, so every path is longer than this.
      if (forward_.depth + backward_.depth >= max_hops) return false;
      const bool forward = forward_.frontier_cost <= backward_.frontier_cost;
      Side& side = forward ? forward_ : backward_;
      Result<bool> met = Expand(side, forward ? backward_ : forward_);
      if (!met.ok()) return met.status();
      if (*met) break;
      if (side.Level(side.depth).empty()) return false;
    }
    distance_ = forward_.depth + backward_.depth + 1;
    if (forward_.depth > kMaxOnDemandDepth) {
      KG_RETURN_IF_ERROR(MarkForwardLevels(1));
    } else if (forward_.depth > 0 && FrontierCost(backward_, backward_.depth) <= scanned_) {
      // Marking the forward frontier from the backward one costs no more than
      // the search did and spares scanning the forward frontier's hubs.
      KG_RETURN_IF_ERROR(MarkForwardLevels(forward_.depth));
    }
    return true;
  }

  uint32_t distance() const { return distance_; }

  // Whether w, reached by an allowed step from a vertex at `level` - 1 on a
  // fewest-hop path, is on one too. Precondition: Run returned true.
  bool OnFewestHopPath(VertexId w, uint32_t level) {
    if (level <= forward_.depth) return table_.Get(w, kForward) == level && LeadsOn(w, level);
    return table_.Get(w, kBackward) == distance_ - level;
  }

  // The one-sided search's path: greedily the first step on a fewest-hop
  // path. Precondition: Run returned true.
  Result<Path> Rebuild() {
    Path path{from_, {}, static_cast<double>(distance_)};
    path.hops.reserve(distance_);
    VertexId v = from_;
    for (uint32_t level = 1; level <= distance_; ++level) {
      KG_RETURN_IF_ERROR(Poll());
      std::optional<Hop> next;
      if (level <= forward_.depth) {
        ForEachStep(v, forward_.direction, [&](const Hop& hop) {
          if (!OnFewestHopPath(hop.to, level)) return true;
          next = hop;
          return false;
        });
      } else {
        next = FirstStepToBackwardSide(v, level);
      }
      if (!next) return Status::Internal("fewest-hop search lost its path");
      path.hops.push_back(*next);
      v = next->to;
    }
    if (v != to_) return Status::Internal("fewest-hop search lost its path");
    return path;
  }

  // Calls visit(hop) for every step from v the options and bans allow, in
  // the one-sided search's order: out-edges, then in-edges, each in EdgeId
  // order (the CSR keeps out-edges by EdgeId, and Boost builds the in-edge
  // lists with a stable counting sort over them); self-loops never lie on a
  // loopless path and are skipped. Stops early when visit returns false.
  template <typename Visit>
  bool ForEachStep(VertexId v, Direction direction, Visit&& visit) const {
    // Through the CSR arrays: an out-edge's target and an in-edge's source
    // sit beside the edge ids, so a walk without a filter never touches the
    // Edge records, which lie elsewhere in memory.
    const KnowledgeGraph::Csr& csr = graph_.csr();
    if (direction != Direction::kIn) {
      for (auto [it, end] = boost::out_edges(v, csr); it != end; ++it) {
        const EdgeId e = (*it).idx;
        const VertexId to = boost::target(*it, csr);
        if (to == v || !Allowed(e, to)) continue;
        if (!visit(Hop{v, e, to, true})) return false;
      }
    }
    if (direction != Direction::kOut) {
      for (auto [it, end] = boost::in_edges(v, csr); it != end; ++it) {
        const EdgeId e = (*it).idx;
        const VertexId to = boost::source(*it, csr);
        if (to == v || !Allowed(e, to)) continue;
        if (!visit(Hop{v, e, to, false})) return false;
      }
    }
    return true;
  }

  Status Poll() {
    if (++steps_ % kCancelPollSteps != 0) return Status::Ok();
    return CheckCancelled(cancel_, "path search");
  }

 private:
  uint32_t Flags(VertexId v) const {
    const uint32_t flags = table_.Get(v, kFlags);
    return flags == kUnset ? 0 : flags;
  }

  bool Allowed(EdgeId e, VertexId to) const {
    if (!any_edge_ && !options_.filter.Accepts(graph_.edge(e))) return false;
    if (!has_bans_) return true;
    if ((Flags(to) & kBanned) != 0) return false;
    return std::find(bans_.edges.begin(), bans_.edges.end(), e) == bans_.edges.end();
  }

  // Expands the frontier of `side` by one level; true as soon as it reaches
  // a vertex the other side has reached (the rest of the level is skipped).
  Result<bool> Expand(Side& side, const Side& other) {
    const size_t begin = side.starts[side.depth], end = side.order.size();
    side.starts.push_back(end);
    side.frontier_cost = 0;
    const uint32_t next = side.depth + 1;
    for (size_t i = begin; i < end; ++i) {
      KG_RETURN_IF_ERROR(Poll());
      bool met = false;
      scanned_ += Degree(graph_, side.order[i], side.direction);
      ForEachStep(side.order[i], side.direction, [&](const Hop& hop) {
        if (table_.Get(hop.to, side.field) != kUnset) return true;
        table_.Set(hop.to, side.field, next);
        if (table_.Get(hop.to, other.field) != kUnset) {
          met = true;
          return false;
        }
        side.order.push_back(hop.to);
        side.frontier_cost += Degree(graph_, hop.to, side.direction);
        return true;
      });
      if (met) return true;
    }
    side.depth = next;
    return false;
  }

  uint64_t FrontierCost(const Side& side, uint32_t level) const {
    uint64_t cost = 0;
    for (VertexId v : side.Level(level)) cost += Degree(graph_, v, side.direction);
    return cost;
  }

  // Whether w, at level `level` <= forward_.depth of the forward side, has a
  // path of distance_ - level hops to `to`. Depth-first with early exit;
  // the answer is kept in w's flags.
  bool LeadsOn(VertexId w, uint32_t level) {
    const uint32_t flags = Flags(w);
    if ((flags & kGood) != 0) return true;
    if ((flags & kDead) != 0 || level >= marked_from_) return false;
    if (level == forward_.depth) return StepsToFrontier(w, flags);
    const bool leads = !ForEachStep(w, forward_.direction, [&](const Hop& hop) {
      return !(table_.Get(hop.to, kForward) == level + 1 && LeadsOn(hop.to, level + 1));
    });
    table_.Set(w, kFlags, flags | (leads ? kGood : kDead));
    return leads;
  }

  // LeadsOn for the forward frontier: whether w steps to the backward
  // frontier. Scanning the frontier's hubs one by one can cost more than
  // marking the whole frontier from the backward side once, so once these
  // scans have looked at that many edges, the frontier is marked instead.
  bool StepsToFrontier(VertexId w, uint32_t flags) {
    const uint32_t a = forward_.depth, b = backward_.depth;
    if (!frontier_budget_) frontier_budget_ = FrontierCost(backward_, b);
    bool exhausted = false;
    const bool leads = !ForEachStep(w, forward_.direction, [&](const Hop& hop) {
      if (table_.Get(hop.to, kBackward) == b) return false;
      if (*frontier_budget_ == 0) {
        exhausted = true;
        return false;
      }
      --*frontier_budget_;
      return true;
    });
    if (exhausted) {
      std::vector<VertexId> unused;
      MarkLevel(a, backward_.Level(b), unused);
      marked_from_ = a;
      return (Flags(w) & kGood) != 0;
    }
    table_.Set(w, kFlags, flags | (leads ? kGood : kDead));
    return leads;
  }

  // The first step from v (on a fewest-hop path at level - 1, beyond the
  // forward side's levels) to a vertex on one at `level`: one the backward
  // side reached at distance_ - level. Found by scanning v's steps, or, when
  // that would cost more, the reverse steps of every such vertex for v.
  std::optional<Hop> FirstStepToBackwardSide(VertexId v, uint32_t level) {
    const uint32_t remaining = distance_ - level;
    const std::span<const VertexId> candidates = backward_.Level(remaining);
    uint64_t budget = std::numeric_limits<uint64_t>::max();
    if (Degree(graph_, v, forward_.direction) > candidates.size()) {
      budget = FrontierCost(backward_, remaining);
    }
    std::optional<Hop> found;
    bool exhausted = false;
    ForEachStep(v, forward_.direction, [&](const Hop& hop) {
      if (table_.Get(hop.to, kBackward) == remaining) {
        found = hop;
        return false;
      }
      if (budget-- == 0) {
        exhausted = true;
        return false;
      }
      return true;
    });
    if (!exhausted) return found;
    // v's first such step: out-edges before in-edges, then by EdgeId.
    uint64_t best = std::numeric_limits<uint64_t>::max();
    for (VertexId w : candidates) {
      ForEachStep(w, backward_.direction, [&](const Hop& back) {
        if (back.to != v) return true;
        const bool out_edge = !back.forward;  // w came in through its in-edge
        const uint64_t key = (uint64_t{out_edge ? 0u : 1u} << 32) | back.edge;
        if (key < best) {
          best = key;
          found = Hop{v, back.edge, w, out_edge};
        }
        return true;
      });
    }
    return found;
  }

  // Marks kGood exactly the vertices of the forward side's level k that
  // step to a vertex of `next` (the marked level k + 1, or the backward
  // frontier for k == depth), appending them to `good` unless already
  // marked. Scans whichever side of the gap has fewer edges.
  void MarkLevel(uint32_t k, std::span<const VertexId> next, std::vector<VertexId>& good) {
    const uint32_t a = forward_.depth, b = backward_.depth;
    auto leads_on = [&](VertexId w) {
      return k == a ? table_.Get(w, kBackward) == b
                    : table_.Get(w, kForward) == k + 1 && (Flags(w) & kGood) != 0;
    };
    auto mark = [&](VertexId v) {
      const uint32_t flags = Flags(v);
      if ((flags & kGood) != 0) return;
      table_.Set(v, kFlags, flags | kGood);
      good.push_back(v);
    };
    uint64_t backward_cost = 0;
    for (VertexId w : next) backward_cost += Degree(graph_, w, backward_.direction);
    if (FrontierCost(forward_, k) <= backward_cost) {
      for (VertexId v : forward_.Level(k)) {
        if (!ForEachStep(v, forward_.direction,
                         [&](const Hop& hop) { return !leads_on(hop.to); })) {
          mark(v);
        }
      }
    } else {
      for (VertexId w : next) {
        ForEachStep(w, backward_.direction, [&](const Hop& hop) {
          if (table_.Get(hop.to, kForward) == k) mark(hop.to);
          return true;
        });
      }
    }
  }

  // Marks the forward side's levels `lowest` .. depth exactly, top down.
  // Called before any LeadsOn, so every marked vertex is listed for the
  // level below. Used when the forward side is too deep for LeadsOn's
  // recursion, and for the frontier when that is cheap.
  Status MarkForwardLevels(uint32_t lowest) {
    std::vector<VertexId> good, next_good;  // this level's, the level above's
    for (uint32_t k = forward_.depth; k >= lowest; --k) {
      KG_RETURN_IF_ERROR(CheckCancelled(cancel_, "path search"));
      good.clear();
      MarkLevel(k,
                k == forward_.depth ? backward_.Level(backward_.depth)
                                    : std::span<const VertexId>(next_good),
                good);
      std::swap(good, next_good);
      marked_from_ = k;
    }
    return Status::Ok();
  }

  const KnowledgeGraph& graph_;
  const VertexId from_, to_;
  const PathOptions& options_;
  const SearchBans& bans_;
  const Cancellation* cancel_;
  Table& table_;
  const bool any_edge_;  // the filter accepts every edge
  const bool has_bans_;
  Side forward_, backward_;
  uint32_t distance_ = 0;
  // Forward levels from this one up are marked exactly (no kGood: not on a
  // fewest-hop path); below it LeadsOn finds out on demand.
  uint32_t marked_from_ = std::numeric_limits<uint32_t>::max();
  uint64_t scanned_ = 0;  // edges the searches looked at
  std::optional<uint64_t> frontier_budget_;  // see StepsToFrontier
  size_t steps_ = 0;
};

}  // namespace

Result<std::optional<Path>> FewestHopsPath(const KnowledgeGraph& graph, VertexId from,
                                           VertexId to, uint32_t max_hops,
                                           const PathOptions& options, const SearchBans& bans,
                                           const Cancellation* cancel) {
  if (from == to) return std::optional<Path>(Path{from, {}, 0});
  ScratchLease<Table> table;
  FewestHopsSearch search(graph, from, to, options, bans, cancel, *table);
  Result<bool> found = search.Run(max_hops);
  if (!found.ok()) return found.status();
  if (!*found) return std::optional<Path>();
  Result<Path> path = search.Rebuild();
  if (!path.ok()) return path.status();
  return std::optional<Path>(std::move(*path));
}

Result<std::vector<Path>> AllFewestHopsPaths(const KnowledgeGraph& graph, VertexId from,
                                             VertexId to, const PathOptions& options,
                                             const Cancellation* cancel) {
  std::vector<Path> paths;
  if (options.max_results == 0) return paths;
  if (from == to) {
    paths.push_back(Path{from, {}, 0});
    return paths;
  }
  const uint32_t max_hops =
      options.max_length == 0 ? std::numeric_limits<uint32_t>::max() : options.max_length;
  ScratchLease<Table> table;
  const SearchBans no_bans;
  FewestHopsSearch search(graph, from, to, options, no_bans, cancel, *table);
  Result<bool> found = search.Run(max_hops);
  if (!found.ok()) return found.status();
  if (!*found) return paths;

  // Depth-first over the steps that stay on fewest-hop paths, each vertex's
  // in (EdgeId, forward first) order, so paths come out in lexicographic
  // order of their hops.
  Path current{from, {}, static_cast<double>(search.distance())};
  Status status;
  std::function<void(VertexId)> extend = [&](VertexId v) {
    if (!status.ok() || paths.size() >= options.max_results) return;
    status = search.Poll();
    if (!status.ok()) return;
    if (v == to) {
      paths.push_back(current);
      return;
    }
    const uint32_t level = static_cast<uint32_t>(current.hops.size()) + 1;
    std::vector<Hop> next;
    search.ForEachStep(v, options.direction, [&](const Hop& hop) {
      if (search.OnFewestHopPath(hop.to, level)) next.push_back(hop);
      return true;
    });
    std::sort(next.begin(), next.end(), [](const Hop& a, const Hop& b) {
      return a.edge != b.edge ? a.edge < b.edge : a.forward > b.forward;
    });
    for (const Hop& hop : next) {
      current.hops.push_back(hop);
      extend(hop.to);
      current.hops.pop_back();
    }
  };
  extend(from);
  KG_RETURN_IF_ERROR(status);
  return paths;
}

}  // namespace kg::graph
