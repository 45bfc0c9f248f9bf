// Curation as readers see it: entities merged into others (the shell's
// `merge`) resolved to their survivors, and the stored triples folded onto
// them.
//
// A merge only sets Entity.merged_into; triples and evidence stay under the
// ids they were stored with, so `split` can undo a merge by clearing that one
// field. Everything that shows the graph (the loader, `kg export`) applies
// the merges through this header when it reads the store.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "graph/cancellation.h"
#include "graph/status.h"
#include "graph/store.h"
#include "proto/kg.pb.h"

namespace kg::graph {

// Whether `entity` is merged into another. An entity merged into itself
// counts as not merged, as in the store.
bool IsMerged(const pb::Entity& entity);

// Every entity of a store by id, and where each one's merges lead.
class MergeTable {
 public:
  // Reads every entity record of `store`. Store errors are passed on with
  // context; Cancelled when `cancel` is set.
  static Result<MergeTable> Read(const Store& store, const Cancellation* cancel = nullptr);

  // In store (id) order.
  const std::vector<pb::Entity>& entities() const { return entities_; }
  // The record of `id`, or nullptr.
  const pb::Entity* Find(uint64_t id) const;
  // The entity `id` ends up as once merges are followed (itself when not
  // merged). Corruption naming the ids for an unknown id, a merge into an
  // unknown entity, or a cycle of merges.
  Result<uint64_t> Survivor(uint64_t id) const;
  bool has_merges() const { return has_merges_; }

 private:
  std::vector<pb::Entity> entities_;
  std::unordered_map<uint64_t, size_t> index_;  // id -> position in entities_
  bool has_merges_ = false;
};

// Every canonical triple of `store` with its subject and object replaced by
// their survivors, in store order of the first triple of each. Triples that
// then coincide (same ends, relation and polarity) are one: article_count
// counts the distinct articles of their evidence, evidence_count the
// distinct statements (article, sentence, offset: the store's own rule),
// confidence is the highest and modality and raw_relation the first
// non-empty. Errors: Corruption naming the triple when an end is not a
// stored entity, the store's errors with context, Cancelled.
Result<std::vector<pb::Triple>> ReadCuratedTriples(const Store& store, const MergeTable& merges,
                                                   const Cancellation* cancel = nullptr);

}  // namespace kg::graph
