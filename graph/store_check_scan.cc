// The scan behind CheckStore and RepairStore: reads each family once, in an
// order where every family's references are known before they are checked
// (articles, entities, aliases, triples, indexes, evidence), and pairs each
// problem with the rows that fix it.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "graph/keys.h"
#include "graph/names.h"
#include "graph/store_check_internal.h"
#include "graph/store_internal.h"

namespace kg::graph::store_check_internal {
namespace {

using keys::Family;
using keys::TripleKey;
using store_internal::Db;
using store_internal::ScanPrefix;

// Rows read between two looks at the cancellation flag.
constexpr uint64_t kCancelEvery = 4096;

// Quoted when printable, hex otherwise: keys come from damaged data.
std::string Quoted(std::string_view bytes) {
  for (const char c : bytes) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "key " + keys::HexOf(bytes);
  }
  return "'" + std::string(bytes) + "'";
}

// Evidence rows of one triple that survive repair.
struct Tally {
  std::set<std::string> articles;
  uint32_t rows = 0;
  std::string raw_relation;  // of the first row that has one
  std::string modality;
};

// What refers to an entity that is not stored.
struct MissingRefs {
  uint32_t triples = 0;
  std::vector<std::string> aliases;  // alias keys, in key order
};

struct TripleRow {
  TripleKey key;
  std::optional<pb::Triple> record;  // nullopt: does not decode
};

class Scanner {
 public:
  Scanner(const Db& db, const Cancellation* cancel) : db_(db), cancel_(cancel) {
    findings_.report.store_path = *db.path;
  }

  Result<Findings> Run() {
    KG_RETURN_IF_ERROR(ScanArticles());
    KG_RETURN_IF_ERROR(ScanEntities());
    KG_RETURN_IF_ERROR(ScanAliases());
    KG_RETURN_IF_ERROR(ScanTriples());
    KG_RETURN_IF_ERROR(ScanIndex(Family::kTriplesRos, &ros_present_));
    KG_RETURN_IF_ERROR(ScanIndex(Family::kTriplesOsr, &osr_present_));
    KG_RETURN_IF_ERROR(ScanEvidence());
    CheckTriples();
    ReportEvidence();
    CheckMerges();
    RestoreMissingEntities();
    CheckOwnNames();
    FlushEntities();
    return std::move(findings_);
  }

 private:
  // --- recording ---------------------------------------------------------------

  void Problem(ProblemKind kind, std::string line) { findings_.report.Add(kind, std::move(line)); }
  void Unfixable() { ++findings_.unrepairable; }
  void Write(Family family, std::string_view key, std::string value, std::string change) {
    findings_.writes[{family, std::string(key)}] = std::move(value);
    if (!change.empty()) findings_.changes.push_back(std::move(change));
  }
  void Delete(Family family, std::string_view key, std::string change) {
    findings_.writes[{family, std::string(key)}] = std::nullopt;
    if (!change.empty()) findings_.changes.push_back(std::move(change));
  }

  // Visits every row of `family`, counting rows and polling `cancel_`.
  template <typename Visit>
  Status Each(Family family, Visit visit) {
    return ScanPrefix(db_, family, "",
                      [&](std::string_view key, std::string_view value) -> Result<bool> {
                        if (++findings_.report.records % kCancelEvery == 0) {
                          KG_RETURN_IF_ERROR(CheckCancelled(cancel_, "store check"));
                        }
                        visit(key, value);
                        return true;
                      });
  }

  // --- names for messages ------------------------------------------------------

  std::string EntityName(uint64_t id) const {
    auto it = entities_.find(id);
    if (it != entities_.end() && it->second.has_value()) return it->second->name();
    return "entity " + std::to_string(id);
  }

  std::string Describe(const TripleKey& key) const {
    return EntityName(key.subject_id) + " -" +
           (key.polarity == pb::POLARITY_NEGATIVE ? "not " : "") + key.relation + "-> " +
           EntityName(key.object_id);
  }

  // --- articles, entities, aliases ---------------------------------------------

  Status ScanArticles() {
    return Each(Family::kArticles, [&](std::string_view key, std::string_view value) {
      articles_.insert(std::string(key));
      pb::Article article;
      if (!article.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        Problem(ProblemKind::kUndecodable, "articles: record " + Quoted(key) + " does not decode");
        return Unfixable();
      }
      if (article.id() != key) {
        Problem(ProblemKind::kKeyMismatch,
                "articles: record " + Quoted(key) + " says id " + Quoted(article.id()));
        article.set_id(std::string(key));
        Write(Family::kArticles, key, article.SerializeAsString(),
              "articles: set the id of " + Quoted(key) + " from its key");
      }
    });
  }

