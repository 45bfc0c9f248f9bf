// Graph snapshots: the loaded KnowledgeGraph saved beside its store
// (PATH/graph.snapshot), so that the next open reads a few flat arrays
// instead of every entity, alias and triple of the store.
//
// A snapshot is only ever a cache. It names the state of the store it was
// made from (SnapshotKey); any write to the store (a commit, an alias,
// curation, a repair, an import) changes that state, and a snapshot whose
// key differs, or that is damaged, truncated, of another format or not a
// snapshot at all, is refused and the graph is loaded from the store
// instead. The file ends in a checksum of all of it, and its structure is
// checked before a graph is made from it, so a bad file fails cleanly.
//
// Layout (native byte order, which the header records): magic, format
// version, key, then length-prefixed arrays (vertices, edges, name index),
// then XXH64 of everything before it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "graph/knowledge_graph.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg::graph {

// The state of a store's contents: the RocksDB identity of the store, its
// latest sequence number (every write raises it) and a digest of its live
// table files (a bulk import ingests files without always raising the
// sequence number). A compaction changes the digest too, which only costs
// one load from the store.
struct SnapshotKey {
  std::string db_identity;
  uint64_t sequence = 0;
  uint64_t files_digest = 0;

  bool operator==(const SnapshotKey&) const = default;
};

// The key of `store` as it is now. Errors: the store's, as IOError.
Result<SnapshotKey> SnapshotKeyOf(const Store& store);

// Where the snapshot of the store at `store_path` is kept.
std::string SnapshotPath(const std::string& store_path);

// The graph saved at `path` for `key`. Errors (nothing is trusted):
// NotFound when there is no file; VersionMismatch when it was made for
// another state of the store or by another format version; Corruption
// naming the file when it is truncated, damaged or not a snapshot; IOError
// when it cannot be read.
Result<std::unique_ptr<KnowledgeGraph>> ReadGraphSnapshot(const std::string& path,
                                                          const SnapshotKey& key);

// Saves `graph` at `path` for `key`: written to a temporary file beside it
// and renamed over it, so a reader sees the old file or the whole new one.
// Errors: IOError naming the file (no temporary file is left behind).
Status WriteGraphSnapshot(const KnowledgeGraph& graph, const std::string& path,
                          const SnapshotKey& key);

}  // namespace kg::graph
