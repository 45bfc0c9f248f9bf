#include "graph/store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "graph/keys.h"
#include "graph/names.h"
#include "graph/text.h"

namespace kg::graph {

using keys::Family;

struct Store::WriteState {
  std::mutex commit_mutex;  // one CommitArticle or AddAlias at a time
};

namespace {

constexpr char kCreatedBy[] = "kg 0.1.0";
// Merge chains are short (a survivor is re-pointed when merged again); a
// longer chain means a cycle in damaged data.
constexpr int kMaxMergeHops = 64;
constexpr uint32_t kMaxEntitySalt = 1024;

int64_t NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Turns a RocksDB status into a kg Status that names the store.
Status FromRocks(const rocksdb::Status& status, const std::string& path) {
  if (status.ok()) return Status::Ok();
  const std::string text = status.ToString();
  if (status.IsCorruption()) return Status::Corruption("store " + path + ": " + text);
  if (status.IsBusy()) return Status::Busy("store " + path + ": " + text);
  return Status::IOError("store " + path + ": " + text);
}

// What the functions below borrow from a Store: the open DB and its families.
struct Db {
  rocksdb::DB* db;
  const std::vector<rocksdb::ColumnFamilyHandle*>* families;
  const std::string* path;

  rocksdb::ColumnFamilyHandle* Handle(Family family) const {
    return (*families)[static_cast<int>(family)];
  }
};

Status Undecodable(const Db& db, Family family, std::string_view key) {
  return Status::Corruption("store " + *db.path + ": family " + keys::FamilyName(family) +
                            " key " + keys::HexOf(key) + ": record does not decode");
}

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
              bool* found) {
  const rocksdb::Status status =
      db.db->Get(rocksdb::ReadOptions(), db.Handle(family), rocksdb::Slice(key), value);
  *found = status.ok();
  if (status.IsNotFound()) return Status::Ok();
  return FromRocks(status, *db.path);
}

template <typename Message>
Status GetRecord(const Db& db, Family family, std::string_view key, Message* out,
                 bool* found) {
  std::string bytes;
  KG_RETURN_IF_ERROR(GetRaw(db, family, key, &bytes, found));
  if (!*found) return Status::Ok();
  return Decode(db, family, key, bytes, out);
}

using RawVisitor = std::function<Result<bool>(std::string_view key, std::string_view value)>;

// Visits every record whose key starts with `prefix`, in key order, until
// `visit` returns false or an error.
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

// Resolves an entity id to the entity that survives its merges.
Result<pb::Entity> LoadSurvivor(const Db& db, uint64_t id) {
  for (int hop = 0; hop < kMaxMergeHops; ++hop) {
    pb::Entity entity;
    bool found = false;
    const std::string key = keys::EntityKey(id);
    KG_RETURN_IF_ERROR(GetRecord(db, Family::kEntities, key, &entity, &found));
    if (!found) {
      return Status::Corruption("store " + *db.path + ": entity " + std::to_string(id) +
                                " is referenced but not stored");
    }
    if (entity.merged_into() == 0 || entity.merged_into() == id) return entity;
    id = entity.merged_into();
  }
  return Status::Corruption("store " + *db.path + ": merge chain through entity " +
                            std::to_string(id) + " does not end");
}

// Reads the canonical triple an index key points to.
Status VisitIndexed(const Db& db, Family index, std::string_view index_key,
                    const Store::TripleVisitor& visit, bool* more) {
  Result<keys::TripleKey> key = index == Family::kTriplesRos ? keys::DecodeRosKey(index_key)
                                                              : keys::DecodeOsrKey(index_key);
  if (!key.ok()) return Undecodable(db, index, index_key);
  Result<std::string> sro = keys::EncodeSroKey(*key);
  if (!sro.ok()) return Undecodable(db, index, index_key);
  pb::Triple triple;
  bool found = false;
  KG_RETURN_IF_ERROR(GetRecord(db, Family::kTriplesSro, *sro, &triple, &found));
  if (!found) {
    return Status::Corruption("store " + *db.path + ": family " + keys::FamilyName(index) +
                              " key " + keys::HexOf(index_key) + " has no triples_sro record");
  }
  *more = visit(triple);
  return Status::Ok();
}

Status ScanIndex(const Db& db, Family index, std::string_view prefix,
                 const Store::TripleVisitor& visit) {
  return ScanPrefix(db, index, prefix,
                    [&](std::string_view key, std::string_view) -> Result<bool> {
                      bool more = true;
                      KG_RETURN_IF_ERROR(VisitIndexed(db, index, key, visit, &more));
                      return more;
                    });
}

Status ScanTriples(const Db& db, std::string_view prefix, const Store::TripleVisitor& visit) {
  return ScanPrefix(db, Family::kTriplesSro, prefix,
                    [&](std::string_view key, std::string_view value) -> Result<bool> {
                      pb::Triple triple;
                      KG_RETURN_IF_ERROR(Decode(db, Family::kTriplesSro, key, value, &triple));
                      return visit(triple);
                    });
}

Result<uint64_t> CountRecords(const Db& db, Family family) {
  uint64_t count = 0;
  KG_RETURN_IF_ERROR(ScanPrefix(db, family, "", [&](std::string_view, std::string_view) {
    ++count;
    return Result<bool>(true);
  }));
  return count;
}

// Checks everything CommitArticle rejects before a single byte is batched.
Status ValidateUpdate(const ArticleUpdate& update) {
  const std::string& id = update.article.id();
  KG_RETURN_IF_ERROR(keys::ValidateArticleId(id).WithContext("article"));
  for (size_t i = 0; i < update.triples.size(); ++i) {
    const TripleStatement& statement = update.triples[i];
    const std::string where = "article " + id + ": statement " + std::to_string(i);
    if (NormalizeName(statement.subject).empty()) {
      return Status::InvalidArgument(where + ": empty subject name");
    }
    if (NormalizeName(statement.object).empty()) {
      return Status::InvalidArgument(where + ": empty object name");
    }
    KG_RETURN_IF_ERROR(keys::ValidateRelation(statement.relation).WithContext(where));
    if (!pb::Polarity_IsValid(statement.polarity)) {
      return Status::InvalidArgument(where + ": unknown polarity " +
                                     std::to_string(statement.polarity));
    }
  }
  for (size_t i = 0; i < update.aliases.size(); ++i) {
    const auto& [alias, canonical] = update.aliases[i];
    if (NormalizeName(alias).empty() || NormalizeName(canonical).empty()) {
      return Status::InvalidArgument("article " + id + ": alias " + std::to_string(i) +
                                     ": empty name");
    }
  }
  return Status::Ok();
}

// Collects one atomic write: entities, aliases, triples and evidence read
// from the store or created earlier in the same batch are cached, so a name
// or an edge that occurs twice in one article resolves to one record.
class BatchBuilder {
 public:
  explicit BatchBuilder(const Db& db) : db_(db) {}

