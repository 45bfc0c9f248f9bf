#include "ingest/language/lemmatizer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "ingest/language/lemmatizer_trainer.h"
#include "ingest/language/model_io.h"

namespace kg::ingest {
namespace {

struct Case {
  const char* form;
  const char* upos;
  const char* xpos;
  const char* lemma;
};

// A few words in CoNLL-U, enough for suffix rules to generalise.
std::vector<ConlluSentence> TinyTreebank() {
  const char* rows[][4] = {
      {"cars", "car", "NOUN", "NNS"},     {"dogs", "dog", "NOUN", "NNS"},
      {"cities", "city", "NOUN", "NNS"},  {"parties", "party", "NOUN", "NNS"},
      {"walked", "walk", "VERB", "VBD"},  {"talked", "talk", "VERB", "VBD"},
      {"Cars", "car", "NOUN", "NNS"},     {"Aleppo", "Aleppo", "PROPN", "NNP"},
      {"Idlib", "Idlib", "PROPN", "NNP"}, {"went", "go", "VERB", "VBD"},
  };
  std::string text;
  int id = 1;
  for (const auto& r : rows) {
    text += std::to_string(id) + "\t" + r[0] + "\t" + r[1] + "\t" + r[2] + "\t" + r[3] +
            "\t_\t" + (id == 1 ? "0\troot" : "1\tdep") + "\t_\t_\n";
    ++id;
  }
  std::istringstream in(text + "\n");
  Result<std::vector<ConlluSentence>> sentences = ReadConllu(in, "tiny");
  EXPECT_TRUE(sentences.ok()) << sentences.status().message();
  return sentences.ok() ? *sentences : std::vector<ConlluSentence>{};
}

TEST(LemmatizerTest, LearnsSuffixRulesAndCaseFromATinyTreebank) {
  LemmatizerTrainingOptions options;
  options.wordnet_dir.clear();
  Result<std::unique_ptr<Lemmatizer>> lemmatizer = TrainLemmatizer(TinyTreebank(), options);
  ASSERT_TRUE(lemmatizer.ok()) << lemmatizer.status().message();
  const Case cases[] = {
      {"cats", "NOUN", "", "cat"},          // plural -s
      {"ladies", "NOUN", "", "lady"},       // plural -ies
      {"Boats", "NOUN", "", "boat"},        // sentence-initial capital lower-cased
      {"jumped", "VERB", "", "jump"},       // past -ed
      {"went", "VERB", "", "go"},           // seen irregular form
      {"Hezbollah", "PROPN", "", "Hezbollah"},  // proper nouns keep their form
      {"the", "DET", "", "the"},            // unknown tag: the form itself
  };
  for (const Case& c : cases) {
    EXPECT_EQ((*lemmatizer)->Lemmatize(c.form, c.upos, c.xpos), c.lemma) << c.form;
  }
}

TEST(LemmatizerTest, WordNetExceptionsCoverUnseenIrregulars) {
  if (!std::filesystem::exists("/usr/share/wordnet/verb.exc")) {
    GTEST_SKIP() << "WordNet exception lists not installed";
  }
  Result<std::unique_ptr<Lemmatizer>> lemmatizer = TrainLemmatizer(TinyTreebank());
  ASSERT_TRUE(lemmatizer.ok()) << lemmatizer.status().message();
  EXPECT_EQ((*lemmatizer)->Lemmatize("swam", "VERB"), "swim");
  EXPECT_EQ((*lemmatizer)->Lemmatize("mice", "NOUN"), "mouse");
  EXPECT_EQ((*lemmatizer)->Lemmatize("worse", "ADJ"), "bad");
}

TEST(LemmatizerTest, SaveAndLoadGiveTheSameLemmas) {
  Result<std::unique_ptr<Lemmatizer>> trained = TrainLemmatizer(TinyTreebank());
  ASSERT_TRUE(trained.ok());
  const std::string path = std::string(KG_BINARY_DIR) + "/lemmatizer_roundtrip_test.bin";
  ASSERT_TRUE((*trained)->Save(path).ok());
  Result<std::unique_ptr<Lemmatizer>> loaded = Lemmatizer::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(EncodeLemmatizerModel((*loaded)->model()), EncodeLemmatizerModel((*trained)->model()));
  for (const char* form : {"cats", "Boats", "jumped", "went", "swam", "Aleppo"}) {
    for (const char* upos : {"NOUN", "VERB", "PROPN"}) {
      EXPECT_EQ((*loaded)->Lemmatize(form, upos), (*trained)->Lemmatize(form, upos)) << form;
    }
  }
  std::filesystem::remove(path);
}

TEST(LemmatizerTest, RejectsMissingAndForeignModels) {
  Result<std::unique_ptr<Lemmatizer>> missing = Lemmatizer::Load("/nonexistent/lemmatizer.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/lemmatizer.bin"), std::string::npos);

