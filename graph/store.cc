// Opening and closing a store: the path checks, creating a store in one
// step, the column families, the schema record, the owner file, and how
// RocksDB errors become kg Status codes.
#include "graph/store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "graph/keys.h"
#include "graph/store_internal.h"
#include "graph/store_owner.h"

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

namespace fs = std::filesystem;

constexpr char kCreatedBy[] = "kg 0.1.0";
constexpr char kStagingMark[] = ".creating-";

// The store directory `path` names, absolute ("kg.db/" and "./kg.db" are
// "$PWD/kg.db"), so that it has a parent to build the new store in; an
// existing directory reached through a symbolic link is the link's target.
fs::path StoreDirectory(const std::string& path) {
  std::error_code error;
  fs::path dir = fs::canonical(path, error);
  if (error) dir = fs::absolute(path, error).lexically_normal();
  return dir.has_filename() ? dir : dir.parent_path();
}

// ".kg.db.creating-": the name of a staging directory for `dir` without
// its creator's process id.
std::string StagingPrefix(const fs::path& dir) {
  std::string prefix(".");
  prefix += dir.filename().string();
  prefix += kStagingMark;
  return prefix;
}

// Where this process builds a new store before moving it to `path`: a
// hidden directory beside it, ".kg.db.creating-PID".
fs::path StagingPath(const std::string& path) {
  const fs::path dir = StoreDirectory(path);
  return dir.parent_path() / (StagingPrefix(dir) + std::to_string(::getpid()));
}

