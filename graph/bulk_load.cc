// The bulk load's memory side: resolving names, counting triples and
// collecting records exactly as CommitArticle's batches would, with caches
// where a commit reads the store. The table side is bulk_load_tables.cc.
#include "graph/bulk_load.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "graph/bulk_load_internal.h"
#include "graph/flat_index.h"
#include "graph/keys.h"
#include "graph/names.h"
#include "graph/store_internal.h"

namespace kg::graph {

using bulk_internal::AliasRow;
using bulk_internal::EvidenceRow;
using bulk_internal::Records;
using keys::Family;
using store_internal::Db;

namespace {

// The identity of a triple while loading: the relation as an index into the
// load's relation names.
struct EdgeKey {
  uint64_t subject_id;
  uint64_t object_id;
  uint32_t relation;
  int polarity;
};

struct EdgeHash {
  size_t operator()(const EdgeKey& key) const {
    uint64_t h = key.subject_id * 0x9E3779B97F4A7C15ULL;
    h ^= key.object_id + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
    h ^= (static_cast<uint64_t>(key.relation) << 1 | static_cast<uint64_t>(key.polarity)) +
         0x94D049BB133111EBULL + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

// One statement's place in its article, for the evidence rule "the same
// statement at the same place is one piece of evidence": the first
// statement there gives the record.
struct Place {
  uint32_t triple;
  uint32_t sentence_index;
  uint32_t begin;
  std::string_view evidence;  // the statement's serialised record
  bool SamePlace(const Place& other) const {
    return triple == other.triple && sentence_index == other.sentence_index &&
           begin == other.begin;
  }
  bool operator<(const Place& other) const {
    return std::tie(triple, sentence_index, begin) <
           std::tie(other.triple, other.sentence_index, other.begin);
  }
};

uint64_t NameHash(std::string_view name) { return XXH3_64bits(name.data(), name.size()); }

// Whether a name has a lookup key, as the store decides it. NormalizeName
// keeps every ASCII letter and digit, so a name with one has a key without
// normalising it.
bool HasKey(std::string_view name) {
  for (const char c : name) {
    if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return true;
  }
  return !NormalizeName(name).empty();
}

constexpr uint32_t kNoArticle = UINT32_MAX;

// Each surface name the load has resolved, with its entity: one record per
// name ([entity id] [size] [text, padded to 8 bytes]) in one array of words,
// so that a lookup reads its slot and then one record, instead of an entry
// and then a text elsewhere. A record's handle is the index of its first
// word.
class NameRecords {
 public:
  // Appends a record; false when the handle would not fit in 32 bits.
  bool Add(std::string_view name, uint64_t entity_id, uint32_t* handle) {
    const size_t at = words_.size();
    const size_t text_words = (name.size() + 7) / 8;
    if (at + 2 + text_words >= FlatIndex::kAbsent) return false;
    words_.resize(at + 2 + text_words, 0);
    words_[at] = entity_id;
    words_[at + 1] = name.size();
    std::memcpy(&words_[at + 2], name.data(), name.size());
    *handle = static_cast<uint32_t>(at);
    return true;
  }
  uint64_t EntityAt(uint32_t handle) const { return words_[handle]; }
  std::string_view TextAt(uint32_t handle) const {
    return std::string_view(reinterpret_cast<const char*>(&words_[handle + 2]),
                            static_cast<size_t>(words_[handle + 1]));
  }
  void Prefetch(uint32_t handle) const { __builtin_prefetch(&words_[handle]); }

 private:
  LargeVector<uint64_t> words_;
};

// How many statements ahead the add asks for table slots, and for the
// name records those slots point at.
constexpr size_t kLookAhead = 8;
constexpr size_t kRecordLookAhead = 4;

// True when the store has no row in `family`.
Result<bool> FamilyEmpty(const Db& db, Family family) {
  bool empty = true;
  KG_RETURN_IF_ERROR(store_internal::ScanPrefix(
      db, family, "", [&](std::string_view, std::string_view) -> Result<bool> {
        empty = false;
        return false;
      }));
  return empty;
}

}  // namespace

class BulkLoad::State {
 public:
  explicit State(Store& store)
      : db_(store_internal::Access::DbOf(store)),
        lock_(store_internal::Access::WriteMutex(store)) {}

