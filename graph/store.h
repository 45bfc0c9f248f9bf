// Store: kg's persistent knowledge graph in RocksDB.
//
// One column family per record kind (see graph/keys.h and docs/storage.md for
// the key encoding). Every article is committed as one WriteBatch: all of its
// text, entities, triples and evidence become visible together, or none do.
// Committing an article whose id is already stored changes nothing.
//
// Threads: reads may run concurrently. Commits are serialised inside the
// store (one writer at a time); call them from one thread for determinism.
// A store opened read-only sees the data as of the moment it was opened, and
// may be open while another process writes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "proto/kg.pb.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace kg::graph {

namespace store_internal {
struct Access;
}  // namespace store_internal

// The schema version this build reads and writes.
inline constexpr uint32_t kSchemaVersion = 1;

struct StoreOptions {
  bool read_only = false;          // open without the write lock
  bool create_if_missing = true;   // ignored when read_only
};

// One statement about two named entities, before names become ids. The store
// resolves each name through the alias family (creating an entity when the
// name is new), so that extractors and importers deal in names only.
struct TripleStatement {
  std::string subject;             // surface name as written
  std::string subject_type;        // PERSON, ORG, GPE, ... or empty
  std::string relation;            // canonical relation ("supports")
  std::string object;
  std::string object_type;
  pb::Polarity polarity = pb::POLARITY_POSITIVE;
  std::string modality;            // hedge ("reportedly") or empty
  float confidence = 1.0f;
  pb::Evidence evidence;           // article_id is filled in by the store
};

// Everything one article adds to the store.
struct ArticleUpdate {
  pb::Article article;             // id must be set (see ArticleIdFor)
  std::vector<TripleStatement> triples;
  // Extra surface names for entities, e.g. "HTS" for "Hayat Tahrir al-Sham"
  // when the article defines the acronym: {alias, canonical name}.
  std::vector<std::pair<std::string, std::string>> aliases;
};

enum class CommitOutcome {
  kStored,            // the article and its triples are now stored
  kSkippedDuplicate,  // an article with the same id was already stored
};

struct StoreCounts {
  uint64_t articles = 0;
  uint64_t entities = 0;
  uint64_t aliases = 0;
  uint64_t triples = 0;    // distinct canonical edges
  uint64_t evidence = 0;   // supporting statements
};

// What one curation call did, for the message the caller prints.
struct CurationChange {
  pb::Entity entity;     // the entity acted on, as stored afterwards
  pb::Entity target;     // where its names resolve now; for a split, the
                         // entity it had been merged into
  std::string previous;  // SetAlias: the entity the alias named before, if another
  bool changed = true;   // false when it already was so: nothing was written
};