  Status ScanEntities() {
    return Each(Family::kEntities, [&](std::string_view key, std::string_view value) {
      Result<uint64_t> id = keys::DecodeEntityKey(key);
      if (!id.ok()) {
        Problem(ProblemKind::kUndecodable, "entities: key " + keys::HexOf(key) + " does not parse");
        return Unfixable();
      }
      pb::Entity entity;
      if (!entity.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        Problem(ProblemKind::kUndecodable,
                "entities: record of entity " + std::to_string(*id) + " does not decode");
        entities_[*id] = std::nullopt;
        return Unfixable();
      }
      if (entity.id() != *id) {
        Problem(ProblemKind::kKeyMismatch, "entities: record of entity " + std::to_string(*id) +
                                               " ('" + entity.name() + "') says id " +
                                               std::to_string(entity.id()));
        entity.set_id(*id);
        MarkDirty(*id, "entities: set the id of '" + entity.name() + "' from its key");
      }
      entities_[*id] = std::move(entity);
    });
  }

  Status ScanAliases() {
    return Each(Family::kAliases, [&](std::string_view key, std::string_view value) {
      Result<uint64_t> id = keys::DecodeEntityKey(value);
      if (!id.ok()) {
        Problem(ProblemKind::kUndecodable, "aliases: " + Quoted(key) + " holds no entity id");
        aliases_[std::string(key)] = std::nullopt;  // CheckOwnNames drops or rewrites it
        return;
      }
      aliases_[std::string(key)] = *id;
      if (entities_.count(*id) == 0) {
        Problem(ProblemKind::kDanglingAlias, "aliases: " + Quoted(key) + " points to entity " +
                                                 std::to_string(*id) + " which is not stored");
        missing_[*id].aliases.push_back(std::string(key));
      }
    });
  }

  // --- triples and their indexes -----------------------------------------------

  Status ScanTriples() {
    return Each(Family::kTriplesSro, [&](std::string_view key, std::string_view value) {
      Result<TripleKey> triple_key = keys::DecodeSroKey(key);
      if (!triple_key.ok()) {
        Problem(ProblemKind::kUndecodable,
                "triples_sro: key " + keys::HexOf(key) + " does not parse");
        return Unfixable();
      }
      TripleRow row{*triple_key, std::nullopt};
      pb::Triple triple;
      if (triple.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        row.record = std::move(triple);
      } else {
        Problem(ProblemKind::kUndecodable,
                "triples_sro: record of " + Describe(row.key) + " does not decode");
      }
      triples_.emplace(std::string(key), std::move(row));
    });
  }

  // Marks the SRO key of each row of `index` in `present`.
  Status ScanIndex(Family index, std::set<std::string>* present) {
    const std::string family = keys::FamilyName(index);
    return Each(index, [&](std::string_view key, std::string_view value) {
      Result<TripleKey> triple_key =
          index == Family::kTriplesRos ? keys::DecodeRosKey(key) : keys::DecodeOsrKey(key);
      Result<std::string> sro = triple_key.ok() ? keys::EncodeSroKey(*triple_key)
                                                : Result<std::string>(triple_key.status());
      if (!sro.ok()) {
        Problem(ProblemKind::kUndecodable,
                family + ": key " + keys::HexOf(key) + " does not parse");
        return Delete(index, key, family + ": dropped the row " + keys::HexOf(key));
      }
      if (triples_.count(*sro) == 0) {
        Problem(ProblemKind::kExtraIndexRow,
                family + ": row for " + Describe(*triple_key) + " has no triples_sro record");
        return Delete(index, key, family + ": dropped the row for " + Describe(*triple_key));
      }
      present->insert(*sro);
      if (!value.empty()) {
        Problem(ProblemKind::kIndexValue, family + ": twin of SRO triple " + Describe(*triple_key) +
                                              " has a " + std::to_string(value.size()) +
                                              "-byte value (index rows are empty)");
        Write(index, key, "", family + ": emptied the twin of " + Describe(*triple_key));
      }
    });
  }

  // --- evidence ----------------------------------------------------------------