// Removes the staging directories of creators of `path` that were killed
// (their process is gone); a live creator's is left alone.
void RemoveStaleStaging(const std::string& path) {
  const fs::path dir = StoreDirectory(path);
  const std::string prefix = StagingPrefix(dir);
  std::error_code error;
  for (fs::directory_iterator it(dir.parent_path(), error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    long pid = 0;
    const char* digits = name.data() + prefix.size();
    const auto [stop, parse] = std::from_chars(digits, name.data() + name.size(), pid);
    if (parse != std::errc() || stop != name.data() + name.size() || pid <= 0) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

// What a read-only open reads first: CURRENT and the size of the MANIFEST
// it names. A writer changes it whenever it flushes, compacts or reopens.
struct ManifestState {
  std::string current;
  uintmax_t size = 0;
  bool operator==(const ManifestState&) const = default;
};

ManifestState ReadManifestState(const std::string& path) {
  ManifestState state;
  std::ifstream in(fs::path(path) / "CURRENT", std::ios::binary);
  std::getline(in, state.current);
  std::error_code error;
  state.size = fs::file_size(fs::path(path) / state.current, error);
  if (error) state.size = 0;
  return state;
}

constexpr int kReadOnlyAttempts = 50;
constexpr auto kReadOnlyRetryPause = std::chrono::milliseconds(5);

// Runs a read-only `open` until the store's MANIFEST did not change while it
// ran. A read-only open takes no lock, and a writer that flushes or compacts
// meanwhile deletes WAL and table files the version it read still names:
// the open then fails ("Can't access 000058.sst") or, worse, succeeds
// without the data of a deleted WAL. Both show as a changed MANIFEST, and a
// retry reads the writer's new version. Commits alone only append to the
// WAL, which a read-only open replays up to the last whole WriteBatch.
Result<std::unique_ptr<Store>> OpenUnchanged(
    const std::string& path, const std::function<Result<std::unique_ptr<Store>>()>& open) {
  for (int attempt = 1;; ++attempt) {
    const ManifestState before = ReadManifestState(path);
    Result<std::unique_ptr<Store>> store = open();
    if (ReadManifestState(path) == before) return store;
    if (attempt == kReadOnlyAttempts) {
      if (!store.ok()) return store;
      return Status::Busy("store " + path + " kept changing while it was opened; try again");
    }
    std::this_thread::sleep_for(kReadOnlyRetryPause);
  }
}

std::string NoStore(const std::string& path) {
  return "no store at " + path + " (create one with kg ingest or kg import)";
}

// What is at `path` before RocksDB sees it.
enum class PathState { kMissing, kEmptyDirectory, kStore };

Result<PathState> InspectPath(const std::string& path) {
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
    return Status::Busy(store_owner::LockedMessage(path));
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
    bool in_place = false;
    if (*state != PathState::kStore) {
      if (options.read_only || !options.create_if_missing) return Status::NotFound(NoStore(path));
      Status created = CreateStaged(path);
      if (!created.ok() && *state != PathState::kEmptyDirectory) return created;
      // An empty directory that cannot be replaced (a mount point, a parent
      // this process may not write) gets the store built in place, where a
      // crash while creating it leaves a directory later opens refuse.
      in_place = !created.ok();
      if (!in_place) {
        // Whoever created it (this process or a writer racing it), a store
        // must be there now, and nothing else.
        state = InspectPath(path);
        if (!state.ok()) return state.status();
        if (*state != PathState::kStore) return Status::IOError("store " + path + ": not created");
      }
    }
    if (options.read_only) {
      return OpenUnchanged(path, [&path] { return OpenDirectory(path, true, false); });
    }
    Result<std::unique_ptr<Store>> store = OpenDirectory(path, false, in_place);
    if (!store.ok()) return store;
    // Only names the holder in the message a refused writer prints; a store
    // whose directory takes no new file still works.
    static_cast<void>(store_owner::WriteOwner(path));
    return store;
  } catch (const std::exception& error) {
    return Status::IOError("store " + path + ": " + error.what());
  }
}

Status Store::CreateStaged(const std::string& path) {
  RemoveStaleStaging(path);
  const fs::path staging = StagingPath(path);
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  Result<std::unique_ptr<Store>> created = OpenDirectory(staging.string(), false, true);
  if (!created.ok()) {
    fs::remove_all(staging, ignored);
    return created.status().WithContext("store " + path + ": cannot create it");
  }
  created->reset();  // closed: RocksDB keeps file names under the staging path
  // rename(2) moves a directory in one step and may replace an empty one.
  std::error_code error;
  fs::rename(staging, StoreDirectory(path), error);
  if (!error) return Status::Ok();
  fs::remove_all(staging, ignored);
  // Another process created the store first: open theirs.
  if (error == std::errc::directory_not_empty || error == std::errc::file_exists) {
    return Status::Ok();
  }
  return Status::IOError("store " + path + ": cannot create it: " + error.message());
}

Result<std::unique_ptr<Store>> Store::OpenDirectory(const std::string& dir, bool read_only,
                                                    bool create) {
  Result<std::vector<std::string>> names = FamiliesToOpen(dir, !create);
  if (!names.ok()) return names.status();
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : *names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = create;
  db_options.create_missing_column_families = create;
  db_options.keep_log_file_num = 2;
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  const rocksdb::Status opened =
      read_only ? rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &handles, &raw)
                : rocksdb::DB::Open(db_options, dir, descriptors, &handles, &raw);
  KG_RETURN_IF_ERROR(FromOpen(opened, dir));

  std::unique_ptr<Store> store(new Store());
  store->path_ = dir;
  store->read_only_ = read_only;
  store->db_.reset(raw);
  store->write_state_ = std::make_unique<WriteState>();
  // FamiliesToOpen lists ours first, in keys::Family order, so families_
  // is indexed by keys::Family; foreign families follow (closed in ~Store).
  store->families_ = std::move(handles);
  KG_RETURN_IF_ERROR(store->CheckSchema(create));
  return store;
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
  if (!read_only_) {
    // Written data goes from the log into table files now, so that every
    // later open (each shell, each read-only command) reads tables instead
    // of replaying a log as large as the import that wrote it.
    std::vector<rocksdb::ColumnFamilyHandle*> open_families;
    for (rocksdb::ColumnFamilyHandle* handle : families_) {
      if (handle != nullptr) open_families.push_back(handle);
    }
    db_->Flush(rocksdb::FlushOptions(), open_families).PermitUncheckedError();
  }
  // Before the lock is released, so that the next writer's file is never
  // the one removed.
  if (!read_only_) store_owner::RemoveOwner(path_);
  for (rocksdb::ColumnFamilyHandle* handle : families_) {
    if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

}  // namespace kg::graph
