#include "graph/bulk_load.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "graph/keys.h"
#include "graph/loader.h"
#include "graph/store.h"
#include "graph/store_check.h"
#include "tests/graph/graph_testlib.h"
#include "tests/graph/raw_store_testlib.h"

namespace kg::graph {
namespace {

namespace fs = std::filesystem;
using keys::Family;

// A statement as the cases write it; sentence and begin place its evidence.
struct S {
  std::string subject;
  std::string relation;
  std::string object;
  bool negative = false;
  float confidence = 1.0f;
  uint32_t sentence = 0;
  uint32_t begin = 0;
  std::string subject_type = {};
  std::string object_type = {};
  std::string modality = {};
};

struct A {
  std::string text;  // the article id is ArticleIdFor(text)
  std::vector<S> statements = {};
  std::vector<std::pair<std::string, std::string>> aliases = {};
};

ArticleUpdate MakeUpdate(const A& a) {
  ArticleUpdate update;
  update.article.set_id(ArticleIdFor(a.text));
  update.article.set_text(a.text);
  update.article.set_source("test://" + a.text.substr(0, 8));
  for (const S& s : a.statements) {
    TripleStatement statement;
    statement.subject = s.subject;
    statement.subject_type = s.subject_type;
    statement.relation = s.relation;
    statement.object = s.object;
    statement.object_type = s.object_type;
    statement.polarity = s.negative ? pb::POLARITY_NEGATIVE : pb::POLARITY_POSITIVE;
    statement.modality = s.modality;
    statement.confidence = s.confidence;
    statement.evidence.set_sentence_index(s.sentence);
    statement.evidence.set_begin(s.begin);
    statement.evidence.set_end(s.begin + 10);
    statement.evidence.set_sentence(s.subject + " " + s.relation + " " + s.object);
    statement.evidence.set_raw_relation(s.relation + "ed");
    update.triples.push_back(std::move(statement));
  }
  update.aliases = a.aliases;
  return update;
}

class BulkLoadTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ignored;
    for (const std::string& dir : dirs_) fs::remove_all(dir, ignored);
  }

  std::string NewDir() {
    static std::atomic<int> counter{0};
    const std::string dir = (fs::path(::testing::TempDir()) /
                             ("kg_bulk_" + std::to_string(getpid()) + "_" +
                              std::to_string(counter++)))
                                .string();
    fs::remove_all(dir);
    dirs_.push_back(dir);
    return dir;
  }

