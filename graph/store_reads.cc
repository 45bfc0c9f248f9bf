// The store's reads: point lookups, scans in key order, and counts.
#include <string>
#include <utility>

#include "graph/keys.h"
#include "graph/names.h"
#include "graph/store.h"
#include "graph/store_internal.h"

namespace kg::graph {

using keys::Family;
using store_internal::Db;
using store_internal::Decode;
using store_internal::GetRaw;
using store_internal::GetRecord;
using store_internal::kMaxMergeHops;
using store_internal::ScanPrefix;
using store_internal::Undecodable;

namespace {

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

}  // namespace

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

}  // namespace kg::graph
