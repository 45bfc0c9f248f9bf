// The bulk load's graph side: the graph LoadGraph would read back from the
// store once the load is ingested, built from the records still in memory.
// It follows graph/loader.cc's reading of a store without merges step by
// step (vertices in id order, aliases as the loader gathers them, edges in
// SRO key order with relations numbered as they first appear), so the two
// graphs are the same; tests/graph/bulk_load_test.cc and the `kg import`
// test in tests/tools/kg_cli_test.cc hold them to it.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/bulk_load_internal.h"
#include "graph/curation.h"
#include "graph/flat_index.h"
#include "graph/vertex_aliases.h"

namespace kg::graph::bulk_internal {

namespace {

uint64_t IdHash(uint64_t id) { return id * 0x9E3779B97F4A7C15ULL; }

constexpr size_t kLookAhead = 8;

// The vertices: every entity in id order, with its aliases.
class Vertices {
 public:
  // False when an entity is merged into another.
  bool Read(const Records& records) {
    // The entities sit in hash-table nodes all over the heap: each is found
    // once, by walking the table, and read in id order from there.
    std::vector<std::pair<uint64_t, const pb::Entity*>> sorted;
    sorted.reserve(records.entities.size());
    for (const auto& [id, row] : records.entities) {
      if (IsMerged(row.entity)) return false;
      sorted.emplace_back(id, &row.entity);
    }
    std::sort(sorted.begin(), sorted.end());
    ids_.reserve(sorted.size());
    index_.Reserve(sorted.size());
    entities_.reserve(sorted.size());
    aliases_.Reserve(sorted.size());
    for (uint32_t v = 0; v < sorted.size(); ++v) {
      if (v + kLookAhead < sorted.size()) __builtin_prefetch(sorted[v + kLookAhead].second);
      const pb::Entity& entity = *sorted[v].second;
      ids_.push_back(sorted[v].first);
      index_.Insert(IdHash(sorted[v].first), v);
      entities_.push_back(EntityRecord{entity.id(), entity.name(), entity.type(), {}});
      aliases_.AddVertex(entity.name());
      for (const std::string& alias : entity.aliases()) AddAlias(v, alias);
    }
    return true;
  }

  // The alias rows, in key order, as the loader scans the alias family. A
  // row whose key is the entity's own (most of them) adds nothing, so only
  // the others are sorted.
  void ReadAliases(const Records& records) {
    std::vector<std::pair<std::string_view, VertexId>> rows;
    for (const auto& [alias, row] : records.aliases) {
      const uint32_t v = Find(row.entity_id);
      if (v == FlatIndex::kAbsent || aliases_.IsOwn(v, alias)) continue;
      rows.emplace_back(alias, v);
    }
    std::sort(rows.begin(), rows.end());
    for (const auto& [alias, v] : rows) AddAlias(v, alias);
  }

  uint32_t Find(uint64_t id) const {
    return index_.Find(IdHash(id), [&](uint32_t v) { return ids_[v] == id; });
  }
  void Prefetch(uint64_t id) const { index_.Prefetch(IdHash(id)); }

  std::vector<EntityRecord> Take() && { return std::move(entities_); }

 private:
  void AddAlias(VertexId v, std::string_view alias) {
    aliases_.Add(v, alias, &entities_[v].aliases);
  }

  std::vector<uint64_t> ids_;  // vertex -> entity id, ascending
  FlatIndex index_;            // entity id -> vertex
  std::vector<EntityRecord> entities_;
  VertexAliases aliases_;
};

}  // namespace

Result<std::unique_ptr<KnowledgeGraph>> BuildGraph(const Records& records) {
  Vertices vertices;
  if (!vertices.Read(records)) return std::unique_ptr<KnowledgeGraph>();
  vertices.ReadAliases(records);

  const LargeVector<uint32_t>& order = records.triples_in_key_order;
  EdgeColumns edges;
  edges.Reserve(order.size());
  std::vector<uint32_t> relation_of(records.relation_names.size(), UINT32_MAX);
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + kLookAhead < order.size()) {
      vertices.Prefetch(records.triples[order[i + kLookAhead]].object_id);
    }
    const TripleRow& t = records.triples[order[i]];
    const uint32_t source = vertices.Find(t.subject_id);
    const uint32_t target = vertices.Find(t.object_id);
    if (source == FlatIndex::kAbsent || target == FlatIndex::kAbsent) {
      return Status::Corruption("bulk load: triple " + std::to_string(t.subject_id) + " -" +
                                records.relation_names[t.relation] + "-> " +
                                std::to_string(t.object_id) + " names an unknown entity");
    }
    uint32_t& relation = relation_of[t.relation];
    if (relation == UINT32_MAX) {
      relation = static_cast<uint32_t>(edges.relation_names.size());
      edges.relation_names.push_back(records.relation_names[t.relation]);
    }
    edges.Add(source, target, relation, t.polarity == pb::POLARITY_NEGATIVE, t.article_count,
              t.evidence_count);
  }
  return KnowledgeGraph::BuildFromColumns(std::move(vertices).Take(), std::move(edges));
}

}  // namespace kg::graph::bulk_internal
