// Record access shared by the store's reads and commits: point reads and
// prefix scans over one column family.
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <memory>

#include "graph/keys.h"
#include "graph/store_internal.h"

namespace kg::graph::store_internal {

Status Undecodable(const Db& db, Family family, std::string_view key) {
  return Status::Corruption("store " + *db.path + ": family " + keys::FamilyName(family) +
                            " key " + keys::HexOf(key) + ": record does not decode");
}

Status GetRaw(const Db& db, Family family, std::string_view key, std::string* value,
              bool* found) {
  const rocksdb::Status status =
      db.db->Get(rocksdb::ReadOptions(), db.Handle(family), rocksdb::Slice(key), value);
  *found = status.ok();
  if (status.IsNotFound()) return Status::Ok();
  return FromRocks(status, *db.path);
}

Result<std::optional<uint64_t>> ReadAliasRow(const Db& db, const std::string& normalized) {
  std::string value;
  bool found = false;
  KG_RETURN_IF_ERROR(GetRaw(db, Family::kAliases, normalized, &value, &found));
  if (!found) return std::optional<uint64_t>();
  Result<uint64_t> id = keys::DecodeEntityKey(value);
  if (!id.ok()) return Undecodable(db, Family::kAliases, normalized);
  return std::optional<uint64_t>(*id);
}

Status ScanPrefix(const Db& db, Family family, std::string_view prefix,
                  const RawVisitor& visit) {
  rocksdb::ReadOptions options;
  const std::string bound = keys::PrefixUpperBound(prefix);
  rocksdb::Slice bound_slice(bound);
  if (!bound.empty()) options.iterate_upper_bound = &bound_slice;
  std::unique_ptr<rocksdb::Iterator> it(db.db->NewIterator(options, db.Handle(family)));
  for (it->Seek(rocksdb::Slice(prefix)); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    if (key.substr(0, prefix.size()) != prefix) break;
    Result<bool> more = visit(key, std::string_view(it->value().data(), it->value().size()));
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
  }
  return FromRocks(it->status(), *db.path);
}

}  // namespace kg::graph::store_internal
