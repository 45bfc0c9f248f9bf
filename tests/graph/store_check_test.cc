// CheckStore and RepairStore: a store built through CommitArticle checks
// clean; each kind of damage, written with RocksDB directly, is reported as
// its exact line; repair fixes what can be rebuilt and keeps every article
// and entity.
#include "graph/store_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "graph/keys.h"
#include "graph/loader.h"
#include "graph/store.h"
#include "tests/graph/raw_store_testlib.h"
#include "tests/graph/scratch_path_testlib.h"

namespace kg::graph {
namespace {

namespace fs = std::filesystem;
using keys::Family;
using testing::RawStore;

// Bytes that no protobuf message parses: field 31 with wire type 7.
const std::string kGarbage = "\xff\xff\xff\xff";

using testing::ScratchPath;

struct Said {
  std::string subject, relation, object;
  uint32_t sentence = 0;
  bool negative = false;
};

ArticleUpdate Article(const std::string& text, const std::vector<Said>& statements) {
  ArticleUpdate update;
  update.article.set_id(ArticleIdFor(text));
  update.article.set_text(text);
  for (const Said& said : statements) {
    TripleStatement s;
    s.subject = said.subject;
    s.relation = said.relation;
    s.object = said.object;
    s.polarity = said.negative ? pb::POLARITY_NEGATIVE : pb::POLARITY_POSITIVE;
    s.evidence.set_sentence_index(said.sentence);
    s.evidence.set_begin(said.sentence * 40);
    s.evidence.set_sentence(said.subject + " " + said.relation + " " + said.object);
    s.evidence.set_raw_relation(said.relation);
    update.triples.push_back(std::move(s));
  }
  return update;
}

// The store every case starts from, and the ids the cases damage.
struct Built {
  std::string path;
  std::map<std::string, uint64_t> ids;  // entity name -> id
  std::vector<std::string> articles;    // article ids, in commit order