  // The id `name` resolves to, creating the entity (and its alias row) when
  // the name is new. Fills an empty type when `type` is given.
  Result<uint64_t> Resolve(std::string_view name, std::string_view type) {
    const std::string normalized = NormalizeName(name);
    Result<std::optional<uint64_t>> current = LookupAlias(normalized);
    if (!current.ok()) return current.status();
    if (current->has_value()) {
      Result<uint64_t> id = FollowMerges(**current);
      if (!id.ok()) return id;
      Result<pb::Entity*> entity = LoadEntity(*id);
      if (!entity.ok()) return entity.status();
      if ((*entity)->type().empty() && !type.empty()) {
        (*entity)->set_type(std::string(type));
        dirty_entities_.insert(*id);
      }
      return id;
    }
    return Create(normalized, name, type);
  }

  // Points the alias at `entity_id`. Without `replace`, an alias that
  // already resolves somewhere is left alone (an article's guess does not
  // override earlier curation).
  Status SetAlias(std::string_view alias, uint64_t entity_id, bool replace) {
    const std::string normalized = NormalizeName(alias);
    Result<std::optional<uint64_t>> current = LookupAlias(normalized);
    if (!current.ok()) return current.status();
    if (current->has_value()) {
      Result<uint64_t> survivor = FollowMerges(**current);
      if (!survivor.ok()) return survivor.status();
      if (*survivor == entity_id || !replace) return Status::Ok();
      KG_RETURN_IF_ERROR(Unlink(alias, normalized, **current));
    }
    aliases_[normalized] = entity_id;
    Result<pb::Entity*> target = LoadEntity(entity_id);
    if (!target.ok()) return target.status();
    if (*target == nullptr) return Missing(entity_id);
    if (NormalizeName((*target)->name()) != normalized && !HasAlias(**target, normalized)) {
      (*target)->add_aliases(Trimmed(alias));
      dirty_entities_.insert(entity_id);
    }
    return Status::Ok();
  }

