#include "graph/knowledge_graph.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>

#include "graph/huge_pages.h"
#include "graph/names.h"

namespace kg::graph {

bool EdgeFilter::Accepts(const Edge& edge) const {
  if (negative.has_value() && edge.negative != *negative) return false;
  if (relations.empty()) return true;
  return std::find(relations.begin(), relations.end(), edge.relation) != relations.end();
}

void EdgeColumns::Reserve(size_t edges) {
  sources.reserve(edges);
  targets.reserve(edges);
  labels.reserve(edges);
  article_counts.reserve(edges);
  evidence_counts.reserve(edges);
}

void EdgeColumns::Add(VertexId source, VertexId target, RelationId relation, bool negative,
                      uint32_t article_count, uint32_t evidence_count) {
  sources.push_back(source);
  targets.push_back(target);
  labels.push_back(Label(relation, negative));
  article_counts.push_back(article_count);
  evidence_counts.push_back(evidence_count);
}

namespace {

Status TooLarge(size_t entities, size_t edges) {
  return Status::InvalidArgument("graph too large: " + std::to_string(entities) + " entities, " +
                                 std::to_string(edges) + " edges");
}

bool TooLargeFor32Bits(size_t entities, size_t edges) {
  return entities >= std::numeric_limits<VertexId>::max() ||
         edges >= std::numeric_limits<EdgeId>::max();
}

// Moves `values` to the positions `at` gives and frees the input, so that
// only one column is ever held twice.
template <typename T>
std::vector<T> Permuted(std::vector<T>& values, const std::vector<EdgeId>& at) {
  std::vector<T> out;
  ReserveOnHugePages(out, values.size());
  out.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) out[at[i]] = values[i];
  std::vector<T>().swap(values);
  return out;
}

// An edge of the CSR turned round, for building the in-edge index.
template <typename Head>
struct Transposed {
  using result_type = std::pair<VertexId, VertexId>;
  const std::vector<VertexId>* targets;
  const std::vector<Head>* heads;
  result_type operator()(EdgeId e) const { return {(*targets)[e], (*heads)[e].source}; }
};

uint64_t KeyHash(std::string_view key) { return XXH3_64bits(key.data(), key.size()); }

}  // namespace

Result<std::unique_ptr<KnowledgeGraph>> KnowledgeGraph::Build(std::vector<EntityRecord> entities,
                                                              std::vector<EdgeRecord> edges) {
  if (TooLargeFor32Bits(entities.size(), edges.size())) {
    return TooLarge(entities.size(), edges.size());
  }
  std::unordered_map<uint64_t, VertexId> vertex_of;
  vertex_of.reserve(entities.size());
  for (VertexId v = 0; v < entities.size(); ++v) {
    if (!vertex_of.try_emplace(entities[v].id, v).second) {
      return Status::InvalidArgument("entity id " + std::to_string(entities[v].id) +
                                     " appears twice (\"" + entities[v].name + "\")");
    }
  }
  EdgeColumns columns;
  columns.Reserve(edges.size());
  std::unordered_map<std::string, RelationId> relations;
  for (const EdgeRecord& record : edges) {
    auto subject = vertex_of.find(record.subject_id);
    auto object = vertex_of.find(record.object_id);
    if (subject == vertex_of.end() || object == vertex_of.end()) {
      std::string unknown;
      if (subject == vertex_of.end()) unknown += std::to_string(record.subject_id);
      if (object == vertex_of.end()) {
        if (!unknown.empty()) unknown += " and ";
        unknown += std::to_string(record.object_id);
      }
      return Status::Corruption("triple " + std::to_string(record.subject_id) + " -" +
                                record.relation + "-> " + std::to_string(record.object_id) +
                                " names unknown entity id " + unknown);
    }
    auto [it, added] = relations.try_emplace(
        record.relation, static_cast<RelationId>(columns.relation_names.size()));
    if (added) columns.relation_names.push_back(record.relation);
    columns.Add(subject->second, object->second, it->second, record.negative,
                record.article_count, record.evidence_count);
  }
  std::vector<EdgeRecord>().swap(edges);
  return BuildFromColumns(std::move(entities), std::move(columns));
}

