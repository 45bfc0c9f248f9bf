// The store's curation writes: SetAlias, RemoveAlias, MergeEntity and
// SplitEntity. Each reads what it needs, then writes one WriteBatch.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "graph/keys.h"
#include "graph/names.h"
#include "graph/store.h"
#include "graph/store_internal.h"
#include "graph/text.h"

namespace kg::graph {

using keys::Family;
using store_internal::Db;
using store_internal::Decode;
using store_internal::FromRocks;
using store_internal::GetRaw;
using store_internal::GetRecord;
using store_internal::kMaxMergeHops;
using store_internal::ScanPrefix;
using store_internal::Undecodable;

namespace {

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool IsMergedRecord(const pb::Entity& entity) {
  return entity.merged_into() != 0 && entity.merged_into() != entity.id();
}

// Reads entities and alias rows for one curation call and collects its
// batch. Nothing is cached: each call reads a handful of records.
class Curator {
 public:
  explicit Curator(const Db& db) : db_(db) {}

  // The id in `name`'s alias row, without following merges; nullopt when
  // the name is unknown.
  Result<std::optional<uint64_t>> RawId(const std::string& normalized) const {
    return store_internal::ReadAliasRow(db_, normalized);
  }

  Result<pb::Entity> Load(uint64_t id) const {
    pb::Entity entity;
    bool found = false;
    KG_RETURN_IF_ERROR(GetRecord(db_, Family::kEntities, keys::EntityKey(id), &entity, &found));
    if (!found) {
      return Status::Corruption("store " + *db_.path + ": entity " + std::to_string(id) +
                                " is referenced but not stored");
    }
    return entity;
  }

  // The entity `name`'s alias row names (merges not followed). NotFound
  // for an unknown name.
  Result<pb::Entity> Named(std::string_view name) const {
    const std::string normalized = NormalizeName(name);
    if (normalized.empty()) return Status::InvalidArgument("empty entity name");
    Result<std::optional<uint64_t>> id = RawId(normalized);
    if (!id.ok()) return id.status();
    if (!id->has_value()) return Status::NotFound("no entity named '" + std::string(name) + "'");
    return Load(**id);
  }

  Result<pb::Entity> Survivor(pb::Entity entity) const {
    for (int hop = 0; hop < kMaxMergeHops; ++hop) {
      if (!IsMergedRecord(entity)) return entity;
      Result<pb::Entity> next = Load(entity.merged_into());
      if (!next.ok()) return next.status();
      entity = std::move(*next);
    }
    return Status::Corruption("store " + *db_.path + ": merge chain through entity " +
                              std::to_string(entity.id()) + " does not end");
  }

  // The longest chain of merges that ends at entity `root` (0 when nothing
  // is merged into it). Reads every entity record: merges are rare,
  // deliberate commands, so a scan is cheap enough.
  Result<int> DepthInto(uint64_t root) const {
    std::unordered_map<uint64_t, uint64_t> parent;  // merged entity -> merged_into
    KG_RETURN_IF_ERROR(ScanPrefix(db_, Family::kEntities, "",
                                  [&](std::string_view key, std::string_view value) -> Result<bool> {
                                    pb::Entity entity;
                                    KG_RETURN_IF_ERROR(
                                        Decode(db_, Family::kEntities, key, value, &entity));
                                    if (IsMergedRecord(entity)) {
                                      parent[entity.id()] = entity.merged_into();
                                    }
                                    return true;
                                  }));
    int deepest = 0;
    for (const auto& [id, first] : parent) {
      uint64_t at = first;
      for (int depth = 1; depth <= kMaxMergeHops; ++depth) {
        if (at == root) {
          deepest = std::max(deepest, depth);
          break;
        }
        auto next = parent.find(at);
        if (next == parent.end()) break;
        at = next->second;
      }
    }
    return deepest;
  }

  void PutEntity(const pb::Entity& entity) {
    Check(batch_.Put(db_.Handle(Family::kEntities), keys::EntityKey(entity.id()),
                     entity.SerializeAsString()));
  }
  void PutAlias(const std::string& normalized, uint64_t id) {
    Check(batch_.Put(db_.Handle(Family::kAliases), normalized, keys::EntityKey(id)));
  }
  void DeleteAlias(const std::string& normalized) {
    Check(batch_.Delete(db_.Handle(Family::kAliases), normalized));
  }