  uint64_t Id(const std::string& name) const { return ids.at(name); }
  keys::TripleKey Key(const std::string& s, const std::string& r, const std::string& o,
                      bool negative = false) const {
    return {Id(s), r, Id(o), negative ? pb::POLARITY_NEGATIVE : pb::POLARITY_POSITIVE};
  }
  std::string Sro(const std::string& s, const std::string& r, const std::string& o) const {
    return *keys::EncodeSroKey(Key(s, r, o));
  }
  std::string Evidence(const std::string& s, const std::string& r, const std::string& o,
                       int article, uint32_t sentence) const {
    return *keys::EncodeEvidenceKey({Key(s, r, o), articles[article], sentence, sentence * 40});
  }
};

std::unique_ptr<Store> OpenStore(const std::string& path, bool read_only = false) {
  StoreOptions options;
  options.read_only = read_only;
  Result<std::unique_ptr<Store>> store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Three articles, an alias from an article and one from AddAlias, and a
// merge (Hizbollah into Hezbollah).
Built BuildStore(const std::string& path) {
  Built built{path, {}, {}};
  auto store = OpenStore(path);
  if (store == nullptr) return built;
  ArticleUpdate first =
      Article("Iran supports Assad. Russia supports Assad.",
              {{"Iran", "supports", "Assad", 0}, {"Russia", "supports", "Assad", 1}});
  first.aliases.push_back({"Islamic Republic", "Iran"});
  const std::vector<ArticleUpdate> updates = {
      first,
      Article("Iran supports Assad again. Turkey denies supporting Assad.",
              {{"Iran", "supports", "Assad", 0}, {"Turkey", "supports", "Assad", 1, true}}),
      Article("Hizbollah fights the rebels. Hezbollah supports Assad.",
              {{"Hizbollah", "fights", "Rebels", 0}, {"Hezbollah", "supports", "Assad", 1}})};
  for (const ArticleUpdate& update : updates) {
    Result<CommitOutcome> outcome = store->CommitArticle(update);
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
    built.articles.push_back(update.article.id());
  }
  EXPECT_TRUE(store->AddAlias("Damascus", "Assad").ok());
  for (const char* name :
       {"Iran", "Assad", "Russia", "Turkey", "Hizbollah", "Hezbollah", "Rebels"}) {
    Result<pb::Entity> entity = store->FindEntity(name);
    EXPECT_TRUE(entity.ok()) << name;
    built.ids[name] = entity.ok() ? entity->id() : 0;
  }
  EXPECT_TRUE(store->MergeEntity("Hizbollah", "Hezbollah").ok());
  return built;
}

std::vector<std::string> Sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

CheckReport Check(const std::string& path) {
  auto store = OpenStore(path, /*read_only=*/true);
  if (store == nullptr) return {};
  Result<CheckReport> report = CheckStore(*store);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? *report : CheckReport{};
}

void Damage(const std::string& path, const std::function<void(RawStore&)>& damage) {
  Result<std::unique_ptr<RawStore>> raw = RawStore::Open(path);
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  damage(**raw);
}

std::vector<std::string> KeysOf(const std::string& path, Family family) {
  Result<std::unique_ptr<RawStore>> raw = RawStore::Open(path);
  EXPECT_TRUE(raw.ok()) << raw.status().message();
  return raw.ok() ? (*raw)->Keys(family) : std::vector<std::string>{};
}

std::string Serialized(const google::protobuf::MessageLite& message) {
  return message.SerializeAsString();
}

TEST(StoreCheckTest, StoreBuiltByCommitsChecksClean) {
  ScratchPath dir;
  const Built built = BuildStore(dir.str());
  const CheckReport report = Check(dir.str());
  EXPECT_TRUE(report.clean()) << report.Format();
  EXPECT_GT(report.records, 20u);
  EXPECT_EQ(report.Summary(),
            "store " + dir.str() + ": ok, " + std::to_string(report.records) + " records checked");

  auto store = OpenStore(dir.str());
  Result<RepairReport> repair = RepairStore(*store);
  ASSERT_TRUE(repair.ok()) << repair.status().message();
  EXPECT_EQ(repair->changes, 0u);
  EXPECT_EQ(repair->rows_written + repair->rows_deleted, 0u);
  EXPECT_EQ(repair->Summary(), "store " + dir.str() + ": nothing to repair");
}

struct DamageCase {
  std::string name;
  std::function<void(RawStore&, const Built&)> damage;
  // The exact problem lines, in any order.
  std::function<std::vector<std::string>(const Built&)> lines;
  bool repairable = true;
};

void PutRecord(RawStore& raw, Family family, const std::string& key,
               const google::protobuf::MessageLite& message) {
  ASSERT_TRUE(raw.Put(family, key, Serialized(message)).ok());
}

template <typename Message>
Message Read(RawStore& raw, Family family, const std::string& key) {
  Message message;
  Result<std::string> bytes = raw.Get(family, key);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  if (bytes.ok()) {
    EXPECT_TRUE(message.ParseFromString(*bytes));
  }
  return message;
}

std::string Id(uint64_t id) { return std::to_string(id); }

const std::vector<DamageCase>& DamageCases() {
  static const std::vector<DamageCase> cases = {
      {"missing_ros_twin",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Delete(Family::kTriplesRos,
                                *keys::EncodeRosKey(b.Key("Iran", "supports", "Assad")))
                         .ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_ros: missing twin of SRO triple Iran -supports-> Assad"};
       }},
      {"missing_osr_twin",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Delete(Family::kTriplesOsr,
                                *keys::EncodeOsrKey(b.Key("Turkey", "supports", "Assad", true)))
                         .ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_osr: missing twin of SRO triple Turkey -not supports-> Assad"};
       }},
      {"index_row_without_triple",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Put(Family::kTriplesRos,
                             *keys::EncodeRosKey(b.Key("Russia", "funds", "Assad")), "")
                         .ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_ros: row for Russia -funds-> Assad has no triples_sro record"};
       }},
      {"index_row_with_value",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Put(Family::kTriplesOsr,
                             *keys::EncodeOsrKey(b.Key("Iran", "supports", "Assad")), "x")
                         .ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_osr: twin of SRO triple Iran -supports-> Assad has a 1-byte "
             "value (index rows are empty)"};
       }},
      {"index_key_does_not_parse",
       [](RawStore& raw, const Built&) { ASSERT_TRUE(raw.Put(Family::kTriplesOsr, "x", "").ok()); },
       [](const Built&) { return std::vector<std::string>{"triples_osr: key 78 does not parse"}; }},
      {"triple_record_does_not_decode",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(
             raw.Put(Family::kTriplesSro, b.Sro("Iran", "supports", "Assad"), kGarbage).ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_sro: record of Iran -supports-> Assad does not decode"};
       }},
      {"triple_counts_wrong",
       [](RawStore& raw, const Built& b) {
         auto triple =
             Read<pb::Triple>(raw, Family::kTriplesSro, b.Sro("Iran", "supports", "Assad"));
         triple.set_article_count(5);
         PutRecord(raw, Family::kTriplesSro, b.Sro("Iran", "supports", "Assad"), triple);
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_sro: Iran -supports-> Assad has article_count 5 and "
             "evidence_count 2; its evidence gives 2 and 2"};
       }},
      {"triple_record_disagrees_with_key",
       [](RawStore& raw, const Built& b) {
         auto triple =
             Read<pb::Triple>(raw, Family::kTriplesSro, b.Sro("Iran", "supports", "Assad"));
         triple.set_relation("opposes");
         PutRecord(raw, Family::kTriplesSro, b.Sro("Iran", "supports", "Assad"), triple);
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_sro: record of Iran -supports-> Assad says Iran -opposes-> Assad"};
       }},
      {"triple_key_does_not_parse",
       [](RawStore& raw, const Built&) {
         ASSERT_TRUE(raw.Put(Family::kTriplesSro, "short", "").ok());
       },
       [](const Built&) {
         return std::vector<std::string>{"triples_sro: key 73686f7274 does not parse"};
       },
       false},
      {"triple_deleted_under_its_evidence",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Delete(Family::kTriplesSro, b.Sro("Russia", "supports", "Assad")).ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "triples_ros: row for Russia -supports-> Assad has no triples_sro record",
             "triples_osr: row for Russia -supports-> Assad has no triples_sro record",
             "evidence: 1 row belongs to triple Russia -supports-> Assad which is not stored"};
       }},
      {"evidence_of_no_triple",
       [](RawStore& raw, const Built& b) {
         pb::Evidence evidence;
         evidence.set_article_id(b.articles[0]);
         PutRecord(raw, Family::kEvidence, b.Evidence("Iran", "funds", "Assad", 0, 0), evidence);
       },
       [](const Built&) {
         return std::vector<std::string>{
             "evidence: 1 row belongs to triple Iran -funds-> Assad which is not stored"};
       }},
      {"article_deleted_under_its_evidence",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Delete(Family::kArticles, b.articles[2]).ok());
       },
       [](const Built& b) {
         return std::vector<std::string>{
             "evidence: 2 rows point to article '" + b.articles[2] + "' which is not stored",
             "triples_sro: Hizbollah -fights-> Rebels has article_count 1 and evidence_count 1; "
             "its evidence gives 0 and 0",
             "triples_sro: Hezbollah -supports-> Assad has article_count 1 and evidence_count 1; "
             "its evidence gives 0 and 0"};
       }},
      {"evidence_record_does_not_decode",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(
             raw.Put(Family::kEvidence, b.Evidence("Iran", "supports", "Assad", 1, 0), kGarbage)
                 .ok());
       },
       [](const Built& b) {
         return std::vector<std::string>{"evidence: row of Iran -supports-> Assad in article '" +
                                         b.articles[1] + "' sentence 0 does not decode"};
       }},
      {"evidence_record_disagrees_with_key",
       [](RawStore& raw, const Built& b) {
         const std::string key = b.Evidence("Iran", "supports", "Assad", 1, 0);
         auto evidence = Read<pb::Evidence>(raw, Family::kEvidence, key);
         evidence.set_article_id("elsewhere");
         PutRecord(raw, Family::kEvidence, key, evidence);
       },
       [](const Built& b) {
         return std::vector<std::string>{"evidence: row of Iran -supports-> Assad in article '" +
                                         b.articles[1] +
                                         "' sentence 0 says article 'elsewhere' sentence 0 at 0"};
       }},
      {"evidence_key_does_not_parse",
       [](RawStore& raw, const Built&) {
         ASSERT_TRUE(raw.Put(Family::kEvidence, "x", kGarbage).ok());
       },
       [](const Built&) { return std::vector<std::string>{"evidence: key 78 does not parse"}; }},
      {"entity_deleted_under_its_triples",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Delete(Family::kEntities, keys::EntityKey(b.Id("Russia"))).ok());
       },
       [](const Built& b) {
         return std::vector<std::string>{
             "aliases: 'russia' points to entity " + Id(b.Id("Russia")) + " which is not stored",
             "entities: entity " + Id(b.Id("Russia")) + " is not stored but 1 triple refers to it"};
       }},
      {"entity_record_does_not_decode",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Put(Family::kEntities, keys::EntityKey(b.Id("Turkey")), kGarbage).ok());
       },
       [](const Built& b) {
         return std::vector<std::string>{"entities: record of entity " + Id(b.Id("Turkey")) +
                                         " does not decode"};
       },
       false},
      {"entity_record_disagrees_with_key",
       [](RawStore& raw, const Built& b) {
         auto entity = Read<pb::Entity>(raw, Family::kEntities, keys::EntityKey(b.Id("Turkey")));
         entity.set_id(7);
         PutRecord(raw, Family::kEntities, keys::EntityKey(b.Id("Turkey")), entity);
       },
       [](const Built& b) {
         return std::vector<std::string>{"entities: record of entity " + Id(b.Id("Turkey")) +
                                         " ('Turkey') says id 7"};
       }},
      {"article_record_does_not_decode",
       [](RawStore& raw, const Built& b) {
         ASSERT_TRUE(raw.Put(Family::kArticles, b.articles[0], kGarbage).ok());
       },
       [](const Built& b) {
         return std::vector<std::string>{"articles: record '" + b.articles[0] +
                                         "' does not decode"};
       },
       false},
      {"article_record_disagrees_with_key",
       [](RawStore& raw, const Built& b) {
         auto article = Read<pb::Article>(raw, Family::kArticles, b.articles[0]);
         article.set_id("other");
         PutRecord(raw, Family::kArticles, b.articles[0], article);
       },
       [](const Built& b) {
         return std::vector<std::string>{"articles: record '" + b.articles[0] +
                                         "' says id 'other'"};
       }},
      {"alias_of_no_entity",
       [](RawStore& raw, const Built&) {
         ASSERT_TRUE(raw.Put(Family::kAliases, "ghost", keys::EntityKey(12345)).ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "aliases: 'ghost' points to entity 12345 which is not stored"};
       }},
      {"alias_holds_no_id",
       [](RawStore& raw, const Built&) {
         ASSERT_TRUE(raw.Put(Family::kAliases, "islamic republic", "abc").ok());
       },
       [](const Built&) {
         return std::vector<std::string>{"aliases: 'islamic republic' holds no entity id"};
       }},
      {"own_name_alias_deleted",
       [](RawStore& raw, const Built&) {
         ASSERT_TRUE(raw.Delete(Family::kAliases, "turkey").ok());
       },
       [](const Built&) {
         return std::vector<std::string>{
             "aliases: entity 'Turkey' has no alias row for its own name"};
       }},
      {"merge_into_missing_entity",
       [](RawStore& raw, const Built& b) {
         auto entity = Read<pb::Entity>(raw, Family::kEntities, keys::EntityKey(b.Id("Hizbollah")));
         entity.set_merged_into(999);
         PutRecord(raw, Family::kEntities, keys::EntityKey(b.Id("Hizbollah")), entity);
       },
       [](const Built&) {
         return std::vector<std::string>{
             "entities: 'Hizbollah' is merged into entity 999 which is not stored"};
       }},
      {"merge_cycle",
       [](RawStore& raw, const Built& b) {
         auto entity = Read<pb::Entity>(raw, Family::kEntities, keys::EntityKey(b.Id("Hezbollah")));
         entity.set_merged_into(b.Id("Hizbollah"));
         PutRecord(raw, Family::kEntities, keys::EntityKey(b.Id("Hezbollah")), entity);
       },
       [](const Built& b) {
         const bool hizbollah_first = b.Id("Hizbollah") < b.Id("Hezbollah");
         const std::string low = hizbollah_first ? "Hizbollah" : "Hezbollah";
         const std::string high = hizbollah_first ? "Hezbollah" : "Hizbollah";
         return std::vector<std::string>{"entities: merge cycle '" + low + "' -> '" + high +
                                         "' -> '" + low + "'"};
       }},
  };
  return cases;
}

