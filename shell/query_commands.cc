// who, what, neighbors and path: queries whose answer is a set of edges.
// Each has a report handler (rows for people and scripts) and a subgraph
// handler (for dot and render); both share one argument parser.
#include <algorithm>
#include <cstdio>

#include "graph/neighbourhood.h"
#include "graph/paths.h"
#include "graph/subgraph.h"
#include "shell/arguments.h"
#include "shell/command_handlers.h"
#include "shell/session.h"

namespace kg::shell {
namespace {

using graph::Direction;
using graph::EdgeId;
using graph::KnowledgeGraph;
using graph::VertexId;

// "who R X" and "what does X R": one entity, one relation (or any), one way.
struct EdgeQuery {
  VertexId entity = 0;
  std::optional<graph::RelationId> relation;  // nullopt: any relation (`*`)
  Direction direction = Direction::kIn;
};

// Resolves `relation_words` and `entity_words`; the relation's error comes
// first because it is the shorter thing to fix.
Result<EdgeQuery> MakeEdgeQuery(const KnowledgeGraph& graph, std::span<const Word> relation_words,
                                std::span<const Word> entity_words, Direction direction) {
  EdgeQuery query;
  query.direction = direction;
  const std::string relation = JoinWords(relation_words);
  if (relation != "*") {
    Result<graph::RelationId> r = ResolveRelation(graph, relation);
    if (!r.ok()) return r.status();
    query.relation = *r;
  }
  Result<VertexId> v = ResolveEntity(graph, JoinWords(entity_words));
  if (!v.ok()) return v.status();
  query.entity = *v;
  return query;
}

// Tries each split of the words into (relation, entity) in `order` and keeps
// the first that resolves; otherwise the error of the first split.
template <typename SplitFn>
Result<EdgeQuery> FirstResolvingSplit(const KnowledgeGraph& graph, size_t splits, SplitFn split) {
  Status first_error;
  for (size_t i = 0; i < splits; ++i) {
    Result<EdgeQuery> query = split(i);
    if (query.ok()) return query;
    if (i == 0) first_error = query.status();
  }
  return first_error;
}

Result<EdgeQuery> ParseWho(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  std::span<const Word> args = context.args;
  // Usually one relation word, but a relation may have been typed as
  // several words ("met with").
  return FirstResolvingSplit(graph, args.size() - 1, [&](size_t i) {
    return MakeEdgeQuery(graph, args.first(i + 1), args.subspan(i + 1), Direction::kIn);
  });
}

Result<EdgeQuery> ParseWhat(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  std::span<const Word> args = context.args;
  if (args[0].quoted || (args[0].text != "does" && args[0].text != "Does")) {
    return UsageError(*FindCommand("what"), "expected \"does\" after \"what\"");
  }
  std::span<const Word> rest = args.subspan(1);
  const size_t splits = std::min<size_t>(2, rest.size() - 1);
  return FirstResolvingSplit(graph, splits, [&](size_t i) {
    const size_t relation_words = i + 1;
    return MakeEdgeQuery(graph, rest.last(relation_words), rest.first(rest.size() - relation_words),
                         Direction::kOut);
  });
}

// Best supported first; equal support in name order, so that answers read
// the same whatever order the edges were stored in.
std::vector<EdgeId> EdgesOf(const KnowledgeGraph& graph, const EdgeQuery& query) {
  graph::EdgeFilter filter;
  if (query.relation) filter.relations.push_back(*query.relation);
  std::vector<EdgeId> edges = graph::IncidentEdges(graph, query.entity, query.direction, filter);
  const bool incoming = query.direction == Direction::kIn;
  std::stable_sort(edges.begin(), edges.end(), [&](EdgeId a, EdgeId b) {
    const graph::Edge& x = graph.edge(a);
    const graph::Edge& y = graph.edge(b);
    if (x.article_count != y.article_count) return x.article_count > y.article_count;
    if (x.evidence_count != y.evidence_count) return x.evidence_count > y.evidence_count;
    return graph.name(incoming ? x.source : x.target) < graph.name(incoming ? y.source : y.target);
  });
  return edges;
}

// Asserted allied_with edges of `entity`, either way round (the relation is
// symmetric), best supported first.
Table AlliesTable(const KnowledgeGraph& graph, VertexId entity) {
  Table allies("allies", {{"ally"}, {"type"}, {"articles", true}, {"statements", true}},
               "allies (allied_with, not stated as support)");
  const std::optional<graph::RelationId> allied = graph.FindRelation("allied_with");
  if (!allied) return allies;
  for (Direction direction : {Direction::kIn, Direction::kOut}) {
    EdgeQuery query;
    query.entity = entity;
    query.relation = *allied;
    query.direction = direction;
    for (EdgeId e : EdgesOf(graph, query)) {
      const graph::Edge& edge = graph.edge(e);
      if (edge.negative) continue;
      const VertexId other = direction == Direction::kIn ? edge.source : edge.target;
      const bool listed = std::any_of(allies.rows.begin(), allies.rows.end(),
                                      [&](const auto& row) { return row[0] == graph.name(other); });
      if (listed) continue;
      allies.rows.push_back({graph.name(other), graph.type(other), std::to_string(edge.article_count),
                             std::to_string(edge.evidence_count)});
    }
  }
  return allies;
}

Status ReportEdgeQuery(CommandContext& context, const EdgeQuery& query) {
  const KnowledgeGraph& graph = context.session.graph();
  const bool incoming = query.direction == Direction::kIn;
  const std::string relation = query.relation ? graph.relation_name(*query.relation) : "*";
  const std::string role = incoming ? "subject" : "object";
  std::vector<Column> columns = {{role}, {"type"}};
  if (!query.relation) columns.push_back({"relation"});
  columns.insert(columns.end(), {{"articles", true}, {"statements", true}});
  Table asserted("asserted", columns);
  Table denied("denied", columns, "denied (not " + relation + ")");
  for (EdgeId e : EdgesOf(graph, query)) {
    const graph::Edge& edge = graph.edge(e);
    const VertexId other = incoming ? edge.source : edge.target;
    std::vector<std::string> row = {graph.name(other), graph.type(other)};
    if (!query.relation) row.push_back(graph.relation_name(edge.relation));
    row.push_back(std::to_string(edge.article_count));
    row.push_back(std::to_string(edge.evidence_count));
    (edge.negative ? denied : asserted).rows.push_back(std::move(row));
  }
  const std::string& name = graph.name(query.entity);
  Report report;
  report.heading = (incoming ? "who " + relation + " " + name : "what " + name + " " + relation) +
                   ": " + std::to_string(asserted.rows.size()) + " asserted, " +
                   std::to_string(denied.rows.size()) + " denied";
  report.fields = {{"query", incoming ? "who" : "what"}, {"entity", name}, {"relation", relation}};
  report.tables.push_back(std::move(asserted));
  // People only need the denied section when there is something in it.
  if (!denied.rows.empty() || context.session.format() != OutputFormat::kTable) {
    report.tables.push_back(std::move(denied));
  }
  if (incoming && relation == "supports") {
    // An analyst asking who supports X counts X's allies among them; they
    // are listed apart, since no sentence says "supports".
    Table allies = AlliesTable(graph, query.entity);
    if (!allies.rows.empty()) report.tables.push_back(std::move(allies));
  }
  context.session.Write(report, context.out);
  return Status::Ok();
}

Result<graph::Subgraph> EdgeQuerySubgraph(const KnowledgeGraph& graph, const EdgeQuery& query) {
  const std::vector<EdgeId> edges = EdgesOf(graph, query);
  const VertexId focus[] = {query.entity};
  return graph::SubgraphFromEdges(graph, edges, focus);
}

// --- neighbors ---------------------------------------------------------------

constexpr size_t kMaxNeighbourhood = 2000;

Result<graph::Neighbourhood> RunNeighbors(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  QueryOptions options;
  Result<std::span<const Word>> names = TakeTrailingOptions(
      graph, context.args, kDepthOption | kDirectionOption | kRelationOption, options);
  if (!names.ok()) return names.status();
  if (names->empty()) return UsageError(*FindCommand("neighbors"), "missing the entity");
  Result<VertexId> centre = ResolveEntity(graph, JoinWords(*names));
  if (!centre.ok()) return centre.status();
  graph::NeighbourhoodOptions search;
  search.hops = options.depth.value_or(1);
  search.direction = options.direction.value_or(Direction::kBoth);
  search.filter.relations = options.relations;
  search.max_vertices = kMaxNeighbourhood;
  return graph::FindNeighbourhood(graph, *centre, search, context.session.cancel());
}

std::string_view DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kIn: return "in";
    case Direction::kOut: return "out";
    case Direction::kBoth: return "both";
  }
  return "both";
}

