#include "ingest/extract_stage.h"

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/store.h"
#include "ingest/ingest_runner.h"
#include "ingest/language/analyzer.h"
#include "ingest/language/conllu.h"
#include "ingest/stages.h"
#include "tests/ingest/extract_testlib.h"

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kConstructions = std::string(KG_TESTDATA_DIR) + "/extract/constructions.conllu";
const std::string kSamples = std::string(KG_SOURCE_DIR) + "/samples/articles";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kg_extract_stage_test_XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ExtractStageTest, IsRegisteredWithItsContract) {
  const StageRegistry registry = DefaultStageRegistry();
  ASSERT_TRUE(registry.Contains("extract"));
  EXPECT_FALSE(registry.Describe("extract").empty());
  Result<std::unique_ptr<Stage>> stage = registry.Make("extract", StageContext{});
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  EXPECT_EQ(stage.value()->name(), "extract");
  EXPECT_THAT(stage.value()->required(), Contains(annotation::kDeps));
  EXPECT_THAT(stage.value()->required(), Contains(annotation::kLemmas));
  EXPECT_THAT(stage.value()->assigned(), Contains(annotation::kTriples));
}

TEST(ExtractStageTest, RefusesToRunWithoutAParse) {
  Result<Pipeline> pipeline = Pipeline::Build({"split", "extract"}, DefaultStageRegistry(), {});
  ASSERT_FALSE(pipeline.ok());
  EXPECT_TRUE(pipeline.status().IsInvalidArgument());
  EXPECT_THAT(pipeline.status().message(), HasSubstr("extract"));
}

TEST(ExtractStageTest, MissingKnowledgeDirectoryIsAnError) {
  Result<std::unique_ptr<Stage>> stage = ExtractStage::Load("/nonexistent/kg-data");
  ASSERT_FALSE(stage.ok());
  EXPECT_THAT(stage.status().message(), HasSubstr("/nonexistent/kg-data"));
}

TEST(ExtractStageTest, AssignsTriplesToParsedDocuments) {
  Result<std::vector<ConlluSentence>> sentences = ReadConlluFile(kConstructions);
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  Result<std::unique_ptr<Stage>> stage = ExtractStage::Load();
  ASSERT_TRUE(stage.ok()) << stage.status().message();
  Document document = DocumentFromConllu(sentences.value().front());  // "Iran backed Assad."
  ASSERT_TRUE(stage.value()->Process(document).ok());
  ASSERT_EQ(document.triples.size(), 1u);
  EXPECT_EQ(TripleText(document.triples[0]), "Iran|supports|Assad|+");
  // Running again replaces the triples rather than adding to them.
  ASSERT_TRUE(stage.value()->Process(document).ok());
  EXPECT_EQ(document.triples.size(), 1u);
}

// The acceptance query over the committed samples: who supports Assad.
TEST(ExtractStageTest, SamplesWhoSupportsAssad) {
  Result<std::unique_ptr<Analyzer>> analyzer = Analyzer::Load(Analyzer::DefaultModelsDir());
  if (!analyzer.ok()) GTEST_SKIP() << "models absent: " << analyzer.status().message();
  Result<Pipeline> pipeline = Pipeline::Build({"analyze", "extract"}, DefaultStageRegistry(),
                                              StageContext{Analyzer::DefaultModelsDir()});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  TempDir dir;
  Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(dir.path() + "/store");
  ASSERT_TRUE(store.ok()) << store.status().message();
  IngestOptions options;
  options.show_progress = false;
  std::ostringstream warnings;
  Result<IngestSummary> summary =
      RunIngest({kSamples}, *store.value(), pipeline.value(), options, warnings);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary.value().counts.stored, 5u) << warnings.str();

  Result<pb::Entity> assad = store.value()->FindEntity("Bashar al-Assad");
  ASSERT_TRUE(assad.ok()) << assad.status().message();
  std::set<std::string> supporters;
  std::set<std::string> deniers;
  ASSERT_TRUE(store.value()
                  ->ForEachTripleWithRelationTo("supports", assad.value().id(),
                                                [&](const pb::Triple& triple) {
                                                  Result<pb::Entity> subject =
                                                      store.value()->GetEntity(triple.subject_id());
                                                  if (!subject.ok()) return true;
                                                  (triple.polarity() == pb::POLARITY_NEGATIVE
                                                       ? deniers
                                                       : supporters)
                                                      .insert(subject.value().name());
                                                  return true;
                                                })
                  .ok());
  std::string listed;
  for (const std::string& name : supporters) listed += " [" + name + "]";
  SCOPED_TRACE("supporters:" + listed);
  EXPECT_THAT(supporters, Contains("Iran"));
  EXPECT_THAT(supporters, Contains("Russia"));
  for (const char* rejected : {"Turkey", "Israel", "rebels", "Reuters", "United States"}) {
    EXPECT_THAT(supporters, Not(Contains(rejected)));
  }
  // No statement is both asserted and denied.
  for (const std::string& name : deniers) EXPECT_THAT(supporters, Not(Contains(name)));
}

}  // namespace
}  // namespace kg::ingest
