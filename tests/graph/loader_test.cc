#include "graph/loader.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "graph/keys.h"
#include "graph/store.h"
#include "tests/graph/article_testlib.h"
#include "tests/graph/graph_testlib.h"
#include "tests/graph/raw_store_testlib.h"
#include "tests/graph/scratch_path_testlib.h"

namespace kg::graph {
namespace {

namespace fs = std::filesystem;
using testing::Article;
using testing::EdgeString;
using testing::ScratchPath;

TripleStatement Statement(const std::string& subject, const std::string& relation,
                          const std::string& object,
                          pb::Polarity polarity = pb::POLARITY_POSITIVE) {
  TripleStatement s;
  s.subject = subject;
  s.relation = relation;
  s.object = object;
  s.polarity = polarity;
  s.evidence.set_sentence(subject + " " + relation + " " + object);
  return s;
}

std::unique_ptr<Store> OpenStore(const std::string& path) {
  auto store = Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Fills a store with two articles, a denial and two kinds of alias.
void FillStore(Store& store) {
  ArticleUpdate first =
      Article("Iran supports Hezbollah. Turkey denied supporting the rebels.",
              {Statement("Iran", "supports", "Hezbollah"),
               Statement("Turkey", "supports", "Syrian rebels", pb::POLARITY_NEGATIVE)});
  first.aliases.push_back({"HTS", "Hayat Tahrir al-Sham"});
  ArticleUpdate second = Article(
      "Iran again supports Hezbollah.",
      {Statement("Iran", "supports", "Hezbollah"), Statement("HTS", "opposes", "Syrian rebels")});
  ASSERT_TRUE(store.CommitArticle(first).ok());
  ASSERT_TRUE(store.CommitArticle(second).ok());
  ASSERT_TRUE(store.AddAlias("Islamic Republic", "Iran").ok());
}

std::set<std::string> EdgeStrings(const KnowledgeGraph& g) {
  std::set<std::string> out;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    out.insert(EdgeString(g, e) + " " + std::to_string(g.edge(e).article_count) + "/" +
               std::to_string(g.edge(e).evidence_count));
  }
  return out;
}

TEST(LoadGraphTest, LoadsEntitiesAliasesAndTriples) {
  ScratchPath dir;
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  auto graph = LoadGraph(*store);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  const KnowledgeGraph& g = **graph;
  EXPECT_EQ(g.vertex_count(), 5u);
  EXPECT_EQ(EdgeStrings(g),
            (std::set<std::string>{"Iran -supports-> Hezbollah 2/2",
                                   "Turkey -not supports-> Syrian rebels 1/1",
                                   "Hayat Tahrir al-Sham -opposes-> Syrian rebels 1/1"}));
  const struct {
    const char* query;
    const char* name;
  } names[] = {{"iran", "Iran"},
               {"Islamic Republic", "Iran"},
               {"hts", "Hayat Tahrir al-Sham"},
               {"SYRIAN rebels", "Syrian rebels"}};
  for (const auto& c : names) {
    auto v = g.FindVertex(c.query);
    ASSERT_TRUE(v.has_value()) << c.query;
    EXPECT_EQ(g.name(*v), c.name);
  }
  auto iran = g.FindVertex("Iran");
  ASSERT_TRUE(iran);
  auto entity = store->FindEntity("Iran");
  ASSERT_TRUE(entity.ok());
  EXPECT_EQ(g.entity_id(*iran), entity->id());
  EXPECT_EQ(g.VertexForEntity(entity->id()), iran);
}

TEST(LoadGraphTest, EmptyStoreGivesEmptyGraph) {
  ScratchPath dir;
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  auto graph = LoadGraph(*store);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ((*graph)->vertex_count(), 0u);
  EXPECT_EQ((*graph)->edge_count(), 0u);
}

TEST(LoadGraphTest, StopsWhenCancelled) {
  ScratchPath dir;
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  Cancellation cancel;
  cancel.Cancel();
  auto graph = LoadGraph(*store, &cancel);
  ASSERT_FALSE(graph.ok());
  EXPECT_TRUE(graph.status().IsCancelled());
  EXPECT_EQ(graph.status().message(),
            "loading the graph from " + dir.str() + ": loading the graph interrupted");
}

// Rewrites one entity record of a closed store, as a merge in the shell
// would: the record stays, pointing at its survivor.
void MarkMerged(const std::string& path, pb::Entity entity, uint64_t survivor) {
  entity.set_merged_into(survivor);
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names)
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == keys::FamilyName(keys::Family::kEntities)) {
      EXPECT_TRUE(db->Put(rocksdb::WriteOptions(), handles[i], keys::EntityKey(entity.id()),
                          entity.SerializeAsString())
                      .ok());
    }
  }
  for (auto* handle : handles) EXPECT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  EXPECT_TRUE(db->Close().ok());
}

