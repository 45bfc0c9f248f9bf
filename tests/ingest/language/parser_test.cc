#include "ingest/language/parser.h"

#include <gtest/gtest.h>

#include <cstring>

#include "ingest/language/arc_eager.h"
#include "ingest/language/cluster_trainer.h"
#include "ingest/language/conllu.h"
#include "ingest/language/parser_trainer.h"
#include "ingest/language/tagger_trainer.h"
#include "ingest/language/word_features.h"

namespace kg::ingest {
namespace {

const std::string kFixture = std::string(KG_TESTDATA_DIR) + "/language/tiny_train.conllu";

std::vector<int> Heads(const ConlluSentence& s) {
  std::vector<int> heads;
  for (const ConlluWord& w : s.words) heads.push_back(w.head - 1);
  return heads;
}

TEST(ArcEagerTest, StaticOracleRebuildsProjectiveTrees) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  std::vector<Move> moves;
  for (const ConlluSentence& s : *sentences) {
    EXPECT_TRUE(StaticOracle(Heads(s), &moves)) << s.text;
    EXPECT_GE(moves.size(), s.words.size());  // every word enters the stack once
  }
}

TEST(ArcEagerTest, StaticOracleTable) {
  struct Case {
    const char* name;
    std::vector<int> heads;
    bool buildable;
  } cases[] = {
      {"single word", {-1}, true},
      {"left and right", {1, -1, 1}, true},
      {"chain right", {-1, 0, 1, 2}, true},
      {"crossing arcs", {2, -1, 1, 0}, false},  // 2->0 crosses 0->3 over the root
  };
  std::vector<Move> moves;
  for (const Case& c : cases) {
    EXPECT_EQ(StaticOracle(c.heads, &moves), c.buildable) << c.name;
  }
}

// Costs of the four moves (shift, reduce, left, right; -1 = invalid) after
// a given move sequence, for gold tree 0<-1 ; 1 root ; 1->2 ; 2->3.
TEST(ArcEagerTest, DynamicOracleCosts) {
  const std::vector<int> gold = {1, -1, 1, 2};
  struct Case {
    const char* name;
    std::vector<Move> prefix;
    std::array<int, kNumMoves> costs;
  } cases[] = {
      {"start", {}, {0, -1, -1, -1}},
      // s0=0, b0=1: left is right; shift loses 0<-1; right-arc 0->1 loses 0<-1 and root.
      {"after shift", {Move::kShift}, {1, -1, 0, 2}},
      // s0=1 (root), b0=2: right-arc is gold; left would make the root a
      // dependent and lose 1->2; shift loses 1->2.
      {"root on stack", {Move::kShift, Move::kLeft, Move::kShift}, {1, -1, 2, 0}},
      // After 1->2, reducing 2 loses 2->3, and so does shifting 3 over it.
      {"reduce too early", {Move::kShift, Move::kLeft, Move::kShift, Move::kRight},
       {1, 1, -1, 0}},
  };
  for (const Case& c : cases) {
    ParseState state;
    state.Init(static_cast<int>(gold.size()));
    for (Move m : c.prefix) {
      ASSERT_TRUE(state.Valid(m)) << c.name;
      state.Apply(m, 0);
    }
    EXPECT_EQ(MoveCosts(state, gold), c.costs) << c.name;
  }
}

TEST(ArcEagerTest, FinishAttachesLeftoverWordsToOneRoot) {
  ParseState state;
  state.Init(3);
  state.Apply(Move::kShift, 0);
  state.Apply(Move::kShift, 0);
  state.Apply(Move::kRight, 5);  // 1 -> 2
  state.Finish(7, 9);
  int roots = 0;
  for (int h : state.head) roots += h < 0;
  EXPECT_EQ(roots, 1);
  EXPECT_EQ(state.head[1], -1);  // the word with a dependent wins
  EXPECT_EQ(state.label[1], 7);
  EXPECT_EQ(state.head[0], 1);
  EXPECT_EQ(state.label[0], 9);
}

std::unique_ptr<Parser> TrainOnFixture(const std::vector<ConlluSentence>& sentences,
                                       int beam = 1) {
  TaggerTrainerOptions tagger_options;
  tagger_options.unambiguous_min_count = 1000;
  auto tagger = TrainTagger(sentences, {}, tagger_options);
  EXPECT_TRUE(tagger.ok());
  ParserTrainerOptions options;
  options.epochs = 20;
  options.jackknife = 0;  // gold tags
  options.beam = beam;
  auto parser = TrainParser(sentences, {}, **tagger, options);
  EXPECT_TRUE(parser.ok()) << parser.status().message();
  return parser.ok() ? std::move(parser.value()) : nullptr;
}

// Every sentence of `sentences` parsed with its gold tags: per sentence, the
// heads followed by the label ids.
std::vector<std::vector<int>> ParseAll(const Parser& parser,
                                       const std::vector<ConlluSentence>& sentences) {
  std::vector<std::vector<int>> trees;
  for (const ConlluSentence& s : sentences) {
    std::vector<std::string_view> forms;
    std::vector<int> tags;
    for (const ConlluWord& w : s.words) {
      forms.push_back(w.form);
      tags.push_back(parser.TagId(w.upos, w.xpos));
    }
    std::vector<int> heads, labels;
    parser.Parse(forms, tags, &heads, &labels);
    heads.insert(heads.end(), labels.begin(), labels.end());
    trees.push_back(std::move(heads));
  }
  return trees;
}

TEST(ParserTest, TrainingReproducesTheFixture) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto parser = TrainOnFixture(*sentences);
  ASSERT_NE(parser, nullptr);
  ParserScores scores = ScoreParser(*parser, nullptr, *sentences);
  EXPECT_DOUBLE_EQ(scores.uas, 100.0);
  EXPECT_DOUBLE_EQ(scores.las, 100.0);
}

