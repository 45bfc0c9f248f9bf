#include "graph/loader.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "graph/curation.h"
#include "graph/names.h"

namespace kg::graph {

namespace {

constexpr size_t kCancelPollRecords = 4096;

// Builds one EntityRecord per surviving entity, with every name that
// resolves to it (its aliases, merged entities' names and aliases, and the
// alias family) as aliases, each normalised spelling once.
class RecordCollector {
 public:
  void AddEntity(const pb::Entity& entity) {
    position_[entity.id()] = records_.size();
    EntityRecord record{entity.id(), entity.name(), entity.type(), {}};
    keys_.emplace_back();
    keys_.back().insert(NormalizeName(entity.name()));
    records_.push_back(std::move(record));
  }
  // Precondition: `survivor` was added.
  void AddAlias(uint64_t survivor, const std::string& alias) {
    size_t at = position_.at(survivor);
    std::string key = NormalizeName(alias);
    if (key.empty() || !keys_[at].insert(std::move(key)).second) return;
    records_[at].aliases.push_back(alias);
  }
  // Precondition: `survivor` was added.
  void AddMerged(uint64_t survivor, uint64_t merged_id) {
    records_[position_.at(survivor)].merged_ids.push_back(merged_id);
  }
  std::vector<EntityRecord> Take() && { return std::move(records_); }

 private:
  std::vector<EntityRecord> records_;
  std::vector<std::unordered_set<std::string>> keys_;
  std::unordered_map<uint64_t, size_t> position_;
};

Result<std::vector<EntityRecord>> CollectEntities(const Store& store, const MergeTable& table,
                                                  const Cancellation* cancel) {
  RecordCollector collector;
  for (const pb::Entity& entity : table.entities()) {
    if (!IsMerged(entity)) collector.AddEntity(entity);
  }
  for (const pb::Entity& entity : table.entities()) {
    auto survivor = table.Survivor(entity.id());
    if (!survivor.ok()) return survivor.status();
    if (*survivor != entity.id()) {
      collector.AddAlias(*survivor, entity.name());
      collector.AddMerged(*survivor, entity.id());
    }
    for (const std::string& alias : entity.aliases()) collector.AddAlias(*survivor, alias);
  }
  Status survivor_error;
  size_t seen = 0;
  bool cancelled = false;
  Status status = store.ForEachAlias([&](std::string_view alias, uint64_t entity_id) {
    if (++seen % kCancelPollRecords == 0 && cancel != nullptr && cancel->cancelled()) {
      cancelled = true;
      return false;
    }
    // An alias of an entity the store no longer has resolves to nothing; it
    // cannot be shown, so it is left out rather than failing the load.
    if (table.Find(entity_id) == nullptr) return true;
    auto survivor = table.Survivor(entity_id);
    if (!survivor.ok()) {
      survivor_error = survivor.status();
      return false;
    }
    collector.AddAlias(*survivor, std::string(alias));
    return true;
  });
  KG_RETURN_IF_ERROR(status.WithContext("reading aliases"));
  KG_RETURN_IF_ERROR(survivor_error);
  if (cancelled) return Status::Cancelled("loading the graph interrupted");
  return std::move(collector).Take();
}

Result<std::vector<EdgeRecord>> CollectEdges(const Store& store, const MergeTable& table,
                                             const Cancellation* cancel) {
  Result<std::vector<pb::Triple>> triples = ReadCuratedTriples(store, table, cancel);
  if (!triples.ok()) return triples.status();
  std::vector<EdgeRecord> edges;
  edges.reserve(triples->size());
  for (const pb::Triple& triple : *triples) {
    edges.push_back(EdgeRecord{triple.subject_id(), triple.relation(), triple.object_id(),
                               triple.polarity() == pb::POLARITY_NEGATIVE, triple.article_count(),
                               triple.evidence_count()});
  }
  return edges;
}

}  // namespace

Result<std::unique_ptr<KnowledgeGraph>> LoadGraph(const Store& store, const Cancellation* cancel) {
  const std::string context = "loading the graph from " + store.path();
  auto table = MergeTable::Read(store, cancel);
  if (!table.ok()) return table.status().WithContext(context);
  auto entities = CollectEntities(store, *table, cancel);
  if (!entities.ok()) return entities.status().WithContext(context);
  auto edges = CollectEdges(store, *table, cancel);
  if (!edges.ok()) return edges.status().WithContext(context);
  auto graph = KnowledgeGraph::Build(std::move(entities).value(), std::move(edges).value());
  if (!graph.ok()) return graph.status().WithContext(context);
  return graph;
}

}  // namespace kg::graph
