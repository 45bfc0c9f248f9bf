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
