#include "graph/graph_snapshot.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "graph/bulk_load.h"
#include "graph/loader.h"
#include "graph/store.h"
#include "tests/graph/article_testlib.h"
#include "tests/graph/graph_testlib.h"
#include "tests/graph/scratch_path_testlib.h"

namespace kg::graph {
namespace {

namespace fs = std::filesystem;

using testing::Article;
using testing::ExpectSameGraph;
using testing::ScratchPath;

TripleStatement Statement(const std::string& subject, const std::string& relation,
                          const std::string& object,
                          pb::Polarity polarity = pb::POLARITY_POSITIVE) {
  TripleStatement s;
  s.subject = subject;
  s.subject_type = subject == "Iran" ? "GPE" : "";
  s.relation = relation;
  s.object = object;
  s.object_type = "ORG";
  s.polarity = polarity;
  s.evidence.set_sentence(subject + " " + relation + " " + object);
  return s;
}

ArticleUpdate FirstArticle() {
  ArticleUpdate first = Article(
      "Iran supports Hezbollah. Turkey denied supporting the rebels.",
      {Statement("Iran", "supports", "Hezbollah"),
       Statement("Turkey", "supports", "Syrian rebels", pb::POLARITY_NEGATIVE),
       Statement("Hezbollah", "praises", "Hezbollah")});
  first.aliases.push_back({"HTS", "Hayat Tahrir al-Sham"});
  return first;
}

std::unique_ptr<Store> OpenFilledStore(const std::string& path) {
  auto store = Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return nullptr;
  EXPECT_TRUE((*store)->CommitArticle(FirstArticle()).ok());
  EXPECT_TRUE((*store)
                  ->CommitArticle(Article("HTS opposes the rebels. Iran supports Hezbollah.",
                                          {Statement("HTS", "opposes", "Syrian rebels"),
                                           Statement("Iran", "supports", "Hezbollah")}))
                  .ok());
  EXPECT_TRUE((*store)->AddAlias("Islamic Republic", "Iran").ok());
  return std::move(store).value();
}

std::unique_ptr<KnowledgeGraph> Load(const Store& store, bool use_snapshot) {
  LoadOptions options;
  options.use_snapshot = use_snapshot;
  auto graph = LoadGraph(store, nullptr, options);
  EXPECT_TRUE(graph.ok()) << graph.status().message();
  return graph.ok() ? std::move(graph).value() : nullptr;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST(GraphSnapshotTest, RoundTripGivesTheSameGraph) {
  const std::vector<EntityRecord> entities = {
      {10, "Iran", "GPE", {"Islamic Republic of Iran"}, {11, 12}},
      {20, "Hezbollah", "ORG", {"Hizbullah", "Hizballah"}},
      {30, "Bashar al-Assad", "PERSON", {"Assad"}},
      {40, "Assad family", "", {"Assad"}},  // the person keeps "Assad"
      {50, "", "", {}},
  };
  const std::vector<EdgeRecord> edges = {
      {10, "supports", 20, false, 5, 7}, {10, "funds", 20, false, 2, 2},
      {20, "supports", 30, false, 3, 4}, {30, "supports", 30, false, 1, 1},
      {40, "supports", 20, true, 1, 1},
  };
  auto original = KnowledgeGraph::Build(entities, edges);
  ASSERT_TRUE(original.ok()) << original.status().message();
  ScratchPath dir;
  fs::create_directories(dir.str());
  const std::string path = dir.str() + "/graph.snapshot";
  const SnapshotKey key{"identity", 42, 7};
  ASSERT_TRUE(WriteGraphSnapshot(**original, path, key).ok());
  auto restored = ReadGraphSnapshot(path, key);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  ExpectSameGraph(**original, **restored);
  EXPECT_EQ((*restored)->FindVertex("assad"), std::optional<VertexId>(2));
  EXPECT_EQ((*restored)->merged_ids(0), (std::vector<uint64_t>{11, 12}));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.str()), fs::directory_iterator()), 1)
      << "no temporary file is left";
}

TEST(GraphSnapshotTest, EmptyGraphRoundTrips) {
  auto original = KnowledgeGraph::Build({}, {});
  ASSERT_TRUE(original.ok());
  ScratchPath dir;
  fs::create_directories(dir.str());
  const std::string path = dir.str() + "/graph.snapshot";
  ASSERT_TRUE(WriteGraphSnapshot(**original, path, {}).ok());
  auto restored = ReadGraphSnapshot(path, {});
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  ExpectSameGraph(**original, **restored);
}

