// Internal to the bulk load (graph/bulk_load.h): the records it collects in
// memory, and the writer that turns them into sorted table files and
// ingests them. Not part of any contract; include graph/bulk_load.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/huge_pages.h"
#include "graph/knowledge_graph.h"
#include "graph/record_arena.h"
#include "graph/status.h"
#include "graph/store_internal.h"
#include "proto/kg.pb.h"

namespace kg::graph::bulk_internal {

// String-keyed maps looked up by string_view without a copy.
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, ViewHash, std::equal_to<>>;

struct AliasRow {
  uint64_t entity_id = 0;
  bool stored = false;  // read from the store at Start: not written again
};

struct EntityRow {
  pb::Entity entity;
  bool dirty = false;  // new or changed: written
};

// One evidence row: its key is built at write time from the triple and the
// article, its value is already serialised.
struct EvidenceRow {
  uint32_t triple = 0;   // index into Records::triples
  uint32_t article = 0;  // index into Records::article_ids
  uint32_t sentence_index = 0;
  uint32_t begin = 0;
  std::string_view value;  // in Records::arena
};

// A triple while loading: its record's fields, strings as indexes, so that
// a million of them sort and encode from a few contiguous arrays.
struct TripleRow {
  uint64_t subject_id = 0;
  uint64_t object_id = 0;
  uint32_t relation = 0;      // into Records::relation_names
  uint32_t raw_relation = 0;  // into Records::words
  uint32_t modality = 0;      // into Records::words
  pb::Polarity polarity = pb::POLARITY_POSITIVE;
  float confidence = 0.0f;
  uint32_t article_count = 0;
  uint32_t evidence_count = 0;
};

struct ArticleRow {
  std::string_view value;  // in Records::arena
};

// Everything the load will write.
struct Records {
  StringMap<AliasRow> aliases;                      // NormalizeName key -> row
  std::unordered_map<uint64_t, EntityRow> entities;
  std::vector<std::string> relation_names;          // each relation once
  std::vector<std::string> words = {""};            // raw relations and modalities
  LargeVector<TripleRow> triples;
  LargeVector<EvidenceRow> evidence;
  std::vector<std::string> article_ids;
  std::vector<ArticleRow> articles;                 // parallel to article_ids
  RecordArena arena;                                // prepared articles' records
  // Filled by WriteAndIngest: indexes into `triples` in SRO key order.
  LargeVector<uint32_t> triples_in_key_order;
};

// Where the load writes its table files: PATH/bulk.tmp.
std::string TableDirectory(const store_internal::Db& db);

// Sorts every family of `records` in its key order, writes one table file
// per family that has rows into TableDirectory, and ingests them all in one
// IngestExternalFiles call. The directory is removed afterwards, whatever
// the outcome.
Status WriteAndIngest(const store_internal::Db& db, Records& records);

// After WriteAndIngest: the graph LoadGraph would read from the store, built
// from `records` (the articles' records and the evidence are not needed).
// nullptr when an entity is merged into another: LoadGraph folds those
// through curation, so load that store's graph from the store.
Result<std::unique_ptr<KnowledgeGraph>> BuildGraph(const Records& records);

}  // namespace kg::graph::bulk_internal
