// Curation in the store (SetAlias, RemoveAlias, MergeEntity, SplitEntity)
// and as readers see it (graph/curation.h, the loader and the export).
#include "graph/curation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "graph/loader.h"
#include "graph/store.h"
#include "graph/triple_export.h"
#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

namespace fs = std::filesystem;
using Code = Status::Code;

class TempStore {
 public:
  TempStore() {
    static std::atomic<int> counter{0};
    path_ = (fs::path(::testing::TempDir()) /
             ("kg_curation_" + std::to_string(getpid()) + "_" + std::to_string(counter++)))
                .string();
    fs::remove_all(path_);
  }
  ~TempStore() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

  std::unique_ptr<Store> Open(bool read_only = false) const {
    StoreOptions options;
    options.read_only = read_only;
    auto store = Store::Open(path_, options);
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(store).value() : nullptr;
  }

 private:
  std::string path_;
};

// One statement per sentence of an article; `sentence` picks the sentence.
struct Said {
  std::string subject, relation, object;
  uint32_t sentence = 0;
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
    s.evidence.set_sentence_index(said.sentence);
    s.evidence.set_sentence(said.subject + " " + said.relation + " " + said.object);
    update.triples.push_back(std::move(s));
  }
  return update;
}

void Commit(Store& store, const ArticleUpdate& update) {
  Result<CommitOutcome> outcome = store.CommitArticle(update);
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
}

// Hizbullah and Hezbollah are one group spelt two ways; Iran states its
// support for both in article one (two sentences) and for Hezbollah again
// in article two.
void FillStore(Store& store) {
  Commit(store, Article("Iran backs Hizbullah. Iran backs Hezbollah. Hizbullah fights Israel.",
                        {{"Iran", "supports", "Hizbullah", 0},
                         {"Iran", "supports", "Hezbollah", 1},
                         {"Hizbullah", "opposes", "Israel", 2}}));
  Commit(store, Article("Iran again backs Hezbollah. Hezbollah fights Israel.",
                        {{"Iran", "supports", "Hezbollah", 0},
                         {"Hezbollah", "opposes", "Israel", 1}}));
  Commit(store, Article("Syria hosts Hezbollah.", {{"Syria", "hosts", "Hezbollah", 0}}));
}

// --- the store's curation calls, as sequences of steps ----------------------

enum class Op { kMerge, kSplit, kAlias, kUnalias };

struct Step {
  Op op;
  std::string a, b = {};
  Code code = Code::kOk;
  std::string message = {};  // the whole error message when code != kOk
};

Result<CurationChange> Apply(Store& store, const Step& step) {
  switch (step.op) {
    case Op::kMerge: return store.MergeEntity(step.a, step.b);
    case Op::kSplit: return store.SplitEntity(step.a);
    case Op::kAlias: return store.SetAlias(step.a, step.b);
    case Op::kUnalias: return store.RemoveAlias(step.a);
  }
  return Status::Internal("unknown step");
}

struct CurationCase {
  std::string label;
  std::vector<Step> steps;
  // Name -> the canonical name it resolves to afterwards ("" = unknown),
  // checked after the store is closed and opened again.
  std::map<std::string, std::string> resolves;
};

