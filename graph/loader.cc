#include "graph/loader.h"

#include <malloc.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <bit>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "graph/curation.h"
#include "graph/graph_snapshot.h"
#include "graph/names.h"
#include "graph/store_internal.h"
#include "graph/vertex_aliases.h"

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

Status Interrupted() { return Status::Cancelled("loading the graph interrupted"); }

bool Polled(size_t seen, const Cancellation* cancel) {
  return seen % kCancelPollRecords == 0 && cancel != nullptr && cancel->cancelled();
}

// A whole-family scan for the load. Unlike the store's own scans it does
// not fill the block cache: every block is read once, and a cache full of
// them would only stay resident beside the graph. It reads ahead, as the
// scan is sequential.
//
// With `from` or `to` (keys; empty: the family's start or end), only the
// keys in [from, to).
Status ScanFamily(const Store& store, keys::Family family,
                  const store_internal::RawVisitor& visit, const std::string& from = {},
                  const std::string& to = {}) {
  const store_internal::Db db = store_internal::Access::DbOf(store);
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  options.readahead_size = 2 << 20;
  const rocksdb::Slice upper(to);
  if (!to.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db.db->NewIterator(options, db.Handle(family)));
  for (it->Seek(from); it->Valid(); it->Next()) {
    Result<bool> more = visit(std::string_view(it->key().data(), it->key().size()),
                              std::string_view(it->value().data(), it->value().size()));
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
  }
  return store_internal::FromRocks(it->status(), store.path());
}

// RocksDB's estimate of the records of `family`, to size arrays once.
// Reserved memory that is never written costs no resident memory, so an
// estimate on the high side is harmless.
size_t EstimatedRecords(const Store& store, keys::Family family) {
  const store_internal::Db db = store_internal::Access::DbOf(store);
  uint64_t estimate = 0;
  if (!db.db->GetIntProperty(db.Handle(family), "rocksdb.estimate-num-keys", &estimate)) return 0;
  return static_cast<size_t>(std::min<uint64_t>(estimate + estimate / 8 + 1024, 1u << 30));
}