  std::unique_ptr<Store> OpenStore(const std::string& dir) {
    Result<std::unique_ptr<Store>> store = Store::Open(dir);
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::vector<std::string> dirs_;
};

// Every row of every family, "family key value" in hex, with the times
// taken from the clock (each article's time of storing, the store's time of
// creation) cleared.
std::vector<std::string> Dump(const std::string& dir) {
  Result<std::unique_ptr<testing::RawStore>> raw = testing::RawStore::Open(dir);
  EXPECT_TRUE(raw.ok()) << raw.status().message();
  if (!raw.ok()) return {};
  std::vector<std::string> rows;
  for (int f = 0; f < keys::kFamilyCount; ++f) {
    const auto family = static_cast<Family>(f);
    for (const std::string& key : (*raw)->Keys(family)) {
      Result<std::string> value = (*raw)->Get(family, key);
      EXPECT_TRUE(value.ok());
      std::string bytes = value.ok() ? *value : "";
      if (family == Family::kDefault) {
        pb::StoreInfo info;
        EXPECT_TRUE(info.ParseFromString(bytes));
        info.set_created_unix_seconds(0);
        bytes = info.SerializeAsString();
      }
      if (family == Family::kArticles) {
        pb::Article article;
        EXPECT_TRUE(article.ParseFromString(bytes));
        EXPECT_GT(article.ingested_unix_seconds(), 0);
        article.set_ingested_unix_seconds(0);
        bytes = article.SerializeAsString();
      }
      rows.push_back(std::string(keys::FamilyName(family)) + " " + keys::HexOf(key) + " " +
                     keys::HexOf(bytes));
    }
  }
  return rows;
}

using Prepare = std::function<void(Store&)>;

struct Case {
  const char* label;
  std::vector<A> articles;
  Prepare prepare = {};  // run on both stores first (an alias file); may be empty
  bool merges = false;   // prepare merges an entity into another
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"one article",
       {{"a1",
         {{"Iran", "supports", "Bashar al-Assad", false, 0.9f, 0, 0, "GPE", "PERSON", "reportedly"},
          {"Russia", "supports", "Bashar al-Assad", false, 0.7f, 1, 0},
          {"Turkey", "supports", "SDF", true, 0.6f, 2, 5}}}}},
      {"names differing in case and spacing",
       {{"a2",
         {{"Iran", "supports", "Hezbollah", false, 1.0f, 0, 0},
          {" IRAN ", "funds", "hezbollah", false, 1.0f, 1, 0},
          {"iran", "supports", "HEZBOLLAH", false, 0.5f, 2, 0},
          {"Iran", "supports", "Hezbollah", false, 1.0f, 3, 0}}},
        {"a3", {{"I\u0332ran", "meets", "Hezbollah  ", false, 1.0f, 0, 0}}}}},
      {"one edge in several articles",
       {{"b1", {{"Iran", "supports", "Assad", false, 0.5f, 0, 0}}},
        {"b2", {{"Iran", "supports", "Assad", false, 0.5f, 0, 0},
                {"Iran", "supports", "Assad", false, 0.2f, 1, 0}}},
        {"b3", {{"iran", "supports", "assad", false, 0.3f, 4, 0, "", "", "could"}}}}},
      {"the same statement at the same place",
       {{"c1", {{"Iran", "supports", "Assad", false, 1.0f, 3, 7},
                {"Iran", "supports", "Assad", false, 1.0f, 3, 7},
                {"Iran", "supports", "Assad", false, 1.0f, 3, 8}}}}},
      {"asserted and denied edges",
       {{"d1", {{"Turkey", "supports", "SNA", false, 1.0f, 0, 0},
                {"Turkey", "supports", "SNA", true, 1.0f, 1, 0},
                {"Turkey", "support", "SNA", false, 1.0f, 2, 0},
                {"Turkey", "supports", "SNA", true, 0.4f, 3, 0}}}}},
      {"duplicate article",
       {{"e1", {{"Iran", "supports", "Assad", false, 1.0f, 0, 0}}},
        {"e1", {{"Iran", "supports", "Assad", false, 1.0f, 0, 0}}},
        {"e2", {{"Iran", "supports", "Assad", false, 1.0f, 0, 0}}}}},
      {"types filled later and never changed",
       {{"f1", {{"Iran", "supports", "Assad", false, 1.0f, 0, 0}}},
        {"f2", {{"Iran", "supports", "Assad", false, 1.0f, 0, 0, "GPE", "PERSON"}}},
        {"f3", {{"Iran", "supports", "Assad", false, 1.0f, 0, 0, "ORG", "ORG"}}}}},
      {"aliases an article defines",
       {{"g1",
         {{"HTS", "attacks", "Aleppo", false, 1.0f, 0, 0}},
         {{"HTS", "Hayat Tahrir al-Sham"}, {"Tahrir", "Hayat Tahrir al-Sham"}}},
        {"g2",
         {{"Tahrir", "controls", "Idlib", false, 1.0f, 0, 0}},
         {{"Tahrir", "Idlib"}, {"hayat tahrir al-sham", "Hayat Tahrir al-Sham"}}}}},
      {"confidence outside [0, 1]",
       {{"h1", {{"A", "r", "B", false, std::nanf(""), 0, 0}, {"A", "r", "C", false, 7.0f, 1, 0},
                {"A", "r", "D", false, -1.0f, 2, 0}}}}},
      {"names from an alias file",
       {{"i1", {{"HTS", "attacks", "Aleppo", false, 1.0f, 0, 0},
                {"Hayat Tahrir al-Sham", "controls", "Idlib", false, 1.0f, 1, 0}}}},
       [](Store& store) {
         ASSERT_TRUE(store.AddAlias("HTS", "Hayat Tahrir al-Sham").ok());
         ASSERT_TRUE(store.AddAlias("Idlib city", "Idlib").ok());
       }},
      {"an entity merged before the load",
       {{"j1", {{"Nusra Front", "attacks", "Aleppo", false, 1.0f, 0, 0},
                {"HTS", "controls", "Idlib", false, 1.0f, 1, 0}}}},
       [](Store& store) {
         ASSERT_TRUE(store.AddAlias("HTS", "Hayat Tahrir al-Sham").ok());
         ASSERT_TRUE(store.AddAlias("al-Nusra", "Nusra Front").ok());
         ASSERT_TRUE(store.MergeEntity("Nusra Front", "Hayat Tahrir al-Sham").ok());
       },
       true},
  };
  return cases;
}

