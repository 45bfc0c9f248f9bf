// Builds the in-memory KnowledgeGraph from a Store.
#pragma once

#include <memory>

#include "graph/cancellation.h"
#include "graph/knowledge_graph.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg::graph {

struct LoadOptions {
  // Read the graph from the store's snapshot (graph/graph_snapshot.h) when
  // it matches the store, and save one after reading the store. A snapshot
  // that does not match, or cannot be read or written, is passed over
  // silently: it never makes a load fail.
  bool use_snapshot = true;
  // Threads that read the triples, each a range of subjects: 0 means one
  // per core, at most kMaxLoadThreads. The graph is the same whatever the
  // number.
  unsigned threads = 0;
};

inline constexpr unsigned kMaxLoadThreads = 4;

// Reads every entity, alias and canonical triple of `store`. Entities merged
// into another (merged_into != 0) get no vertex of their own: their name and
// aliases become aliases of the survivor (following chains of merges), their
// ids are listed in the survivor's merged_ids, and triples that name them are
// moved onto the survivor (see ReadCuratedTriples in graph/curation.h: an
// edge that then coincides with an existing one is folded into it, counting
// distinct articles and statements). Nothing stored is rewritten (a
// snapshot is written beside the store's files, see LoadOptions). Triples
// whose subject or object is unknown are Corruption naming the ids. Store
// errors are passed on with context; Cancelled when `cancel` is set. The
// store may be closed once this returns. Freed heap is handed back to the
// system before returning, so that the process's size is the graph's.
Result<std::unique_ptr<KnowledgeGraph>> LoadGraph(const Store& store,
                                                  const Cancellation* cancel = nullptr,
                                                  const LoadOptions& options = {});

}  // namespace kg::graph