TEST(ParserTest, BeamTrainingReproducesTheFixture) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto parser = TrainOnFixture(*sentences, 3);
  ASSERT_NE(parser, nullptr);
  EXPECT_EQ(parser->beam_width(), 3);
  ParserScores scores = ScoreParser(*parser, nullptr, *sentences);
  EXPECT_DOUBLE_EQ(scores.uas, 100.0);
  EXPECT_DOUBLE_EQ(scores.las, 100.0);
  auto decoded = Parser::Decode(parser->Encode(), "p.bin");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ((*decoded)->beam_width(), 3);
  EXPECT_DOUBLE_EQ(ScoreParser(**decoded, nullptr, *sentences).las, 100.0);
}

TEST(ParserTest, EncodeDecodeGivesIdenticalTrees) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto parser = TrainOnFixture(*sentences);
  ASSERT_NE(parser, nullptr);
  auto decoded = Parser::Decode(parser->Encode(), "p.bin");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(ParseAll(**decoded, *sentences), ParseAll(*parser, *sentences));
  std::string payload = parser->Encode();
  auto truncated = Parser::Decode(std::string_view(payload).substr(0, payload.size() - 3), "p.bin");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().message(), "p.bin: model payload is truncated");
}

TEST(ParserTest, RelabellerLearnsTheFixtureAndTravelsWithTheModel) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto parser = TrainOnFixture(*sentences, 3);
  ASSERT_NE(parser, nullptr);
  ASSERT_EQ(parser->relabel_model().num_classes(), parser->num_labels());
  // Weighted far above the first pass, the relabeller alone names every
  // relation of the fixture.
  parser->set_relabel_weight(1000.0f);
  EXPECT_DOUBLE_EQ(ScoreParser(*parser, nullptr, *sentences).las, 100.0);
  parser->set_relabel_weight(0.5f);
  auto decoded = Parser::Decode(parser->Encode(), "p.bin");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_FLOAT_EQ((*decoded)->relabel_weight(), 0.5f);
  EXPECT_EQ((*decoded)->relabel_model().num_features(), parser->relabel_model().num_features());
  EXPECT_DOUBLE_EQ(ScoreParser(**decoded, nullptr, *sentences).las, 100.0);
}

