// Opening and closing a store: the path checks, the column families, the
// schema record, and how RocksDB errors become kg Status codes.
#include "graph/store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "graph/keys.h"
#include "graph/store_internal.h"

namespace kg::graph {

namespace store_internal {

int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status FromRocks(const rocksdb::Status& status, const std::string& path) {
  if (status.ok()) return Status::Ok();
  const std::string text = status.ToString();
  if (status.IsCorruption()) return Status::Corruption("store " + path + ": " + text);
  if (status.IsBusy()) return Status::Busy("store " + path + ": " + text);
  return Status::IOError("store " + path + ": " + text);
}

}  // namespace store_internal

using keys::Family;
using store_internal::Db;
using store_internal::FromRocks;
using store_internal::GetRecord;
using store_internal::NowUnixSeconds;

namespace {

constexpr char kCreatedBy[] = "kg 0.1.0";

std::string NoStore(const std::string& path) {
  return "no store at " + path + " (create one with kg ingest or kg import)";
}

// What is at `path` before RocksDB sees it.
enum class PathState { kMissing, kEmptyDirectory, kStore };

Result<PathState> InspectPath(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error && status.type() != fs::file_type::not_found) {
    return Status::IOError(path + ": " + error.message());
  }
  if (status.type() == fs::file_type::not_found) return PathState::kMissing;
  if (status.type() != fs::file_type::directory) {
    return Status::IOError(path + ": not a kg store directory");
  }
  if (fs::exists(fs::path(path) / "CURRENT", error)) return PathState::kStore;
  const bool empty = fs::is_empty(path, error);
  if (error) return Status::IOError(path + ": " + error.message());
  if (!empty) {
    return Status::IOError(path + ": not a kg store directory (it holds other files)");
  }
  return PathState::kEmptyDirectory;
}

Status FromOpen(const rocksdb::Status& status, const std::string& path) {
  // RocksDB reports a held lock as an IOError about the LOCK file, both for
  // another process (flock) and for a second open in this process.
  if (status.IsIOError() && status.ToString().find("LOCK") != std::string::npos) {
    return Status::Busy("store " + path + " is locked by another process (is an ingest running?)");
  }
  return FromRocks(status, path);
}

// The families to open: kg's, in keys::Family order, then any others the
// store has (RocksDB insists that a writable open names them all). An
// existing store without all of kg's families is not a kg store; it is
// refused before RocksDB could add families to it.
Result<std::vector<std::string>> FamiliesToOpen(const std::string& path, bool exists) {
  std::vector<std::string> names(keys::kFamilyNames.begin(), keys::kFamilyNames.end());
  if (!exists) return names;
  std::vector<std::string> existing;
  KG_RETURN_IF_ERROR(
      FromOpen(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &existing), path));
  for (const std::string& name : names) {
    if (std::find(existing.begin(), existing.end(), name) != existing.end()) continue;
    // A damaged MANIFEST can also list only "default": let a read-only open
    // report that damage before calling the store foreign.
    rocksdb::DB* probe = nullptr;
    KG_RETURN_IF_ERROR(FromOpen(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), path, &probe),
                                path));
    delete probe;
    return Status::IOError(path + ": not a kg store directory (a RocksDB store without the " +
                           name + " column family)");
  }
  for (const std::string& name : existing) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  if (path.empty()) return Status::InvalidArgument("empty store path");
  try {
    Result<PathState> state = InspectPath(path);
    if (!state.ok()) return state.status();
    const bool exists = *state == PathState::kStore;
    if (!exists && (options.read_only || !options.create_if_missing)) {
      return Status::NotFound(NoStore(path));
    }
    Result<std::vector<std::string>> names = FamiliesToOpen(path, exists);
    if (!names.ok()) return names.status();
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : *names) {
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }

    rocksdb::DBOptions db_options;
    db_options.create_if_missing = !exists;
    db_options.create_missing_column_families = !exists;
    db_options.keep_log_file_num = 2;
    rocksdb::DB* raw = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    const rocksdb::Status opened =
        options.read_only
            ? rocksdb::DB::OpenForReadOnly(db_options, path, descriptors, &handles, &raw)
            : rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
    KG_RETURN_IF_ERROR(FromOpen(opened, path));

    std::unique_ptr<Store> store(new Store());
    store->path_ = path;
    store->read_only_ = options.read_only;
    store->db_.reset(raw);
    store->write_state_ = std::make_unique<WriteState>();
    // FamiliesToOpen lists ours first, in keys::Family order, so families_
    // is indexed by keys::Family; foreign families follow (closed in ~Store).
    store->families_ = std::move(handles);
    KG_RETURN_IF_ERROR(store->CheckSchema(!exists));
    return store;
  } catch (const std::exception& error) {
    return Status::IOError("store " + path + ": " + error.what());
  }
}

Status Store::CheckSchema(bool created) {
  const Db db{db_.get(), &families_, &path_};
  pb::StoreInfo info;
  bool found = false;
  KG_RETURN_IF_ERROR(GetRecord(db, Family::kDefault, keys::kSchemaKey, &info, &found));
  if (!found) {
    if (!created) {
      return Status::IOError(path_ + ": not a kg store directory (a RocksDB store without a "
                                     "kg schema record)");
    }
    info.set_schema_version(kSchemaVersion);
    info.set_created_by(kCreatedBy);
    info.set_created_unix_seconds(NowUnixSeconds());
    rocksdb::WriteOptions sync;
    sync.sync = true;
    return FromRocks(db_->Put(sync, db.Handle(Family::kDefault),
                              rocksdb::Slice(keys::kSchemaKey), info.SerializeAsString()),
                     path_);
  }
  if (info.schema_version() != kSchemaVersion) {
    return Status::VersionMismatch("store " + path_ + " has schema version " +
                                   std::to_string(info.schema_version()) +
                                   "; this kg reads version " + std::to_string(kSchemaVersion));
  }
  return Status::Ok();
}

Store::~Store() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : families_) {
    if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

}  // namespace kg::graph