TEST(StoreCurationTest, StepsPersistAndResolve) {
  const std::vector<CurationCase> cases = {
      {"merge is persisted",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}},
       {{"Hizbullah", "Hezbollah"}, {"hezbollah", "Hezbollah"}}},
      {"chain A into B, B into C ends at C",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}, {Op::kMerge, "Hezbollah", "Syria"}},
       {{"Hizbullah", "Syria"}, {"Hezbollah", "Syria"}}},
      {"merging into a merged entity follows it",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}, {Op::kMerge, "Israel", "Hizbullah"}},
       {{"Israel", "Hezbollah"}}},
      {"merging back is refused: no cycle",
       {{Op::kMerge, "Hizbullah", "Hezbollah"},
        {Op::kMerge, "Hezbollah", "Hizbullah", Code::kInvalidArgument,
         "\"Hezbollah\" and \"Hizbullah\" are already one entity (\"Hezbollah\"); split "
         "\"Hizbullah\" undoes that merge"}},
       {{"Hizbullah", "Hezbollah"}, {"Hezbollah", "Hezbollah"}}},
      {"a closing chain is refused",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}, {Op::kMerge, "Hezbollah", "Syria"},
        {Op::kMerge, "Syria", "Hizbullah", Code::kInvalidArgument,
         "\"Syria\" and \"Hizbullah\" are already one entity (\"Syria\"); split \"Hizbullah\" "
         "undoes that merge"}},
       {{"Hizbullah", "Syria"}}},
      {"merge into itself",
       {{Op::kMerge, "Iran", "IRAN", Code::kInvalidArgument,
         "cannot merge \"Iran\" into itself"}},
       {{"Iran", "Iran"}}},
      {"merge of an unknown name",
       {{Op::kMerge, "Hezbolah", "Iran", Code::kNotFound, "no entity named 'Hezbolah'"}},
       {{"Hezbolah", ""}}},
      {"split restores",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}, {Op::kSplit, "Hizbullah"}},
       {{"Hizbullah", "Hizbullah"}, {"Hezbollah", "Hezbollah"}}},
      {"split in the middle of a chain keeps what was merged into it",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}, {Op::kMerge, "Hezbollah", "Syria"},
        {Op::kSplit, "Hezbollah"}},
       {{"Hizbullah", "Hezbollah"}, {"Hezbollah", "Hezbollah"}, {"Syria", "Syria"}}},
      {"split of something not merged",
       {{Op::kSplit, "Iran", "", Code::kInvalidArgument,
         "\"Iran\" is not merged into another entity"}},
       {{"Iran", "Iran"}}},
      {"split twice",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}, {Op::kSplit, "Hizbullah"},
        {Op::kSplit, "Hizbullah", "", Code::kInvalidArgument,
         "\"Hizbullah\" is not merged into another entity"}},
       {{"Hizbullah", "Hizbullah"}}},
      {"split through an alias of the merged entity",
       {{Op::kAlias, "Party of God", "Hizbullah"}, {Op::kMerge, "Hizbullah", "Hezbollah"},
        {Op::kSplit, "party of god"}},
       {{"Hizbullah", "Hizbullah"}, {"Party of God", "Hizbullah"}}},
      {"split of an alias that is not merged points at unalias",
       {{Op::kAlias, "Islamic Republic", "Iran"},
        {Op::kSplit, "Islamic Republic", "", Code::kInvalidArgument,
         "\"Islamic Republic\" is not merged into another entity; it is an alias of \"Iran\" "
         "(unalias \"Islamic Republic\" removes it)"}},
       {{"Islamic Republic", "Iran"}}},
      {"alias a new name",
       {{Op::kAlias, "Islamic Republic", "Iran"}},
       {{"islamic republic", "Iran"}}},
      {"alias needs an existing entity",
       {{Op::kAlias, "Tehran", "Persia", Code::kNotFound, "no entity named 'Persia'"}},
       {{"Tehran", ""}, {"Persia", ""}}},
      {"alias moves from another entity",
       {{Op::kAlias, "Party of God", "Hizbullah"}, {Op::kAlias, "Party of God", "Hezbollah"}},
       {{"Party of God", "Hezbollah"}}},
      {"alias of another entity's own name is a merge",
       {{Op::kAlias, "Hizbullah", "Hezbollah", Code::kInvalidArgument,
         "\"Hizbullah\" is the name of entity \"Hizbullah\", not an alias; to make them one "
         "entity, merge them: merge \"Hizbullah\" \"Hezbollah\""}},
       {{"Hizbullah", "Hizbullah"}}},
      {"alias to a merged entity resolves to its survivor",
       {{Op::kMerge, "Hizbullah", "Hezbollah"}, {Op::kAlias, "Party of God", "Hizbullah"}},
       {{"Party of God", "Hezbollah"}}},
      {"unalias removes the alias",
       {{Op::kAlias, "Islamic Republic", "Iran"}, {Op::kUnalias, "Islamic Republic"}},
       {{"Islamic Republic", ""}, {"Iran", "Iran"}}},
      {"unalias of an entity's own name",
       {{Op::kUnalias, "Iran", "", Code::kInvalidArgument,
         "\"Iran\" is the name of entity \"Iran\", not an alias"}},
       {{"Iran", "Iran"}}},
      {"unalias of a merged entity's name points at split",
       {{Op::kMerge, "Hizbullah", "Hezbollah"},
        {Op::kUnalias, "Hizbullah", "", Code::kInvalidArgument,
         "\"Hizbullah\" is the name of entity \"Hizbullah\", not an alias; split \"Hizbullah\" "
         "undoes its merge"}},
       {{"Hizbullah", "Hezbollah"}}},
      {"unalias of an unknown name",
       {{Op::kUnalias, "Nobody", "", Code::kNotFound, "no entity named 'Nobody'"}},
       {}},
  };
  for (const CurationCase& c : cases) {
    SCOPED_TRACE(c.label);
    TempStore dir;
    {
      auto store = dir.Open();
      ASSERT_NE(store, nullptr);
      FillStore(*store);
      for (const Step& step : c.steps) {
        Result<CurationChange> change = Apply(*store, step);
        EXPECT_EQ(change.status().code(), step.code) << change.status().message();
        if (step.code != Code::kOk) {
          EXPECT_EQ(change.status().message(), step.message);
        }
      }
    }
    auto store = dir.Open(/*read_only=*/true);
    ASSERT_NE(store, nullptr);
    for (const auto& [name, canonical] : c.resolves) {
      Result<pb::Entity> found = store->FindEntity(name);
      if (canonical.empty()) {
        EXPECT_TRUE(found.status().IsNotFound()) << name;
      } else {
        ASSERT_TRUE(found.ok()) << name << ": " << found.status().message();
        EXPECT_EQ(found->name(), canonical) << name;
      }
    }
    // Whatever the steps, the merges stay acyclic for the loader.
    EXPECT_TRUE(LoadGraph(*store).ok());
  }
}