// Entity id -> vertex for the load's millions of lookups: open addressing
// with linear probing over flat arrays (one cache miss a lookup, where
// std::unordered_map costs a division and a node per entry).
class EntityIndex {
 public:
  void Reserve(size_t entities) {
    size_t slots = 16;
    while (slots < 2 * entities) slots *= 2;
    shift_ = 64 - std::countr_zero(slots);
    slots_.assign(slots, Slot{});
  }
  // Precondition: `id` is not in the index. Grows to stay at most half full.
  void Insert(uint64_t id, VertexId v) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    slots_[Find(id)] = Slot{id, v};
    ++size_;
  }
  // Starts loading the slot where `id` would be, for a Get soon after.
  void Prefetch(uint64_t id) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(id)]);
  }
  std::optional<VertexId> Get(uint64_t id) const {
    if (slots_.empty()) return std::nullopt;
    const VertexId v = slots_[Find(id)].vertex;
    if (v == kEmpty) return std::nullopt;
    return v;
  }

 private:
  static constexpr VertexId kEmpty = std::numeric_limits<VertexId>::max();
  // Id and vertex side by side: a lookup touches one cache line.
  struct Slot {
    uint64_t id = 0;
    VertexId vertex = kEmpty;
  };

  size_t Home(uint64_t id) const { return (id * 0x9E3779B97F4A7C15ull) >> shift_; }
  size_t Find(uint64_t id) const {
    const size_t mask = slots_.size() - 1;
    for (size_t slot = Home(id);; slot = (slot + 1) & mask) {
      if (slots_[slot].vertex == kEmpty || slots_[slot].id == id) return slot;
    }
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    Reserve(std::max<size_t>(8, old.size()));
    size_ = 0;
    for (const Slot& slot : old) {
      if (slot.vertex != kEmpty) Insert(slot.id, slot.vertex);
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
  int shift_ = 64;
};

// The vertices of a store without merges, read straight into records (a
// store with merges goes through MergeTable and RecordCollector instead).
class UnmergedVertices {
 public:
  // Reads every entity; `*merged` is set (and reading stops) at the first
  // entity merged into another.
  Status ReadEntities(const Store& store, const Cancellation* cancel, bool* merged) {
    const size_t estimate = EstimatedRecords(store, keys::Family::kEntities);
    vertex_of_.Reserve(estimate);
    records_.reserve(estimate);
    aliases_.Reserve(estimate);
    bool cancelled = false;
    const store_internal::Db db = store_internal::Access::DbOf(store);
    pb::Entity entity;
    Status status = ScanFamily(store, keys::Family::kEntities,
                               [&](std::string_view key, std::string_view value) -> Result<bool> {
      KG_RETURN_IF_ERROR(store_internal::Decode(db, keys::Family::kEntities, key, value, &entity));
      if (Polled(records_.size() + 1, cancel)) {
        cancelled = true;
        return false;
      }
      if (IsMerged(entity)) {
        *merged = true;
        return false;
      }
      const VertexId v = static_cast<VertexId>(records_.size());
      vertex_of_.Insert(entity.id(), v);
      records_.push_back(EntityRecord{entity.id(), entity.name(), entity.type(), {}});
      aliases_.AddVertex(entity.name());
      for (const std::string& alias : entity.aliases()) AddAlias(v, alias);
      return true;
    });
    KG_RETURN_IF_ERROR(status.WithContext("reading entities"));
    if (cancelled) return Interrupted();
    return Status::Ok();
  }

  Status ReadAliases(const Store& store, const Cancellation* cancel) {
    size_t seen = 0;
    bool cancelled = false;
    const store_internal::Db db = store_internal::Access::DbOf(store);
    Status status = ScanFamily(store, keys::Family::kAliases,
                               [&](std::string_view alias, std::string_view value) -> Result<bool> {
      Result<uint64_t> entity_id = keys::DecodeEntityKey(value);
      if (!entity_id.ok()) return store_internal::Undecodable(db, keys::Family::kAliases, alias);
      if (Polled(++seen, cancel)) {
        cancelled = true;
        return false;
      }
      // As in CollectEntities: an alias of an entity the store no longer
      // has is left out.
      if (auto v = Vertex(*entity_id)) AddAlias(*v, alias);
      return true;
    });
    KG_RETURN_IF_ERROR(status.WithContext("reading aliases"));
    if (cancelled) return Interrupted();
    return Status::Ok();
  }

  // Every triple as an edge column entry, relations interned on the way,
  // read by up to `threads` threads, each over a range of subjects; the
  // columns are those one scan in key order would give.
  Status ReadTriples(const Store& store, const Cancellation* cancel, unsigned threads,
                     EdgeColumns* edges) const {
    const std::vector<std::string> bounds = SubjectBounds(threads);
    const size_t parts = bounds.size() + 1;
    const size_t estimate = EstimatedRecords(store, keys::Family::kTriplesSro);
    edges->Reserve(estimate);
    if (parts == 1) return ReadTriples(store, cancel, {}, {}, edges);
    // The first range fills `edges`; the others their own columns, appended
    // after it in order.
    std::vector<EdgeColumns> rest(parts - 1);
    std::vector<Status> outcomes(parts);
    const auto read_part = [&](size_t part) {
      try {
        rest[part - 1].Reserve(estimate / parts + estimate / (4 * parts));
        const std::string to = part < bounds.size() ? bounds[part] : std::string();
        outcomes[part] = ReadTriples(store, cancel, bounds[part - 1], to, &rest[part - 1]);
      } catch (const std::exception& error) {
        outcomes[part] = Status::Internal(std::string("reading triples: ") + error.what());
      }
    };
    {
      std::vector<std::thread> helpers;
      size_t started = 1;
      try {
        for (; started < parts; ++started) helpers.emplace_back(read_part, started);
      } catch (const std::system_error&) {
        // No thread to be had: this one reads the ranges left.
      }
      outcomes[0] = ReadTriples(store, cancel, {}, bounds[0], edges);
      for (size_t part = started; part < parts; ++part) read_part(part);
      for (std::thread& helper : helpers) helper.join();
    }
    // The first failure in key order is the one a single scan would meet.
    for (const Status& outcome : outcomes) KG_RETURN_IF_ERROR(outcome);
    for (EdgeColumns& part : rest) Append(std::move(part), edges);
    return Status::Ok();
  }

  // The triples of subjects in [from, to) (keys; empty: no bound) into
  // `edges`. Subjects come in order; objects are looked up in batches,
  // their slots prefetched first, so that the misses of a batch overlap.
  Status ReadTriples(const Store& store, const Cancellation* cancel, const std::string& from,
                     const std::string& to, EdgeColumns* edges) const {
    std::unordered_map<std::string, RelationId> relations;
    std::vector<PendingObject> pending;
    pending.reserve(kObjectBatch);
    Status error;
    size_t seen = 0;
    bool cancelled = false;
    const store_internal::Db db = store_internal::Access::DbOf(store);
    pb::Triple triple;
    uint64_t subject_id = 0;
    std::optional<std::optional<VertexId>> subject;  // the last subject's lookup
    Status status = ScanFamily(store, keys::Family::kTriplesSro,
                               [&](std::string_view key, std::string_view value) -> Result<bool> {
      KG_RETURN_IF_ERROR(
          store_internal::Decode(db, keys::Family::kTriplesSro, key, value, &triple));
      if (Polled(++seen, cancel)) {
        cancelled = true;
        return false;
      }
      if (!subject || triple.subject_id() != subject_id) {
        subject_id = triple.subject_id();
        subject = Vertex(subject_id);
      }
      if (!*subject) {
        // An earlier triple's unknown object is the first error.
        error = ResolveObjects(pending, edges);
        if (error.ok()) {
          error = UnknownEntity(triple.subject_id(), triple.relation(), triple.object_id(),
                                triple.subject_id());
        }
        return false;
      }
      auto it = relations.find(triple.relation());
      if (it == relations.end()) {
        it = relations.emplace(triple.relation(), edges->relation_names.size()).first;
        edges->relation_names.push_back(triple.relation());
      }
      edges->Add(**subject, 0, it->second, triple.polarity() == pb::POLARITY_NEGATIVE,
                 triple.article_count(), triple.evidence_count());
      pending.push_back(PendingObject{triple.subject_id(), triple.object_id(), it->second});
      if (pending.size() == kObjectBatch) {
        error = ResolveObjects(pending, edges);
        if (!error.ok()) return false;
      }
      return true;
    }, from, to);
    KG_RETURN_IF_ERROR(status.WithContext("reading triples"));
    KG_RETURN_IF_ERROR(error);
    if (cancelled) return Interrupted();
    return ResolveObjects(pending, edges);
  }

  std::vector<EntityRecord> Take() && { return std::move(records_); }

 private:
  // Where the triple family splits into `threads` ranges of about as many
  // subjects each: the SRO keys of the first triple a subject could have
  // (a key starts with its subject's id), one fewer than the ranges.
  std::vector<std::string> SubjectBounds(unsigned threads) const {
    std::vector<std::string> bounds;
    const size_t n = records_.size();  // in id order, as the entities were read
    size_t last = 0;
    for (size_t part = 1; part < threads; ++part) {
      const size_t at = n * part / threads;
      if (at <= last || at >= n) continue;  // too few entities for this many ranges
      last = at;
      std::string key;
      keys::AppendBigEndian64(&key, records_[at].id);
      bounds.push_back(std::move(key));
    }
    return bounds;
  }

  // Appends `part`'s edges to `edges`, its relations renumbered as they
  // would have been had one scan read both.
  static void Append(EdgeColumns&& part, EdgeColumns* edges) {
    std::unordered_map<std::string, RelationId> known;
    for (RelationId r = 0; r < edges->relation_names.size(); ++r) {
      known.emplace(edges->relation_names[r], r);
    }
    std::vector<RelationId> renumbered;
    for (std::string& name : part.relation_names) {
      auto [it, added] = known.emplace(name, static_cast<RelationId>(edges->relation_names.size()));
      if (added) edges->relation_names.push_back(std::move(name));
      renumbered.push_back(it->second);
    }
    const auto append = [](auto& to, auto& from) {
      to.insert(to.end(), from.begin(), from.end());
      std::decay_t<decltype(from)>().swap(from);
    };
    for (uint32_t& label : part.labels) {
      label = EdgeColumns::Label(renumbered[label >> 1], (label & 1) != 0);
    }
    append(edges->sources, part.sources);
    append(edges->targets, part.targets);
    append(edges->labels, part.labels);
    append(edges->article_counts, part.article_counts);
    append(edges->evidence_counts, part.evidence_counts);
  }

  std::optional<VertexId> Vertex(uint64_t entity_id) const { return vertex_of_.Get(entity_id); }
  void AddAlias(VertexId v, std::string_view alias) { aliases_.Add(v, alias, &records_[v].aliases); }

  static constexpr size_t kObjectBatch = 64;
  struct PendingObject {
    uint64_t subject_id;
    uint64_t object_id;
    RelationId relation;
  };

  static Status UnknownEntity(uint64_t subject_id, std::string_view relation, uint64_t object_id,
                              uint64_t unknown) {
    return Status::Corruption("triple " + std::to_string(subject_id) + " -" +
                              std::string(relation) + "-> " + std::to_string(object_id) +
                              " names unknown entity id " + std::to_string(unknown));
  }
  // Fills in the targets of the last pending.size() edges and clears
  // `pending`; Corruption for the first unknown object.
  Status ResolveObjects(std::vector<PendingObject>& pending, EdgeColumns* edges) const {
    for (const PendingObject& p : pending) vertex_of_.Prefetch(p.object_id);
    const size_t base = edges->targets.size() - pending.size();
    for (size_t k = 0; k < pending.size(); ++k) {
      const std::optional<VertexId> object = Vertex(pending[k].object_id);
      if (!object) {
        const PendingObject& p = pending[k];
        return UnknownEntity(p.subject_id, edges->relation_names[p.relation], p.object_id,
                             p.object_id);
      }
      edges->targets[base + k] = *object;
    }
    pending.clear();
    return Status::Ok();
  }

  std::vector<EntityRecord> records_;
  VertexAliases aliases_;
  EntityIndex vertex_of_;
};

// The graph of a store with merges: whole records, folded by curation.h.
Result<std::unique_ptr<KnowledgeGraph>> ReadMergedGraph(const Store& store,
                                                        const Cancellation* cancel) {
  auto table = MergeTable::Read(store, cancel);
  if (!table.ok()) return table.status();
  auto entities = CollectEntities(store, *table, cancel);
  if (!entities.ok()) return entities.status();
  auto edges = CollectEdges(store, *table, cancel);
  if (!edges.ok()) return edges.status();
  return KnowledgeGraph::Build(std::move(entities).value(), std::move(edges).value());
}

unsigned LoadThreads(unsigned asked) {
  if (asked == 0) asked = std::thread::hardware_concurrency();
  return std::clamp(asked, 1u, kMaxLoadThreads);
}

Result<std::unique_ptr<KnowledgeGraph>> ReadGraph(const Store& store, const Cancellation* cancel,
                                                  unsigned threads) {
  std::vector<EntityRecord> records;
  EdgeColumns edges;
  {
    UnmergedVertices vertices;
    bool merged = false;
    KG_RETURN_IF_ERROR(vertices.ReadEntities(store, cancel, &merged));
    if (merged) return ReadMergedGraph(store, cancel);
    KG_RETURN_IF_ERROR(vertices.ReadAliases(store, cancel));
    KG_RETURN_IF_ERROR(vertices.ReadTriples(store, cancel, threads, &edges));
    records = std::move(vertices).Take();
  }
  return KnowledgeGraph::BuildFromColumns(std::move(records), std::move(edges));
}

}  // namespace