TEST_F(BulkLoadTest, SameRecordsAsCommits) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.label);
    const std::string committed_dir = NewDir();
    const std::string bulk_dir = NewDir();
    std::vector<CommitOutcome> committed_outcomes;
    std::vector<CommitOutcome> bulk_outcomes;
    {
      std::unique_ptr<Store> store = OpenStore(committed_dir);
      ASSERT_NE(store, nullptr);
      if (c.prepare) c.prepare(*store);
      for (const A& a : c.articles) {
        Result<CommitOutcome> outcome = store->CommitArticle(MakeUpdate(a));
        ASSERT_TRUE(outcome.ok()) << outcome.status().message();
        committed_outcomes.push_back(*outcome);
      }
    }
    {
      std::unique_ptr<Store> store = OpenStore(bulk_dir);
      ASSERT_NE(store, nullptr);
      if (c.prepare) c.prepare(*store);
      Result<std::unique_ptr<BulkLoad>> bulk = BulkLoad::Start(*store);
      ASSERT_TRUE(bulk.ok()) << bulk.status().message();
      ASSERT_NE(*bulk, nullptr);
      for (const A& a : c.articles) {
        Result<CommitOutcome> outcome = (*bulk)->Add(MakeUpdate(a));
        ASSERT_TRUE(outcome.ok()) << outcome.status().message();
        bulk_outcomes.push_back(*outcome);
      }
      ASSERT_TRUE((*bulk)->Finish().ok());
      // The graph built from the load's memory is the one the store gives.
      Result<std::unique_ptr<KnowledgeGraph>> built = (*bulk)->BuildGraph();
      ASSERT_TRUE(built.ok()) << built.status().message();
      Result<std::unique_ptr<KnowledgeGraph>> loaded =
          LoadGraph(*store, nullptr, LoadOptions{.use_snapshot = false});
      ASSERT_TRUE(loaded.ok()) << loaded.status().message();
      if (c.merges) {
        EXPECT_EQ(*built, nullptr);  // merges are folded by the loader alone
      } else {
        ASSERT_NE(*built, nullptr);
        EXPECT_GT((*built)->edge_count(), 0u);
        testing::ExpectSameGraph(**built, **loaded);
      }
      bulk->reset();
      Result<CheckReport> report = CheckStore(*store);
      ASSERT_TRUE(report.ok());
      EXPECT_TRUE(report->clean()) << report->Format();
      EXPECT_FALSE(fs::exists(fs::path(bulk_dir) / "bulk.tmp"));
    }
    EXPECT_EQ(bulk_outcomes, committed_outcomes);
    const std::vector<std::string> committed = Dump(committed_dir);
    EXPECT_FALSE(committed.empty());
    EXPECT_EQ(Dump(bulk_dir), committed);
  }
}