  // Reads the alias rows and entities the store already holds.
  Status ReadStored() {
    KG_RETURN_IF_ERROR(store_internal::ScanPrefix(
        db_, Family::kAliases, "", [&](std::string_view key, std::string_view value) -> Result<bool> {
          Result<uint64_t> id = keys::DecodeEntityKey(value);
          if (!id.ok()) return store_internal::Undecodable(db_, Family::kAliases, key);
          records_.aliases.emplace(std::string(key), AliasRow{*id, true});
          return true;
        }));
    return store_internal::ScanPrefix(
        db_, Family::kEntities, "", [&](std::string_view key, std::string_view value) -> Result<bool> {
          Result<uint64_t> id = keys::DecodeEntityKey(key);
          if (!id.ok()) return store_internal::Undecodable(db_, Family::kEntities, key);
          pb::Entity entity;
          KG_RETURN_IF_ERROR(store_internal::Decode(db_, Family::kEntities, key, value, &entity));
          records_.entities.emplace(*id, bulk_internal::EntityRow{std::move(entity), false});
          return true;
        });
  }

  Result<CommitOutcome> Add(PreparedArticle& article) {
    if (failed_ || finished_) {
      return Status::InvalidArgument("store " + *db_.path + ": bulk load " +
                                     (finished_ ? "already finished" : "abandoned after an error"));
    }
    // A flat index over the ids already added, not a set of copies: the
    // adding thread then allocates nothing per article.
    const uint64_t id_hash = NameHash(article.id);
    const auto same_id = [&](uint32_t handle) { return records_.article_ids[handle] == article.id; };
    if (article_index_.Find(id_hash, same_id) != FlatIndex::kAbsent) {
      return CommitOutcome::kSkippedDuplicate;
    }
    const Status added = AddArticle(article);
    if (!added.ok()) {
      failed_ = true;
      return added.WithContext("article " + article.id);
    }
    article_index_.Insert(id_hash, article_);
    return CommitOutcome::kStored;
  }

  void Reserve(size_t articles, size_t statements) {
    records_.triples.reserve(statements);
    records_.evidence.reserve(statements);
    prior_confidence_.reserve(statements);
    last_article_.reserve(statements);
    triple_index_.Reserve(statements);
    article_index_.Reserve(articles);
    records_.article_ids.reserve(articles);
    records_.articles.reserve(articles);
  }

  // Safe on any thread: the arena has its own lock.
  char* AllocateRecords(size_t bytes) { return records_.arena.Allocate(bytes); }

  Status Finish() {
    if (failed_ || finished_) {
      return Status::InvalidArgument("store " + *db_.path + ": bulk load " +
                                     (finished_ ? "already finished" : "abandoned after an error"));
    }
    finished_ = true;
    // The caches are not needed any more: their memory goes before the
    // sort needs its own.
    normalized_ = {};
    names_ = {};
    name_index_ = {};
    triple_index_ = {};
    article_index_ = {};
    prior_confidence_ = {};
    last_article_ = {};
    KG_RETURN_IF_ERROR(bulk_internal::WriteAndIngest(db_, records_));
    ingested_ = true;
    // Written: what only the tables needed goes before a graph is built.
    records_.arena.Release();
    records_.articles = {};
    records_.evidence = {};
    return Status::Ok();
  }

  Result<std::unique_ptr<KnowledgeGraph>> BuildGraph() const {
    if (!ingested_) {
      return Status::InvalidArgument("store " + *db_.path +
                                     ": bulk load: no graph before a successful Finish");
    }
    return bulk_internal::BuildGraph(records_);
  }

 private:
  // NormalizeName(name), computed once per distinct surface name.
  const std::string& NormalizedOf(std::string_view name) {
    auto it = normalized_.find(name);
    if (it == normalized_.end()) it = normalized_.emplace(std::string(name), NormalizeName(name)).first;
    return it->second;
  }

  Status Missing(uint64_t id) const {
    return Status::Corruption("store " + *db_.path + ": entity " + std::to_string(id) +
                              " is referenced but not stored");
  }

  bulk_internal::EntityRow* RowAt(uint64_t id) {
    auto it = records_.entities.find(id);
    return it == records_.entities.end() ? nullptr : &it->second;
  }
  pb::Entity* EntityAt(uint64_t id) {
    bulk_internal::EntityRow* row = RowAt(id);
    return row == nullptr ? nullptr : &row->entity;
  }

