#include "ingest/ingest_runner.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/cancellation.h"
#include "graph/store.h"
#include "ingest/stages.h"

#include "tests/ingest/temp_dir_testlib.h"

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kArticles = std::string(KG_TESTDATA_DIR) + "/ingest/articles";

// An extractor stand-in: one triple per sentence that says "X backed Y", and
// a failure on any text that contains "FAIL".
class FakeExtractStage : public Stage {
 public:
  std::string_view name() const override { return "extract"; }
  std::vector<std::string_view> required() const override { return {annotation::kSentences}; }
  std::vector<std::string_view> assigned() const override { return {annotation::kTriples}; }
  Status Process(Document& document) const override {
    if (document.text.find("FAIL") != std::string::npos) {
      return Status::InvalidArgument("cannot analyse this text");
    }
    for (uint32_t i = 0; i < document.sentences.size(); ++i) {
      const Sentence& sentence = document.sentences[i];
      const auto& tokens = sentence.tokens;
      for (size_t t = 1; t + 1 < tokens.size(); ++t) {
        if (tokens[t].form != "backed") continue;
        graph::TripleStatement triple;
        triple.subject = tokens[t - 1].form;
        triple.relation = "supports";
        triple.object = tokens[t + 1].form;
        triple.evidence.set_sentence_index(i);
        document.triples.push_back(triple);
      }
    }
    return Status::Ok();
  }
};

// A store in a temp dir, a pipeline, and the last run's warnings.
class IngestRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = graph::Store::Open(store_dir_.path() + "/store");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  Pipeline SplitOnly() {
    auto pipeline = Pipeline::Build({"split"}, DefaultStageRegistry(), {});
    EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
    return std::move(*pipeline);
  }

  Pipeline SplitAndExtract() {
    auto split = DefaultStageRegistry().Make("split", {});
    EXPECT_TRUE(split.ok());
    std::vector<std::unique_ptr<Stage>> stages;
    stages.push_back(std::move(*split));
    stages.push_back(std::make_unique<FakeExtractStage>());
    auto pipeline = Pipeline::Create(std::move(stages));
    EXPECT_TRUE(pipeline.ok()) << pipeline.status().message();
    return std::move(*pipeline);
  }

  Result<IngestSummary> Run(const std::vector<std::string>& paths, const Pipeline& pipeline,
                            IngestOptions options = {}) {
    options.show_progress = false;
    warnings_.str("");
    return RunIngest(paths, *store_, pipeline, options, warnings_);
  }

  std::map<std::string, pb::Article> StoredArticles() {
    std::map<std::string, pb::Article> by_title;
    EXPECT_TRUE(store_->ForEachArticle([&](const pb::Article& article) {
                        by_title[article.title()] = article;
                        return true;
                      }).ok());
    return by_title;
  }

  TempDir store_dir_;
  std::unique_ptr<graph::Store> store_;
  std::ostringstream warnings_;
};

TEST_F(IngestRunnerTest, StoresArticlesWithSentencesThenSkipsThemOnReingest) {
  Pipeline pipeline = SplitOnly();
  Result<IngestSummary> first = Run({kArticles}, pipeline);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->counts.articles, 4u);
  EXPECT_EQ(first->counts.stored, 4u);
  EXPECT_EQ(first->counts.duplicates, 0u);
  EXPECT_EQ(first->counts.warnings, 0u);
  EXPECT_EQ(first->counts.triples, 0u);
  EXPECT_GT(first->counts.words, 50u);
  EXPECT_FALSE(first->has_extractor);
  EXPECT_EQ(warnings_.str(), std::string(Pipeline::kNoExtractorMessage) + "\n");

  std::map<std::string, pb::Article> stored = StoredArticles();
  ASSERT_EQ(stored.size(), 4u);
  uint64_t sentences = 0;
  for (const auto& [title, article] : stored) {
    EXPECT_GE(article.sentences_size(), 1) << title;
    sentences += static_cast<uint64_t>(article.sentences_size());
  }
  EXPECT_EQ(first->counts.sentences, sentences);
  const pb::Article& aleppo = stored.at("Iran-Backed Fighters Enter Syria");
  EXPECT_EQ(aleppo.source(), kArticles + "/a_aleppo.txt");
  EXPECT_EQ(aleppo.sentences_size(), 3);
  EXPECT_TRUE(aleppo.text().starts_with("Hundreds of Iraqi fighters"));
  const pb::Article& turkey = stored.at("Turkey Denies Backing Rebels");
  EXPECT_EQ(turkey.source(), kArticles + "/c_wires.jsonl:1");
  EXPECT_EQ(turkey.date(), "2024-12-03");
  EXPECT_TRUE(stored.count("Ceasefire Talks Stall in Doha"));

  Result<IngestSummary> again = Run({kArticles}, pipeline);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->counts.articles, 4u);
  EXPECT_EQ(again->counts.stored, 0u);
  EXPECT_EQ(again->counts.duplicates, 4u);
  EXPECT_EQ(again->counts.sentences, 0u);
  EXPECT_EQ(StoredArticles().size(), 4u);
  EXPECT_THAT(FormatSummary(*again),
              HasSubstr("ingested 4 articles (4 skipped as duplicates, 0 with warnings): "
                        "0 sentences, 0 triples in "));
}

