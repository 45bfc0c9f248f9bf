// The analysis limits (ingest/pipeline.h): text that is not prose costs
// milliseconds and is reported, never stored half-analysed or hanging the run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "ingest/pipeline.h"
#include "ingest/stages.h"
#include "tests/ingest/hostile_text_testlib.h"

namespace kg::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using kg::testing_text::CoordinatedNames;
using kg::testing_text::Repeat;

// The full default pipeline, loaded once for the whole test program; null
// when the models are missing.
const Pipeline* DefaultPipeline() {
  static const std::unique_ptr<Pipeline> pipeline = []() -> std::unique_ptr<Pipeline> {
    auto built = Pipeline::Build(DefaultStageNames(), DefaultStageRegistry(), {});
    if (!built.ok()) return nullptr;
    return std::make_unique<Pipeline>(std::move(*built));
  }();
  return pipeline.get();
}

struct HostileCase {
  const char* name;
  std::string sentence;  // follows a normal first sentence
  std::vector<std::string> notes;
};

TEST(AnalysisLimitsTest, HostileSentencesAreSkippedQuickly) {
  const Pipeline* pipeline = DefaultPipeline();
  if (pipeline == nullptr) GTEST_SKIP() << "models not trained yet";
  const HostileCase cases[] = {
      {"10,000 coordinated names",
       CoordinatedNames(10000) + " support Assad.",
       {"a.txt: 1 sentence over the limit of 250 tokens not analysed (sentence 2, 20002 tokens: "
        "\"Name0, Name1, Name2, Name3, Name4, Name5...\")"}},
      {"10,000 nested parentheses",
       Repeat("(", 10000) + "Iran" + Repeat(")", 10000) + " backs Assad.",
       {"a.txt: 1 sentence over the limit of 250 tokens not analysed (sentence 2, 20004 tokens: "
        "\"((((((((((((((((((((((((((((((((((((((((...\")"}},
      {"10,000 nested quotes",
       Repeat("\"\xE2\x80\x9C", 5000) + "Iran backs Assad." + Repeat("\xE2\x80\x9D\"", 5000),
       {"a.txt: 1 sentence over the limit of 250 tokens not analysed (sentence 2, 20004 tokens: "
        "\"\"\xE2\x80\x9C\"\xE2\x80\x9C\"\xE2\x80\x9C\"\xE2\x80\x9C\"\xE2\x80\x9C\"\xE2\x80\x9C\""
        "\xE2\x80\x9C\"\xE2\x80\x9C\"\xE2\x80\x9C\"\xE2\x80\x9C...\")"}},
      {"25,000 capitalised words",
       Repeat("Big ", 25000) + "supports Iran.",
       {"a.txt: 1 sentence over the limit of 250 tokens not analysed (sentence 2, 25003 tokens: "
        "\"Big Big Big Big Big Big Big Big Big Big...\")"}},
  };
  for (const HostileCase& c : cases) {
    SCOPED_TRACE(c.name);
    Document document;
    document.source = "a.txt";
    document.text = "Iran supports Hezbollah.\n" + c.sentence + "\nRussia backs Assad.";
    LimitReport report;
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(pipeline->Process(document, AnalysisLimits{}, &report).ok());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Unbounded, the parser takes half a minute on such a sentence.
    EXPECT_LT(seconds, 10.0);
    ASSERT_EQ(document.sentences.size(), 3u);
    EXPECT_THAT(document.sentences[1].tokens, IsEmpty());
    EXPECT_EQ(document.sentences[1].TextIn(document.text), c.sentence);
    for (size_t s : {0u, 2u}) {
      ASSERT_FALSE(document.sentences[s].tokens.empty());
      EXPECT_FALSE(document.sentences[s].tokens[0].upos.empty());
    }
    for (const graph::TripleStatement& triple : document.triples) {
      EXPECT_NE(triple.evidence.sentence_index(), 1u) << triple.subject;
    }
    EXPECT_EQ(report.counts.sentences_skipped, 1u);
    EXPECT_EQ(report.notes, c.notes);
  }
}

TEST(AnalysisLimitsTest, LimitZeroAnalysesEverySentence) {
  const Pipeline* pipeline = DefaultPipeline();
  if (pipeline == nullptr) GTEST_SKIP() << "models not trained yet";
  Document document;
  document.source = "a.txt";
  document.text = CoordinatedNames(200) + " support Assad. Iran backs Assad.";
  LimitReport report;
  ASSERT_TRUE(pipeline->Process(document, AnalysisLimits{.max_sentence_tokens = 0}, &report).ok());
  ASSERT_EQ(document.sentences.size(), 2u);
  EXPECT_EQ(document.sentences[0].tokens.size(), 402u);
  EXPECT_TRUE(report.counts.empty());

  LimitReport tight;
  ASSERT_TRUE(pipeline->Process(document, AnalysisLimits{.max_sentence_tokens = 3}, &tight).ok());
  EXPECT_EQ(tight.counts.sentences_skipped, 2u);
  EXPECT_THAT(
      tight.notes,
      ElementsAre("a.txt: 2 sentences over the limit of 3 tokens not analysed (first: "
                  "sentence 1, 402 tokens: \"Name0, Name1, Name2, Name3, Name4, Name5...\")"));
}