Result<std::unique_ptr<KnowledgeGraph>> KnowledgeGraph::BuildFromColumns(
    std::vector<EntityRecord> entities, EdgeColumns edges) {
  const size_t n = entities.size();
  const size_t m = edges.sources.size();
  if (TooLargeFor32Bits(n, m)) return TooLarge(n, m);
  if (edges.targets.size() != m || edges.labels.size() != m || edges.article_counts.size() != m ||
      edges.evidence_counts.size() != m) {
    return Status::InvalidArgument("edge columns differ in length");
  }
  for (size_t i = 0; i < m; ++i) {
    if (edges.sources[i] >= n || edges.targets[i] >= n ||
        (edges.labels[i] >> 1) >= edges.relation_names.size()) {
      return Status::InvalidArgument("edge " + std::to_string(i) +
                                     " names a vertex or relation out of range");
    }
  }
  std::unique_ptr<KnowledgeGraph> graph(new KnowledgeGraph());
  graph->entity_ids_.reserve(n);
  graph->names_.reserve(n);
  for (EntityRecord& e : entities) {
    graph->entity_ids_.push_back(e.id);
    graph->names_.push_back(std::move(e.name));
  }
  KG_RETURN_IF_ERROR(graph->IndexEntities());

  // Names: own names first, then aliases (see Build).
  size_t key_bound = n;
  for (const EntityRecord& e : entities) key_bound += e.aliases.size();
  const size_t slots = std::bit_ceil(std::max<size_t>(2 * key_bound, 8));
  ReserveOnHugePages(graph->key_slots_, slots);
  graph->key_slots_.assign(slots, 0);
  bool room = true;
  for (VertexId v = 0; v < n && room; ++v) room = graph->AddKey(NormalizeName(graph->names_[v]), v);
  for (VertexId v = 0; v < n && room; ++v) {
    for (const std::string& alias : entities[v].aliases) {
      if (!(room = graph->AddKey(NormalizeName(alias), v))) break;
    }
  }
  if (!room) return Status::InvalidArgument("the entities' names take more than 16 GiB");
  graph->key_arena_.shrink_to_fit();

  std::unordered_map<std::string, uint32_t> type_index = {{"", 0}};
  graph->type_names_.push_back("");
  graph->type_ids_.reserve(n);
  for (VertexId v = 0; v < n; ++v) {
    EntityRecord& e = entities[v];
    auto [it, added] =
        type_index.try_emplace(e.type, static_cast<uint32_t>(graph->type_names_.size()));
    if (added) graph->type_names_.push_back(e.type);
    graph->type_ids_.push_back(it->second);
    if (!e.aliases.empty()) {
      graph->alias_owners_.push_back(v);
      graph->alias_lists_.push_back(std::move(e.aliases));
    }
    if (!e.merged_ids.empty()) {
      graph->merged_owners_.push_back(v);
      graph->merged_lists_.push_back(std::move(e.merged_ids));
    }
  }
  std::vector<EntityRecord>().swap(entities);

  graph->relation_names_ = std::move(edges.relation_names);
  graph->SetEdges(std::move(edges));
  graph->IndexRelations();
  return graph;
}

Status KnowledgeGraph::IndexEntities() {
  const size_t n = entity_ids_.size();
  entity_order_.resize(n);
  for (VertexId v = 0; v < n; ++v) entity_order_[v] = v;
  std::stable_sort(entity_order_.begin(), entity_order_.end(),
                   [&](VertexId a, VertexId b) { return entity_ids_[a] < entity_ids_[b]; });
  // Report the repeat a scan in vertex order meets first.
  std::optional<VertexId> repeat;
  for (size_t i = 1; i < n; ++i) {
    if (entity_ids_[entity_order_[i]] == entity_ids_[entity_order_[i - 1]] &&
        (!repeat || entity_order_[i] < *repeat)) {
      repeat = entity_order_[i];
    }
  }
  if (repeat) {
    return Status::InvalidArgument("entity id " + std::to_string(entity_ids_[*repeat]) +
                                   " appears twice (\"" + names_.at(*repeat) + "\")");
  }
  return Status::Ok();
}

