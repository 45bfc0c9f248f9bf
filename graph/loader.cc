#include "graph/loader.h"

#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "graph/names.h"

namespace kg::graph {

namespace {

constexpr size_t kCancelPollRecords = 4096;

// Entities by id, with each entity's surviving id once merges are followed.
struct EntityTable {
  std::vector<pb::Entity> entities;            // in store order
  std::unordered_map<uint64_t, size_t> index;  // id -> position in entities
};

// An entity merged into itself counts as not merged, as in the store.
bool IsMerged(const pb::Entity& entity) {
  return entity.merged_into() != 0 && entity.merged_into() != entity.id();
}

// The survivor of `id`, following chains of merges. Corruption on a cycle
// or a merge into an unknown entity.
Result<uint64_t> Survivor(const EntityTable& table, uint64_t id) {
  uint64_t current = id;
  for (size_t steps = 0; steps <= table.entities.size(); ++steps) {
    auto it = table.index.find(current);
    if (it == table.index.end()) {
      return Status::Corruption("entity " + std::to_string(id) + " is merged into unknown entity " +
                                std::to_string(current));
    }
    const pb::Entity& entity = table.entities[it->second];
    if (!IsMerged(entity)) return current;
    current = entity.merged_into();
  }
  return Status::Corruption("entity " + std::to_string(id) + " is in a cycle of merges");
}

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
  bool Has(uint64_t id) const { return position_.count(id) != 0; }
  std::vector<EntityRecord> Take() && { return std::move(records_); }

 private:
  std::vector<EntityRecord> records_;
  std::vector<std::unordered_set<std::string>> keys_;
  std::unordered_map<uint64_t, size_t> position_;
};

Result<EntityTable> ReadEntities(const Store& store, const Cancellation* cancel) {
  EntityTable table;
  bool cancelled = false;
  Status status = store.ForEachEntity([&](const pb::Entity& entity) {
    if (table.entities.size() % kCancelPollRecords == 0 && cancel != nullptr &&
        cancel->cancelled()) {
      cancelled = true;
      return false;
    }
    table.index[entity.id()] = table.entities.size();
    table.entities.push_back(entity);
    return true;
  });
  KG_RETURN_IF_ERROR(status.WithContext("reading entities"));
  if (cancelled) return Status::Cancelled("loading the graph interrupted");
  return table;
}

Result<std::vector<EntityRecord>> CollectEntities(const Store& store, const EntityTable& table,
                                                  const Cancellation* cancel) {
  RecordCollector collector;
  for (const pb::Entity& entity : table.entities) {
    if (!IsMerged(entity)) collector.AddEntity(entity);
  }
  for (const pb::Entity& entity : table.entities) {
    auto survivor = Survivor(table, entity.id());
    if (!survivor.ok()) return survivor.status();
    if (*survivor != entity.id()) collector.AddAlias(*survivor, entity.name());
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
    if (table.index.count(entity_id) == 0) return true;
    auto survivor = Survivor(table, entity_id);
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

// Triples moved onto survivors may coincide with an existing edge; those are
// folded into one edge with their counts added.
Result<std::vector<EdgeRecord>> CollectEdges(const Store& store, const EntityTable& table,
                                             const Cancellation* cancel) {
  std::vector<EdgeRecord> edges;
  std::map<std::tuple<uint64_t, std::string, uint64_t, bool>, size_t> position;
  Status error;
  bool cancelled = false;
  size_t seen = 0;
  Status status = store.ForEachTriple([&](const pb::Triple& triple) {
    if (++seen % kCancelPollRecords == 0 && cancel != nullptr && cancel->cancelled()) {
      cancelled = true;
      return false;
    }
    uint64_t ends[2] = {triple.subject_id(), triple.object_id()};
    for (uint64_t& id : ends) {
      if (table.index.count(id) == 0) {
        error = Status::Corruption("triple " + std::to_string(triple.subject_id()) + " -" +
                                   triple.relation() + "-> " + std::to_string(triple.object_id()) +
                                   " names unknown entity id " + std::to_string(id));
        return false;
      }
      auto survivor = Survivor(table, id);
      if (!survivor.ok()) {
        error = survivor.status();
        return false;
      }
      id = *survivor;
    }
    const bool negative = triple.polarity() == pb::POLARITY_NEGATIVE;
    auto [it, added] =
        position.try_emplace({ends[0], triple.relation(), ends[1], negative}, edges.size());
    if (added) {
      edges.push_back(EdgeRecord{ends[0], triple.relation(), ends[1], negative,
                                 triple.article_count(), triple.evidence_count()});
    } else {
      edges[it->second].article_count += triple.article_count();
      edges[it->second].evidence_count += triple.evidence_count();
    }
    return true;
  });
  KG_RETURN_IF_ERROR(status.WithContext("reading triples"));
  KG_RETURN_IF_ERROR(error);
  if (cancelled) return Status::Cancelled("loading the graph interrupted");
  return edges;
}

}  // namespace

Result<std::unique_ptr<KnowledgeGraph>> LoadGraph(const Store& store, const Cancellation* cancel) {
  const std::string context = "loading the graph from " + store.path();
  auto table = ReadEntities(store, cancel);
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