  // As a commit's Resolve: the entity the name's alias row names, created
  // when the name is new; fills an empty type. A surface name resolves to
  // the same id for the rest of the load: alias rows are only ever added.
  // `hash` is NameHash(name).
  Result<uint64_t> Resolve(std::string_view name, uint64_t hash, std::string_view type) {
    const uint32_t known =
        name_index_.Find(hash, [&](uint32_t handle) { return names_.TextAt(handle) == name; });
    if (known != FlatIndex::kAbsent) {
      const uint64_t id = names_.EntityAt(known);
      if (!type.empty()) {
        bulk_internal::EntityRow* row = RowAt(id);
        if (row == nullptr) return Missing(id);
        MarkIf(store_internal::FillType(&row->entity, type), row);
      }
      return id;
    }
    // Not cached: a surface name reaches here once.
    const std::string normalized = NormalizeName(name);
    uint64_t id = 0;
    if (auto alias = records_.aliases.find(normalized); alias != records_.aliases.end()) {
      id = alias->second.entity_id;
      bulk_internal::EntityRow* row = RowAt(id);
      if (row == nullptr) return Missing(id);
      MarkIf(store_internal::FillType(&row->entity, type), row);
    } else {
      Result<store_internal::ChosenId> chosen = store_internal::ChooseEntityId(
          normalized, name, [this](uint64_t at) -> Result<pb::Entity*> { return EntityAt(at); });
      if (!chosen.ok()) return chosen.status();
      id = chosen->id;
      if (!chosen->exists) {
        records_.entities.emplace(
            id, bulk_internal::EntityRow{store_internal::NewEntity(id, name, type), true});
      }
      records_.aliases.emplace(normalized, AliasRow{id, false});
    }
    uint32_t handle = 0;
    if (!names_.Add(name, id, &handle)) {
      return Status::InvalidArgument("store " + *db_.path + ": bulk load: names over 32 GB");
    }
    name_index_.Insert(hash, handle);
    return id;
  }

  static void MarkIf(bool changed, bulk_internal::EntityRow* row) {
    if (changed) row->dirty = true;
  }

  Result<uint64_t> FollowMerges(uint64_t id) {
    for (int hop = 0; hop < store_internal::kMaxMergeHops; ++hop) {
      const pb::Entity* entity = EntityAt(id);
      if (entity == nullptr) return Missing(id);
      const uint64_t next = entity->merged_into();
      if (next == 0 || next == id) return id;
      id = next;
    }
    return Status::Corruption("store " + *db_.path + ": merge chain through entity " +
                              std::to_string(id) + " does not end");
  }

  // As a commit's SetAlias without replace: an alias that already resolves
  // somewhere stays where it is.
  Status SetAlias(std::string_view alias, uint64_t entity_id) {
    const std::string& normalized = NormalizedOf(alias);
    if (auto row = records_.aliases.find(normalized); row != records_.aliases.end()) {
      Result<uint64_t> survivor = FollowMerges(row->second.entity_id);
      return survivor.ok() ? Status::Ok() : survivor.status();
    }
    records_.aliases.emplace(normalized, AliasRow{entity_id, false});
    bulk_internal::EntityRow* target = RowAt(entity_id);
    if (target == nullptr) return Missing(entity_id);
    MarkIf(store_internal::ListAlias(&target->entity, alias, normalized), target);
    return Status::Ok();
  }

  uint32_t RelationIndex(std::string_view relation) {
    auto it = relation_index_.find(relation);
    if (it != relation_index_.end()) return it->second;
    const auto index = static_cast<uint32_t>(records_.relation_names.size());
    records_.relation_names.emplace_back(relation);
    relation_index_.emplace(std::string(relation), index);
    return index;
  }

  // Raw relations and modalities, each stored once.
  uint32_t WordIndex(std::string_view word) {
    if (word.empty()) return 0;
    auto it = word_index_.find(word);
    if (it != word_index_.end()) return it->second;
    const auto index = static_cast<uint32_t>(records_.words.size());
    records_.words.emplace_back(word);
    word_index_.emplace(std::string(word), index);
    return index;
  }

