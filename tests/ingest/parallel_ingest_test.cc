// Parallel ingest: the same input gives the same store, the same warnings
// and the same summary whatever the number of analysis threads.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/cancellation.h"
#include "graph/store.h"
#include "ingest/ingest_runner.h"
#include "ingest/parallel_ingest.h"
#include "ingest/stages.h"

#include "tests/ingest/temp_dir_testlib.h"

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kSamples = std::string(KG_SOURCE_DIR) + "/samples/articles";
const std::string kFolding = std::string(KG_TESTDATA_DIR) + "/ingest_folding";

// Every record of the store as text, in key order; only the ingest time of
// each article (a wall-clock stamp) is left out.
std::string DumpStore(const graph::Store& store) {
  std::ostringstream out;
  EXPECT_TRUE(store.ForEachArticle([&](const pb::Article& stored) {
    pb::Article article = stored;
    article.clear_ingested_unix_seconds();
    out << "article " << article.ShortDebugString() << '\n';
    return true;
  }).ok());
  EXPECT_TRUE(store.ForEachEntity([&](const pb::Entity& entity) {
    out << "entity " << entity.ShortDebugString() << '\n';
    return true;
  }).ok());
  EXPECT_TRUE(store.ForEachAlias([&](std::string_view alias, uint64_t id) {
    out << "alias " << alias << " -> " << id << '\n';
    return true;
  }).ok());
  EXPECT_TRUE(store.ForEachTriple([&](const pb::Triple& triple) {
    out << "triple " << triple.ShortDebugString() << '\n';
    EXPECT_TRUE(store.ForEachEvidence(triple, [&](const pb::Evidence& evidence) {
      out << "  evidence " << evidence.ShortDebugString() << '\n';
      return true;
    }).ok());
    return true;
  }).ok());
  return out.str();
}

// One run on a fresh store: what it stored, printed and counted.
struct Outcome {
  Status status;
  IngestSummary summary;
  std::string warnings;
  std::string dump;
  std::unique_ptr<graph::Store> store;
};

Outcome IngestFresh(const std::vector<std::string>& paths, const Pipeline& pipeline,
                    int threads, const graph::Cancellation* cancel = nullptr) {
  Outcome outcome;
  TempDir dir;
  auto store = graph::Store::Open(dir.path() + "/store");
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return outcome;
  IngestOptions options;
  options.show_progress = false;
  options.threads = threads;
  options.cancel = cancel;
  std::ostringstream warnings;
  Result<IngestSummary> summary = RunIngest(paths, **store, pipeline, options, warnings);
  if (summary.ok()) {
    outcome.summary = *summary;
  } else {
    outcome.status = summary.status();
  }
  outcome.warnings = warnings.str();
  outcome.dump = DumpStore(**store);
  outcome.store = std::move(*store);
  return outcome;
}

// The shipped pipeline (analyze, extract), loaded once for the whole file.
const Pipeline& DefaultPipeline() {
  static const Pipeline* pipeline = [] {
    auto built = Pipeline::Build(DefaultStageNames(), DefaultStageRegistry(), {});
    EXPECT_TRUE(built.ok()) << built.status().message();
    return built.ok() ? new Pipeline(std::move(*built)) : nullptr;
  }();
  return *pipeline;
}

TEST(ParallelIngestTest, SameGraphForEveryThreadCount) {
  const Outcome one = IngestFresh({kSamples, kFolding}, DefaultPipeline(), 1);
  ASSERT_TRUE(one.status.ok()) << one.status.message();
  ASSERT_EQ(one.summary.counts.stored, 9u);
  ASSERT_GT(one.summary.counts.triples, 10u);

  // The folding this corpus is about happened: a later article's bare
  // "Assad" and "HTS" resolved through the aliases earlier ones stored.
  auto assad = one.store->FindEntity("Assad");
  ASSERT_TRUE(assad.ok()) << assad.status().message();
  EXPECT_EQ(assad->name(), "Bashar al-Assad");
  auto hts = one.store->FindEntity("HTS");
  ASSERT_TRUE(hts.ok()) << hts.status().message();
  EXPECT_EQ(hts->name(), "Hayat Tahrir al-Sham");
  EXPECT_THAT(one.dump, HasSubstr("Russia supported Assad"));
  // A near spelling in a later article folds onto the earlier name and stays
  // findable as its alias; a shorter name that shares a word does not.
  auto katiab = one.store->FindEntity("Katiab Hezbollah");
  ASSERT_TRUE(katiab.ok()) << katiab.status().message();
  EXPECT_EQ(katiab->name(), "Kataib Hezbollah");
  auto hezbollah = one.store->FindEntity("Hezbollah");
  ASSERT_TRUE(hezbollah.ok()) << hezbollah.status().message();
  EXPECT_EQ(hezbollah->name(), "Hezbollah");

  for (int threads : {2, 4}) {
    const Outcome many = IngestFresh({kSamples, kFolding}, DefaultPipeline(), threads);
    ASSERT_TRUE(many.status.ok()) << many.status.message();
    EXPECT_EQ(many.dump, one.dump) << threads << " threads";
    EXPECT_EQ(many.warnings, one.warnings) << threads << " threads";
    EXPECT_EQ(FormatSummary(many.summary.counts, 0), FormatSummary(one.summary.counts, 0))
        << threads << " threads";
  }
}

