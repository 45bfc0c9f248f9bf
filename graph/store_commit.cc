// The store's writes: CommitArticle and AddAlias, and the per-commit state
// that turns names into entity ids and collects one atomic WriteBatch.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "graph/keys.h"
#include "graph/names.h"
#include "graph/store.h"
#include "graph/store_internal.h"
#include "graph/text.h"

namespace kg::graph {

using keys::Family;
using store_internal::Db;
using store_internal::FromRocks;
using store_internal::GetRaw;
using store_internal::GetRecord;
using store_internal::kMaxMergeHops;
using store_internal::NowUnixSeconds;
using store_internal::Undecodable;

namespace store_internal {

Status ValidateUpdate(const ArticleUpdate& update, const NameCheck& has_key) {
  const std::string& id = update.article.id();
  KG_RETURN_IF_ERROR(keys::ValidateArticleId(id).WithContext("article"));
  for (size_t i = 0; i < update.triples.size(); ++i) {
    const TripleStatement& statement = update.triples[i];
    // The message is built only for a statement that fails: this loop runs
    // once per statement of every import.
    const auto where = [&] { return "article " + id + ": statement " + std::to_string(i); };
    if (!has_key(statement.subject)) {
      return Status::InvalidArgument(where() + ": empty subject name");
    }
    if (!has_key(statement.object)) {
      return Status::InvalidArgument(where() + ": empty object name");
    }
    if (Status relation = keys::ValidateRelation(statement.relation); !relation.ok()) {
      return relation.WithContext(where());
    }
    if (!pb::Polarity_IsValid(statement.polarity)) {
      return Status::InvalidArgument(where() + ": unknown polarity " +
                                     std::to_string(statement.polarity));
    }
  }
  for (size_t i = 0; i < update.aliases.size(); ++i) {
    const auto& [alias, canonical] = update.aliases[i];
    if (!has_key(alias) || !has_key(canonical)) {
      return Status::InvalidArgument("article " + id + ": alias " + std::to_string(i) +
                                     ": empty name");
    }
  }
  return Status::Ok();
}

Result<ChosenId> ChooseEntityId(const std::string& normalized, std::string_view name,
                                const EntityAt& entity_at) {
  for (uint32_t salt = 0; salt < kMaxEntitySalt; ++salt) {
    const uint64_t id = EntityIdFor(normalized, salt);
    Result<pb::Entity*> existing = entity_at(id);
    if (!existing.ok()) return existing.status();
    if (*existing == nullptr) return ChosenId{id, false};
    // An entity stored under this name whose alias row is gone: reuse it.
    if (NormalizeName((*existing)->name()) == normalized) return ChosenId{id, true};
    // Else a hash collision with another name: try the next salt.
  }
  return Status::Internal("no free entity id for '" + std::string(name) + "'");
}

pb::Entity NewEntity(uint64_t id, std::string_view name, std::string_view type) {
  pb::Entity entity;
  entity.set_id(id);
  entity.set_name(Trimmed(name));
  entity.set_type(std::string(type));
  return entity;
}

bool FillType(pb::Entity* entity, std::string_view type) {
  if (!entity->type().empty() || type.empty()) return false;
  entity->set_type(std::string(type));
  return true;
}

bool ListAlias(pb::Entity* entity, std::string_view alias, const std::string& normalized) {
  if (NormalizeName(entity->name()) == normalized) return false;
  for (const std::string& listed : entity->aliases()) {
    if (NormalizeName(listed) == normalized) return false;
  }
  entity->add_aliases(Trimmed(alias));
  return true;
}

pb::Triple NewTriple(const keys::TripleKey& key) {
  pb::Triple triple;
  triple.set_subject_id(key.subject_id);
  triple.set_relation(key.relation);
  triple.set_object_id(key.object_id);
  triple.set_polarity(key.polarity);
  triple.set_confidence(0.0f);
  return triple;
}

float StatementConfidence(const TripleStatement& statement) {
  const float confidence = statement.confidence;
  return std::isnan(confidence) ? 0.0f : std::clamp(confidence, 0.0f, 1.0f);
}

const std::string& StatementModality(const TripleStatement& statement) {
  return statement.modality.empty() ? statement.evidence.modality() : statement.modality;
}

void MergeStatement(const TripleStatement& statement, pb::Triple* triple) {
  const float confidence = StatementConfidence(statement);
  if (confidence > triple->confidence()) triple->set_confidence(confidence);
  if (triple->raw_relation().empty()) {
    triple->set_raw_relation(statement.evidence.raw_relation());
  }
  if (triple->modality().empty()) triple->set_modality(StatementModality(statement));
}

float CombineConfidence(float prior, float article_best) {
  return 1.0f - (1.0f - prior) * (1.0f - article_best);
}

void EvidenceRecord(const TripleStatement& statement, const std::string& article_id,
                    pb::Evidence* out) {
  *out = statement.evidence;
  out->set_article_id(article_id);
}

pb::Article ArticleRecord(const ArticleUpdate& update) {
  pb::Article article = update.article;
  StampArticleRecord(update.triples.size(), &article);
  return article;
}

void StampArticleRecord(size_t statement_count, pb::Article* article) {
  article->set_triple_count(static_cast<uint32_t>(statement_count));
  article->set_ingested_unix_seconds(NowUnixSeconds());
}

}  // namespace store_internal

namespace {

bool HasKey(std::string_view name) { return !NormalizeName(name).empty(); }

// Collects one atomic write: entities, aliases, triples and evidence read
// from the store or created earlier in the same batch are cached, so a name
// or an edge that occurs twice in one article resolves to one record.
class BatchBuilder {
 public:
  explicit BatchBuilder(const Db& db) : db_(db) {}