  Status ScanEvidence() {
    return Each(Family::kEvidence, [&](std::string_view key, std::string_view value) {
      Result<keys::EvidenceKey> evidence_key = keys::DecodeEvidenceKey(key);
      Result<std::string> sro = evidence_key.ok() ? keys::EncodeSroKey(evidence_key->triple)
                                                  : Result<std::string>(evidence_key.status());
      if (!sro.ok()) {
        Problem(ProblemKind::kUndecodable, "evidence: key " + keys::HexOf(key) + " does not parse");
        return Delete(Family::kEvidence, key, "evidence: dropped the row " + keys::HexOf(key));
      }
      const keys::EvidenceKey& where = *evidence_key;
      if (triples_.count(*sro) == 0) {
        auto& orphan = orphans_[*sro];
        orphan.first = where.triple;
        ++orphan.second;
        return Delete(Family::kEvidence, key, "");
      }
      if (articles_.count(where.article_id) == 0) {
        ++without_article_[where.article_id];
        return Delete(Family::kEvidence, key, "");
      }
      CheckEvidenceRecord(key, where, value);
    });
  }

  void CheckEvidenceRecord(std::string_view key, const keys::EvidenceKey& where,
                           std::string_view value) {
    const std::string row = "row of " + Describe(where.triple) + " in article " +
                            Quoted(where.article_id) + " sentence " +
                            std::to_string(where.sentence_index);
    pb::Evidence evidence;
    if (!evidence.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      Problem(ProblemKind::kUndecodable, "evidence: " + row + " does not decode");
      evidence.Clear();
      SetEvidenceKey(where, &evidence);
      Write(Family::kEvidence, key, evidence.SerializeAsString(),
            "evidence: rebuilt the " + row + " from its key (its sentence text is lost)");
    } else if (evidence.article_id() != where.article_id ||
               evidence.sentence_index() != where.sentence_index ||
               evidence.begin() != where.begin) {
      Problem(ProblemKind::kKeyMismatch, "evidence: " + row + " says article " +
                                             Quoted(evidence.article_id()) + " sentence " +
                                             std::to_string(evidence.sentence_index()) + " at " +
                                             std::to_string(evidence.begin()));
      SetEvidenceKey(where, &evidence);
      Write(Family::kEvidence, key, evidence.SerializeAsString(),
            "evidence: set the article and place of the " + row + " from its key");
    }
    Tally& tally = tallies_[*keys::EncodeSroKey(where.triple)];
    tally.articles.insert(where.article_id);
    ++tally.rows;
    if (tally.raw_relation.empty()) tally.raw_relation = evidence.raw_relation();
    if (tally.modality.empty()) tally.modality = evidence.modality();
  }

  static void SetEvidenceKey(const keys::EvidenceKey& where, pb::Evidence* evidence) {
    evidence->set_article_id(where.article_id);
    evidence->set_sentence_index(where.sentence_index);
    evidence->set_begin(where.begin);
  }

  void ReportEvidence() {
    for (const auto& [sro, orphan] : orphans_) {
      const auto& [key, rows] = orphan;
      Problem(ProblemKind::kOrphanEvidence,
              "evidence: " + Rows(rows) + (rows == 1 ? " belongs" : " belong") + " to triple " +
                  Describe(key) + " which is not stored");
      findings_.changes.push_back("evidence: dropped " + Rows(rows) + " of missing triple " +
                                  Describe(key));
    }
    for (const auto& [article, rows] : without_article_) {
      Problem(ProblemKind::kEvidenceWithoutArticle,
              "evidence: " + Rows(rows) + (rows == 1 ? " points" : " point") + " to article " +
                  Quoted(article) + " which is not stored");
      findings_.changes.push_back("evidence: dropped " + Rows(rows) + " of missing article " +
                                  Quoted(article));
    }
  }

  static std::string Rows(uint64_t rows) {
    return std::to_string(rows) + (rows == 1 ? " row" : " rows");
  }

  // --- each triple against its indexes, ends and evidence ----------------------

  void CheckTriples() {
    for (auto& [sro, row] : triples_) {
      for (const uint64_t end : {row.key.subject_id, row.key.object_id}) {
        if (entities_.count(end) == 0) ++missing_[end].triples;
      }
      CheckTwin(Family::kTriplesRos, sro, row.key, ros_present_);
      CheckTwin(Family::kTriplesOsr, sro, row.key, osr_present_);
      CheckRecord(sro, row);
    }
  }

  void CheckTwin(Family index, const std::string& sro, const TripleKey& key,
                 const std::set<std::string>& present) {
    if (present.count(sro) != 0) return;
    const std::string family = keys::FamilyName(index);
    Problem(ProblemKind::kMissingIndexRow,
            family + ": missing twin of SRO triple " + Describe(key));
    Result<std::string> twin =
        index == Family::kTriplesRos ? keys::EncodeRosKey(key) : keys::EncodeOsrKey(key);
    Write(index, *twin, "", family + ": added the twin of " + Describe(key));
  }