Table EdgeTable(const KnowledgeGraph& graph, const std::vector<EdgeId>& edges) {
  Table table("edges", {{"subject"}, {"relation"}, {"object"}, {"articles", true}}, "edges");
  for (EdgeId e : edges) {
    const graph::Edge& edge = graph.edge(e);
    table.rows.push_back({graph.name(edge.source),
                          (edge.negative ? "not " : "") + graph.relation_name(edge.relation),
                          graph.name(edge.target), std::to_string(edge.article_count)});
  }
  return table;
}

// --- path --------------------------------------------------------------------

struct PathQuery {
  VertexId from = 0;
  VertexId to = 0;
  QueryOptions options;
};

Result<PathQuery> ParsePath(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  PathQuery query;
  Result<std::span<const Word>> names = TakeTrailingOptions(
      graph, context.args, kPathOptions | kRelationOption | kDirectionOption, query.options);
  if (!names.ok()) return names.status();
  if (names->size() < 2) return UsageError(*FindCommand("path"), "expected two entities");
  Result<std::pair<VertexId, VertexId>> ends = ResolveEntityPair(graph, *names);
  if (!ends.ok()) return ends.status();
  query.from = ends->first;
  query.to = ends->second;
  return query;
}

Result<std::vector<graph::Path>> RunPath(CommandContext& context, const PathQuery& query) {
  const KnowledgeGraph& graph = context.session.graph();
  graph::PathOptions options;
  options.direction = query.options.direction.value_or(Direction::kBoth);
  options.filter.relations = query.options.relations;
  options.max_length = query.options.max_length.value_or(0);
  options.weight = query.options.weighted ? graph::PathWeight::kEvidence : graph::PathWeight::kHops;
  const graph::Cancellation* cancel = context.session.cancel();
  if (query.options.all) {
    options.max_results = query.options.k.value_or(10);
    return graph::AllShortestPaths(graph, query.from, query.to, options, cancel);
  }
  if (query.options.k) {
    options.max_results = *query.options.k;
    return graph::KShortestPaths(graph, query.from, query.to, options, cancel);
  }
  Result<graph::Path> path = graph::ShortestPath(graph, query.from, query.to, options, cancel);
  if (!path.ok()) {
    if (path.status().IsNotFound()) return std::vector<graph::Path>{};
    return path.status();
  }
  return std::vector<graph::Path>{std::move(*path)};
}