  Status Write() {
    KG_RETURN_IF_ERROR(status_);
    rocksdb::WriteOptions options;
    options.sync = true;  // a user's curation is worth a sync
    return FromRocks(db_.db->Write(options, &batch_), *db_.path);
  }

 private:
  void Check(const rocksdb::Status& status) {
    if (!status.ok() && status_.ok()) status_ = FromRocks(status, *db_.path);
  }

  Db db_;
  rocksdb::WriteBatch batch_;
  Status status_;
};

bool IsOwnName(const pb::Entity& entity, const std::string& normalized) {
  return NormalizeName(entity.name()) == normalized;
}

// Drops every spelling of `normalized` from the entity's alias list.
bool DropAlias(pb::Entity& entity, const std::string& normalized) {
  bool dropped = false;
  auto* aliases = entity.mutable_aliases();
  for (int i = aliases->size() - 1; i >= 0; --i) {
    if (NormalizeName(aliases->Get(i)) == normalized) {
      aliases->DeleteSubrange(i, 1);
      dropped = true;
    }
  }
  return dropped;
}

bool ListsAlias(const pb::Entity& entity, const std::string& normalized) {
  for (const std::string& alias : entity.aliases()) {
    if (NormalizeName(alias) == normalized) return true;
  }
  return false;
}

Result<CurationChange> DoSetAlias(Curator& curator, std::string_view alias,
                                  std::string_view name) {
  const std::string key = NormalizeName(alias);
  Result<pb::Entity> target = curator.Named(name);
  if (!target.ok()) return target.status();
  Result<pb::Entity> survivor = curator.Survivor(*target);
  if (!survivor.ok()) return survivor.status();
  CurationChange change;
  Result<std::optional<uint64_t>> current = curator.RawId(key);
  if (!current.ok()) return current.status();
  if (current->has_value()) {
    Result<pb::Entity> old = curator.Load(**current);
    if (!old.ok()) return old.status();
    Result<pb::Entity> old_survivor = curator.Survivor(*old);
    if (!old_survivor.ok()) return old_survivor.status();
    if (old_survivor->id() == survivor->id()) {
      change.entity = std::move(*old);
      change.target = std::move(*survivor);
      change.changed = false;
      return change;
    }
    if (IsOwnName(*old, key)) {
      return Status::InvalidArgument(Quoted(alias) + " is the name of entity " +
                                     Quoted(old->name()) + ", not an alias; to make them one "
                                     "entity, merge them: merge " + Quoted(alias) + " " +
                                     Quoted(name));
    }
    change.previous = old_survivor->name();
    if (old->id() != target->id() && DropAlias(*old, key)) curator.PutEntity(*old);
  }
  curator.PutAlias(key, target->id());
  if (!IsOwnName(*target, key) && !ListsAlias(*target, key)) {
    target->add_aliases(Trimmed(alias));
    curator.PutEntity(*target);
  }
  KG_RETURN_IF_ERROR(curator.Write());
  if (target->id() == survivor->id()) *survivor = *target;
  change.entity = std::move(*target);
  change.target = std::move(*survivor);
  return change;
}

Result<CurationChange> DoRemoveAlias(Curator& curator, std::string_view alias) {
  const std::string key = NormalizeName(alias);
  Result<pb::Entity> owner = curator.Named(alias);
  if (!owner.ok()) return owner.status();
  if (IsOwnName(*owner, key)) {
    std::string message = Quoted(alias) + " is the name of entity " + Quoted(owner->name()) +
                          ", not an alias";
    if (IsMergedRecord(*owner)) message += "; split " + Quoted(alias) + " undoes its merge";
    return Status::InvalidArgument(message);
  }
  curator.DeleteAlias(key);
  if (DropAlias(*owner, key)) curator.PutEntity(*owner);
  KG_RETURN_IF_ERROR(curator.Write());
  Result<pb::Entity> survivor = curator.Survivor(*owner);
  if (!survivor.ok()) return survivor.status();
  CurationChange change;
  change.entity = std::move(*owner);
  change.target = std::move(*survivor);
  return change;
}

Result<CurationChange> DoMerge(Curator& curator, std::string_view name, std::string_view into) {
  Result<pb::Entity> from_named = curator.Named(name);
  if (!from_named.ok()) return from_named.status();
  Result<pb::Entity> into_named = curator.Named(into);
  if (!into_named.ok()) return into_named.status();
  Result<pb::Entity> from = curator.Survivor(*from_named);
  if (!from.ok()) return from.status();
  Result<pb::Entity> to = curator.Survivor(*into_named);
  if (!to.ok()) return to.status();
  if (from->id() == to->id()) {
    if (from_named->id() == into_named->id()) {
      return Status::InvalidArgument("cannot merge " + Quoted(name) + " into itself");
    }
    // Merging back the way an earlier merge went would close a cycle.
    std::string message = Quoted(name) + " and " + Quoted(into) + " are already one entity (" +
                          Quoted(to->name()) + ")";
    const pb::Entity& merged = IsMergedRecord(*from_named) ? *from_named : *into_named;
    if (IsMergedRecord(merged)) {
      message += "; split " + Quoted(merged.name()) + " undoes that merge";
    }
    return Status::InvalidArgument(message);
  }
  Result<int> depth = curator.DepthInto(from->id());
  if (!depth.ok()) return depth.status();
  if (*depth + 1 >= kMaxMergeHops) {
    return Status::InvalidArgument("merging " + Quoted(name) + " would make a chain of " +
                                   std::to_string(*depth + 1) + " merges (at most " +
                                   std::to_string(kMaxMergeHops - 1) + "); split some first");
  }
  from->set_merged_into(to->id());
  curator.PutEntity(*from);
  KG_RETURN_IF_ERROR(curator.Write());
  CurationChange change;
  change.entity = std::move(*from);
  change.target = std::move(*to);
  return change;
}

Result<CurationChange> DoSplit(Curator& curator, std::string_view name) {
  const std::string key = NormalizeName(name);
  Result<pb::Entity> entity = curator.Named(name);
  if (!entity.ok()) return entity.status();
  if (!IsMergedRecord(*entity)) {
    std::string message = Quoted(name) + " is not merged into another entity";
    if (!IsOwnName(*entity, key)) {
      message += "; it is an alias of " + Quoted(entity->name()) + " (unalias " + Quoted(name) +
                 " removes it)";
    }
    return Status::InvalidArgument(message);
  }
  Result<pb::Entity> parent = curator.Load(entity->merged_into());
  if (!parent.ok()) return parent.status();
  entity->clear_merged_into();
  curator.PutEntity(*entity);
  KG_RETURN_IF_ERROR(curator.Write());
  CurationChange change;
  change.entity = std::move(*entity);
  change.target = std::move(*parent);
  return change;
}

// What the four calls share: the read-only check, the writers' lock, and
// the edge where library exceptions become a Status.
template <typename Call>
Result<CurationChange> Curate(bool read_only, const Db& db, std::mutex& mutex,
                              const std::string& what, Call call) {
  if (read_only) return Status::InvalidArgument("store " + *db.path + " is open read-only");
  try {
    std::lock_guard<std::mutex> lock(mutex);
    Curator curator(db);
    return call(curator);
  } catch (const std::exception& error) {
    return Status::Internal("store " + *db.path + ": " + what + ": " + error.what());
  }
}

}  // namespace

Result<CurationChange> Store::SetAlias(std::string_view alias, std::string_view name) {
  if (NormalizeName(alias).empty()) return Status::InvalidArgument("empty alias");
  return Curate(read_only_, Db{db_.get(), &families_, &path_}, write_state_->commit_mutex,
                "adding alias " + Quoted(alias),
                [&](Curator& curator) { return DoSetAlias(curator, alias, name); });
}

Result<CurationChange> Store::RemoveAlias(std::string_view alias) {
  return Curate(read_only_, Db{db_.get(), &families_, &path_}, write_state_->commit_mutex,
                "removing alias " + Quoted(alias),
                [&](Curator& curator) { return DoRemoveAlias(curator, alias); });
}

Result<CurationChange> Store::MergeEntity(std::string_view name, std::string_view into) {
  return Curate(read_only_, Db{db_.get(), &families_, &path_}, write_state_->commit_mutex,
                "merging " + Quoted(name),
                [&](Curator& curator) { return DoMerge(curator, name, into); });
}

Result<CurationChange> Store::SplitEntity(std::string_view name) {
  return Curate(read_only_, Db{db_.get(), &families_, &path_}, write_state_->commit_mutex,
                "splitting " + Quoted(name),
                [&](Curator& curator) { return DoSplit(curator, name); });
}

}  // namespace kg::graph