TEST(ParserTest, LabelMarginTravelsWithTheModel) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto parser = TrainOnFixture(*sentences, 3);
  ASSERT_NE(parser, nullptr);
  // Training without dev text leaves the margin out, and a model without
  // it writes no section for it.
  EXPECT_FLOAT_EQ(parser->label_margin_weight(), 0.0f);
  const size_t without = parser->Encode().size();
  parser->set_label_margin_weight(1.5f);
  auto decoded = Parser::Decode(parser->Encode(), "p.bin");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_FLOAT_EQ((*decoded)->label_margin_weight(), 1.5f);
  EXPECT_GT(parser->Encode().size(), without);
  EXPECT_DOUBLE_EQ(ScoreParser(**decoded, nullptr, *sentences).las, 100.0);
  // The weight is the payload's last four bytes; a negative one is refused.
  std::string payload = parser->Encode();
  const float negative = -1.0f;
  std::memcpy(payload.data() + payload.size() - sizeof negative, &negative, sizeof negative);
  auto refused = Parser::Decode(payload, "p.bin");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("label margin weight out of range"),
            std::string::npos)
      << refused.status().message();
}

// Weighted far above the moves, the margins alone choose among the beam's
// finished parses, so some sentence of the fixture must come out otherwise;
// a weight of 0 gives back the first parses.
TEST(ParserTest, LabelMarginChoosesAmongTheFinishedParses) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto parser = TrainOnFixture(*sentences, 3);
  ASSERT_NE(parser, nullptr);
  const auto first = ParseAll(*parser, *sentences);
  parser->set_label_margin_weight(1000.0f);
  EXPECT_NE(ParseAll(*parser, *sentences), first);
  parser->set_label_margin_weight(0.0f);
  EXPECT_EQ(ParseAll(*parser, *sentences), first);
}

TEST(ParserTest, WordClassesTravelWithTheModel) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  ClusterTrainer cluster_trainer;
  for (const ConlluSentence& s : *sentences) {
    std::vector<std::string> words;
    for (const ConlluWord& w : s.words) words.push_back(NormaliseWord(w.form));
    cluster_trainer.AddSentence(words);
  }
  ClusterTrainerOptions cluster_options;
  cluster_options.fine_classes = 8;
  cluster_options.coarse_classes = 2;
  cluster_options.min_count = 1;
  WordClusters clusters = cluster_trainer.Train(cluster_options);
  ASSERT_FALSE(clusters.empty());
  TaggerTrainerOptions tagger_options;
  tagger_options.clusters = &clusters;
  auto tagger = TrainTagger(*sentences, {}, tagger_options);
  ASSERT_TRUE(tagger.ok());
  EXPECT_EQ((*tagger)->clusters().size(), clusters.size());
  auto tagger_copy = Tagger::Decode((*tagger)->Encode(), "t.bin");
  ASSERT_TRUE(tagger_copy.ok()) << tagger_copy.status().message();
  EXPECT_EQ((*tagger_copy)->clusters().size(), clusters.size());

  ParserTrainerOptions options;
  options.epochs = 20;
  options.jackknife = 0;
  auto parser = TrainParser(*sentences, {}, **tagger, options);
  ASSERT_TRUE(parser.ok()) << parser.status().message();
  EXPECT_EQ((*parser)->clusters().size(), clusters.size());
  EXPECT_DOUBLE_EQ(ScoreParser(**parser, nullptr, *sentences).las, 100.0);
  auto decoded = Parser::Decode((*parser)->Encode(), "p.bin");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ((*decoded)->clusters().size(), clusters.size());
  EXPECT_DOUBLE_EQ(ScoreParser(**decoded, nullptr, *sentences).las, 100.0);
}

TEST(ParserTest, ParsesAnEmptySentence) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto parser = TrainOnFixture(*sentences);
  ASSERT_NE(parser, nullptr);
  std::vector<int> heads, labels;
  parser->Parse({}, {}, &heads, &labels);
  EXPECT_TRUE(heads.empty());
  parser->Parse({"Hello"}, {parser->TagId("INTJ", "UH")}, &heads, &labels);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0], -1);
  EXPECT_EQ(parser->label(labels[0]), "root");
}

}  // namespace
}  // namespace kg::ingest