std::string CostText(double cost) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", cost);
  return buffer;
}

nlohmann::ordered_json PathJson(const KnowledgeGraph& graph, const graph::Path& path, bool weighted) {
  nlohmann::ordered_json hops = nlohmann::ordered_json::array();
  for (const graph::Hop& hop : path.hops) {
    const graph::Edge& edge = graph.edge(hop.edge);
    hops.push_back({{"from", graph.name(hop.from)},
                    {"relation", graph.relation_name(edge.relation)},
                    {"to", graph.name(hop.to)},
                    {"forward", hop.forward},
                    {"negative", edge.negative},
                    {"articles", edge.article_count}});
  }
  nlohmann::ordered_json json = {{"length", path.length()}, {"hops", std::move(hops)}};
  if (weighted) json["cost"] = path.cost;
  return json;
}

}  // namespace

Status WhoCommand(CommandContext& context) {
  Result<EdgeQuery> query = ParseWho(context);
  if (!query.ok()) return query.status();
  return ReportEdgeQuery(context, *query);
}

Result<graph::Subgraph> WhoSubgraph(CommandContext& context) {
  Result<EdgeQuery> query = ParseWho(context);
  if (!query.ok()) return query.status();
  return EdgeQuerySubgraph(context.session.graph(), *query);
}

Status WhatCommand(CommandContext& context) {
  Result<EdgeQuery> query = ParseWhat(context);
  if (!query.ok()) return query.status();
  return ReportEdgeQuery(context, *query);
}

Result<graph::Subgraph> WhatSubgraph(CommandContext& context) {
  Result<EdgeQuery> query = ParseWhat(context);
  if (!query.ok()) return query.status();
  return EdgeQuerySubgraph(context.session.graph(), *query);
}