  // Adds one statement of article `article_id` (new in this batch).
  Status AddStatement(const TripleStatement& statement, const std::string& article_id) {
    Result<uint64_t> subject = Resolve(statement.subject, statement.subject_type);
    if (!subject.ok()) return subject.status();
    Result<uint64_t> object = Resolve(statement.object, statement.object_type);
    if (!object.ok()) return object.status();
    const keys::TripleKey key{*subject, statement.relation, *object, statement.polarity};
    Result<std::string> sro = keys::EncodeSroKey(key);
    if (!sro.ok()) return sro.status();
    Result<pb::Triple*> triple = LoadTriple(*sro, key);
    if (!triple.ok()) return triple.status();
    Merge(statement, *triple);

    pb::Evidence evidence = statement.evidence;
    evidence.set_article_id(article_id);
    Result<std::string> evidence_key = keys::EncodeEvidenceKey(
        {key, article_id, evidence.sentence_index(), evidence.begin()});
    if (!evidence_key.ok()) return evidence_key.status();
    // The same statement at the same place is one piece of evidence.
    if (evidence_keys_.insert(*evidence_key).second) {
      (*triple)->set_evidence_count((*triple)->evidence_count() + 1);
      Put(Family::kEvidence, *evidence_key, evidence.SerializeAsString());
    }
    return Status::Ok();
  }

  void PutArticle(const pb::Article& article) {
    Put(Family::kArticles, article.id(), article.SerializeAsString());
  }

  // Writes everything collected as one batch.
  Status Write() {
    for (const uint64_t id : dirty_entities_) {
      Put(Family::kEntities, keys::EntityKey(id), entities_.at(id)->SerializeAsString());
    }
    for (const auto& [alias, id] : aliases_) Put(Family::kAliases, alias, keys::EntityKey(id));
    for (const auto& [sro, triple] : triples_) {
      const keys::TripleKey key = keys::TripleKeyOf(triple);
      Put(Family::kTriplesSro, sro, triple.SerializeAsString());
      // Keys were validated when the SRO key was built, so these succeed.
      Put(Family::kTriplesRos, *keys::EncodeRosKey(key), "");
      Put(Family::kTriplesOsr, *keys::EncodeOsrKey(key), "");
    }
    KG_RETURN_IF_ERROR(batch_status_);
    return FromRocks(db_.db->Write(rocksdb::WriteOptions(), &batch_), *db_.path);
  }

 private:
  void Put(Family family, std::string_view key, const std::string& value) {
    const rocksdb::Status status =
        batch_.Put(db_.Handle(family), rocksdb::Slice(key), rocksdb::Slice(value));
    if (!status.ok() && batch_status_.ok()) batch_status_ = FromRocks(status, *db_.path);
  }

  Status Missing(uint64_t id) const {
    return Status::Corruption("store " + *db_.path + ": entity " + std::to_string(id) +
                              " is referenced but not stored");
  }

  static bool HasAlias(const pb::Entity& entity, const std::string& normalized) {
    for (const std::string& alias : entity.aliases()) {
      if (NormalizeName(alias) == normalized) return true;
    }
    return false;
  }