  // The id `name`'s alias row names, creating the entity (and its alias
  // row) when the name is new. Merges are not followed: a statement about a
  // merged entity is stored under that entity's own id, and readers move it
  // onto the survivor (graph/curation.h), so that a split gives it back.
  // Fills an empty type when `type` is given.
  Result<uint64_t> Resolve(std::string_view name, std::string_view type) {
    const std::string normalized = NormalizeName(name);
    Result<std::optional<uint64_t>> current = LookupAlias(normalized);
    if (!current.ok()) return current.status();
    if (current->has_value()) {
      const uint64_t id = **current;
      Result<pb::Entity*> entity = LoadEntity(id);
      if (!entity.ok()) return entity.status();
      if (*entity == nullptr) return Missing(id);
      if (store_internal::FillType(*entity, type)) dirty_entities_.insert(id);
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
    if (store_internal::ListAlias(*target, alias, normalized)) dirty_entities_.insert(entity_id);
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
    store_internal::MergeStatement(statement, *triple);

    pb::Evidence evidence;
    store_internal::EvidenceRecord(statement, article_id, &evidence);
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
    for (auto& [sro, triple] : triples_) {
      const float prior = prior_confidence_.at(sro);
      triple.set_confidence(store_internal::CombineConfidence(prior, triple.confidence()));
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

  // The raw alias row (pending or stored), without following merges.
  Result<std::optional<uint64_t>> LookupAlias(const std::string& normalized) {
    if (auto it = aliases_.find(normalized); it != aliases_.end()) {
      return std::optional<uint64_t>(it->second);
    }
    return store_internal::ReadAliasRow(db_, normalized);
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
    Result<store_internal::ChosenId> chosen = store_internal::ChooseEntityId(
        normalized, name, [this](uint64_t id) { return LoadEntity(id); });
    if (!chosen.ok()) return chosen.status();
    const uint64_t id = chosen->id;
    if (!chosen->exists) {
      entities_[id] = store_internal::NewEntity(id, name, type);
      dirty_entities_.insert(id);
    }
    aliases_[normalized] = id;
    return id;
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
    if (!found) triple = store_internal::NewTriple(key);
    triple.set_article_count(triple.article_count() + 1);
    // Confidence grows with each independent article: this article's best
    // statement is combined with what earlier articles gave when written.
    prior_confidence_[sro] = triple.confidence();
    triple.set_confidence(0.0f);
    return &triples_.emplace(sro, std::move(triple)).first->second;
  }

  Db db_;
  rocksdb::WriteBatch batch_;
  Status batch_status_;
  std::map<std::string, uint64_t> aliases_;                  // pending alias rows
  std::map<uint64_t, std::optional<pb::Entity>> entities_;   // nullopt: not stored
  std::set<uint64_t> dirty_entities_;
  std::map<std::string, pb::Triple> triples_;                // touched, by SRO key
  std::map<std::string, float> prior_confidence_;            // before this article
  std::set<std::string> evidence_keys_;
};

}  // namespace

Result<CommitOutcome> Store::CommitArticle(const ArticleUpdate& update) {
  if (read_only_) return Status::InvalidArgument("store " + path_ + " is open read-only");
  KG_RETURN_IF_ERROR(store_internal::ValidateUpdate(update, HasKey));
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
    batch.PutArticle(store_internal::ArticleRecord(update));
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

}  // namespace kg::graph
