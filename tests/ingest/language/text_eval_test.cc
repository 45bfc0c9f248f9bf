#include "ingest/language/text_eval.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace kg::ingest {
namespace {

const std::string kFixture = std::string(KG_TESTDATA_DIR) + "/language/tiny_text.conllu";

TEST(TextEvalTest, RebuildsRawTextFromSentencesAndParagraphs) {
  Result<std::vector<ConlluSentence>> gold = ReadConlluFile(kFixture);
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  EXPECT_EQ(RebuildRawText(*gold), "Hello world I don't know.\n\nBye-bye.");
}

// The fixture is built so that the splitter merges the first two sentences
// (no final period) and splits "Bye-bye" where the gold keeps it whole.
TEST(TextEvalTest, ScoresSpansOnAFixtureWithKnownF1) {
  Result<TokenizationScores> scores = EvaluateTokenization(kFixture);
  ASSERT_TRUE(scores.ok()) << scores.status().message();
  struct Expected {
    const char* what;
    const SpanScore& score;
    size_t gold, system, correct;
    double f1;
  };
  const Expected cases[] = {
      // Hello world I don't know . | Bye-bye . vs ... Bye - bye .
      {"tokens", scores->tokens, 8, 10, 7, 14.0 / 18.0},
      // as tokens, with "don't" as "do" + "n't"
      {"words", scores->words, 9, 11, 8, 16.0 / 20.0},
      // only "Bye-bye." matches
      {"sentences", scores->sentences, 3, 2, 1, 2.0 / 5.0},
  };
  for (const Expected& c : cases) {
    EXPECT_EQ(c.score.gold, c.gold) << c.what;
    EXPECT_EQ(c.score.system, c.system) << c.what;
    EXPECT_EQ(c.score.correct, c.correct) << c.what;
    EXPECT_NEAR(c.score.F1(), c.f1, 1e-9) << c.what;
  }
}

TEST(TextEvalTest, ReportsATokenMissingFromTheText) {
  Result<TokenizationScores> scores =
      EvaluateTokenization(std::string(KG_TESTDATA_DIR) + "/language/text_mismatch.conllu");
  ASSERT_FALSE(scores.ok());
  EXPECT_TRUE(scores.status().IsInvalidArgument());
  EXPECT_NE(scores.status().message().find("text_mismatch.conllu:1: token 'planet'"),
            std::string::npos)
      << scores.status().message();
}

TEST(TextEvalTest, MissingFileIsNotFound) {
  Result<TokenizationScores> scores = EvaluateTokenization(std::string("/nonexistent.conllu"));
  ASSERT_FALSE(scores.ok());
  EXPECT_NE(scores.status().message().find("/nonexistent.conllu"), std::string::npos);
}

TEST(TextEvalTest, ReachesReferenceFiguresOnEwtDev) {
  const std::string path = std::string(KG_SHARED_DATA_DIR) + "/ud-english-ewt/en_ewt-ud-dev.conllu";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "UD English EWT not found at " << path;
  Result<TokenizationScores> scores = EvaluateTokenization(path);
  ASSERT_TRUE(scores.ok()) << scores.status().message();
  // UDPipe 1.2 on EWT: tokens 98.9, sentences 75-77.
  EXPECT_GE(scores->tokens.F1(), 0.985);
  EXPECT_GE(scores->words.F1(), 0.98);
  EXPECT_GE(scores->sentences.F1(), 0.75);
}

}  // namespace
}  // namespace kg::ingest