// A stand-in extractor over articles whose text says "Article N". Later
// articles finish first (article N sleeps (kArticles - N) ms), so any commit
// in completion order shows. Article N stores the aliases "link N-1" and
// "link N" for the entity "Article N": the store keeps the first owner of an
// alias, so "link N" names "Article N" exactly when N was committed before
// N+1. Text with "FAIL" fails; `cancel_at` cancels `cancel` on that article.
class OrderProbeStage : public Stage {
 public:
  static constexpr int kArticles = 24;

  OrderProbeStage(graph::Cancellation* cancel = nullptr, int cancel_at = -1)
      : cancel_(cancel), cancel_at_(cancel_at) {}

  std::string_view name() const override { return "probe"; }
  std::vector<std::string_view> required() const override { return {annotation::kSentences}; }
  std::vector<std::string_view> assigned() const override { return {annotation::kTriples}; }
  Status Process(Document& document) const override {
    std::smatch match;
    if (!std::regex_search(document.text, match, std::regex("Article (\\d+)"))) {
      return Status::InvalidArgument("no article number");
    }
    const int n = std::stoi(match[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(kArticles - n));
    if (n == cancel_at_ && cancel_ != nullptr) cancel_->Cancel();
    if (document.text.find("FAIL") != std::string::npos) {
      return Status::InvalidArgument("cannot analyse article " + std::to_string(n));
    }
    const std::string self = "Article " + std::to_string(n);
    if (n > 0) document.aliases.push_back({"link " + std::to_string(n - 1), self});
    document.aliases.push_back({"link " + std::to_string(n), self});
    graph::TripleStatement triple;
    triple.subject = self;
    triple.relation = "supports";
    triple.object = "Peace";
    document.triples.push_back(triple);
    return Status::Ok();
  }

 private:
  graph::Cancellation* cancel_;
  int cancel_at_;
};

Pipeline ProbePipeline(graph::Cancellation* cancel = nullptr, int cancel_at = -1) {
  auto split = DefaultStageRegistry().Make("split", {});
  EXPECT_TRUE(split.ok());
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::move(*split));
  stages.push_back(std::make_unique<OrderProbeStage>(cancel, cancel_at));
  auto pipeline = Pipeline::Create(std::move(stages));
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
  return std::move(*pipeline);
}

// Files a00.txt ... a23.txt, read in that order; `failing` says FAIL.
std::string WriteProbeArticles(const TempDir& dir, int failing = -1) {
  for (int n = 0; n < OrderProbeStage::kArticles; ++n) {
    char name[16];
    std::snprintf(name, sizeof name, "a%02d.txt", n);
    dir.Write(name, "Title " + std::to_string(n) + "\nArticle " + std::to_string(n) +
                        (n == failing ? " will FAIL." : " is here."));
  }
  return dir.path();
}