bool KnowledgeGraph::AddKey(std::string_view key, VertexId v) {
  if (key.empty()) return true;
  const uint64_t hash = KeyHash(key);
  const size_t slot = SlotOf(key, hash);
  if (key_slots_[slot] != 0) return true;  // claimed by an earlier entity
  const size_t offset = key_arena_.size();
  if (offset / 4 + 1 > UINT32_MAX) return false;
  const KeyHeader header{v, static_cast<uint32_t>(key.size())};
  key_arena_.append(reinterpret_cast<const char*>(&header.vertex), 4);
  key_arena_.append(reinterpret_cast<const char*>(&header.length), 4);
  key_arena_.append(key);
  key_arena_.resize((key_arena_.size() + 3) / 4 * 4, '\0');
  key_slots_[slot] = SlotTag(hash) | (offset / 4 + 1);
  return true;
}

KnowledgeGraph::KeyHeader KnowledgeGraph::KeyHeaderAt(size_t offset) const {
  KeyHeader header;
  std::memcpy(&header.vertex, key_arena_.data() + offset, 4);
  std::memcpy(&header.length, key_arena_.data() + offset + 4, 4);
  return header;
}

size_t KnowledgeGraph::SlotOf(std::string_view key, uint64_t hash) const {
  const size_t mask = key_slots_.size() - 1;
  const uint64_t tag = SlotTag(hash);
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const uint64_t entry = key_slots_[slot];
    if (entry == 0) return slot;
    if (SlotTag(entry) != tag) continue;
    const size_t offset = SlotRecord(entry);
    if (KeyTextAt(offset, KeyHeaderAt(offset)) == key) return slot;
  }
}

void KnowledgeGraph::SetEdges(EdgeColumns edges) {
  const size_t n = vertex_count();
  const size_t m = edges.sources.size();
  std::vector<EdgeId>& rowstart = csr_.m_forward.m_rowstart;
  ReserveOnHugePages(rowstart, n + 1);
  rowstart.assign(n + 1, 0);
  for (VertexId s : edges.sources) ++rowstart[s + 1];
  for (size_t v = 0; v < n; ++v) rowstart[v + 1] += rowstart[v];
  // A stable counting sort by source, as Boost's own constructor does, so
  // EdgeIds are the same (tests/graph/knowledge_graph_test.cc checks). The
  // CSR's arrays are public members; filling them here saves the edge list
  // of pairs that the constructor needs as input.
  std::vector<EdgeId> at(m);
  {
    std::vector<EdgeId> next(rowstart.begin(), rowstart.end() - 1);
    for (size_t i = 0; i < m; ++i) at[i] = next[edges.sources[i]]++;
  }
  csr_.m_forward.m_column = Permuted(edges.targets, at);
  ReserveOnHugePages(heads_, m);
  heads_.resize(m);
  for (size_t i = 0; i < m; ++i) heads_[at[i]] = EdgeHead{edges.sources[i], edges.labels[i]};
  std::vector<VertexId>().swap(edges.sources);
  std::vector<uint32_t>().swap(edges.labels);
  ReserveOnHugePages(counts_, m);
  counts_.resize(m);
  for (size_t i = 0; i < m; ++i) {
    counts_[at[i]] = EdgeCounts{edges.article_counts[i], edges.evidence_counts[i]};
  }
  std::vector<uint32_t>().swap(edges.article_counts);
  std::vector<uint32_t>().swap(edges.evidence_counts);
  std::vector<EdgeId>().swap(at);
  IndexInEdges();
}