TEST(LoadGraphTest, MergedEntitiesBecomeAliasesOfTheirSurvivor) {
  ScratchPath dir;
  pb::Entity hizbullah, hezbollah;
  {
    auto store = OpenStore(dir.str());
    ASSERT_NE(store, nullptr);
    FillStore(*store);
    ASSERT_TRUE(store
                    ->CommitArticle(Article("Iran arms Hizbullah.",
                                            {Statement("Iran", "supports", "Hizbullah"),
                                             Statement("Hizbullah", "attacks", "Hezbollah")}))
                    .ok());
    auto a = store->FindEntity("Hizbullah");
    auto b = store->FindEntity("Hezbollah");
    ASSERT_TRUE(a.ok() && b.ok());
    hizbullah = *a;
    hezbollah = *b;
  }
  MarkMerged(dir.str(), hizbullah, hezbollah.id());
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  auto graph = LoadGraph(*store);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  const KnowledgeGraph& g = **graph;
  EXPECT_EQ(g.vertex_count(), 5u);  // Hizbullah has no vertex of its own
  EXPECT_EQ(g.FindVertex("hizbullah"), g.FindVertex("Hezbollah"));
  EXPECT_EQ(g.VertexForEntity(hizbullah.id()), std::nullopt);
  // Its triples moved onto the survivor; the two "supports" edges became one.
  EXPECT_EQ(
      EdgeStrings(g),
      (std::set<std::string>{"Iran -supports-> Hezbollah 3/3", "Hezbollah -attacks-> Hezbollah 1/1",
                             "Turkey -not supports-> Syrian rebels 1/1",
                             "Hayat Tahrir al-Sham -opposes-> Syrian rebels 1/1"}));
}

TEST(LoadGraphTest, MergeIntoUnknownEntityIsCorruption) {
  ScratchPath dir;
  pb::Entity turkey;
  {
    auto store = OpenStore(dir.str());
    ASSERT_NE(store, nullptr);
    FillStore(*store);
    auto t = store->FindEntity("Turkey");
    ASSERT_TRUE(t.ok());
    turkey = *t;
  }
  MarkMerged(dir.str(), turkey, 12345);
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  auto graph = LoadGraph(*store);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(graph.status().message(), "loading the graph from " + dir.str() + ": entity " +
                                          std::to_string(turkey.id()) +
                                          " is merged into unknown entity 12345");
}

// A triple record naming an entity the store does not have (a damaged
// store): the load fails naming the triple and the id, and the first such
// triple in store order is the one named.
TEST(LoadGraphTest, TripleNamingUnknownEntityIsCorruption) {
  struct Case {
    const char* label;
    bool unknown_subject;
    bool unknown_object;
  };
  const Case cases[] = {{"unknown object", false, true},
                        {"unknown subject", true, false},
                        {"both unknown", true, true}};
  for (const Case& c : cases) {
    ScratchPath dir;
    uint64_t iran = 0;
    {
      auto store = OpenStore(dir.str());
      ASSERT_NE(store, nullptr);
      FillStore(*store);
      auto entity = store->FindEntity("Iran");
      ASSERT_TRUE(entity.ok());
      iran = entity->id();
    }
    pb::Triple triple;
    triple.set_subject_id(c.unknown_subject ? 5 : iran);  // 5 sorts first
    triple.set_relation("funds");
    triple.set_object_id(c.unknown_object ? 999 : iran);
    triple.set_article_count(1);
    triple.set_evidence_count(1);
    {
      auto raw = testing::RawStore::Open(dir.str());
      ASSERT_TRUE(raw.ok()) << raw.status().message();
      auto key = keys::EncodeSroKey(keys::TripleKeyOf(triple));
      ASSERT_TRUE(key.ok());
      ASSERT_TRUE((*raw)->Put(keys::Family::kTriplesSro, *key, triple.SerializeAsString()).ok());
    }
    auto store = OpenStore(dir.str());
    ASSERT_NE(store, nullptr);
    auto graph = LoadGraph(*store);
    ASSERT_FALSE(graph.ok()) << c.label;
    EXPECT_EQ(graph.status().code(), Status::Code::kCorruption) << c.label;
    const uint64_t unknown = c.unknown_subject ? 5 : 999;
    EXPECT_EQ(graph.status().message(),
              "loading the graph from " + dir.str() + ": triple " +
                  std::to_string(triple.subject_id()) + " -funds-> " +
                  std::to_string(triple.object_id()) + " names unknown entity id " +
                  std::to_string(unknown))
        << c.label;
  }
}