TEST_F(BulkLoadTest, ConfidenceCombinesPerArticle) {
  const std::string dir = NewDir();
  std::unique_ptr<Store> store = OpenStore(dir);
  ASSERT_NE(store, nullptr);
  Result<std::unique_ptr<BulkLoad>> bulk = BulkLoad::Start(*store);
  ASSERT_TRUE(bulk.ok() && *bulk != nullptr);
  for (const A& a : Cases()[2].articles) ASSERT_TRUE((*bulk)->Add(MakeUpdate(a)).ok());
  ASSERT_TRUE((*bulk)->Finish().ok());
  std::vector<pb::Triple> triples;
  ASSERT_TRUE(store->ForEachTriple([&](const pb::Triple& t) {
    triples.push_back(t);
    return true;
  }).ok());
  ASSERT_EQ(triples.size(), 1u);
  // 1 - 0.5 * 0.5 * 0.7: each article gives its best statement.
  EXPECT_FLOAT_EQ(triples[0].confidence(), 0.825f);
  EXPECT_EQ(triples[0].article_count(), 3u);
  EXPECT_EQ(triples[0].evidence_count(), 4u);
  EXPECT_EQ(triples[0].modality(), "could");
}

TEST_F(BulkLoadTest, StoreWithArticlesGetsNoBulkLoad) {
  std::unique_ptr<Store> store = OpenStore(NewDir());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->CommitArticle(MakeUpdate(Cases()[0].articles[0])).ok());
  Result<std::unique_ptr<BulkLoad>> bulk = BulkLoad::Start(*store);
  ASSERT_TRUE(bulk.ok());
  EXPECT_EQ(*bulk, nullptr);
  // The writer mutex was let go: commits go on.
  EXPECT_TRUE(store->CommitArticle(MakeUpdate(Cases()[2].articles[0])).ok());
}

TEST_F(BulkLoadTest, NothingIsVisibleBeforeFinish) {
  const std::string dir = NewDir();
  std::unique_ptr<Store> store = OpenStore(dir);
  ASSERT_NE(store, nullptr);
  {
    Result<std::unique_ptr<BulkLoad>> bulk = BulkLoad::Start(*store);
    ASSERT_TRUE(bulk.ok() && *bulk != nullptr);
    for (const A& a : Cases()[0].articles) ASSERT_TRUE((*bulk)->Add(MakeUpdate(a)).ok());
  }  // abandoned without Finish
  Result<StoreCounts> counts = store->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->articles, 0u);
  EXPECT_EQ(counts->entities, 0u);
  EXPECT_EQ(counts->triples, 0u);
  Result<std::unique_ptr<BulkLoad>> again = BulkLoad::Start(*store);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, nullptr) << "still a store without articles";
}