class StoreDamageTest : public ::testing::TestWithParam<DamageCase> {};

TEST_P(StoreDamageTest, CheckReportsTheDamageAndRepairFixesIt) {
  const DamageCase& c = GetParam();
  ScratchPath dir;
  const Built built = BuildStore(dir.str());
  Damage(dir.str(), [&](RawStore& raw) { c.damage(raw, built); });

  const std::vector<std::string> expected = Sorted(c.lines(built));
  const CheckReport before = Check(dir.str());
  EXPECT_EQ(Sorted(before.lines), expected) << before.Format();
  EXPECT_EQ(before.problems(), expected.size());

  const std::vector<std::string> articles = KeysOf(dir.str(), Family::kArticles);
  const std::vector<std::string> entities = KeysOf(dir.str(), Family::kEntities);
  {
    auto store = OpenStore(dir.str());
    ASSERT_NE(store, nullptr);
    Result<RepairReport> repair = RepairStore(*store);
    ASSERT_TRUE(repair.ok()) << repair.status().message();
    EXPECT_EQ(repair->changes > 0, c.repairable) << repair->Format();
    EXPECT_EQ(repair->left_unrepaired > 0, !c.repairable) << repair->Format();
  }
  // Repair never deletes an article or an entity record.
  const std::vector<std::string> articles_after = KeysOf(dir.str(), Family::kArticles);
  const std::vector<std::string> entities_after = KeysOf(dir.str(), Family::kEntities);
  EXPECT_TRUE(std::includes(articles_after.begin(), articles_after.end(), articles.begin(),
                            articles.end()));
  EXPECT_TRUE(std::includes(entities_after.begin(), entities_after.end(), entities.begin(),
                            entities.end()));

  const CheckReport after = Check(dir.str());
  if (c.repairable) {
    EXPECT_TRUE(after.clean()) << after.Format();
  } else {
    EXPECT_EQ(Sorted(after.lines), expected) << after.Format();
  }
}