// The article numbers stored, from their titles.
std::vector<int> StoredNumbers(const graph::Store& store) {
  std::vector<int> numbers;
  EXPECT_TRUE(store.ForEachArticle([&](const pb::Article& article) {
    numbers.push_back(std::stoi(article.title().substr(6)));
    return true;
  }).ok());
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

TEST(ParallelIngestTest, CommitsInInputOrder) {
  TempDir input;
  const std::string folder = WriteProbeArticles(input);
  const Pipeline pipeline = ProbePipeline();
  for (int threads : {1, 2, 4, 8}) {
    const Outcome outcome = IngestFresh({folder}, pipeline, threads);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.message();
    EXPECT_EQ(outcome.summary.counts.stored, static_cast<uint64_t>(OrderProbeStage::kArticles));
    for (int n = 0; n + 1 < OrderProbeStage::kArticles; ++n) {
      auto entity = outcome.store->FindEntity("link " + std::to_string(n));
      ASSERT_TRUE(entity.ok()) << entity.status().message();
      EXPECT_EQ(entity->name(), "Article " + std::to_string(n))
          << "article " << n + 1 << " was committed before article " << n << " with "
          << threads << " threads";
    }
  }
}

TEST(ParallelIngestTest, FailedArticleIsReportedAndTheOthersAreStored) {
  TempDir input;
  const std::string folder = WriteProbeArticles(input, /*failing=*/5);
  const Pipeline pipeline = ProbePipeline();
  for (int threads : {1, 2, 4}) {
    const Outcome outcome = IngestFresh({folder}, pipeline, threads);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.message();
    EXPECT_EQ(outcome.summary.counts.articles, 24u);
    EXPECT_EQ(outcome.summary.counts.failed, 1u);
    EXPECT_EQ(outcome.summary.counts.stored, 23u);
    EXPECT_EQ(outcome.warnings, "stage 'probe' failed on " + folder +
                                    "/a05.txt: cannot analyse article 5; article skipped\n")
        << threads << " threads";
    std::vector<int> stored = StoredNumbers(*outcome.store);
    EXPECT_EQ(stored.size(), 23u);
    EXPECT_EQ(std::count(stored.begin(), stored.end(), 5), 0);
  }
}

// Broken files, a failing article and duplicates: the warnings come in the
// same order and the counts agree, whatever the thread count.
TEST(ParallelIngestTest, WarningsAndSummaryDoNotDependOnThreads) {
  TempDir input;
  WriteProbeArticles(input, /*failing=*/7);
  input.Write("a03_copy.txt", "Title 3\nArticle 3 is here.");
  input.Write("a09_bad.txt", "Bad\nBroken \xC3\x28 text.");
  input.Write("a12_empty.txt", "");
  input.Write("a15_lines.jsonl",
              "{\"text\": \"Article 15 is here.\", \"title\": \"Title 15\"}\n{oops\n");
  const Pipeline pipeline = ProbePipeline();
  const Outcome one = IngestFresh({input.path()}, pipeline, 1);
  ASSERT_TRUE(one.status.ok()) << one.status.message();
  EXPECT_EQ(one.summary.counts.duplicates, 2u);
  // a09_bad.txt is read with its invalid byte replaced (one warning), and
  // then fails in the probe stage like article 7 (one more).
  EXPECT_EQ(one.summary.counts.failed, 2u);
  EXPECT_EQ(one.summary.counts.warnings, 5u);
  for (int threads : {2, 4}) {
    const Outcome many = IngestFresh({input.path()}, pipeline, threads);
    ASSERT_TRUE(many.status.ok()) << many.status.message();
    EXPECT_EQ(many.warnings, one.warnings) << threads << " threads";
    EXPECT_EQ(FormatSummary(many.summary.counts, 0), FormatSummary(one.summary.counts, 0));
    EXPECT_EQ(many.dump, one.dump) << threads << " threads";
  }
}

// Ctrl-C while article 10 is analysed: the run stops, and what is stored is
// a run of whole articles from the first one on.
TEST(ParallelIngestTest, CancellationLeavesOnlyWholeArticles) {
  TempDir input;
  const std::string folder = WriteProbeArticles(input);
  for (int threads : {1, 2, 4}) {
    graph::Cancellation cancel;
    const Pipeline pipeline = ProbePipeline(&cancel, /*cancel_at=*/10);
    const Outcome outcome = IngestFresh({folder}, pipeline, threads, &cancel);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.message();
    EXPECT_TRUE(outcome.summary.interrupted);
    EXPECT_TRUE(FormatSummary(outcome.summary).starts_with("interrupted: ingested "));
    const std::vector<int> stored = StoredNumbers(*outcome.store);
    EXPECT_EQ(stored.size(), outcome.summary.counts.stored);
    EXPECT_LE(stored.size(), 11u) << threads << " threads";
    for (size_t i = 0; i < stored.size(); ++i) EXPECT_EQ(stored[i], static_cast<int>(i));
    // Each stored article came with its aliases and its triple's evidence.
    for (int n : stored) {
      auto entity = outcome.store->FindEntity("link " + std::to_string(n));
      ASSERT_TRUE(entity.ok()) << "article " << n << ": " << entity.status().message();
      EXPECT_EQ(entity->name(), "Article " + std::to_string(n));
    }
    auto counts = outcome.store->Counts();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->evidence, stored.size());
  }
}

TEST(ParallelIngestTest, ThreadCountDefaultsToTheCores) {
  EXPECT_EQ(AnalysisThreads(3), 3);
  EXPECT_EQ(AnalysisThreads(1), 1);
  EXPECT_GE(AnalysisThreads(0), 1);
  EXPECT_EQ(AnalysisThreads(0), AnalysisThreads(-1));
}

}  // namespace
}  // namespace kg::ingest