Result<std::unique_ptr<KnowledgeGraph>> LoadGraph(const Store& store, const Cancellation* cancel,
                                                  const LoadOptions& options) {
  const std::string context = "loading the graph from " + store.path();
  if (cancel != nullptr && cancel->cancelled()) return Interrupted().WithContext(context);
  std::optional<SnapshotKey> key;
  if (options.use_snapshot) {
    // Taken before the store is read: a write meanwhile then makes the
    // snapshot look older than it is (reloaded once), never newer.
    Result<SnapshotKey> current = SnapshotKeyOf(store);
    if (current.ok()) key = std::move(*current);
  }
  const std::string snapshot_path = SnapshotPath(store.path());
  if (key) {
    Result<std::unique_ptr<KnowledgeGraph>> saved = ReadGraphSnapshot(snapshot_path, *key);
    if (saved.ok()) {
      malloc_trim(0);
      return saved;
    }
  }
  Result<std::unique_ptr<KnowledgeGraph>> graph =
      ReadGraph(store, cancel, LoadThreads(options.threads));
  if (!graph.ok()) return graph.status().WithContext(context);
  // A read-only store in a directory this process cannot write simply gets
  // no snapshot; the error is of no use to the caller.
  if (key) (void)WriteGraphSnapshot(**graph, snapshot_path, *key);
  malloc_trim(0);
  return graph;
}

}  // namespace kg::graph