INSTANTIATE_TEST_SUITE_P(Damage, StoreDamageTest, ::testing::ValuesIn(DamageCases()),
                         [](const ::testing::TestParamInfo<DamageCase>& info) {
                           return info.param.name;
                         });

// What repair rebuilds is what the commits had written.
TEST(StoreRepairTest, RebuildsTripleRecordFromKeyAndEvidence) {
  ScratchPath dir;
  const Built built = BuildStore(dir.str());
  Damage(dir.str(), [&](RawStore& raw) {
    ASSERT_TRUE(
        raw.Put(Family::kTriplesSro, built.Sro("Iran", "supports", "Assad"), kGarbage).ok());
  });
  auto store = OpenStore(dir.str());
  ASSERT_TRUE(RepairStore(*store).ok());
  pb::Triple found;
  ASSERT_TRUE(store
                  ->ForEachTripleFrom(built.Id("Iran"),
                                      [&](const pb::Triple& triple) {
                                        found = triple;
                                        return false;
                                      })
                  .ok());
  EXPECT_EQ(found.relation(), "supports");
  EXPECT_EQ(found.object_id(), built.Id("Assad"));
  EXPECT_EQ(found.article_count(), 2u);
  EXPECT_EQ(found.evidence_count(), 2u);
  EXPECT_EQ(found.raw_relation(), "supports");
}

