#include "ingest/pipeline.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/stages.h"

namespace kg::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A stage that declares what it is told to and records that it ran.
class FakeStage : public Stage {
 public:
  enum class Fail { kNo, kStatus, kThrow };

  FakeStage(std::string name, std::vector<std::string_view> required,
            std::vector<std::string_view> assigned, Fail fail = Fail::kNo)
      : name_(std::move(name)), required_(std::move(required)), assigned_(std::move(assigned)),
        fail_(fail) {}

  std::string_view name() const override { return name_; }
  std::vector<std::string_view> required() const override { return required_; }
  std::vector<std::string_view> assigned() const override { return assigned_; }

  Status Process(Document& document) const override {
    document.title += (document.title.empty() ? "" : ",") + name_;  // the order stages ran in
    if (fail_ == Fail::kStatus) return Status::InvalidArgument("model rejected the sentence");
    if (fail_ == Fail::kThrow) throw std::out_of_range("vector index 7");
    return Status::Ok();
  }

 private:
  std::string name_;
  std::vector<std::string_view> required_;
  std::vector<std::string_view> assigned_;
  Fail fail_;
};

namespace a = annotation;

std::unique_ptr<Stage> Fake(std::string name, std::vector<std::string_view> required,
                            std::vector<std::string_view> assigned,
                            FakeStage::Fail fail = FakeStage::Fail::kNo) {
  return std::make_unique<FakeStage>(std::move(name), std::move(required), std::move(assigned), fail);
}

std::unique_ptr<Stage> Split() { return Fake("split", {a::kText}, {a::kSentences, a::kTokens}); }
std::unique_ptr<Stage> Tag() { return Fake("tag", {a::kTokens}, {a::kTags}); }
std::unique_ptr<Stage> Parse() { return Fake("parse", {a::kTokens, a::kTags}, {a::kDeps}); }
std::unique_ptr<Stage> Extract() { return Fake("extract", {a::kDeps}, {a::kTriples}); }

template <typename... Stages>
std::vector<std::unique_ptr<Stage>> List(Stages... stages) {
  std::vector<std::unique_ptr<Stage>> out;
  (out.push_back(std::move(stages)), ...);
  return out;
}

struct ValidationCase {
  const char* name;
  std::vector<std::unique_ptr<Stage>> stages;
  std::string error;  // empty: the pipeline is valid
};

TEST(PipelineTest, ValidatesRequirementsAtConstruction) {
  ValidationCase cases[] = {
      {"empty pipeline", List(), ""},
      {"split only", List(Split()), ""},
      {"full chain", List(Split(), Tag(), Parse(), Extract()), ""},
      {"parse without tag", List(Split(), Parse()),
       "stage 'parse' requires 'tags', which no stage before it assigns; stages before it: split"},
      {"tag after parse", List(Split(), Parse(), Tag()),
       "stage 'parse' requires 'tags', which no stage before it assigns ('tag' assigns it but "
       "runs later); stages before it: split"},
      {"nothing before", List(Tag()),
       "stage 'tag' requires 'tokens', which no stage before it assigns; stages before it: none"},
      {"duplicate name", List(Split(), Split()), "stage 'split' appears twice in the pipeline"},
      {"null stage", List(Split(), std::unique_ptr<Stage>()), "pipeline stage 2 is missing"},
  };
  for (ValidationCase& c : cases) {
    Result<Pipeline> pipeline = Pipeline::Create(std::move(c.stages));
    if (c.error.empty()) {
      EXPECT_TRUE(pipeline.ok()) << c.name << ": " << pipeline.status().message();
    } else {
      ASSERT_FALSE(pipeline.ok()) << c.name;
      EXPECT_TRUE(pipeline.status().IsInvalidArgument()) << c.name;
      EXPECT_EQ(pipeline.status().message(), c.error) << c.name;
    }
  }
}

TEST(PipelineTest, RunsStagesInOrderAndKnowsWhetherItExtracts) {
  Result<Pipeline> full = Pipeline::Create(List(Split(), Tag(), Parse(), Extract()));
  ASSERT_TRUE(full.ok());
  EXPECT_TRUE(full->has_extractor());
  EXPECT_THAT(full->stage_names(), ElementsAre("split", "tag", "parse", "extract"));
  Document document;
  ASSERT_TRUE(full->Process(document).ok());
  EXPECT_EQ(document.title, "split,tag,parse,extract");

  Result<Pipeline> no_extract = Pipeline::Create(List(Split(), Tag()));
  ASSERT_TRUE(no_extract.ok());
  EXPECT_FALSE(no_extract->has_extractor());
  EXPECT_TRUE(no_extract->Provides(a::kTags));
  EXPECT_TRUE(no_extract->Provides(a::kText));
  EXPECT_FALSE(no_extract->Provides(a::kDeps));
  EXPECT_EQ(Pipeline::kNoExtractorMessage,
            "no extractor is configured: articles and sentences stored, no triples");
}

TEST(PipelineTest, StageErrorNamesStageAndSource) {
  struct Case {
    const char* name;
    FakeStage::Fail fail;
    Status::Code code;
    std::string message;
  };
  const Case cases[] = {
      {"status", FakeStage::Fail::kStatus, Status::Code::kInvalidArgument,
       "stage 'tag' failed on news/a.txt: model rejected the sentence"},
      {"exception", FakeStage::Fail::kThrow, Status::Code::kInternal,
       "stage 'tag' failed on news/a.txt: unexpected exception: vector index 7"},
  };
  for (const Case& c : cases) {
    Result<Pipeline> pipeline = Pipeline::Create(
        List(Split(), Fake("tag", {a::kTokens}, {a::kTags}, c.fail), Fake("after", {}, {})));
    ASSERT_TRUE(pipeline.ok());
    Document document;
    document.source = "news/a.txt";
    Status status = pipeline->Process(document);
    EXPECT_EQ(status.code(), c.code) << c.name;
    EXPECT_EQ(status.message(), c.message) << c.name;
    EXPECT_EQ(document.title, "split,tag") << c.name << ": stages after the failure must not run";
  }
}