  // The triple of `key`, created when new (as NewTriple: confidence 0, no
  // counts); the article count goes up when the current article first
  // touches it, as in a commit's LoadTriple.
  uint32_t TouchTriple(const EdgeKey& key) {
    const uint64_t hash = EdgeHash()(key);
    uint32_t index = triple_index_.Find(hash, [&](uint32_t handle) {
      const bulk_internal::TripleRow& row = records_.triples[handle];
      return row.subject_id == key.subject_id && row.object_id == key.object_id &&
             row.relation == key.relation && row.polarity == key.polarity;
    });
    if (index == FlatIndex::kAbsent) {
      index = static_cast<uint32_t>(records_.triples.size());
      triple_index_.Insert(hash, index);
      bulk_internal::TripleRow row;
      row.subject_id = key.subject_id;
      row.object_id = key.object_id;
      row.relation = key.relation;
      row.polarity = static_cast<pb::Polarity>(key.polarity);
      records_.triples.push_back(row);
      prior_confidence_.push_back(0.0f);
      last_article_.push_back(kNoArticle);
    }
    if (last_article_[index] != article_) {
      bulk_internal::TripleRow& row = records_.triples[index];
      last_article_[index] = article_;
      ++row.article_count;
      prior_confidence_[index] = row.confidence;
      row.confidence = 0.0f;
      touched_.push_back(index);
    }
    return index;
  }

  // store_internal::MergeStatement on a row.
  void Merge(const PreparedArticle& article, const PreparedArticle::Statement& statement,
             bulk_internal::TripleRow& row) {
    row.confidence = std::max(row.confidence, statement.confidence);
    if (row.raw_relation == 0) {
      row.raw_relation = WordIndex(TextOf(article, statement.raw_relation));
    }
    if (row.modality == 0) row.modality = WordIndex(TextOf(article, statement.modality));
  }

  static std::string_view TextOf(const PreparedArticle& article, PreparedArticle::Span span) {
    return std::string_view(article.text).substr(span.offset, span.size);
  }

  // An article's statements go in two passes, names then triples, each
  // asking for the table slots it will need a few statements ahead: the
  // tables are far larger than the processor's caches, so most lookups
  // miss, and the misses overlap. Resolving every name before touching any
  // triple gives the same records, as names never depend on triples.
  Status AddStatements(const PreparedArticle& article) {
    const std::vector<PreparedArticle::Statement>& statements = article.statements;
    ids_.resize(2 * statements.size());
    relations_.resize(statements.size());
    for (size_t i = 0; i < statements.size(); ++i) {
      if (i + kLookAhead < statements.size()) {
        name_index_.Prefetch(statements[i + kLookAhead].subject_hash);
        name_index_.Prefetch(statements[i + kLookAhead].object_hash);
      }
      if (i + kRecordLookAhead < statements.size()) {
        for (const uint64_t hash : {statements[i + kRecordLookAhead].subject_hash,
                                    statements[i + kRecordLookAhead].object_hash}) {
          const uint32_t handle = name_index_.FirstCandidate(hash);
          if (handle != FlatIndex::kAbsent) names_.Prefetch(handle);
        }
      }
      const PreparedArticle::Statement& statement = statements[i];
      Result<uint64_t> subject = Resolve(TextOf(article, statement.subject),
                                         statement.subject_hash,
                                         TextOf(article, statement.subject_type));
      if (!subject.ok()) return subject.status();
      Result<uint64_t> object = Resolve(TextOf(article, statement.object), statement.object_hash,
                                        TextOf(article, statement.object_type));
      if (!object.ok()) return object.status();
      ids_[2 * i] = *subject;
      ids_[2 * i + 1] = *object;
      relations_[i] = RelationIndex(TextOf(article, statement.relation));
    }
    const auto edge_of = [&](size_t i) {
      return EdgeKey{ids_[2 * i], ids_[2 * i + 1], relations_[i], statements[i].polarity};
    };
    const char* records = article.records;
    uint32_t evidence_begin = article.article_size;
    for (size_t i = 0; i < statements.size(); ++i) {
      if (i + kLookAhead < statements.size()) {
        triple_index_.Prefetch(EdgeHash()(edge_of(i + kLookAhead)));
      }
      const PreparedArticle::Statement& statement = statements[i];
      const uint32_t index = TouchTriple(edge_of(i));
      Merge(article, statement, records_.triples[index]);
      places_.push_back(
          {index, statement.sentence_index, statement.begin,
           std::string_view(records + evidence_begin, statement.evidence_end - evidence_begin)});
      evidence_begin = statement.evidence_end;
    }
    return Status::Ok();
  }

