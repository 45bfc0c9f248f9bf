// Internal to the store: what graph/store.cc, store_records.cc,
// store_reads.cc and store_commit.cc share. Not part of the store's contract;
// include graph/store.h instead.
//
// The functions here borrow the open DB from a Store through Db and report every
// failure as a Status that names the store, so each file maps RocksDB errors
// the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/keys.h"
#include "graph/status.h"
#include "graph/store.h"

namespace rocksdb {
class Status;
}  // namespace rocksdb

namespace kg::graph {

struct Store::WriteState {
  std::mutex commit_mutex;  // one CommitArticle, AddAlias or curation call at a time
};

namespace store_internal {

using keys::Family;

// Merge chains are short (MergeEntity refuses to make one longer); a longer
// chain means a cycle in damaged data.
inline constexpr int kMaxMergeHops = 64;

int64_t NowUnixSeconds();

// Turns a RocksDB status into a kg Status that names the store.
Status FromRocks(const rocksdb::Status& status, const std::string& path);

// What the functions below borrow from a Store: the open DB and its families.
struct Db {
  rocksdb::DB* db;
  const std::vector<rocksdb::ColumnFamilyHandle*>* families;
  const std::string* path;

  rocksdb::ColumnFamilyHandle* Handle(Family family) const {
    return (*families)[static_cast<int>(family)];
  }
};

// Corruption naming the family and the key of a record that does not parse.
Status Undecodable(const Db& db, Family family, std::string_view key);

template <typename Message>
Status Decode(const Db& db, Family family, std::string_view key, std::string_view bytes,
              Message* out) {
  if (!out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Undecodable(db, family, key);
  }
  return Status::Ok();
}

// Reads one value; `*found` is false when the key is absent.
Status GetRaw(const Db& db, Family family, std::string_view key, std::string* value,
              bool* found);

template <typename Message>
Status GetRecord(const Db& db, Family family, std::string_view key, Message* out,
                 bool* found) {
  std::string bytes;
  KG_RETURN_IF_ERROR(GetRaw(db, family, key, &bytes, found));
  if (!*found) return Status::Ok();
  return Decode(db, family, key, bytes, out);
}

// The entity id in the alias row of `normalized` (a NormalizeName key),
// without following merges; nullopt when there is no row, Corruption when
// the row does not decode.
Result<std::optional<uint64_t>> ReadAliasRow(const Db& db, const std::string& normalized);

// --- the records a commit writes -------------------------------------------
//
// Shared by CommitArticle (graph/store_commit.cc) and the bulk load
// (graph/bulk_load.h), so that both build the same bytes from an update.

// Entity ids try the salts below this one (docs/storage.md).
inline constexpr uint32_t kMaxEntitySalt = 1024;

// Whether a surface name has a lookup key (NormalizeName is not empty). The
// bulk load answers from its cache of names.
using NameCheck = std::function<bool(std::string_view name)>;

// Checks everything a commit rejects before a single byte is written:
// InvalidArgument naming the article and the statement or alias.
Status ValidateUpdate(const ArticleUpdate& update, const NameCheck& has_key);

// The entity under `id` (pending or stored), nullptr when there is none.
using EntityAt = std::function<Result<pb::Entity*>(uint64_t id)>;

struct ChosenId {
  uint64_t id = 0;
  bool exists = false;  // an entity of this name is stored there (its alias row is gone)
};

// The id for a name whose normalised form `normalized` has no alias row: the
// first salt whose id is free or already holds an entity of that name.
// Internal when every salt is taken by other names.
Result<ChosenId> ChooseEntityId(const std::string& normalized, std::string_view name,
                                const EntityAt& entity_at);

// A new entity record named Trimmed(name).
pb::Entity NewEntity(uint64_t id, std::string_view name, std::string_view type);
// Sets the type of an entity that has none; true when the record changed.
bool FillType(pb::Entity* entity, std::string_view type);
// Lists Trimmed(alias) among the entity's other names unless `normalized`
// (its key) is the entity's own name or listed already; true when changed.
bool ListAlias(pb::Entity* entity, std::string_view alias, const std::string& normalized);

// A new triple record for `key`, confidence 0 and no counts.
pb::Triple NewTriple(const keys::TripleKey& key);
// What one statement gives its triple: its confidence (NaN as 0, clamped
// to [0, 1]) and its modality (its own, else its evidence's).
float StatementConfidence(const TripleStatement& statement);
const std::string& StatementModality(const TripleStatement& statement);
// Folds one statement of the article being committed into its triple: the
// highest confidence, and raw_relation and modality of the first statement
// that has one.
void MergeStatement(const TripleStatement& statement, pb::Triple* triple);
// What a triple's confidence becomes when an article whose best statement
// has `article_best` joins the articles that gave `prior`.
float CombineConfidence(float prior, float article_best);
// Sets `out` to the evidence record of one statement of article
// `article_id` (an out parameter, so a loop can reuse one record's memory).
void EvidenceRecord(const TripleStatement& statement, const std::string& article_id,
                    pb::Evidence* out);
// The article record of an update: statement count and time of storing set.
pb::Article ArticleRecord(const ArticleUpdate& update);
// The same, made in place from an update's article.
void StampArticleRecord(size_t statement_count, pb::Article* article);

// What the integrity check and repair (graph/store_check.h) borrow from a
// Store: its DB, and the mutex its writers hold.
struct Access {
  static Db DbOf(const Store& store) {
    return Db{store.db_.get(), &store.families_, &store.path_};
  }
  static std::mutex& WriteMutex(const Store& store) {
    return store.write_state_->commit_mutex;
  }
};

using RawVisitor = std::function<Result<bool>(std::string_view key, std::string_view value)>;

// Visits every record whose key starts with `prefix`, in key order, until
// `visit` returns false or an error.
Status ScanPrefix(const Db& db, Family family, std::string_view prefix,
                  const RawVisitor& visit);

}  // namespace store_internal
}  // namespace kg::graph