TEST_F(IngestRunnerTest, BadFilesAreWarningsAndGoodOnesAreStored) {
  TempDir input;
  input.Write("a_good.txt", "Good One\nIran backed Assad.");
  std::string bad_utf8 = input.Write("b_bad.txt", "Bad\nBroken \xC3\x28 text.");
  std::string binary = input.Write("c_blob.txt", std::string("\0\1\2\3", 4));
  std::string lines = input.Write("d_lines.jsonl", "{\"text\": \"Russia backed Assad.\", \"title\": \"Line\"}\n{oops\n");
  std::string missing = input.path() + "/missing.txt";

  Result<IngestSummary> summary = Run({input.path(), missing}, SplitAndExtract());
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  // The invalid byte is replaced, so b_bad.txt is stored too.
  EXPECT_EQ(summary->counts.stored, 3u);
  EXPECT_EQ(summary->counts.warnings, 4u);
  EXPECT_EQ(summary->counts.triples, 2u);
  EXPECT_TRUE(summary->has_extractor);
  std::string warnings = warnings_.str();
  EXPECT_THAT(warnings, HasSubstr(bad_utf8 + ":2: not valid UTF-8 at byte 11; 1 invalid sequence "
                                             "replaced with U+FFFD\n"));
  EXPECT_THAT(warnings, HasSubstr(binary + ": binary file (contains NUL bytes); skipped\n"));
  EXPECT_THAT(warnings, HasSubstr(lines + ":2: invalid JSON at column 2: "));
  EXPECT_THAT(warnings, HasSubstr(missing + ": No such file or directory; skipped\n"));
  EXPECT_THAT(warnings, Not(HasSubstr(Pipeline::kNoExtractorMessage)));

  std::map<std::string, pb::Article> stored = StoredArticles();
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored.at("Good One").triple_count(), 1u);
  EXPECT_EQ(stored.at("Bad").text(), "Broken \xEF\xBF\xBD( text.");
  auto counts = store_->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->triples, 2u);  // Iran->Assad and Russia->Assad
}

TEST_F(IngestRunnerTest, StageFailureSkipsOnlyThatArticle) {
  TempDir input;
  std::string failing = input.Write("a.txt", "Doomed\nThis text will FAIL.");
  input.Write("b.txt", "Fine\nIran backed Assad.");
  Result<IngestSummary> summary = Run({input.path()}, SplitAndExtract());
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->counts.articles, 2u);
  EXPECT_EQ(summary->counts.failed, 1u);
  EXPECT_EQ(summary->counts.stored, 1u);
  EXPECT_EQ(warnings_.str(), "stage 'extract' failed on " + failing +
                                 ": cannot analyse this text; article skipped\n");
  EXPECT_EQ(StoredArticles().count("Doomed"), 0u);
}

TEST_F(IngestRunnerTest, SameTextTwiceInOneRunIsStoredOnce) {
  TempDir input;
  input.Write("a.txt", "Copy\nIran backed Assad.");
  input.Write("b.txt", "Copy\n  Iran backed Assad.\n\n");
  Result<IngestSummary> summary = Run({input.path()}, SplitOnly());
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->counts.stored, 1u);
  EXPECT_EQ(summary->counts.duplicates, 1u);
}

TEST_F(IngestRunnerTest, FailsWhenNothingCanBeRead) {
  TempDir input;
  Result<IngestSummary> empty_folder = Run({input.path()}, SplitOnly());
  ASSERT_FALSE(empty_folder.ok());
  EXPECT_TRUE(empty_folder.status().IsNotFound());
  EXPECT_EQ(empty_folder.status().message(),
            "no articles found in " + input.path() +
                " (folders are searched for .txt, .md and .jsonl files)");

  std::string empty = input.Write("empty.txt", "");
  Result<IngestSummary> unreadable = Run({empty, input.path() + "/nope.md"}, SplitOnly());
  ASSERT_FALSE(unreadable.ok());
  EXPECT_TRUE(unreadable.status().IsInvalidArgument());
  EXPECT_THAT(unreadable.status().message(),
              HasSubstr("no article could be read from " + empty + ", " + input.path() +
                        "/nope.md (2 problems reported)"));
}

TEST_F(IngestRunnerTest, CancellationStopsBetweenArticles) {
  graph::Cancellation cancel;
  cancel.Cancel();
  IngestOptions options;
  options.cancel = &cancel;
  Result<IngestSummary> summary = Run({kArticles}, SplitOnly(), options);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->interrupted);
  EXPECT_EQ(summary->counts.stored, 0u);
  EXPECT_TRUE(FormatSummary(*summary).starts_with("interrupted: ingested 0 articles"));
}

}  // namespace
}  // namespace kg::ingest