void KnowledgeGraph::IndexInEdges() {
  // What Boost's constructor does after the out-edges: in-edges grouped by
  // target, each group in EdgeId order, each carrying its EdgeId.
  // Room first, on huge pages: Boost's assign keeps the capacity it finds.
  const size_t m = heads_.size();
  ReserveOnHugePages(csr_.m_backward.m_rowstart, vertex_count() + 1);
  ReserveOnHugePages(csr_.m_backward.m_column, m);
  ReserveOnHugePages(csr_.m_backward.m_edge_properties, m);
  const Transposed<EdgeHead> transposed{&csr_.m_forward.m_column, &heads_};
  auto begin = boost::make_transform_iterator(boost::counting_iterator<EdgeId>(0), transposed);
  auto end = boost::make_transform_iterator(
      boost::counting_iterator<EdgeId>(static_cast<EdgeId>(heads_.size())), transposed);
  csr_.m_backward.assign_unsorted_multi_pass_edges(
      begin, end, boost::counting_iterator<EdgeId>(0), static_cast<VertexId>(vertex_count()),
      boost::typed_identity_property_map<VertexId>(), boost::keep_all());
}

void KnowledgeGraph::IndexRelations() {
  relation_edge_counts_.assign(relation_names_.size(), 0);
  for (const EdgeHead& head : heads_) ++relation_edge_counts_[head.label >> 1];
  relation_index_.clear();
  for (RelationId r = 0; r < relation_names_.size(); ++r) {
    relation_index_.try_emplace(relation_names_[r], r);
  }
}

const std::vector<std::string>& KnowledgeGraph::all_names() const {
  std::call_once(all_names_once_, [this] {
    std::vector<std::string> names;
    for (const std::string& name : names_) {
      if (!name.empty()) names.push_back(name);
    }
    for (const auto& list : alias_lists_) {
      for (const std::string& alias : list) {
        if (!alias.empty()) names.push_back(alias);
      }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    all_names_ = std::move(names);
  });
  return all_names_;
}

const std::vector<std::string>& KnowledgeGraph::aliases(VertexId v) const {
  static const std::vector<std::string> kNone;
  auto it = std::lower_bound(alias_owners_.begin(), alias_owners_.end(), v);
  if (it == alias_owners_.end() || *it != v) return kNone;
  return alias_lists_[it - alias_owners_.begin()];
}

const std::vector<uint64_t>& KnowledgeGraph::merged_ids(VertexId v) const {
  static const std::vector<uint64_t> kNone;
  auto it = std::lower_bound(merged_owners_.begin(), merged_owners_.end(), v);
  if (it == merged_owners_.end() || *it != v) return kNone;
  return merged_lists_[it - merged_owners_.begin()];
}

std::optional<VertexId> KnowledgeGraph::FindVertex(std::string_view name) const {
  if (key_slots_.empty()) return std::nullopt;
  const std::string key = NormalizeName(name);
  if (key.empty()) return std::nullopt;
  const uint64_t entry = key_slots_[SlotOf(key, KeyHash(key))];
  if (entry == 0) return std::nullopt;
  return KeyHeaderAt(SlotRecord(entry)).vertex;
}

std::optional<VertexId> KnowledgeGraph::VertexForEntity(uint64_t entity_id) const {
  auto it = std::lower_bound(entity_order_.begin(), entity_order_.end(), entity_id,
                             [&](VertexId v, uint64_t id) { return entity_ids_[v] < id; });
  if (it == entity_order_.end() || entity_ids_[*it] != entity_id) return std::nullopt;
  return *it;
}

std::optional<RelationId> KnowledgeGraph::FindRelation(std::string_view relation) const {
  auto it = relation_index_.find(std::string(relation));
  if (it == relation_index_.end()) return std::nullopt;
  return it->second;
}

KnowledgeGraph::OutEdges KnowledgeGraph::out_edges(VertexId v) const {
  auto [begin, end] = boost::out_edges(v, csr_);
  return OutEdges(begin, end);
}

KnowledgeGraph::InEdges KnowledgeGraph::in_edges(VertexId v) const {
  auto [begin, end] = boost::in_edges(v, csr_);
  return InEdges(begin, end);
}

size_t KnowledgeGraph::out_degree(VertexId v) const { return boost::out_degree(v, csr_); }

size_t KnowledgeGraph::in_degree(VertexId v) const { return boost::in_degree(v, csr_); }

}  // namespace kg::graph