TEST(StoreCurationTest, ReportsWhatChanged) {
  TempStore dir;
  auto store = dir.Open();
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  Result<CurationChange> merged = store->MergeEntity("hizbullah", "Hezbollah");
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(merged->entity.name(), "Hizbullah");
  EXPECT_EQ(merged->entity.merged_into(), merged->target.id());
  EXPECT_EQ(merged->target.name(), "Hezbollah");

  ASSERT_TRUE(store->SetAlias("Party of God", "Iran").ok());
  Result<CurationChange> moved = store->SetAlias("Party of God", "Hezbollah");
  ASSERT_TRUE(moved.ok()) << moved.status().message();
  EXPECT_TRUE(moved->changed);
  EXPECT_EQ(moved->previous, "Iran");
  EXPECT_EQ(moved->target.name(), "Hezbollah");
  Result<CurationChange> again = store->SetAlias("party of god", "Hizbullah");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_FALSE(again->changed) << "Hizbullah is Hezbollah now";
  EXPECT_EQ(store->FindEntity("Iran")->aliases_size(), 0) << "the moved alias left Iran's list";

  Result<CurationChange> split = store->SplitEntity("Hizbullah");
  ASSERT_TRUE(split.ok()) << split.status().message();
  EXPECT_EQ(split->entity.merged_into(), 0u);
  EXPECT_EQ(split->target.name(), "Hezbollah");
}

TEST(StoreCurationTest, ReadOnlyStoreRefusesCuration) {
  TempStore dir;
  {
    auto store = dir.Open();
    ASSERT_NE(store, nullptr);
    FillStore(*store);
  }
  auto store = dir.Open(/*read_only=*/true);
  ASSERT_NE(store, nullptr);
  const Result<CurationChange> results[] = {
      store->MergeEntity("Hizbullah", "Hezbollah"), store->SplitEntity("Hizbullah"),
      store->SetAlias("x", "Iran"), store->RemoveAlias("x")};
  for (const Result<CurationChange>& result : results) {
    EXPECT_EQ(result.status().message(), "store " + dir.path() + " is open read-only");
  }
}