  Status AddArticle(PreparedArticle& article) {
    article_ = static_cast<uint32_t>(records_.article_ids.size());
    // Aliases first, so that the article's statements already use them.
    for (const auto& [alias, canonical] : article.aliases) {
      Result<uint64_t> target = Resolve(canonical, NameHash(canonical), "");
      if (!target.ok()) return target.status();
      KG_RETURN_IF_ERROR(SetAlias(alias, *target));
    }
    KG_RETURN_IF_ERROR(AddStatements(article));
    for (const uint32_t index : touched_) {
      bulk_internal::TripleRow& row = records_.triples[index];
      row.confidence = store_internal::CombineConfidence(prior_confidence_[index], row.confidence);
    }
    touched_.clear();
    AddEvidence();
    records_.articles.push_back({std::string_view(article.records, article.article_size)});
    records_.article_ids.push_back(std::move(article.id));  // last: errors above still name it
    return Status::Ok();
  }

  // One evidence row per place of the current article, from its first
  // statement there.
  void AddEvidence() {
    std::stable_sort(places_.begin(), places_.end());
    for (size_t i = 0; i < places_.size(); ++i) {
      const Place& place = places_[i];
      if (i > 0 && place.SamePlace(places_[i - 1])) continue;
      ++records_.triples[place.triple].evidence_count;
      records_.evidence.push_back(
          {place.triple, article_, place.sentence_index, place.begin, place.evidence});
    }
    places_.clear();
  }

  Db db_;
  std::unique_lock<std::mutex> lock_;  // the store's writer mutex, held throughout
  bool failed_ = false;
  bool finished_ = false;
  bool ingested_ = false;  // Finish succeeded
  Records records_;

  // What a commit would compute or read again for every statement.
  bulk_internal::StringMap<std::string> normalized_;  // surface name -> NormalizeName
  NameRecords names_;     // each surface name seen, with its entity
  FlatIndex name_index_;  // NameHash -> handle in names_
  bulk_internal::StringMap<uint32_t> relation_index_;
  bulk_internal::StringMap<uint32_t> word_index_;
  FlatIndex triple_index_;  // EdgeHash -> index into Records::triples
  LargeVector<float> prior_confidence_;  // per triple: before the current article
  LargeVector<uint32_t> last_article_;   // per triple: the article that last touched it
  FlatIndex article_index_;  // NameHash of an article id -> index into Records::article_ids