  // The record against its key and its evidence; rebuilt when it does not
  // decode.
  void CheckRecord(const std::string& sro, const TripleRow& row) {
    const Tally& tally = tallies_[sro];
    const uint32_t articles = static_cast<uint32_t>(tally.articles.size());
    if (!row.record.has_value()) {
      pb::Triple triple;
      SetTripleKey(row.key, &triple);
      triple.set_raw_relation(tally.raw_relation);
      triple.set_modality(tally.modality);
      triple.set_article_count(articles);
      triple.set_evidence_count(tally.rows);
      Write(Family::kTriplesSro, sro, triple.SerializeAsString(),
            "triples_sro: rebuilt the record of " + Describe(row.key) +
                " from its key and evidence (its confidence is lost)");
      return;
    }
    pb::Triple triple = *row.record;
    std::vector<std::string> changes;
    if (!(keys::TripleKeyOf(triple) == row.key)) {
      Problem(ProblemKind::kKeyMismatch, "triples_sro: record of " + Describe(row.key) + " says " +
                                             Describe(keys::TripleKeyOf(triple)));
      SetTripleKey(row.key, &triple);
      changes.push_back("triples_sro: set the ends of " + Describe(row.key) + " from its key");
    }
    if (triple.article_count() != articles || triple.evidence_count() != tally.rows) {
      Problem(ProblemKind::kWrongCount,
              "triples_sro: " + Describe(row.key) + " has article_count " +
                  std::to_string(triple.article_count()) + " and evidence_count " +
                  std::to_string(triple.evidence_count()) + "; its evidence gives " +
                  std::to_string(articles) + " and " + std::to_string(tally.rows));
      triple.set_article_count(articles);
      triple.set_evidence_count(tally.rows);
      changes.push_back("triples_sro: recounted " + Describe(row.key) + ": " +
                        std::to_string(articles) + " articles, " + std::to_string(tally.rows) +
                        " statements");
    }
    if (changes.empty()) return;
    Write(Family::kTriplesSro, sro, triple.SerializeAsString(), "");
    for (std::string& change : changes) findings_.changes.push_back(std::move(change));
  }

  static void SetTripleKey(const TripleKey& key, pb::Triple* triple) {
    triple->set_subject_id(key.subject_id);
    triple->set_relation(key.relation);
    triple->set_object_id(key.object_id);
    triple->set_polarity(key.polarity);
  }

  // --- merges, missing entities, own names -------------------------------------

  uint64_t MergedInto(uint64_t id) const {
    auto it = entities_.find(id);
    if (it == entities_.end() || !it->second.has_value()) return 0;
    const uint64_t next = it->second->merged_into();
    return next == id ? 0 : next;
  }

  void ClearMerge(uint64_t id, const std::string& change) {
    entities_[id]->set_merged_into(0);
    MarkDirty(id, change);
  }

  void CheckMerges() {
    for (const auto& [id, entity] : entities_) {
      const uint64_t target = MergedInto(id);
      if (target == 0 || entities_.count(target) != 0) continue;
      Problem(ProblemKind::kBrokenMerge, "entities: '" + entity->name() +
                                             "' is merged into entity " + std::to_string(target) +
                                             " which is not stored");
      ClearMerge(id, "entities: '" + entity->name() +
                         "' is its own entity again (it was "
                         "merged into missing entity " +
                         std::to_string(target) + ")");
    }
    // Walks each chain once; a chain that meets its own path is a cycle.
    std::set<uint64_t> done;
    for (const auto& entry : entities_) {
      std::vector<uint64_t> path;
      uint64_t id = entry.first;
      while (id != 0 && done.count(id) == 0 &&
             std::find(path.begin(), path.end(), id) == path.end()) {
        path.push_back(id);
        id = MergedInto(id);
      }
      if (id != 0 && done.count(id) == 0) BreakCycle(path, id);
      done.insert(path.begin(), path.end());
    }
  }

  // `path` ends in a cycle that starts at `start`.
  void BreakCycle(const std::vector<uint64_t>& path, uint64_t start) {
    // Named from its lowest id, so that the line does not depend on where
    // the walk entered the cycle.
    std::vector<uint64_t> cycle(std::find(path.begin(), path.end(), start), path.end());
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    const uint64_t lowest = cycle.front();
    std::string line = "entities: merge cycle";
    for (const uint64_t id : cycle) line += " '" + EntityName(id) + "' ->";
    Problem(ProblemKind::kMergeCycle, line + " '" + EntityName(lowest) + "'");
    ClearMerge(lowest, "entities: '" + EntityName(lowest) +
                           "' is its own entity again, which breaks its merge cycle");
  }