Status NeighborsCommand(CommandContext& context) {
  Result<graph::Neighbourhood> found = RunNeighbors(context);
  if (!found.ok()) return found.status();
  const KnowledgeGraph& graph = context.session.graph();
  Table entities("entities", {{"entity"}, {"type"}, {"hops", true}}, "entities");
  for (const graph::ReachedVertex& reached : found->reached) {
    if (reached.hops == 0) continue;  // the centre is in the heading
    entities.rows.push_back(
        {graph.name(reached.vertex), graph.type(reached.vertex), std::to_string(reached.hops)});
  }
  Table edges = EdgeTable(graph, found->subgraph.edges);
  const VertexId centre = found->reached.front().vertex;
  Report report;
  report.heading = "neighbors of " + graph.name(centre) + ": " +
                   std::to_string(entities.rows.size()) + " entities, " +
                   std::to_string(edges.rows.size()) + " edges";
  report.fields = {{"query", "neighbors"}, {"entity", graph.name(centre)},
                   {"truncated", found->truncated}};
  if (found->truncated) {
    report.notes.push_back("(stopped after " + std::to_string(kMaxNeighbourhood) +
                           " entities; narrow with depth, a direction or rel)");
  }
  report.tables.push_back(std::move(entities));
  report.tables.push_back(std::move(edges));
  context.session.Write(report, context.out);
  return Status::Ok();
}

Result<graph::Subgraph> NeighborsSubgraph(CommandContext& context) {
  Result<graph::Neighbourhood> found = RunNeighbors(context);
  if (!found.ok()) return found.status();
  return std::move(found->subgraph);
}

Status PathCommand(CommandContext& context) {
  Result<PathQuery> query = ParsePath(context);
  if (!query.ok()) return query.status();
  Result<std::vector<graph::Path>> paths = RunPath(context, *query);
  if (!paths.ok()) return paths.status();
  const KnowledgeGraph& graph = context.session.graph();
  const bool weighted = query->options.weighted;
  Table table("paths", {{"#", true}, {"hops", true}});
  table.in_json = false;
  if (weighted) table.columns.push_back({"cost", true});
  table.columns.push_back({"path"});
  nlohmann::ordered_json json_paths = nlohmann::ordered_json::array();
  for (size_t i = 0; i < paths->size(); ++i) {
    const graph::Path& path = (*paths)[i];
    std::vector<PathHop> hops;
    for (const graph::Hop& hop : path.hops) {
      const graph::Edge& edge = graph.edge(hop.edge);
      hops.push_back({graph.name(hop.from), graph.relation_name(edge.relation), graph.name(hop.to),
                      !hop.forward, edge.negative});
    }
    std::vector<std::string> row = {std::to_string(i + 1), std::to_string(path.length())};
    if (weighted) row.push_back(CostText(path.cost));
    row.push_back(FormatPath(graph.name(path.start), hops));
    table.rows.push_back(std::move(row));
    json_paths.push_back(PathJson(graph, path, weighted));
  }
  const std::string& from = graph.name(query->from);
  const std::string& to = graph.name(query->to);
  Report report;
  report.heading = paths->empty() ? "no path from " + from + " to " + to
                                  : std::to_string(paths->size()) + " path" +
                                        (paths->size() == 1 ? "" : "s") + " from " + from + " to " + to;
  report.fields = {{"query", "path"},
                   {"from", from},
                   {"to", to},
                   {"direction", DirectionName(query->options.direction.value_or(Direction::kBoth))},
                   {"paths", std::move(json_paths)}};
  if (!paths->empty()) report.tables.push_back(std::move(table));
  context.session.Write(report, context.out);
  return Status::Ok();
}

Result<graph::Subgraph> PathSubgraph(CommandContext& context) {
  Result<PathQuery> query = ParsePath(context);
  if (!query.ok()) return query.status();
  Result<std::vector<graph::Path>> paths = RunPath(context, *query);
  if (!paths.ok()) return paths.status();
  if (paths->empty()) {
    const KnowledgeGraph& graph = context.session.graph();
    return Status::NotFound("no path from " + graph.name(query->from) + " to " +
                            graph.name(query->to) + " to draw");
  }
  return graph::SubgraphFromPaths(context.session.graph(), *paths);
}

}  // namespace kg::shell