  const std::string path = std::string(KG_BINARY_DIR) + "/lemmatizer_foreign_test.bin";
  ASSERT_TRUE(WriteModelFile(path, ModelKind::kTagger, "not a lemmatizer").ok());
  EXPECT_FALSE(Lemmatizer::Load(path).ok());
  ASSERT_TRUE(WriteModelFile(path, ModelKind::kLemmatizer, "\x01").ok());
  Result<std::unique_ptr<Lemmatizer>> truncated = Lemmatizer::Load(path);
  EXPECT_FALSE(truncated.ok());
  std::filesystem::remove(path);
}

TEST(LemmatizerTest, CommittedModelHandlesIrregularAndRegularForms) {
  const std::string path = std::string(KG_SOURCE_DIR) + "/models/lemmatizer.bin";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no committed model at " << path;
  Result<std::unique_ptr<Lemmatizer>> lemmatizer = Lemmatizer::Load(path);
  ASSERT_TRUE(lemmatizer.ok()) << lemmatizer.status().message();
  const Case cases[] = {
      {"went", "VERB", "VBD", "go"},         {"was", "AUX", "VBD", "be"},
      {"'s", "AUX", "VBZ", "be"},            {"n't", "PART", "RB", "not"},
      {"fought", "VERB", "VBD", "fight"},    {"seized", "VERB", "VBD", "seize"},
      {"children", "NOUN", "NNS", "child"},  {"militias", "NOUN", "NNS", "militia"},
      {"cities", "NOUN", "NNS", "city"},     {"better", "ADJ", "JJR", "good"},
      {"larger", "ADJ", "JJR", "large"},     {"largest", "ADJ", "JJS", "large"},
      {"Hezbollah", "PROPN", "NNP", "Hezbollah"}, {"Aleppo", "PROPN", "NNP", "Aleppo"},
      {"Fatemiyoun", "PROPN", "NNP", "Fatemiyoun"}, {"her", "PRON", "PRP$", "her"},
      {"her", "PRON", "PRP", "she"},         {"Rebels", "NOUN", "NNS", "rebel"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ((*lemmatizer)->Lemmatize(c.form, c.upos, c.xpos), c.lemma)
        << c.form << " " << c.upos << " " << c.xpos;
  }
}

TEST(LemmatizerTest, CommittedModelReachesTargetOnEwtDev) {
  const std::string model = std::string(KG_SOURCE_DIR) + "/models/lemmatizer.bin";
  const std::string dev = std::string(KG_SHARED_DATA_DIR) + "/ud-english-ewt/en_ewt-ud-dev.conllu";
  if (!std::filesystem::exists(dev)) GTEST_SKIP() << "UD English EWT not found at " << dev;
  if (!std::filesystem::exists(model)) GTEST_SKIP() << "no committed model at " << model;
  Result<std::unique_ptr<Lemmatizer>> lemmatizer = Lemmatizer::Load(model);
  ASSERT_TRUE(lemmatizer.ok()) << lemmatizer.status().message();
  Result<std::vector<ConlluSentence>> gold = ReadConlluFile(dev);
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  LemmaAccuracy accuracy = EvaluateLemmatizer(**lemmatizer, *gold);
  EXPECT_GT(accuracy.words, 20000u);
  EXPECT_GE(accuracy.Accuracy(), 0.965);  // gold UPOS; measured 98.5
}

}  // namespace
}  // namespace kg::ingest