class Store {
 public:
  // Opens (or creates) the store at `path`. A new store is built beside
  // `path` and moved there once complete, so a crash while creating it
  // leaves no half-made store. A writable open writes its process id into
  // PATH/kg.owner (graph/store_owner.h) until the store is closed. A
  // read-only open is retried while a writer flushes or compacts the store
  // under it, so that it reads one whole version of it. Errors, each naming
  // the path: NotFound (no store and read_only), IOError (path is a file,
  // unreadable), Busy ("store PATH is locked by process N": a writer holds
  // the lock), VersionMismatch (written by another schema version),
  // Corruption (RocksDB or a record failed to decode).
  static Result<std::unique_ptr<Store>> Open(const std::string& path,
                                             const StoreOptions& options = {});

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }

  // --- writing --------------------------------------------------------------

  // Commits one article atomically. A statement whose names are empty, or an
  // update without an article id, is InvalidArgument and nothing is written.
  Result<CommitOutcome> CommitArticle(const ArticleUpdate& update);

  // Makes `alias` resolve to the entity named `canonical` (creating it when
  // new). Persisted at once; used for user alias files and shell curation.
  Status AddAlias(std::string_view alias, std::string_view canonical);

  // --- curation (the shell's alias, unalias, merge and split) ----------------
  //
  // Each call writes one WriteBatch or nothing. Names are looked up like
  // FindEntity's. A merge only sets merged_into on the merged entity's
  // record (see graph/curation.h for how readers apply it), so split can
  // undo it and triples stay under the ids they were stored with. Errors:
  // InvalidArgument when open read-only or for an empty name; NotFound
  // "no entity named 'X'"; the store's errors. Messages quote the names.

  // Makes `alias` resolve to the entity `name` names, which must exist
  // (unlike AddAlias). An alias that named another entity moves (previous
  // says from where). InvalidArgument when `alias` is another entity's own
  // name: combining two entities is a merge.
  Result<CurationChange> SetAlias(std::string_view alias, std::string_view name);
  // Removes `alias`, so that it resolves to nothing. InvalidArgument when it
  // is an entity's own name.
  Result<CurationChange> RemoveAlias(std::string_view alias);
  // Merges the entity `name` resolves to into the one `into` resolves to
  // (both after following earlier merges, so chains end at one survivor and
  // no cycle can form). InvalidArgument when they are already one entity,
  // or when the chain of merges would grow past the store's limit.
  Result<CurationChange> MergeEntity(std::string_view name, std::string_view into);
  // Undoes the merge of the entity whose own name or alias is `name`:
  // it is its own entity again, with the triples stored under its id.
  // Entities merged into it stay merged into it. InvalidArgument when that
  // entity is not merged into another.
  Result<CurationChange> SplitEntity(std::string_view name);

  // --- reading --------------------------------------------------------------

  // The entity an alias or canonical name resolves to (case- and
  // spacing-insensitive; merged entities resolve to their survivor).
  Result<pb::Entity> FindEntity(std::string_view name) const;
  Result<pb::Entity> GetEntity(uint64_t id) const;
  Result<pb::Article> GetArticle(const std::string& article_id) const;
  Result<bool> HasArticle(const std::string& article_id) const;

  // Scans. Each calls `visit` per record in key order until it returns false.
  using EntityVisitor = std::function<bool(const pb::Entity&)>;
  using TripleVisitor = std::function<bool(const pb::Triple&)>;
  using EvidenceVisitor = std::function<bool(const pb::Evidence&)>;
  using ArticleVisitor = std::function<bool(const pb::Article&)>;
  using AliasVisitor = std::function<bool(std::string_view alias, uint64_t entity_id)>;

  Status ForEachEntity(const EntityVisitor& visit) const;
  Status ForEachAlias(const AliasVisitor& visit) const;
  Status ForEachArticle(const ArticleVisitor& visit) const;
  // Every canonical triple, ordered by subject, relation, object.
  Status ForEachTriple(const TripleVisitor& visit) const;
  // Prefix scans over the three orderings.
  Status ForEachTripleFrom(uint64_t subject_id, const TripleVisitor& visit) const;
  Status ForEachTripleTo(uint64_t object_id, const TripleVisitor& visit) const;
  Status ForEachTripleWithRelationTo(std::string_view relation, uint64_t object_id,
                                     const TripleVisitor& visit) const;
  // The statements behind one triple, ordered by article and sentence.
  Status ForEachEvidence(const pb::Triple& triple, const EvidenceVisitor& visit) const;

  Result<StoreCounts> Counts() const;

 private:
  // The integrity check and repair (graph/store_check.h) read and write the
  // families below the public API.
  friend struct store_internal::Access;

  Store() = default;

  // Opens the store directory `dir` as it is; with `create`, makes a new
  // store there first (families and schema record).
  static Result<std::unique_ptr<Store>> OpenDirectory(const std::string& dir, bool read_only,
                                                      bool create);
  // Builds a new store in a staging directory beside `path` and renames it
  // to `path`; Ok too when another process created `path` meanwhile.
  static Status CreateStaged(const std::string& path);
  // Reads the StoreInfo record; writes it when `created` (a new store).
  Status CheckSchema(bool created);

  std::string path_;
  bool read_only_ = false;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;  // owned; closed in ~Store
  struct WriteState;
  std::unique_ptr<WriteState> write_state_;  // commit mutex and caches
};

// The id an article's text gets: hex digest of its normalised content.
std::string ArticleIdFor(std::string_view text);

}  // namespace kg::graph