TEST(GraphSnapshotTest, SecondLoadReadsTheSnapshotAndMatchesAStoreLoad) {
  ScratchPath dir;
  auto store = OpenFilledStore(dir.str());
  ASSERT_NE(store, nullptr);
  auto first = Load(*store, true);
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(fs::exists(SnapshotPath(dir.str())));
  auto key = SnapshotKeyOf(*store);
  ASSERT_TRUE(key.ok());
  auto saved = ReadGraphSnapshot(SnapshotPath(dir.str()), *key);
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  auto from_store = Load(*store, false);
  ASSERT_NE(from_store, nullptr);
  ExpectSameGraph(*from_store, **saved);
  ExpectSameGraph(*from_store, *first);
  auto second = Load(*store, true);
  ASSERT_NE(second, nullptr);
  ExpectSameGraph(*from_store, *second);
}

TEST(GraphSnapshotTest, LoadTrustsOnlyASnapshotOfTheSameState) {
  ScratchPath dir;
  auto store = OpenFilledStore(dir.str());
  ASSERT_NE(store, nullptr);
  auto key = SnapshotKeyOf(*store);
  ASSERT_TRUE(key.ok());
  // A graph unlike the store's, saved under the store's current key, is
  // what the next load returns: the key is all that is compared.
  auto other = KnowledgeGraph::Build({{1, "Marker", "", {}}}, {});
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(WriteGraphSnapshot(**other, SnapshotPath(dir.str()), *key).ok());
  auto trusted = Load(*store, true);
  ASSERT_NE(trusted, nullptr);
  EXPECT_EQ(trusted->vertex_count(), 1u);
  // Any write makes it stale: the store is read again and the snapshot rewritten.
  ASSERT_TRUE(store->AddAlias("Party of God", "Hezbollah").ok());
  auto reloaded = Load(*store, true);
  ASSERT_NE(reloaded, nullptr);
  EXPECT_TRUE(reloaded->FindVertex("party of god").has_value());
  auto fresh = Load(*store, false);
  ASSERT_NE(fresh, nullptr);
  ExpectSameGraph(*fresh, *reloaded);
  auto new_key = SnapshotKeyOf(*store);
  ASSERT_TRUE(new_key.ok());
  auto saved = ReadGraphSnapshot(SnapshotPath(dir.str()), *new_key);
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  ExpectSameGraph(*fresh, **saved);
}

TEST(GraphSnapshotTest, EveryKindOfWriteChangesTheKey) {
  ScratchPath dir;
  auto store = OpenFilledStore(dir.str());
  ASSERT_NE(store, nullptr);
  struct Case {
    const char* label;
    std::function<bool(Store&)> write;
  };
  const Case cases[] = {
      {"commit", [](Store& s) {
         return s.CommitArticle(Article("Iran funds HTS.", {Statement("Iran", "funds", "HTS")}))
             .ok();
       }},
      {"alias", [](Store& s) { return s.AddAlias("Persia", "Iran").ok(); }},
      {"set alias", [](Store& s) { return s.SetAlias("IR", "Iran").ok(); }},
      {"unalias", [](Store& s) { return s.RemoveAlias("IR").ok(); }},
      {"merge", [](Store& s) { return s.MergeEntity("HTS", "Syrian rebels").ok(); }},
      {"split", [](Store& s) { return s.SplitEntity("HTS").ok(); }},
  };
  for (const Case& c : cases) {
    auto before = SnapshotKeyOf(*store);
    ASSERT_TRUE(before.ok());
    ASSERT_TRUE(c.write(*store)) << c.label;
    auto after = SnapshotKeyOf(*store);
    ASSERT_TRUE(after.ok());
    EXPECT_FALSE(*before == *after) << c.label;
    // The snapshot written now matches a load from the store.
    auto loaded = Load(*store, true);
    auto fresh = Load(*store, false);
    ASSERT_TRUE(loaded != nullptr && fresh != nullptr);
    ExpectSameGraph(*fresh, *loaded);
  }
}

TEST(GraphSnapshotTest, ReadOnlyOpenSeesTheKeyTheWriterLeft) {
  ScratchPath dir;
  SnapshotKey written;
  {
    auto store = OpenFilledStore(dir.str());
    ASSERT_NE(store, nullptr);
    auto key = SnapshotKeyOf(*store);
    ASSERT_TRUE(key.ok());
    written = *key;
  }
  for (int i = 0; i < 2; ++i) {
    StoreOptions options;
    options.read_only = true;
    auto store = Store::Open(dir.str(), options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto key = SnapshotKeyOf(**store);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(key->sequence, written.sequence);
    EXPECT_EQ(key->db_identity, written.db_identity);
    // The second read-only open reads the snapshot the first one wrote.
    auto graph = LoadGraph(**store);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    EXPECT_TRUE((*graph)->FindVertex("Islamic Republic").has_value());
    EXPECT_TRUE(ReadGraphSnapshot(SnapshotPath(dir.str()), *key).ok());
  }
}

TEST(GraphSnapshotTest, BulkImportInvalidatesASnapshotOfTheEmptyStore) {
  ScratchPath dir;
  auto opened = Store::Open(dir.str());
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  auto empty = Load(store, true);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->vertex_count(), 0u);
  auto bulk = BulkLoad::Start(store);
  ASSERT_TRUE(bulk.ok() && *bulk != nullptr) << bulk.status().message();
  ASSERT_TRUE((*bulk)->Add(FirstArticle()).ok());
  ASSERT_TRUE((*bulk)->Finish().ok());
  bulk->reset();
  auto loaded = Load(store, true);
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->edge_count(), 3u);
  auto fresh = Load(store, false);
  ASSERT_NE(fresh, nullptr);
  ExpectSameGraph(*fresh, *loaded);
}