  // The current article's state.
  uint32_t article_ = 0;
  std::vector<uint32_t> touched_;  // triples it touched, in order of first touch
  std::vector<Place> places_;      // its statements' places, in statement order
  std::vector<uint64_t> ids_;      // its statements' subjects and objects
  std::vector<uint32_t> relations_;
};

BulkLoad::BulkLoad(std::unique_ptr<State> state) : state_(std::move(state)) {}

BulkLoad::~BulkLoad() = default;

Result<std::unique_ptr<BulkLoad>> BulkLoad::Start(Store& store) {
  if (store.read_only()) {
    return Status::InvalidArgument("store " + store.path() + " is open read-only");
  }
  try {
    auto state = std::make_unique<State>(store);
    const Db db = store_internal::Access::DbOf(store);
    for (const Family family : {Family::kArticles, Family::kTriplesSro, Family::kTriplesRos,
                                Family::kTriplesOsr, Family::kEvidence}) {
      Result<bool> empty = FamilyEmpty(db, family);
      if (!empty.ok()) return empty.status();
      if (!*empty) return std::unique_ptr<BulkLoad>();
    }
    KG_RETURN_IF_ERROR(state->ReadStored());
    // Table files a killed load left behind; the writer lock says no other
    // load is running.
    std::error_code ignored;
    std::filesystem::remove_all(bulk_internal::TableDirectory(db), ignored);
    return std::unique_ptr<BulkLoad>(new BulkLoad(std::move(state)));
  } catch (const std::exception& error) {
    return Status::Internal("store " + store.path() + ": starting a bulk load: " + error.what());
  }
}

namespace {

// Appends `piece` to `text` and says where it went.
PreparedArticle::Span Append(std::string& text, std::string_view piece) {
  const PreparedArticle::Span span{static_cast<uint32_t>(text.size()),
                                   static_cast<uint32_t>(piece.size())};
  text.append(piece);
  return span;
}

}  // namespace

Result<PreparedArticle> BulkLoad::Prepare(ArticleUpdate update) const {
  KG_RETURN_IF_ERROR(store_internal::ValidateUpdate(update, HasKey));
  pb::Article& article = update.article;
  try {
    PreparedArticle prepared;
    prepared.id = article.id();
    store_internal::StampArticleRecord(update.triples.size(), &article);
    size_t total = article.ByteSizeLong();
    prepared.article_size = static_cast<uint32_t>(total);
    size_t text_size = 0;
    for (TripleStatement& statement : update.triples) {
      statement.evidence.set_article_id(article.id());  // as EvidenceRecord
      total += statement.evidence.ByteSizeLong();
      text_size += statement.subject.size() + statement.subject_type.size() +
                   statement.object.size() + statement.object_type.size() +
                   statement.relation.size() + statement.evidence.raw_relation().size() +
                   store_internal::StatementModality(statement).size();
    }
    if (total > UINT32_MAX || text_size > UINT32_MAX) {
      return Status::InvalidArgument("article " + article.id() + ": records over 4 GB");
    }
    char* records = state_->AllocateRecords(total);  // all written below
    prepared.records = records;
    auto* out = reinterpret_cast<uint8_t*>(records);
    uint8_t* at = article.SerializeWithCachedSizesToArray(out);
    prepared.text.reserve(text_size);
    prepared.statements.reserve(update.triples.size());
    for (const TripleStatement& statement : update.triples) {
      at = statement.evidence.SerializeWithCachedSizesToArray(at);
      std::string& text = prepared.text;
      PreparedArticle::Statement& s = prepared.statements.emplace_back();
      s.subject = Append(text, statement.subject);
      s.subject_type = Append(text, statement.subject_type);
      s.object = Append(text, statement.object);
      s.object_type = Append(text, statement.object_type);
      s.relation = Append(text, statement.relation);
      s.raw_relation = Append(text, statement.evidence.raw_relation());
      s.modality = Append(text, store_internal::StatementModality(statement));
      s.subject_hash = NameHash(statement.subject);
      s.object_hash = NameHash(statement.object);
      s.polarity = statement.polarity;
      s.confidence = store_internal::StatementConfidence(statement);
      s.sentence_index = statement.evidence.sentence_index();
      s.begin = statement.evidence.begin();
      s.evidence_end = static_cast<uint32_t>(at - out);
    }
    prepared.aliases = std::move(update.aliases);
    return prepared;
  } catch (const std::exception& error) {
    return Status::Internal("bulk load: preparing article " + article.id() + ": " + error.what());
  }
}

Result<CommitOutcome> BulkLoad::Add(PreparedArticle article) {
  try {
    return state_->Add(article);
  } catch (const std::exception& error) {
    return Status::Internal("bulk load: adding article " + article.id + ": " + error.what());
  }
}

Result<CommitOutcome> BulkLoad::Add(const ArticleUpdate& update) {
  Result<PreparedArticle> prepared = Prepare(update);
  if (!prepared.ok()) return prepared.status();
  return Add(std::move(prepared).value());
}

void BulkLoad::Reserve(size_t articles, size_t statements) {
  try {
    state_->Reserve(articles, statements);
  } catch (const std::exception&) {
    // Only a hint: the tables grow as they need.
  }
}

Status BulkLoad::Finish() {
  try {
    return state_->Finish();
  } catch (const std::exception& error) {
    return Status::Internal("bulk load: " + std::string(error.what()));
  }
}

Result<std::unique_ptr<KnowledgeGraph>> BulkLoad::BuildGraph() const {
  try {
    return state_->BuildGraph();
  } catch (const std::exception& error) {
    return Status::Internal("bulk load: building the graph: " + std::string(error.what()));
  }
}

}  // namespace kg::graph