TEST(StoreCurationTest, LongMergeChainsAreRefused) {
  TempStore dir;
  auto store = dir.Open();
  ASSERT_NE(store, nullptr);
  std::vector<Said> said;
  for (int i = 0; i < 70; ++i) said.push_back({"E" + std::to_string(i), "knows", "Hub"});
  Commit(*store, Article("a chain", said));
  Status refused;
  int merged = 0;
  for (int i = 0; i + 1 < 70 && refused.ok(); ++i) {
    Result<CurationChange> change =
        store->MergeEntity("E" + std::to_string(i), "E" + std::to_string(i + 1));
    if (change.ok()) ++merged;
    refused = change.status();
  }
  EXPECT_EQ(refused.code(), Code::kInvalidArgument);
  EXPECT_NE(refused.message().find("split some first"), std::string::npos) << refused.message();
  EXPECT_EQ(merged, 63);
  // Every name still resolves: the chain stays within the readers' limit.
  EXPECT_EQ(store->FindEntity("E0")->name(), "E63");
  EXPECT_TRUE(LoadGraph(*store).ok());
}

// --- readers: the loader and the export --------------------------------------

std::set<std::string> EdgeStrings(const KnowledgeGraph& g) {
  std::set<std::string> out;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    out.insert(testing::EdgeString(g, e) + " " + std::to_string(g.edge(e).article_count) + "/" +
               std::to_string(g.edge(e).evidence_count));
  }
  return out;
}

struct LoadCase {
  std::string label;
  std::vector<std::pair<std::string, std::string>> merges;  // name, into
  std::set<std::string> edges;  // "S -r-> O articles/statements"
};

TEST(CuratedLoadTest, MergedTriplesFoldUnderTheSurvivor) {
  const std::vector<LoadCase> cases = {
      {"no merge",
       {},
       {"Iran -supports-> Hizbullah 1/1", "Iran -supports-> Hezbollah 2/2",
        "Hizbullah -opposes-> Israel 1/1", "Hezbollah -opposes-> Israel 1/1",
        "Syria -hosts-> Hezbollah 1/1"}},
      // Article one says "Iran supports" both spellings: one article, two
      // statements; article two once more.
      {"one edge, distinct articles",
       {{"Hizbullah", "Hezbollah"}},
       {"Iran -supports-> Hezbollah 2/3", "Hezbollah -opposes-> Israel 2/2",
        "Syria -hosts-> Hezbollah 1/1"}},
      {"the other way round",
       {{"Hezbollah", "Hizbullah"}},
       {"Iran -supports-> Hizbullah 2/3", "Hizbullah -opposes-> Israel 2/2",
        "Syria -hosts-> Hizbullah 1/1"}},
      {"a chain folds both ends",
       {{"Hizbullah", "Hezbollah"}, {"Israel", "Syria"}},
       {"Iran -supports-> Hezbollah 2/3", "Hezbollah -opposes-> Syria 2/2",
        "Syria -hosts-> Hezbollah 1/1"}},
      {"an edge onto itself",
       {{"Syria", "Hezbollah"}},
       {"Iran -supports-> Hizbullah 1/1", "Iran -supports-> Hezbollah 2/2",
        "Hizbullah -opposes-> Israel 1/1", "Hezbollah -opposes-> Israel 1/1",
        "Hezbollah -hosts-> Hezbollah 1/1"}},
  };
  for (const LoadCase& c : cases) {
    SCOPED_TRACE(c.label);
    TempStore dir;
    auto store = dir.Open();
    ASSERT_NE(store, nullptr);
    FillStore(*store);
    for (const auto& [name, into] : c.merges) {
      ASSERT_TRUE(store->MergeEntity(name, into).ok());
    }
    auto graph = LoadGraph(*store);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    EXPECT_EQ(EdgeStrings(**graph), c.edges);
  }
}

TEST(CuratedLoadTest, MergedNamesAndIdsBelongToTheSurvivor) {
  TempStore dir;
  auto store = dir.Open();
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  ASSERT_TRUE(store->SetAlias("Party of God", "Hizbullah").ok());
  const uint64_t hizbullah = store->FindEntity("Hizbullah")->id();
  const uint64_t israel = store->FindEntity("Israel")->id();
  ASSERT_TRUE(store->MergeEntity("Hizbullah", "Hezbollah").ok());
  ASSERT_TRUE(store->MergeEntity("Israel", "Hizbullah").ok());
  auto graph = LoadGraph(*store);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  const KnowledgeGraph& g = **graph;
  const VertexId hezbollah = testing::V(g, "Hezbollah");
  EXPECT_EQ(g.FindVertex("party of god"), hezbollah);
  EXPECT_EQ(g.FindVertex("Hizbullah"), hezbollah);
  EXPECT_EQ(g.FindVertex("Israel"), hezbollah);
  EXPECT_EQ(std::set<uint64_t>(g.merged_ids(hezbollah).begin(), g.merged_ids(hezbollah).end()),
            (std::set<uint64_t>{hizbullah, israel}));
  EXPECT_TRUE(g.merged_ids(testing::V(g, "Iran")).empty());
}