StageRegistry FakeRegistry() {
  StageRegistry registry;
  EXPECT_TRUE(registry.Add("split", "sentences", [](const StageContext&) -> Result<std::unique_ptr<Stage>> {
    return Split();
  }).ok());
  EXPECT_TRUE(registry.Add("tag", "tags", [](const StageContext&) -> Result<std::unique_ptr<Stage>> {
    return Tag();
  }).ok());
  EXPECT_TRUE(registry.Add("parse", "needs a model", [](const StageContext& context)
                               -> Result<std::unique_ptr<Stage>> {
    return Status::NotFound(context.models_dir + "/parser.model: No such file or directory");
  }).ok());
  return registry;
}

TEST(PipelineTest, BuildsStagesByName) {
  StageRegistry registry = FakeRegistry();
  EXPECT_THAT(registry.names(), ElementsAre("split", "tag", "parse"));
  EXPECT_EQ(registry.Describe("tag"), "tags");

  Result<Pipeline> pipeline = Pipeline::Build({"split", "tag"}, registry, {});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  EXPECT_THAT(pipeline->stage_names(), ElementsAre("split", "tag"));

  struct Case {
    std::vector<std::string> names;
    std::string error;
  };
  const Case cases[] = {
      {{"split", "tagg"},
       "unknown stage 'tagg' (did you mean 'tag'?); valid stages: split, tag, parse"},
      {{"lemmatise"}, "unknown stage 'lemmatise'; valid stages: split, tag, parse"},
      {{"split", "parse"}, "stage 'parse': /m/parser.model: No such file or directory"},
      {{"tag"}, "stage 'tag' requires 'tokens', which no stage before it assigns; stages before it: none"},
  };
  for (const Case& c : cases) {
    Result<Pipeline> built = Pipeline::Build(c.names, registry, {.models_dir = "/m"});
    ASSERT_FALSE(built.ok()) << c.error;
    EXPECT_EQ(built.status().message(), c.error);
  }
}

TEST(PipelineTest, RegistryRejectsBadEntries) {
  StageRegistry registry = FakeRegistry();
  auto factory = [](const StageContext&) -> Result<std::unique_ptr<Stage>> { return Split(); };
  EXPECT_EQ(registry.Add("split", "", factory).message(), "stage 'split' is registered twice");
  EXPECT_EQ(registry.Add("", "", factory).message(), "a stage needs a name");
  EXPECT_EQ(registry.Add("x", "", nullptr).message(), "stage 'x' has no factory");
}

TEST(PipelineTest, DefaultIsAnalysisThenExtraction) {
  EXPECT_THAT(DefaultStageNames(), ElementsAre("analyze", "extract"));
}

TEST(SplitStageTest, FillsSentencesAndTokens) {
  Result<Pipeline> pipeline = Pipeline::Build({"split"}, DefaultStageRegistry(), {});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  EXPECT_THAT(pipeline->stage_names(), ElementsAre("split"));
  EXPECT_FALSE(pipeline->has_extractor());

  Document document;
  document.source = "a.txt";
  document.text = "Iran backed Assad. Turkey denied it.\nRebels advanced.";
  ASSERT_TRUE(pipeline->Process(document).ok());
  ASSERT_EQ(document.sentences.size(), 3u);
  EXPECT_EQ(document.sentences[0].TextIn(document.text), "Iran backed Assad.");
  EXPECT_EQ(document.sentences[2].TextIn(document.text), "Rebels advanced.");
  ASSERT_FALSE(document.sentences[0].tokens.empty());
  EXPECT_EQ(document.sentences[0].tokens[0].form, "Iran");

  // Running again replaces the sentences instead of appending to them.
  ASSERT_TRUE(pipeline->Process(document).ok());
  EXPECT_EQ(document.sentences.size(), 3u);
}

TEST(AnalyzeStageTest, MissingModelsNameTheStageAndFile) {
  Result<Pipeline> pipeline =
      Pipeline::Build({"analyze"}, DefaultStageRegistry(), {.models_dir = "/nonexistent/models"});
  ASSERT_FALSE(pipeline.ok());
  EXPECT_THAT(pipeline.status().message(), HasSubstr("stage 'analyze': "));
  EXPECT_THAT(pipeline.status().message(), HasSubstr("/nonexistent/models/tagger.bin"));
}

TEST(AnalyzeStageTest, AnnotatesEveryTokenWhenModelsExist) {
  Result<Pipeline> pipeline = Pipeline::Build({"analyze"}, DefaultStageRegistry(), {});
  if (!pipeline.ok()) GTEST_SKIP() << "models not trained yet: " << pipeline.status().message();
  Document document;
  document.source = "a.txt";
  document.text = "Iran backed Assad. Turkey denied it.";
  ASSERT_TRUE(pipeline->Process(document).ok());
  ASSERT_EQ(document.sentences.size(), 2u);
  for (const Token& token : document.sentences[0].tokens) {
    EXPECT_FALSE(token.upos.empty()) << token.form;
    EXPECT_FALSE(token.deprel.empty()) << token.form;
  }
}

}  // namespace
}  // namespace kg::ingest