  // Entities that triples or aliases name but that are not stored come back
  // as placeholders, named after their first alias when they have one.
  void RestoreMissingEntities() {
    for (const auto& [id, refs] : missing_) {
      if (refs.triples > 0) {
        Problem(ProblemKind::kMissingEntity,
                "entities: entity " + std::to_string(id) + " is not stored but " +
                    std::to_string(refs.triples) +
                    (refs.triples == 1 ? " triple refers" : " triples refer") + " to it");
      }
      pb::Entity entity;
      entity.set_id(id);
      entity.set_name(refs.aliases.empty() ? "entity " + std::to_string(id) : refs.aliases.front());
      entities_[id] = entity;
      placeholders_.insert(id);
      MarkDirty(id, "entities: restored entity " + std::to_string(id) + " as '" + entity.name() +
                        "', a placeholder for its missing record");
    }
  }

  // Every entity's own normalised name must be an alias row naming it.
  void CheckOwnNames() {
    std::set<std::string> own_names;
    for (const auto& [id, entity] : entities_) {
      if (!entity.has_value()) continue;
      const std::string own = NormalizeName(entity->name());
      if (own.empty()) continue;
      own_names.insert(own);
      auto it = aliases_.find(own);
      if (it != aliases_.end() && it->second == id) continue;
      if (it != aliases_.end() && it->second.has_value()) {
        Problem(ProblemKind::kMissingOwnName, "aliases: the own name of entity '" + entity->name() +
                                                  "' points to '" + EntityName(*it->second) + "'");
        Unfixable();  // two entities claim one name: a person decides
        continue;
      }
      if (it == aliases_.end() && placeholders_.count(id) == 0) {
        Problem(ProblemKind::kMissingOwnName,
                "aliases: entity '" + entity->name() + "' has no alias row for its own name");
      }
      Write(Family::kAliases, own, keys::EntityKey(id),
            "aliases: " + Quoted(own) + " names entity '" + entity->name() + "' again");
    }
    // A row that holds no id goes back to the entity that lists the alias,
    // if one does; otherwise it names nothing and is dropped.
    std::map<std::string, uint64_t> listed;
    for (const auto& [id, entity] : entities_) {
      if (!entity.has_value()) continue;
      for (const std::string& alias : entity->aliases()) listed.emplace(NormalizeName(alias), id);
    }
    for (const auto& [alias, id] : aliases_) {
      if (id.has_value() || own_names.count(alias) != 0) continue;
      auto owner = listed.find(alias);
      if (owner != listed.end()) {
        Write(Family::kAliases, alias, keys::EntityKey(owner->second),
              "aliases: " + Quoted(alias) + " names entity '" + EntityName(owner->second) +
                  "' again (it lists the alias)");
      } else {
        Delete(Family::kAliases, alias,
               "aliases: dropped " + Quoted(alias) + ", which held no entity id");
      }
    }
  }

  void MarkDirty(uint64_t id, std::string change) {
    dirty_entities_.insert(id);
    findings_.changes.push_back(std::move(change));
  }

  void FlushEntities() {
    for (const uint64_t id : dirty_entities_) {
      Write(Family::kEntities, keys::EntityKey(id), entities_[id]->SerializeAsString(), "");
    }
  }

  Db db_;
  const Cancellation* cancel_;
  Findings findings_;
  std::set<std::string> articles_;
  std::map<uint64_t, std::optional<pb::Entity>> entities_;  // nullopt: does not decode
  std::map<std::string, std::optional<uint64_t>> aliases_;  // nullopt: no entity id
  std::map<std::string, TripleRow> triples_;                // by SRO key
  std::set<std::string> ros_present_;                       // SRO keys with a ROS twin
  std::set<std::string> osr_present_;
  std::map<std::string, Tally> tallies_;                           // by SRO key
  std::map<std::string, std::pair<TripleKey, uint64_t>> orphans_;  // evidence without triple
  std::map<std::string, uint64_t> without_article_;                // article id -> rows
  std::map<uint64_t, MissingRefs> missing_;                        // entity id -> references
  std::set<uint64_t> placeholders_;                                // restored by this repair
  std::set<uint64_t> dirty_entities_;
};

}  // namespace

Result<Findings> ScanStore(const Db& db, const Cancellation* cancel) {
  KG_RETURN_IF_ERROR(CheckCancelled(cancel, "store check"));
  Scanner scanner(db, cancel);
  return scanner.Run();
}

}  // namespace kg::graph::store_check_internal
