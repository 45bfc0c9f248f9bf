#include "ingest/language/evaluator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

namespace kg::ingest {
namespace {

std::vector<ConlluSentence> Parse(const std::string& text) {
  std::istringstream in(text);
  auto sentences = ReadConllu(in, "t.conllu");
  EXPECT_TRUE(sentences.ok()) << sentences.status().message();
  return sentences.ok() ? *sentences : std::vector<ConlluSentence>{};
}

const char kGold[] =
    "1\tBridges\tbridge\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_\n"
    "2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_\n"
    "3\thit\thit\tVERB\tVBN\t_\t0\troot\t_\t_\n"
    "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

TEST(EvaluatorTest, ScoresFollowConll2018Definitions) {
  struct Case {
    const char* name;
    std::string system;
    double upos, xpos, lemma, uas, las, las_full;
  } cases[] = {
      {"identical", kGold, 100, 100, 100, 100, 100, 100},
      // Subtype differs: LAS ignores it, the full-label LAS does not.
      {"subtype",
       "1\tBridges\tbridge\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n"
       "2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_\n"
       "3\thit\thit\tVERB\tVBN\t_\t0\troot\t_\t_\n"
       "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n",
       100, 100, 100, 100, 100, 75},
      // Punctuation counts; a wrong head costs UAS and LAS.
      {"punct head, tags, lemma",
       "1\tBridges\tBridges\tPROPN\tNNP\t_\t3\tnsubj:pass\t_\t_\n"
       "2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_\n"
       "3\thit\thit\tVERB\tVBD\t_\t0\troot\t_\t_\n"
       "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
       75, 50, 75, 75, 75, 75},
  };
  auto gold = Parse(kGold);
  for (const Case& c : cases) {
    auto scores = CompareAnnotation(gold, Parse(c.system));
    ASSERT_TRUE(scores.ok()) << c.name;
    EXPECT_EQ(scores->words, 4u) << c.name;
    EXPECT_DOUBLE_EQ(scores->upos, c.upos) << c.name;
    EXPECT_DOUBLE_EQ(scores->xpos, c.xpos) << c.name;
    EXPECT_DOUBLE_EQ(scores->lemma, c.lemma) << c.name;
    EXPECT_DOUBLE_EQ(scores->uas, c.uas) << c.name;
    EXPECT_DOUBLE_EQ(scores->las, c.las) << c.name;
    EXPECT_DOUBLE_EQ(scores->las_full, c.las_full) << c.name;
  }
}

TEST(EvaluatorTest, MismatchedTokenisationIsAnError) {
  auto gold = Parse(kGold);
  auto system = Parse("1\tBridges\tbridge\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n");
  auto scores = CompareAnnotation(gold, system);
  ASSERT_FALSE(scores.ok());
  EXPECT_EQ(scores.status().message(), "line 1: gold has 4 words, system 1");
  EXPECT_FALSE(CompareAnnotation(gold, {}).ok());
}

// When the pipeline tokenises and splits the raw text exactly as the gold
// file does, raw-text F1 equals accuracy on gold tokenisation.
TEST(EvaluatorTest, RawTextScoresMatchGoldTokenisationWhenTokensAgree) {
  const std::string models = std::string(KG_SOURCE_DIR) + "/models";
  if (!std::filesystem::exists(models + "/parser.bin")) GTEST_SKIP() << "no committed models";
  auto gold = ReadConlluFile(std::string(KG_TESTDATA_DIR) + "/language/tiny_train.conllu");
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  auto analyzer = Analyzer::Load(models);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().message();
  auto raw = EvaluateRawText(**analyzer, *gold);
  auto tokenised = EvaluateAnnotation(**analyzer, *gold);
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  ASSERT_TRUE(tokenised.ok());
  EXPECT_EQ(raw->aligned, raw->words);
  EXPECT_EQ(raw->system_words, raw->words);
  EXPECT_DOUBLE_EQ(raw->upos, tokenised->upos);
  EXPECT_DOUBLE_EQ(raw->uas, tokenised->uas);
  EXPECT_DOUBLE_EQ(raw->las, tokenised->las);
  EXPECT_DOUBLE_EQ(raw->lemma, tokenised->lemma);
}

Result<AnnotationScores> ScoreCommittedModelsOnDev() {
  const std::string dev = std::string(KG_SHARED_DATA_DIR) + "/ud-english-ewt/en_ewt-ud-dev.conllu";
  const std::string models = std::string(KG_SOURCE_DIR) + "/models";
  if (!std::filesystem::exists(dev)) return Status::NotFound("UD English EWT absent: " + dev);
  if (!std::filesystem::exists(models + "/parser.bin")) {
    return Status::NotFound("no committed models in " + models);
  }
  auto gold = ReadConlluFile(dev);
  if (!gold.ok()) return gold.status();
  auto analyzer = Analyzer::Load(models);
  if (!analyzer.ok()) return analyzer.status();
  return EvaluateAnnotation(**analyzer, *gold);
}

// Regression floor: the committed models must not fall below what they
// reached when trained (models/README.md: dev UPOS 95.29, UAS 86.30, LAS
// 83.02, lemma 97.00), so a change that costs accuracy is caught.
TEST(EvaluatorTest, CommittedModelsKeepTheirAccuracyOnEwtDev) {
  auto scores = ScoreCommittedModelsOnDev();
  if (!scores.ok() && scores.status().IsNotFound()) GTEST_SKIP() << scores.status().message();
  ASSERT_TRUE(scores.ok()) << scores.status().message();
  EXPECT_GE(scores->upos, 95.1);
  EXPECT_GE(scores->uas, 86.2);
  EXPECT_GE(scores->las, 82.95);
  EXPECT_GE(scores->lemma, 96.8);
}

// The "must reach" figures (UPOS 95.0, UAS 86.0, LAS 83.0, lemma 96.5),
// checked on dev.
TEST(EvaluatorTest, CommittedModelsReachIssueTargetsOnEwtDev) {
  auto scores = ScoreCommittedModelsOnDev();
  if (!scores.ok() && scores.status().IsNotFound()) GTEST_SKIP() << scores.status().message();
  ASSERT_TRUE(scores.ok()) << scores.status().message();
  EXPECT_GE(scores->upos, 95.0);
  EXPECT_GE(scores->uas, 86.0);
  EXPECT_GE(scores->las, 83.0);
  EXPECT_GE(scores->lemma, 96.5);
}

}  // namespace
}  // namespace kg::ingest