TEST(CuratedLoadTest, LaterIngestsLandUnderTheSurvivorAndSplitGivesThemBack) {
  TempStore dir;
  auto store = dir.Open();
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  ASSERT_TRUE(store->MergeEntity("Hizbullah", "Hezbollah").ok());
  Commit(*store, Article("Hizbullah fires rockets.", {{"Hizbullah", "attacks", "Israel", 0}}));
  {
    auto graph = LoadGraph(*store);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    EXPECT_EQ(EdgeStrings(**graph).count("Hezbollah -attacks-> Israel 1/1"), 1u);
  }
  // Stored under Hizbullah's own id, so the split takes it along.
  ASSERT_TRUE(store->SplitEntity("Hizbullah").ok());
  auto graph = LoadGraph(*store);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  const std::set<std::string> edges = EdgeStrings(**graph);
  EXPECT_EQ(edges.count("Hizbullah -attacks-> Israel 1/1"), 1u);
  EXPECT_EQ(edges.count("Iran -supports-> Hezbollah 2/2"), 1u);
}

TEST(CuratedLoadTest, AliasAddedByCurationResolvesLaterIngests) {
  TempStore dir;
  auto store = dir.Open();
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  ASSERT_TRUE(store->SetAlias("Party of God", "Hezbollah").ok());
  Commit(*store, Article("The Party of God fires rockets.",
                         {{"Party of God", "attacks", "Israel", 0}}));
  auto graph = LoadGraph(*store);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(EdgeStrings(**graph).count("Hezbollah -attacks-> Israel 1/1"), 1u);
}

TEST(CuratedExportTest, ExportShowsTheCuratedGraph) {
  TempStore dir;
  auto store = dir.Open();
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  ASSERT_TRUE(store->MergeEntity("Hizbullah", "Hezbollah").ok());
  std::ostringstream tsv;
  ASSERT_TRUE(ExportTriples(*store, ExportFormat::kTsv, tsv).ok());
  EXPECT_EQ(tsv.str(),
            "subject\trelation\tobject\tpolarity\tarticles\n"
            "Hezbollah\topposes\tIsrael\t+\t2\n"
            "Iran\tsupports\tHezbollah\t+\t2\n"
            "Syria\thosts\tHezbollah\t+\t1\n");
  std::ostringstream jsonl;
  ASSERT_TRUE(ExportTriples(*store, ExportFormat::kJsonLines, jsonl).ok());
  EXPECT_NE(jsonl.str().find("{\"subject\":\"Iran\",\"relation\":\"supports\",\"object\":"
                             "\"Hezbollah\",\"polarity\":\"+\",\"articles\":2,\"statements\":3}"),
            std::string::npos)
      << jsonl.str();
}

TEST(MergeTableTest, SurvivorReportsDamagedChains) {
  TempStore dir;
  auto store = dir.Open();
  ASSERT_NE(store, nullptr);
  FillStore(*store);
  ASSERT_TRUE(store->MergeEntity("Hizbullah", "Hezbollah").ok());
  auto table = MergeTable::Read(*store);
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_TRUE(table->has_merges());
  const uint64_t hezbollah = store->FindEntity("Hizbullah")->id();  // the survivor's
  const pb::Entity* merged = nullptr;
  for (const pb::Entity& entity : table->entities()) {
    if (entity.name() == "Hizbullah") merged = &entity;
  }
  ASSERT_NE(merged, nullptr);
  EXPECT_TRUE(IsMerged(*merged));
  EXPECT_EQ(*table->Survivor(merged->id()), hezbollah);
  EXPECT_EQ(table->Survivor(42).status().message(), "unknown entity id 42");
}

}  // namespace
}  // namespace kg::graph