// A store whose relations first appear at subjects all over the id range,
// so that each reading thread meets some before the threads before it.
void FillStoreWithManySubjects(Store& store) {
  for (int article = 0; article < 8; ++article) {
    std::vector<TripleStatement> statements;
    for (int i = 0; i < 40; ++i) {
      const int n = article * 40 + i;
      statements.push_back(Statement("Entity " + std::to_string(n % 97),
                                     "relation " + std::to_string((n * 7) % 23),
                                     "Entity " + std::to_string((n * 13) % 89),
                                     n % 5 == 0 ? pb::POLARITY_NEGATIVE : pb::POLARITY_POSITIVE));
    }
    ASSERT_TRUE(store.CommitArticle(Article("article " + std::to_string(article),
                                            std::move(statements)))
                    .ok());
  }
}

TEST(LoadGraphTest, ReadingThreadsGiveTheGraphOneThreadGives) {
  ScratchPath dir;
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  FillStoreWithManySubjects(*store);
  LoadOptions one;
  one.use_snapshot = false;
  one.threads = 1;
  auto expected = LoadGraph(*store, nullptr, one);
  ASSERT_TRUE(expected.ok()) << expected.status().message();
  ASSERT_GT((*expected)->edge_count(), 200u);
  for (const unsigned threads : {2u, 3u, kMaxLoadThreads, 64u}) {
    LoadOptions many = one;
    many.threads = threads;
    auto graph = LoadGraph(*store, nullptr, many);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    const KnowledgeGraph& g = **graph;
    const KnowledgeGraph& e = **expected;
    ASSERT_EQ(g.vertex_count(), e.vertex_count()) << threads;
    for (VertexId v = 0; v < g.vertex_count(); ++v) ASSERT_EQ(g.name(v), e.name(v)) << threads;
    ASSERT_EQ(g.relation_count(), e.relation_count()) << threads;
    for (RelationId r = 0; r < g.relation_count(); ++r) {
      EXPECT_EQ(g.relation_name(r), e.relation_name(r)) << threads << " relation " << r;
    }
    ASSERT_EQ(g.edge_count(), e.edge_count()) << threads;
    for (EdgeId id = 0; id < g.edge_count(); ++id) {
      const Edge& a = g.edge(id);
      const Edge& b = e.edge(id);
      EXPECT_TRUE(a.source == b.source && a.target == b.target && a.relation == b.relation &&
                  a.negative == b.negative && a.article_count == b.article_count &&
                  a.evidence_count == b.evidence_count)
          << threads << " threads, edge " << id << ": " << EdgeString(g, id) << " against "
          << EdgeString(e, id);
    }
  }
}

// Two damaged triples, at either end of the subjects: however many threads
// read them, the error is the one a single scan meets first.
TEST(LoadGraphTest, ReadingThreadsReportTheFirstDamagedTripleInKeyOrder) {
  ScratchPath dir;
  {
    auto store = OpenStore(dir.str());
    ASSERT_NE(store, nullptr);
    FillStoreWithManySubjects(*store);
  }
  {
    auto raw = testing::RawStore::Open(dir.str());
    ASSERT_TRUE(raw.ok()) << raw.status().message();
    for (const uint64_t subject : {uint64_t{5}, ~uint64_t{0}}) {
      pb::Triple triple;
      triple.set_subject_id(subject);
      triple.set_relation("funds");
      triple.set_object_id(999);
      auto key = keys::EncodeSroKey(keys::TripleKeyOf(triple));
      ASSERT_TRUE(key.ok());
      ASSERT_TRUE((*raw)->Put(keys::Family::kTriplesSro, *key, triple.SerializeAsString()).ok());
    }
  }
  auto store = OpenStore(dir.str());
  ASSERT_NE(store, nullptr);
  for (const unsigned threads : {1u, 2u, kMaxLoadThreads}) {
    LoadOptions options;
    options.use_snapshot = false;
    options.threads = threads;
    auto graph = LoadGraph(*store, nullptr, options);
    ASSERT_FALSE(graph.ok()) << threads;
    EXPECT_EQ(graph.status().message(), "loading the graph from " + dir.str() +
                                            ": triple 5 -funds-> 999 names unknown entity id 5")
        << threads;
  }
}

}  // namespace
}  // namespace kg::graph