TEST(StoreRepairTest, RestoredEntityKeepsTheGraphLoadable) {
  ScratchPath dir;
  const Built built = BuildStore(dir.str());
  Damage(dir.str(), [&](RawStore& raw) {
    ASSERT_TRUE(raw.Delete(Family::kEntities, keys::EntityKey(built.Id("Russia"))).ok());
  });
  auto store = OpenStore(dir.str());
  EXPECT_FALSE(LoadGraph(*store).ok());
  Result<RepairReport> repair = RepairStore(*store);
  ASSERT_TRUE(repair.ok()) << repair.status().message();
  EXPECT_NE(std::find(repair->lines.begin(), repair->lines.end(),
                      "entities: restored entity " + Id(built.Id("Russia")) +
                          " as 'russia', a placeholder for its missing record"),
            repair->lines.end())
      << repair->Format();
  Result<pb::Entity> russia = store->FindEntity("Russia");
  ASSERT_TRUE(russia.ok()) << russia.status().message();
  EXPECT_EQ(russia->id(), built.Id("Russia"));
  EXPECT_TRUE(LoadGraph(*store).ok());
}

TEST(StoreRepairTest, AliasWithoutIdGoesBackToTheEntityThatListsIt) {
  ScratchPath dir;
  const Built built = BuildStore(dir.str());
  Damage(dir.str(),
         [](RawStore& raw) { ASSERT_TRUE(raw.Put(Family::kAliases, "damascus", "?").ok()); });
  auto store = OpenStore(dir.str());
  ASSERT_TRUE(RepairStore(*store).ok());
  Result<pb::Entity> entity = store->FindEntity("Damascus");
  ASSERT_TRUE(entity.ok()) << entity.status().message();
  EXPECT_EQ(entity->id(), built.Id("Assad"));
}

