#include "ingest/language/tagger.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ingest/language/conllu.h"
#include "ingest/language/tagger_trainer.h"

namespace kg::ingest {
namespace {

const std::string kFixture = std::string(KG_TESTDATA_DIR) + "/language/tiny_train.conllu";
const std::string kCommittedTagger = std::string(KG_SOURCE_DIR) + "/models/tagger.bin";

std::vector<std::string_view> Forms(const ConlluSentence& s) {
  std::vector<std::string_view> forms;
  for (const ConlluWord& w : s.words) forms.push_back(w.form);
  return forms;
}

std::unique_ptr<Tagger> TrainOnFixture(const std::vector<ConlluSentence>& sentences) {
  TaggerTrainerOptions options;
  options.epochs = 10;
  options.unambiguous_min_count = 1000;  // score every word
  auto tagger = TrainTagger(sentences, {}, options);
  EXPECT_TRUE(tagger.ok()) << tagger.status().message();
  return tagger.ok() ? std::move(tagger.value()) : nullptr;
}

TEST(TaggerTest, TrainingReproducesTheFixture) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  auto tagger = TrainOnFixture(*sentences);
  ASSERT_NE(tagger, nullptr);
  EXPECT_DOUBLE_EQ(TaggerAccuracy(*tagger, *sentences), 100.0);
}

TEST(TaggerTest, SaveAndLoadGiveIdenticalTags) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto tagger = TrainOnFixture(*sentences);
  ASSERT_NE(tagger, nullptr);
  std::string path = (std::filesystem::temp_directory_path() / "kg_tagger_test.bin").string();
  ASSERT_TRUE(tagger->Save(path).ok());
  auto loaded = Tagger::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  std::vector<int> a, b;
  for (const ConlluSentence& s : *sentences) {
    tagger->Tag(Forms(s), &a);
    (*loaded)->Tag(Forms(s), &b);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(tagger->xpos(a[i]), (*loaded)->xpos(b[i]));
      EXPECT_EQ(tagger->upos(a[i]), (*loaded)->upos(b[i]));
    }
  }
  std::filesystem::remove(path);
}

TEST(TaggerTest, CorruptPayloadIsRejected) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  auto tagger = TrainOnFixture(*sentences);
  ASSERT_NE(tagger, nullptr);
  std::string payload = tagger->Encode();
  auto truncated = Tagger::Decode(std::string_view(payload).substr(0, payload.size() / 2), "t.bin");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(truncated.status().message().rfind("t.bin: ", 0), 0u) << truncated.status().message();
  auto extra = Tagger::Decode(payload + "xx", "t.bin");
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.status().message().find("unexpected bytes"), std::string::npos);
}

// The second pass is stored with the model, and a one-pass model (the
// older layout) still loads and tags.
TEST(TaggerTest, OnePassAndTwoPassModelsRoundTrip) {
  auto sentences = ReadConlluFile(kFixture);
  ASSERT_TRUE(sentences.ok());
  for (bool two_pass : {false, true}) {
    TaggerTrainerOptions options;
    options.unambiguous_min_count = 1000;
    options.two_pass = two_pass;
    auto tagger = TrainTagger(*sentences, {}, options);
    ASSERT_TRUE(tagger.ok()) << tagger.status().message();
    EXPECT_EQ((*tagger)->two_pass(), two_pass);
    auto decoded = Tagger::Decode((*tagger)->Encode(), "t.bin");
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ((*decoded)->two_pass(), two_pass);
    EXPECT_DOUBLE_EQ(TaggerAccuracy(**decoded, *sentences), 100.0) << "two_pass " << two_pass;
  }
}

TEST(TaggerTest, TrainingWithoutWordsFails) {
  auto tagger = TrainTagger({}, {}, TaggerTrainerOptions());
  ASSERT_FALSE(tagger.ok());
  EXPECT_TRUE(tagger.status().IsInvalidArgument());
}

// Names the treebank never saw must still come out as proper nouns.
TEST(TaggerTest, CommittedModelTagsUnseenNamesAsProperNouns) {
  if (!std::filesystem::exists(kCommittedTagger)) GTEST_SKIP() << "no committed models/tagger.bin";
  auto tagger = Tagger::Load(kCommittedTagger);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  struct Case {
    std::vector<std::string_view> forms;
    size_t index;
  } cases[] = {
      {{"Nujabaa", "was", "killed", "in", "Aleppo", "."}, 0},
      {{"The", "Fatemiyoun", "brigade", "fought", "there", "."}, 1},
      {{"President", "Pezeshkian", "visited", "Baghdad", "on", "Monday", "."}, 1},
      {{"He", "met", "Pezeshkian", "in", "Tehran", "."}, 2},
  };
  std::vector<int> tags;
  for (const Case& c : cases) {
    (*tagger)->Tag(c.forms, &tags);
    EXPECT_EQ((*tagger)->upos(tags[c.index]), "PROPN") << c.forms[c.index];
    EXPECT_EQ((*tagger)->xpos(tags[c.index]), "NNP") << c.forms[c.index];
  }
}

}  // namespace
}  // namespace kg::ingest