// A 100,000-letter word is one token: it is analysed, and any triple or
// alias that names it is dropped.
TEST(AnalysisLimitsTest, OverlongNameIsNeverStored) {
  const Pipeline* pipeline = DefaultPipeline();
  if (pipeline == nullptr) GTEST_SKIP() << "models not trained yet";
  Document document;
  document.source = "a.txt";
  const std::string name = "X" + std::string(99999, 'y');
  document.text = "The " + name + " supports Iran. Iran supports Hezbollah.";
  LimitReport report;
  ASSERT_TRUE(pipeline->Process(document, AnalysisLimits{}, &report).ok());
  for (const graph::TripleStatement& triple : document.triples) {
    EXPECT_LE(triple.subject.size(), 256u);
    EXPECT_LE(triple.object.size(), 256u);
  }
  for (const auto& [alias, canonical] : document.aliases) {
    EXPECT_LE(alias.size(), 256u);
    EXPECT_LE(canonical.size(), 256u);
  }
  // Whether the extractor found a triple in the sentence is its business;
  // if it did, the drop is reported in these words.
  if (!report.notes.empty()) {
    EXPECT_EQ(report.notes[0].substr(0, report.notes[0].find(" dropped")), "a.txt: 1 triple");
    EXPECT_THAT(report.notes[0],
                ::testing::EndsWith(" dropped: a name of 100000 bytes is over the limit of 256 "
                                    "(\"Xyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...\")"));
  }
}

// A stand-in extractor that names whatever each sentence starts with.
class NamingStage : public Stage {
 public:
  std::string_view name() const override { return "extract"; }
  std::vector<std::string_view> required() const override { return {annotation::kText}; }
  std::vector<std::string_view> assigned() const override { return {annotation::kTriples}; }
  Status Process(Document& document) const override {
    for (const std::string& subject :
         {std::string("Iran"), std::string(300, 'n'), std::string(257, 'm')}) {
      graph::TripleStatement triple;
      triple.subject = subject;
      triple.relation = "supports";
      triple.object = "Assad";
      document.triples.push_back(triple);
    }
    document.aliases = {{"Tehran", "Iran"}, {"Iran", std::string(400, 'a')}};
    return Status::Ok();
  }
};

TEST(AnalysisLimitsTest, TriplesAndAliasesWithLongNamesAreDropped) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<NamingStage>());
  Result<Pipeline> pipeline = Pipeline::Create(std::move(stages));
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document document;
  document.source = "news.jsonl:7";
  document.text = "Some text.";
  LimitReport report;
  ASSERT_TRUE(pipeline->Process(document, AnalysisLimits{}, &report).ok());
  ASSERT_EQ(document.triples.size(), 1u);
  EXPECT_EQ(document.triples[0].subject, "Iran");
  EXPECT_THAT(document.aliases, ElementsAre(std::pair<std::string, std::string>("Tehran", "Iran")));
  EXPECT_EQ(report.counts.triples_dropped, 2u);
  EXPECT_EQ(report.counts.aliases_dropped, 1u);
  EXPECT_THAT(
      report.notes,
      ElementsAre("news.jsonl:7: 2 triples and 1 alias dropped: a name of 300 bytes is "
                  "over the limit of 256 (\"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...\")"));

  // Without a report, and with the limit off, nothing is dropped.
  Document again;
  again.text = "Some text.";
  ASSERT_TRUE(pipeline->Process(again, AnalysisLimits{.max_name_bytes = 0}, nullptr).ok());
  EXPECT_EQ(again.triples.size(), 3u);
}

TEST(ExcerptTest, CutsOnCharacterBoundariesAndHidesControls) {
  EXPECT_EQ(Excerpt("short"), "short");
  EXPECT_EQ(Excerpt("abcdef", 3), "abc...");
  EXPECT_EQ(Excerpt("line\nbreak\ttab\x1b[31m", 40), "line break tab [31m");
  // "é" is two bytes: a cut inside it backs up to before it.
  EXPECT_EQ(Excerpt("ab\xC3\xA9z", 3), "ab...");
  EXPECT_EQ(Excerpt("ab\xC3\xA9z", 4), "ab\xC3\xA9...");
}

}  // namespace
}  // namespace kg::ingest