TEST(StoreCheckTest, ReportKeepsTheFirstLinesAndCountsTheRest) {
  ScratchPath dir;
  const Built built = BuildStore(dir.str());
  const int extra = static_cast<int>(CheckReport::kMaxLines) + 50;
  Damage(dir.str(), [&](RawStore& raw) {
    for (int i = 0; i < extra; ++i) {
      const keys::TripleKey key{built.Id("Iran"), "r" + std::to_string(i), built.Id("Assad"),
                                pb::POLARITY_POSITIVE};
      ASSERT_TRUE(raw.Put(Family::kTriplesRos, *keys::EncodeRosKey(key), "").ok());
    }
  });
  const CheckReport report = Check(dir.str());
  EXPECT_EQ(report.problems(), static_cast<uint64_t>(extra));
  EXPECT_EQ(report.lines.size(), CheckReport::kMaxLines);
  const std::string text = report.Format();
  EXPECT_NE(text.find("\n... and 50 more problems\n"), std::string::npos) << text;
  EXPECT_NE(text.find("problems in " + std::to_string(report.records) + " records (" +
                      std::to_string(extra) + " extra index row)"),
            std::string::npos)
      << text;
}

TEST(StoreCheckTest, ChecksAWritableStoreBetweenCommits) {
  ScratchPath dir;
  BuildStore(dir.str());
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  Result<CheckReport> before = CheckStore(*store);
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_TRUE(before->clean()) << before->Format();
  Result<CommitOutcome> outcome =
      store->CommitArticle(Article("Iran funds Hezbollah.", {{"Iran", "funds", "Hezbollah"}}));
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  Result<CheckReport> after = CheckStore(*store);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_TRUE(after->clean()) << after->Format();
  EXPECT_GT(after->records, before->records);
}

TEST(StoreRepairTest, RefusesAReadOnlyStore) {
  ScratchPath dir;
  BuildStore(dir.str());
  auto store = OpenStore(dir.str(), /*read_only=*/true);
  Result<RepairReport> repair = RepairStore(*store);
  ASSERT_FALSE(repair.ok());
  EXPECT_TRUE(repair.status().IsInvalidArgument()) << repair.status().message();
}

TEST(StoreRepairTest, CancelledRepairWritesNothing) {
  ScratchPath dir;
  const Built built = BuildStore(dir.str());
  Damage(dir.str(), [&](RawStore& raw) {
    ASSERT_TRUE(
        raw.Delete(Family::kTriplesRos, *keys::EncodeRosKey(built.Key("Iran", "supports", "Assad")))
            .ok());
  });
  Cancellation cancel;
  cancel.Cancel();
  {
    auto store = OpenStore(dir.str());
    Result<RepairReport> repair = RepairStore(*store, &cancel);
    ASSERT_FALSE(repair.ok());
    EXPECT_TRUE(repair.status().IsCancelled());
  }
  EXPECT_EQ(Check(dir.str()).problems(), 1u);
}

}  // namespace
}  // namespace kg::graph