TEST(GraphSnapshotTest, DamagedOrForeignSnapshotsAreRefusedAndReplaced) {
  ScratchPath dir;
  auto store = OpenFilledStore(dir.str());
  ASSERT_NE(store, nullptr);
  auto fresh = Load(*store, false);
  ASSERT_NE(fresh, nullptr);
  auto key = SnapshotKeyOf(*store);
  ASSERT_TRUE(key.ok());
  const std::string path = SnapshotPath(dir.str());
  ASSERT_TRUE(WriteGraphSnapshot(*fresh, path, *key).ok());
  const std::string good = ReadFile(path);
  ASSERT_GT(good.size(), 64u);
  std::string flipped_header = good;
  flipped_header[10] ^= 0x01;  // the format version
  std::string flipped_body = good;
  flipped_body[good.size() / 2] ^= 0x40;
  std::string flipped_sum = good;
  flipped_sum[good.size() - 1] ^= 0x01;
  struct Case {
    const char* label;
    std::string bytes;
    Status::Code code;
  };
  const Case cases[] = {
      {"empty file", "", Status::Code::kCorruption},
      {"not a snapshot", "key\tvalue\nmore text that is not a graph\n",
       Status::Code::kCorruption},
      {"truncated header", good.substr(0, 20), Status::Code::kCorruption},
      {"truncated body", good.substr(0, good.size() / 2), Status::Code::kCorruption},
      {"checksum cut off", good.substr(0, good.size() - 4), Status::Code::kCorruption},
      {"trailing bytes", good + "x", Status::Code::kCorruption},
      {"another format", flipped_header, Status::Code::kVersionMismatch},
      {"flipped byte", flipped_body, Status::Code::kCorruption},
      {"flipped checksum", flipped_sum, Status::Code::kCorruption},
  };
  for (const Case& c : cases) {
    WriteFile(path, c.bytes);
    auto read = ReadGraphSnapshot(path, *key);
    ASSERT_FALSE(read.ok()) << c.label;
    EXPECT_EQ(read.status().code(), c.code) << c.label << ": " << read.status().message();
    EXPECT_NE(read.status().message().find(path), std::string::npos) << c.label;
    // The load falls back to the store and writes a good snapshot again.
    auto loaded = Load(*store, true);
    ASSERT_NE(loaded, nullptr) << c.label;
    ExpectSameGraph(*fresh, *loaded);
    EXPECT_EQ(ReadFile(path), good) << c.label;
  }
  SnapshotKey stale = *key;
  stale.sequence += 1;
  auto read = ReadGraphSnapshot(path, stale);
  EXPECT_EQ(read.status().code(), Status::Code::kVersionMismatch);
  SnapshotKey foreign = *key;
  foreign.db_identity = "another store";
  read = ReadGraphSnapshot(path, foreign);
  EXPECT_EQ(read.status().code(), Status::Code::kVersionMismatch);
  EXPECT_TRUE(ReadGraphSnapshot(dir.str() + "/missing.snapshot", *key).status().IsNotFound());
}

TEST(GraphSnapshotTest, WriteFailureIsAnErrorNotACrash) {
  auto graph = KnowledgeGraph::Build({{1, "A", "", {}}}, {});
  ASSERT_TRUE(graph.ok());
  ScratchPath dir;
  Status status = WriteGraphSnapshot(**graph, dir.str() + "/no/such/dir/graph.snapshot", {});
  EXPECT_EQ(status.code(), Status::Code::kIOError);
  EXPECT_NE(status.message().find("graph.snapshot"), std::string::npos) << status.message();
  // An unwritable snapshot (here: a directory in its place) never fails a load.
  auto store = OpenFilledStore(dir.str());
  ASSERT_NE(store, nullptr);
  fs::create_directories(SnapshotPath(dir.str()) + "/blocked");
  auto loaded = Load(*store, true);
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->vertex_count(), 5u);
}

}  // namespace
}  // namespace kg::graph