  // The raw alias row (pending or stored), without following merges.
  Result<std::optional<uint64_t>> LookupAlias(const std::string& normalized) {
    if (auto it = aliases_.find(normalized); it != aliases_.end()) {
      return std::optional<uint64_t>(it->second);
    }
    std::string value;
    bool found = false;
    KG_RETURN_IF_ERROR(GetRaw(db_, Family::kAliases, normalized, &value, &found));
    if (!found) return std::optional<uint64_t>();
    Result<uint64_t> id = keys::DecodeEntityKey(value);
    if (!id.ok()) return Undecodable(db_, Family::kAliases, normalized);
    return std::optional<uint64_t>(*id);
  }

  // The cached entity, loading it on first use; nullptr when not stored.
  Result<pb::Entity*> LoadEntity(uint64_t id) {
    auto it = entities_.find(id);
    if (it == entities_.end()) {
      pb::Entity entity;
      bool found = false;
      KG_RETURN_IF_ERROR(GetRecord(db_, Family::kEntities, keys::EntityKey(id), &entity, &found));
      std::optional<pb::Entity> loaded;
      if (found) loaded = std::move(entity);
      it = entities_.emplace(id, std::move(loaded)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  Result<uint64_t> FollowMerges(uint64_t id) {
    for (int hop = 0; hop < kMaxMergeHops; ++hop) {
      Result<pb::Entity*> entity = LoadEntity(id);
      if (!entity.ok()) return entity.status();
      if (*entity == nullptr) return Missing(id);
      const uint64_t next = (*entity)->merged_into();
      if (next == 0 || next == id) return id;
      id = next;
    }
    return Status::Corruption("store " + *db_.path + ": merge chain through entity " +
                              std::to_string(id) + " does not end");
  }

  Result<uint64_t> Create(const std::string& normalized, std::string_view name,
                          std::string_view type) {
    for (uint32_t salt = 0; salt < kMaxEntitySalt; ++salt) {
      const uint64_t id = EntityIdFor(normalized, salt);
      Result<pb::Entity*> existing = LoadEntity(id);
      if (!existing.ok()) return existing.status();
      if (*existing != nullptr) {
        // An entity stored under this name whose alias row is gone: reuse it.
        if (NormalizeName((*existing)->name()) == normalized) {
          aliases_[normalized] = id;
          return id;
        }
        continue;  // a hash collision with another name: try the next salt
      }
      pb::Entity entity;
      entity.set_id(id);
      entity.set_name(Trimmed(name));
      entity.set_type(std::string(type));
      entities_[id] = std::move(entity);
      dirty_entities_.insert(id);
      aliases_[normalized] = id;
      return id;
    }
    return Status::Internal("no free entity id for '" + std::string(name) + "'");
  }

  // Removes `alias` from the entity it used to resolve to, so the alias can
  // move. An entity's own name cannot move: that is what merge is for.
  Status Unlink(std::string_view alias, const std::string& normalized, uint64_t old_id) {
    Result<pb::Entity*> old = LoadEntity(old_id);
    if (!old.ok()) return old.status();
    if (*old == nullptr) return Status::Ok();
    pb::Entity& entity = **old;
    if (NormalizeName(entity.name()) == normalized) {
      return Status::InvalidArgument("'" + std::string(alias) + "' is the name of entity '" +
                                     entity.name() + "'; merge the entities instead");
    }
    auto* aliases = entity.mutable_aliases();
    for (int i = aliases->size() - 1; i >= 0; --i) {
      if (NormalizeName(aliases->Get(i)) == normalized) aliases->DeleteSubrange(i, 1);
    }
    dirty_entities_.insert(old_id);
    return Status::Ok();
  }

  // The triple pending in this batch, or the stored one, or a new one. The
  // article count goes up once, when the triple is first touched here.
  Result<pb::Triple*> LoadTriple(const std::string& sro, const keys::TripleKey& key) {
    auto it = triples_.find(sro);
    if (it != triples_.end()) return &it->second;
    pb::Triple triple;
    bool found = false;
    KG_RETURN_IF_ERROR(GetRecord(db_, Family::kTriplesSro, sro, &triple, &found));
    if (!found) {
      triple.set_subject_id(key.subject_id);
      triple.set_relation(key.relation);
      triple.set_object_id(key.object_id);
      triple.set_polarity(key.polarity);
      triple.set_confidence(0.0f);
    }
    triple.set_article_count(triple.article_count() + 1);
    return &triples_.emplace(sro, std::move(triple)).first->second;
  }

  static void Merge(const TripleStatement& statement, pb::Triple* triple) {
    float confidence = statement.confidence;
    if (std::isnan(confidence)) confidence = 0.0f;
    confidence = std::clamp(confidence, 0.0f, 1.0f);
    if (confidence > triple->confidence()) triple->set_confidence(confidence);
    if (triple->raw_relation().empty()) {
      triple->set_raw_relation(statement.evidence.raw_relation());
    }
    const std::string& modality =
        statement.modality.empty() ? statement.evidence.modality() : statement.modality;
    if (triple->modality().empty()) triple->set_modality(modality);
  }

  Db db_;
  rocksdb::WriteBatch batch_;
  Status batch_status_;
  std::map<std::string, uint64_t> aliases_;                  // pending alias rows
  std::map<uint64_t, std::optional<pb::Entity>> entities_;   // nullopt: not stored
  std::set<uint64_t> dirty_entities_;
  std::map<std::string, pb::Triple> triples_;                // touched, by SRO key
  std::set<std::string> evidence_keys_;
};

// --- opening -----------------------------------------------------------------

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

// --- writing -------------------------------------------------------------------

Result<CommitOutcome> Store::CommitArticle(const ArticleUpdate& update) {
  if (read_only_) return Status::InvalidArgument("store " + path_ + " is open read-only");
  KG_RETURN_IF_ERROR(ValidateUpdate(update));
  try {
    std::lock_guard<std::mutex> lock(write_state_->commit_mutex);
    Result<bool> stored = HasArticle(update.article.id());
    if (!stored.ok()) return stored.status();
    if (*stored) return CommitOutcome::kSkippedDuplicate;

    const Db db{db_.get(), &families_, &path_};
    BatchBuilder batch(db);
    const std::string& id = update.article.id();
    // Aliases first, so that the article's statements already use them.
    for (const auto& [alias, canonical] : update.aliases) {
      Result<uint64_t> target = batch.Resolve(canonical, "");
      if (!target.ok()) return target.status().WithContext("article " + id);
      KG_RETURN_IF_ERROR(batch.SetAlias(alias, *target, false).WithContext("article " + id));
    }
    for (const TripleStatement& statement : update.triples) {
      KG_RETURN_IF_ERROR(batch.AddStatement(statement, id).WithContext("article " + id));
    }
    pb::Article article = update.article;
    article.set_triple_count(static_cast<uint32_t>(update.triples.size()));
    article.set_ingested_unix_seconds(NowUnixSeconds());
    batch.PutArticle(article);
    KG_RETURN_IF_ERROR(batch.Write());
    return CommitOutcome::kStored;
  } catch (const std::exception& error) {
    return Status::Internal("store " + path_ + ": committing article " + update.article.id() +
                            ": " + error.what());
  }
}

Status Store::AddAlias(std::string_view alias, std::string_view canonical) {
  if (read_only_) return Status::InvalidArgument("store " + path_ + " is open read-only");
  if (NormalizeName(alias).empty() || NormalizeName(canonical).empty()) {
    return Status::InvalidArgument("alias '" + std::string(alias) + "' -> '" +
                                   std::string(canonical) + "': empty name");
  }
  try {
    std::lock_guard<std::mutex> lock(write_state_->commit_mutex);
    BatchBuilder batch(Db{db_.get(), &families_, &path_});
    Result<uint64_t> target = batch.Resolve(canonical, "");
    if (!target.ok()) return target.status();
    KG_RETURN_IF_ERROR(batch.SetAlias(alias, *target, true));
    return batch.Write();
  } catch (const std::exception& error) {
    return Status::Internal("store " + path_ + ": adding alias '" + std::string(alias) +
                            "': " + error.what());
  }
}

// --- reading -------------------------------------------------------------------

Result<pb::Entity> Store::FindEntity(std::string_view name) const {
  const std::string normalized = NormalizeName(name);
  if (normalized.empty()) return Status::InvalidArgument("empty entity name");
  const Db db{db_.get(), &families_, &path_};
  std::string value;
  bool found = false;
  KG_RETURN_IF_ERROR(GetRaw(db, Family::kAliases, normalized, &value, &found));
  if (!found) return Status::NotFound("no entity named '" + std::string(name) + "'");
  Result<uint64_t> id = keys::DecodeEntityKey(value);
  if (!id.ok()) return Undecodable(db, Family::kAliases, normalized);
  return LoadSurvivor(db, *id);
}

Result<pb::Entity> Store::GetEntity(uint64_t id) const {
  const Db db{db_.get(), &families_, &path_};
  pb::Entity entity;
  bool found = false;
  KG_RETURN_IF_ERROR(GetRecord(db, Family::kEntities, keys::EntityKey(id), &entity, &found));
  if (!found) return Status::NotFound("no entity with id " + std::to_string(id));
  return entity;
}

Result<pb::Article> Store::GetArticle(const std::string& article_id) const {
  if (article_id.empty()) return Status::InvalidArgument("empty article id");
  const Db db{db_.get(), &families_, &path_};
  pb::Article article;
  bool found = false;
  KG_RETURN_IF_ERROR(GetRecord(db, Family::kArticles, article_id, &article, &found));
  if (!found) return Status::NotFound("no article " + article_id);
  return article;
}

Result<bool> Store::HasArticle(const std::string& article_id) const {
  if (article_id.empty()) return Status::InvalidArgument("empty article id");
  const Db db{db_.get(), &families_, &path_};
  std::string value;
  bool found = false;
  KG_RETURN_IF_ERROR(GetRaw(db, Family::kArticles, article_id, &value, &found));
  return found;
}

Status Store::ForEachEntity(const EntityVisitor& visit) const {
  const Db db{db_.get(), &families_, &path_};
  return ScanPrefix(db, Family::kEntities, "",
                    [&](std::string_view key, std::string_view value) -> Result<bool> {
                      pb::Entity entity;
                      KG_RETURN_IF_ERROR(Decode(db, Family::kEntities, key, value, &entity));
                      return visit(entity);
                    });
}

Status Store::ForEachAlias(const AliasVisitor& visit) const {
  const Db db{db_.get(), &families_, &path_};
  return ScanPrefix(db, Family::kAliases, "",
                    [&](std::string_view key, std::string_view value) -> Result<bool> {
                      Result<uint64_t> id = keys::DecodeEntityKey(value);
                      if (!id.ok()) return Undecodable(db, Family::kAliases, key);
                      return visit(key, *id);
                    });
}

Status Store::ForEachArticle(const ArticleVisitor& visit) const {
  const Db db{db_.get(), &families_, &path_};
  return ScanPrefix(db, Family::kArticles, "",
                    [&](std::string_view key, std::string_view value) -> Result<bool> {
                      pb::Article article;
                      KG_RETURN_IF_ERROR(Decode(db, Family::kArticles, key, value, &article));
                      return visit(article);
                    });
}

Status Store::ForEachTriple(const TripleVisitor& visit) const {
  return ScanTriples(Db{db_.get(), &families_, &path_}, "", visit);
}

Status Store::ForEachTripleFrom(uint64_t subject_id, const TripleVisitor& visit) const {
  return ScanTriples(Db{db_.get(), &families_, &path_}, keys::SroSubjectPrefix(subject_id),
                     visit);
}

Status Store::ForEachTripleTo(uint64_t object_id, const TripleVisitor& visit) const {
  return ScanIndex(Db{db_.get(), &families_, &path_}, Family::kTriplesOsr,
                   keys::OsrObjectPrefix(object_id), visit);
}

Status Store::ForEachTripleWithRelationTo(std::string_view relation, uint64_t object_id,
                                          const TripleVisitor& visit) const {
  Result<std::string> prefix = keys::RosRelationObjectPrefix(relation, object_id);
  if (!prefix.ok()) return prefix.status();
  return ScanIndex(Db{db_.get(), &families_, &path_}, Family::kTriplesRos, *prefix, visit);
}

Status Store::ForEachEvidence(const pb::Triple& triple, const EvidenceVisitor& visit) const {
  Result<std::string> prefix = keys::EncodeSroKey(keys::TripleKeyOf(triple));
  if (!prefix.ok()) return prefix.status();
  const Db db{db_.get(), &families_, &path_};
  return ScanPrefix(db, Family::kEvidence, *prefix,
                    [&](std::string_view key, std::string_view value) -> Result<bool> {
                      pb::Evidence evidence;
                      KG_RETURN_IF_ERROR(Decode(db, Family::kEvidence, key, value, &evidence));
                      return visit(evidence);
                    });
}

Result<StoreCounts> Store::Counts() const {
  const Db db{db_.get(), &families_, &path_};
  StoreCounts counts;
  const std::pair<Family, uint64_t*> targets[] = {
      {Family::kArticles, &counts.articles},   {Family::kEntities, &counts.entities},
      {Family::kAliases, &counts.aliases},     {Family::kTriplesSro, &counts.triples},
      {Family::kEvidence, &counts.evidence}};
  for (const auto& [family, target] : targets) {
    Result<uint64_t> count = CountRecords(db, family);
    if (!count.ok()) return count.status();
    *target = *count;
  }
  return counts;
}

// --- article ids -----------------------------------------------------------------

namespace {

bool IsSpace(utf8proc_int32_t codepoint) {
  switch (codepoint) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r': case 0x85:
      return true;
    default: {
      const auto category = utf8proc_category(codepoint);
      return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
             category == UTF8PROC_CATEGORY_ZP;
    }
  }
}

// NFC with every run of white space folded to one space and the ends
// trimmed; invalid bytes become U+FFFD so that any input has an id.
std::string NormalizeText(std::string_view text) {
  std::vector<utf8proc_int32_t> codepoints;
  codepoints.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  bool pending_space = false;
  while (remaining > 0) {
    utf8proc_int32_t codepoint = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes, remaining, &codepoint);
    if (length <= 0) {
      codepoint = 0xFFFD;
      length = 1;
    }
    bytes += length;
    remaining -= length;
    if (IsSpace(codepoint)) {
      pending_space = !codepoints.empty();
      continue;
    }
    if (pending_space) codepoints.push_back(' ');
    pending_space = false;
    codepoints.push_back(codepoint);
  }
  std::string valid;
  valid.reserve(codepoints.size());
  for (const utf8proc_int32_t codepoint : codepoints) {
    utf8proc_uint8_t encoded[4];
    const utf8proc_ssize_t written = utf8proc_encode_char(codepoint, encoded);
    valid.append(reinterpret_cast<const char*>(encoded), static_cast<size_t>(written));
  }
  utf8proc_uint8_t* composed = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                   static_cast<utf8proc_ssize_t>(valid.size()), &composed,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (length < 0) return valid;
  std::string out(reinterpret_cast<const char*>(composed), static_cast<size_t>(length));
  std::free(composed);
  return out;
}

}  // namespace

std::string ArticleIdFor(std::string_view text) {
  const std::string normalized = NormalizeText(text);
  const XXH128_hash_t hash = XXH3_128bits(normalized.data(), normalized.size());
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  return keys::HexOf(std::string_view(reinterpret_cast<const char*>(canonical.digest),
                                      sizeof(canonical.digest)));
}

}  // namespace kg::graph
