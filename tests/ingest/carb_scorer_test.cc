// The CaRB scorer against cases worked out by hand from the rules in
// ../shared/data/carb-dev/SCORING.md.
#include "ingest/carb_scorer.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kg::ingest {
namespace {

CarbExtraction Tuple(std::string relation, std::vector<std::string> arguments) {
  return {0, std::move(relation), std::move(arguments)};
}

struct PairCase {
  const char* name;
  CarbExtraction gold;
  CarbExtraction predicted;
  double precision;
  double recall;
};

TEST(CarbScorerTest, PairScores) {
  const PairCase cases[] = {
      {"exact", Tuple("backed", {"Iran", "Assad"}), Tuple("backed", {"Iran", "Assad"}), 1, 1},
      {"no shared relation word", Tuple("backed", {"Iran", "Assad"}),
       Tuple("supported", {"Iran", "Assad"}), 0, 0},
      {"case sensitive", Tuple("Backed", {"Iran", "Assad"}), Tuple("backed", {"Iran", "Assad"}), 0, 0},
      // rel 2 of 2 predicted / 3 gold; arg1 1/1; arg2 1 of 3 predicted / 1 gold: 4/6, 4/5.
      {"partial overlap", Tuple("was born in", {"He", "Paris"}),
       Tuple("born in", {"He", "Paris in 1950"}), 4.0 / 6, 4.0 / 5},
      {"be matches a form of be", Tuple("is in", {"X", "Y"}), Tuple("be in", {"X", "Y"}), 1, 1},
      {"be alone shares nothing with has", Tuple("has", {"X", "Y"}), Tuple("be", {"X", "Y"}), 0, 0},
      {"missing second argument", Tuple("died", {"He", "in Rome"}), Tuple("died", {"He"}), 0, 0},
      {"no argument matches nothing", Tuple("died", {"He"}), Tuple("died", {}), 0, 0},
      // A one-argument gold ignores the predicted second argument.
      {"one-argument gold", Tuple("died", {"He"}), Tuple("died", {"He", "in Rome"}), 1, 1},
      // Gold collapses to [Tom, the company in 1941]: 4 shared of 4 predicted, 6 gold.
      {"extra gold arguments joined", Tuple("joined", {"Tom", "the company", "in 1941"}),
       Tuple("joined", {"Tom", "the company"}), 1, 4.0 / 6},
      // Predicted arguments past the second join too: [Tom, the company in 1941].
      {"extra predicted arguments joined", Tuple("joined", {"Tom", "the company in 1941"}),
       Tuple("joined", {"Tom", "the company", "in", "1941"}), 1, 1},
      // An argument may share nothing: rel 1, arg1 0 of 1, arg2 1 of 1 -> 2/3, 2/3.
      {"argument without shared words", Tuple("backed", {"Iran", "Assad"}),
       Tuple("backed", {"Russia", "Assad"}), 2.0 / 3, 2.0 / 3},
      // Multisets: gold [the the cat] vs predicted [the cat cat] share 2.
      {"multiset overlap", Tuple("is", {"a", "the the cat"}), Tuple("is", {"a", "the cat cat"}), 0.8, 0.8},
      // Words must be in the right part: subject words in the object count nothing.
      {"parts are not mixed", Tuple("backed", {"Iran", "Assad"}), Tuple("backed", {"Assad", "Iran"}),
       1.0 / 3, 1.0 / 3},
      {"said retries swapped arguments", Tuple("said", {"He", "the plan failed"}),
       Tuple("said", {"the plan failed", "He"}), 1, 1},
      {"said is a substring test", Tuple("is added to", {"salt", "the soup"}),
       Tuple("added to", {"the soup", "salt"}), 1, 5.0 / 6},
      {"no swap for other relations", Tuple("stated", {"He", "the plan failed"}),
       Tuple("stated", {"the plan failed", "He"}), 0.2, 0.2},
  };
  for (const PairCase& c : cases) {
    SCOPED_TRACE(c.name);
    const CarbPairScore score = ScoreCarbPair(c.gold, c.predicted);
    EXPECT_NEAR(score.precision, c.precision, 1e-9);
    EXPECT_NEAR(score.recall, c.recall, 1e-9);
  }
}

TEST(CarbScorerTest, SentenceKeys) {
  const std::pair<const char*, const char*> cases[] = {
      {"He said `` yes . ''", "Hesaidyes"},
      {"-LRB- a -RRB- b -LSB- c -RSB-", "abc"},
      {"Ms. Okafor 's smoke - filled shed", "MsOkaforssmokefilledshed"},
      {"Café , ok", "Caféok"},
      {"Case Counts", "CaseCounts"},
  };
  for (const auto& [sentence, key] : cases) EXPECT_EQ(CarbSentenceKey(sentence), key) << sentence;
}

CarbTuples Gold(const std::string& text) {
  std::istringstream in(text);
  Result<CarbTuples> tuples = ReadCarbGold(in, "gold.tsv");
  EXPECT_TRUE(tuples.ok()) << tuples.status().message();
  return tuples.ok() ? std::move(tuples).value() : CarbTuples{};
}

CarbTuples System(const std::string& text) {
  std::istringstream in(text);
  Result<CarbTuples> tuples = ReadCarbSystem(in, "system.tsv");
  EXPECT_TRUE(tuples.ok()) << tuples.status().message();
  return tuples.ok() ? std::move(tuples).value() : CarbTuples{};
}

const char* kGold =
    "Iran backed Assad and sent troops .\tbacked\tIran\tAssad\n"
    "Iran backed Assad and sent troops .\tsent\tIran\ttroops\n"
    "\n"
    "He died .\tdied\tHe\n";

// Thresholds 0.5, 0.7 (a sentence outside the gold) and 0.9.
// At 0.5: recall (1 + 2/3 + 0) / 3 = 5/9, precision (1 + 2/3) / 2 = 5/6,
// F1 2/3. At 0.7 and 0.9: recall 1/3, precision 1, F1 1/2.
// AUC: (5/9 - 1/3)(5/6 + 1)/2 + 0 + (1/3)(1 + 1)/2 = 11/54 + 1/3 = 0.537.
TEST(CarbScorerTest, CurveBestF1AndAuc) {
  const CarbScore score = ScoreCarb(
      Gold(kGold), System("Iran backed Assad and sent troops .\t0.9\tbacked\tIran\tAssad\n"
                          "Iran backed Assad and sent troops .\t0.5\tsent\tIran\tfighters\n"
                          "Some other sentence .\t0.7\tx\ty\n"));
  ASSERT_EQ(score.curve.size(), 3u);
  EXPECT_DOUBLE_EQ(score.curve[0].confidence, 0.5);
  EXPECT_NEAR(score.curve[0].recall, 5.0 / 9, 1e-9);
  EXPECT_NEAR(score.curve[0].precision, 5.0 / 6, 1e-9);
  EXPECT_NEAR(score.curve[1].recall, 1.0 / 3, 1e-9);
  EXPECT_NEAR(score.curve[1].precision, 1.0, 1e-9);
  EXPECT_NEAR(score.best.f1, 2.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(score.best.confidence, 0.5);
  EXPECT_NEAR(score.auc, 11.0 / 54 + 1.0 / 3, 1e-9);
  EXPECT_EQ(FormatCarbResult(score), "AUC: 0.537\t Optimal (precision, recall, F1): [0.833 0.556 0.667]");
}

// Precision is one-to-one: a duplicate earns nothing; recall is not.
TEST(CarbScorerTest, DuplicatesEarnNoPrecision) {
  const CarbScore score = ScoreCarb(Gold(kGold),
                                    System("Iran backed Assad and sent troops .\t1\tbacked\tIran\tAssad\n"
                                           "Iran backed Assad and sent troops .\t1\tbacked\tIran\tAssad\n"));
  ASSERT_EQ(score.curve.size(), 1u);
  EXPECT_NEAR(score.best.precision, 0.5, 1e-9);
  EXPECT_NEAR(score.best.recall, 1.0 / 3, 1e-9);
  // (1/3)(1/2 + 1)/2 = 0.25.
  EXPECT_NEAR(score.auc, 0.25, 1e-9);
}

// One long prediction takes the recall of two gold tuples but one precision.
TEST(CarbScorerTest, OnePredictionCoversSeveralGoldTuples) {
  const CarbScore score =
      ScoreCarb(Gold("S .\tplays\tOkafor\tas a striker\n"
                     "S .\tplays\tOkafor\tas a striker for the Lions\n"),
                System("S .\t0.8\tplays\tOkafor\tas a striker for the Lions\n"));
  EXPECT_NEAR(score.best.recall, 1.0, 1e-9);
  EXPECT_NEAR(score.best.precision, 1.0, 1e-9);
}

// Sentences match by key: spacing, punctuation and escapes do not matter.
TEST(CarbScorerTest, SentencesMatchByKey) {
  const CarbScore score = ScoreCarb(Gold("He died ( suddenly ) .\tdied\tHe\n"),
                                    System("He died -LRB- suddenly -RRB-\t0.3\tdied\tHe\n"));
  EXPECT_NEAR(score.best.recall, 1.0, 1e-9);
  EXPECT_NEAR(score.best.precision, 1.0, 1e-9);
}

TEST(CarbScorerTest, NoPredictionsScoreZero) {
  const CarbScore score = ScoreCarb(Gold(kGold), System(""));
  EXPECT_TRUE(score.curve.empty());
  EXPECT_EQ(score.auc, 0);
  EXPECT_EQ(FormatCarbResult(score), "AUC: 0.000\t Optimal (precision, recall, F1): [0.000 0.000 0.000]");
}

TEST(CarbScorerTest, GoldDropsContextAndTrimsFields) {
  const CarbTuples gold = Gold("He said yes .\tsaid \tHe\tC: A spokesman said\t yes\n");
  ASSERT_EQ(gold.tuples, 1u);
  const CarbExtraction& tuple = gold.sentences.at("Hesaidyes").front();
  EXPECT_EQ(tuple.relation, "said");
  EXPECT_EQ(tuple.arguments, (std::vector<std::string>{"He", "yes"}));
}

TEST(CarbScorerTest, BadLinesNameFileAndLine) {
  struct Case {
    bool system;
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {true, "S .\t1\tdied\tHe\nS .\thigh\tdied\tHe\n", "system.tsv:2: confidence 'high' is not a number"},
      {true, "S .\t0.5\n", "system.tsv:1: expected sentence, confidence, relation"},
      {false, "S .\n", "gold.tsv:1: expected sentence, relation and arguments"},
      {false, "S .\tdied\tHe\n\nS \xff .\tdied\tHe\n", "gold.tsv:3: invalid UTF-8"},
  };
  for (const Case& c : cases) {
    std::istringstream in(c.text);
    Result<CarbTuples> tuples = c.system ? ReadCarbSystem(in, "system.tsv") : ReadCarbGold(in, "gold.tsv");
    ASSERT_FALSE(tuples.ok()) << c.text;
    EXPECT_NE(tuples.status().message().find(c.message), std::string::npos) << tuples.status().message();
  }
  EXPECT_FALSE(ReadCarbGoldFile("/nonexistent/gold.tsv").ok());
}

}  // namespace
}  // namespace kg::ingest
