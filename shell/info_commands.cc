// evidence, entity, find, stats and relations: commands that describe what
// is stored rather than walk the graph.
#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <tuple>
#include <unordered_map>

#include "graph/names.h"
#include "shell/arguments.h"
#include "shell/command_handlers.h"
#include "shell/session.h"
#include "shell/suggest.h"

namespace kg::shell {
namespace {

using graph::EdgeId;
using graph::KnowledgeGraph;
using graph::VertexId;

// --- evidence ------------------------------------------------------------------

struct TripleQuery {
  VertexId subject = 0;
  graph::RelationId relation = 0;
  VertexId object = 0;
};

// Reads SUBJECT RELATION OBJECT from words, trying every placement of the
// relation so that unquoted multi-word names work.
Result<TripleQuery> ParseTriple(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  std::span<const Word> args = context.args;
  std::vector<TripleQuery> found;
  Status first_error;
  for (size_t i = 1; i + 1 < args.size(); ++i) {
    for (size_t j = i + 1; j < args.size(); ++j) {
      Result<graph::RelationId> r = ResolveRelation(graph, JoinWords(args.subspan(i, j - i)));
      if (!r.ok()) continue;
      Result<VertexId> s = ResolveEntity(graph, JoinWords(args.first(i)));
      Result<VertexId> o = ResolveEntity(graph, JoinWords(args.subspan(j)));
      if (s.ok() && o.ok()) {
        found.push_back({*s, *r, *o});
      } else if (first_error.ok()) {
        first_error = s.ok() ? o.status() : s.status();
      }
    }
  }
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    return Status::InvalidArgument("\"" + JoinWords(args) +
                                   "\" reads as more than one triple; quote the names");
  }
  if (!first_error.ok()) return first_error;
  // No word was a relation: blame the middle word when there are three.
  if (args.size() == 3) return ResolveRelation(graph, args[1].text).status();
  return Status::NotFound("no relation found in \"" + JoinWords(args) +
                          "\"; quote multi-word names (see `relations`)");
}

struct ArticleInfo {
  std::string title, source, date;
};

const ArticleInfo& LookUpArticle(const graph::Store& store,
                                 std::unordered_map<std::string, ArticleInfo>& cache,
                                 const std::string& id) {
  auto it = cache.find(id);
  if (it != cache.end()) return it->second;
  ArticleInfo info;
  Result<pb::Article> article = store.GetArticle(id);
  if (article.ok()) {
    info = {article->title(), article->source(), article->date()};
  } else {
    info.title = "(article " + id.substr(0, 12) + " not found)";
  }
  return cache.emplace(id, std::move(info)).first->second;
}

// The stored ids behind vertex v: its own and those merged into it.
std::vector<uint64_t> StoredIds(const KnowledgeGraph& graph, VertexId v) {
  std::vector<uint64_t> ids = {graph.entity_id(v)};
  ids.insert(ids.end(), graph.merged_ids(v).begin(), graph.merged_ids(v).end());
  return ids;
}

std::string Note(const pb::Evidence& evidence) {
  std::string note = evidence.modality();
  if (!evidence.attribution().empty()) note += (note.empty() ? "" : "; ") + evidence.attribution();
  return note;
}

// The names of the entities merged into v, sorted (split takes them).
Result<std::vector<std::string>> MergedNames(const graph::Store& store,
                                             const KnowledgeGraph& graph, VertexId v) {
  std::vector<std::string> names;
  for (const uint64_t id : graph.merged_ids(v)) {
    Result<pb::Entity> entity = store.GetEntity(id);
    if (!entity.ok()) return entity.status();
    names.push_back(entity->name());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// --- find ----------------------------------------------------------------------

constexpr size_t kMaxFindRows = 50;

// Whether some word of `key` is within a few edits of `query` (near
// spelling: "asad" finds "bashar al-assad").
bool NearWord(std::string_view key, std::string_view query) {
  const size_t limit = std::max<size_t>(1, query.size() / 3);
  size_t begin = 0;
  while (begin < key.size()) {
    size_t end = key.find_first_of(" -", begin);
    if (end == std::string_view::npos) end = key.size();
    if (end > begin && EditDistance(key.substr(begin, end - begin), query) <= limit) return true;
    begin = end + 1;
  }
  return EditDistance(key, query) <= limit;
}

std::string TimeText(std::time_t when) {
  char buffer[64];
  std::tm tm{};
  gmtime_r(&when, &tm);
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

Status EvidenceCommand(CommandContext& context) {
  Result<TripleQuery> query = ParseTriple(context);
  if (!query.ok()) return query.status();
  const KnowledgeGraph& graph = context.session.graph();
  const graph::Store& store = context.session.store();
  Table table("evidence", {{"polarity"}, {"article"}, {"source"}, {"date"}, {"sentence", true},
                          {"note"}, {"text"}});
  std::unordered_map<std::string, ArticleInfo> articles;
  uint32_t article_total = 0;
  for (EdgeId e : graph.out_edges(query->subject)) {
    const graph::Edge& edge = graph.edge(e);
    if (edge.target != query->object || edge.relation != query->relation) continue;
    KG_RETURN_IF_ERROR(graph::CheckCancelled(context.session.cancel(), "evidence"));
    article_total += edge.article_count;
    // The edge's statements are stored under the ids of the entities merged
    // into either end as well. They are listed once each, in the store's
    // order (article, sentence, offset) across all of those ids.
    std::map<std::tuple<std::string, uint32_t, uint32_t>, std::vector<std::string>> rows;
    for (const uint64_t subject_id : StoredIds(graph, query->subject)) {
      for (const uint64_t object_id : StoredIds(graph, query->object)) {
        pb::Triple triple;
        triple.set_subject_id(subject_id);
        triple.set_relation(graph.relation_name(edge.relation));
        triple.set_object_id(object_id);
        triple.set_polarity(edge.negative ? pb::POLARITY_NEGATIVE : pb::POLARITY_POSITIVE);
        Status scan = store.ForEachEvidence(triple, [&](const pb::Evidence& evidence) {
          auto [row, added] = rows.try_emplace(
              {evidence.article_id(), evidence.sentence_index(), evidence.begin()});
          if (!added) return true;
          const ArticleInfo& article = LookUpArticle(store, articles, evidence.article_id());
          row->second = {edge.negative ? "denied" : "asserted", article.title, article.source,
                         article.date, std::to_string(evidence.sentence_index()),
                         Note(evidence), evidence.sentence()};
          return !context.session.cancel()->cancelled();
        });
        KG_RETURN_IF_ERROR(scan);
        KG_RETURN_IF_ERROR(graph::CheckCancelled(context.session.cancel(), "evidence"));
      }
    }
    for (auto& [where, row] : rows) table.rows.push_back(std::move(row));
  }
  const std::string triple_text = graph.name(query->subject) + " -[" +
                                  graph.relation_name(query->relation) + "]-> " +
                                  graph.name(query->object);
  Report report;
  report.heading = triple_text + ": " + std::to_string(table.rows.size()) + " statement" +
                   (table.rows.size() == 1 ? "" : "s") + " in " + std::to_string(article_total) +
                   " article" + (article_total == 1 ? "" : "s");
  report.fields = {{"subject", graph.name(query->subject)},
                   {"relation", graph.relation_name(query->relation)},
                   {"object", graph.name(query->object)}};
  report.tables.push_back(std::move(table));
  context.session.Write(report, context.out);
  return Status::Ok();
}

Status EntityCommand(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  Result<VertexId> v = ResolveEntity(graph, JoinWords(context.args));
  if (!v.ok()) return v.status();
  // Per relation: {out asserted, in asserted, out denied, in denied}.
  std::map<std::string, std::array<uint64_t, 4>> degrees;
  for (EdgeId e : graph.out_edges(*v)) {
    const graph::Edge& edge = graph.edge(e);
    ++degrees[graph.relation_name(edge.relation)][edge.negative ? 2 : 0];
  }
  for (EdgeId e : graph.in_edges(*v)) {
    const graph::Edge& edge = graph.edge(e);
    ++degrees[graph.relation_name(edge.relation)][edge.negative ? 3 : 1];
  }
  Table table("relations", {{"relation"}, {"out", true}, {"in", true}, {"denied_out", true},
                          {"denied_in", true}}, "edges");
  for (const auto& [relation, counts] : degrees) {
    table.rows.push_back({relation, std::to_string(counts[0]), std::to_string(counts[1]),
                          std::to_string(counts[2]), std::to_string(counts[3])});
  }
  std::vector<std::string> aliases = graph.aliases(*v);
  std::sort(aliases.begin(), aliases.end());
  std::string alias_text;
  for (const std::string& alias : aliases) alias_text += (alias_text.empty() ? "" : ", ") + alias;
  Result<std::vector<std::string>> merged = MergedNames(context.session.store(), graph, *v);
  if (!merged.ok()) return merged.status();
  std::string merged_text;
  for (const std::string& name : *merged) merged_text += (merged_text.empty() ? "" : ", ") + name;
  Report report;
  report.heading = graph.name(*v) + "\n  type: " + (graph.type(*v).empty() ? "-" : graph.type(*v)) +
                   "\n  aliases: " + (alias_text.empty() ? "-" : alias_text) +
                   (merged_text.empty() ? "" : "\n  merged: " + merged_text) +
                   "\n  id: " + std::to_string(graph.entity_id(*v)) +
                   "\n  degree: " + std::to_string(graph.out_degree(*v)) + " out, " +
                   std::to_string(graph.in_degree(*v)) + " in";
  report.fields = {{"name", graph.name(*v)},     {"type", graph.type(*v)},
                   {"aliases", aliases},         {"id", graph.entity_id(*v)},
                   {"out_degree", graph.out_degree(*v)}, {"in_degree", graph.in_degree(*v)}};
  if (!merged->empty()) report.fields["merged"] = *merged;
  report.tables.push_back(std::move(table));
  context.session.Write(report, context.out);
  return Status::Ok();
}

Status FindNamesCommand(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  const std::string text = JoinWords(context.args);
  const std::string query = graph::NormalizeName(text);
  if (query.empty()) return UsageError(*FindCommand("find"), "nothing to find");
  // Exact matches first, then substrings, then near spellings.
  std::array<std::vector<const std::string*>, 3> matches;
  for (const auto& [key, display] : context.session.normalized_names()) {
    if (key == query) {
      matches[0].push_back(&display);
    } else if (key.find(query) != std::string::npos) {
      matches[1].push_back(&display);
    } else if (query.size() >= 3 && NearWord(key, query)) {
      matches[2].push_back(&display);
    }
  }
  static constexpr const char* kKinds[] = {"exact", "substring", "near"};
  Table table("matches", {{"name"}, {"entity"}, {"type"}, {"match"}});
  size_t total = 0;
  for (size_t kind = 0; kind < matches.size(); ++kind) {
    for (const std::string* name : matches[kind]) {
      ++total;
      if (table.rows.size() >= kMaxFindRows) continue;
      std::optional<VertexId> v = graph.FindVertex(*name);
      if (!v) continue;
      table.rows.push_back({*name, graph.name(*v), graph.type(*v), kKinds[kind]});
    }
  }
  Report report;
  report.heading = std::to_string(total) + " name" + (total == 1 ? "" : "s") + " matching \"" +
                   text + "\"";
  report.fields = {{"query", text}, {"total", total}};
  if (total > table.rows.size()) {
    report.notes.push_back("(" + std::to_string(total - table.rows.size()) +
                           " more; refine the text)");
  }
  report.tables.push_back(std::move(table));
  context.session.Write(report, context.out);
  return Status::Ok();
}

Status StatsCommand(CommandContext& context) {
  Result<graph::StoreCounts> counts = context.session.store().Counts();
  if (!counts.ok()) return counts.status();
  const KnowledgeGraph& graph = context.session.graph();
  Table table("counts", {{"item"}, {"count", true}});
  const std::pair<const char*, uint64_t> items[] = {
      {"articles", counts->articles},         {"entities", counts->entities},
      {"aliases", counts->aliases},           {"triples", counts->triples},
      {"evidence", counts->evidence},         {"graph vertices", graph.vertex_count()},
      {"graph edges", graph.edge_count()},    {"relations", graph.relation_count()}};
  for (const auto& [item, count] : items) table.rows.push_back({item, std::to_string(count)});
  Report report;
  report.heading = "store " + context.session.db_path() + " (read-only, as of " +
                   TimeText(context.session.loaded_at()) + ")";
  report.fields = {{"store", context.session.db_path()},
                   {"as_of", TimeText(context.session.loaded_at())}};
  report.tables.push_back(std::move(table));
  context.session.Write(report, context.out);
  return Status::Ok();
}

Status RelationsCommand(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  struct Totals {
    uint64_t asserted = 0, denied = 0, articles = 0;
  };
  std::vector<Totals> totals(graph.relation_count());
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    const graph::Edge& edge = graph.edge(e);
    Totals& t = totals[edge.relation];
    ++(edge.negative ? t.denied : t.asserted);
    t.articles += edge.article_count;
  }
  std::vector<graph::RelationId> order(graph.relation_count());
  for (graph::RelationId r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](graph::RelationId a, graph::RelationId b) {
    const uint64_t ea = totals[a].asserted + totals[a].denied;
    const uint64_t eb = totals[b].asserted + totals[b].denied;
    return ea != eb ? ea > eb : graph.relation_name(a) < graph.relation_name(b);
  });
  Table table("relations", {{"relation"}, {"edges", true}, {"asserted", true}, {"denied", true},
                          {"articles", true}});
  for (graph::RelationId r : order) {
    const Totals& t = totals[r];
    table.rows.push_back({graph.relation_name(r), std::to_string(t.asserted + t.denied),
                          std::to_string(t.asserted), std::to_string(t.denied),
                          std::to_string(t.articles)});
  }
  Report report;
  report.heading = std::to_string(order.size()) + " relation" + (order.size() == 1 ? "" : "s");
  report.tables.push_back(std::move(table));
  context.session.Write(report, context.out);
  return Status::Ok();
}

}  // namespace kg::shell