TEST_F(BulkLoadTest, InvalidUpdatesTable) {
  std::unique_ptr<Store> store = OpenStore(NewDir());
  std::unique_ptr<Store> committed = OpenStore(NewDir());
  ASSERT_NE(store, nullptr);
  ASSERT_NE(committed, nullptr);
  Result<std::unique_ptr<BulkLoad>> bulk = BulkLoad::Start(*store);
  ASSERT_TRUE(bulk.ok() && *bulk != nullptr);
  BulkLoad& load = **bulk;

  struct ErrorCase {
    const char* label;
    ArticleUpdate update;
    std::string message;  // what a commit of the same update says
  };
  ArticleUpdate no_id = MakeUpdate({"x1", {{"A", "r", "B"}}});
  no_id.article.clear_id();
  ArticleUpdate empty_alias = MakeUpdate({"x4", {{"A", "r", "B"}}, {{"  ", "A"}}});
  const std::string id2 = ArticleIdFor("x2");
  const ErrorCase cases[] = {
      {"no article id", no_id, ""},
      {"empty subject", MakeUpdate({"x2", {{"A", "r", "B"}, {" \u200B ", "r", "B"}}}),
       "article " + id2 + ": statement 1: empty subject name"},
      {"empty object", MakeUpdate({"x2", {{"A", "r", " "}}}), ""},
      {"empty relation", MakeUpdate({"x3", {{"A", "", "B"}}}), ""},
      {"empty alias", empty_alias, ""},
  };
  for (const ErrorCase& c : cases) {
    Result<CommitOutcome> outcome = load.Add(c.update);
    ASSERT_FALSE(outcome.ok()) << c.label;
    EXPECT_TRUE(outcome.status().IsInvalidArgument()) << c.label;
    Result<CommitOutcome> commit = committed->CommitArticle(c.update);
    ASSERT_FALSE(commit.ok()) << c.label;
    EXPECT_EQ(outcome.status().message(), commit.status().message()) << c.label;
    if (!c.message.empty()) {
      EXPECT_EQ(outcome.status().message(), c.message) << c.label;
    }
  }
  // An invalid update adds nothing and the load goes on.
  ASSERT_TRUE(load.Add(MakeUpdate({"ok", {{"A", "r", "B"}}})).ok());
  EXPECT_TRUE(load.BuildGraph().status().IsInvalidArgument());  // nothing ingested yet
  ASSERT_TRUE(load.Finish().ok());
  EXPECT_TRUE(load.Finish().IsInvalidArgument());
  EXPECT_TRUE(load.Add(MakeUpdate({"late", {{"A", "r", "B"}}})).status().IsInvalidArgument());
  Result<StoreCounts> counts = store->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->articles, 1u);
  EXPECT_EQ(counts->entities, 2u);
  EXPECT_EQ(counts->evidence, 1u);
}

TEST_F(BulkLoadTest, ReadOnlyStoreIsRefused) {
  const std::string dir = NewDir();
  { ASSERT_NE(OpenStore(dir), nullptr); }
  Result<std::unique_ptr<Store>> store = Store::Open(dir, {.read_only = true});
  ASSERT_TRUE(store.ok());
  Result<std::unique_ptr<BulkLoad>> bulk = BulkLoad::Start(**store);
  ASSERT_FALSE(bulk.ok());
  EXPECT_EQ(bulk.status().message(), "store " + dir + " is open read-only");
}

// Table files are written with direct I/O where the file system has it and
// buffered where it does not (tmpfs before Linux 6.6): the store is the same
// on tmpfs as on the test directory's file system.
TEST_F(BulkLoadTest, SameStoreOnTmpfs) {
  const fs::path shm = "/dev/shm";
  std::error_code error;
  if (!fs::is_directory(shm, error) || ::access(shm.c_str(), W_OK) != 0) {
    GTEST_SKIP() << "no writable /dev/shm";
  }
  const std::string dir = (shm / ("kg_bulk_shm_" + std::to_string(getpid()))).string();
  fs::remove_all(dir, error);
  dirs_.push_back(dir);
  const std::string reference_dir = NewDir();
  for (const std::string& path : {dir, reference_dir}) {
    std::unique_ptr<Store> store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    Result<std::unique_ptr<BulkLoad>> bulk = BulkLoad::Start(*store);
    ASSERT_TRUE(bulk.ok() && *bulk != nullptr) << bulk.status().message();
    for (const A& a : Cases()[0].articles) ASSERT_TRUE((*bulk)->Add(MakeUpdate(a)).ok());
    const Status finished = (*bulk)->Finish();
    ASSERT_TRUE(finished.ok()) << path << ": " << finished.message();
  }
  const std::vector<std::string> reference = Dump(reference_dir);
  EXPECT_FALSE(reference.empty());
  EXPECT_EQ(Dump(dir), reference);
}

}  // namespace
}  // namespace kg::graph
