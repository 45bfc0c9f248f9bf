#include "ingest/language/cluster_trainer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/language/perceptron.h"

namespace kg::ingest {
namespace {

// Sentences "DET NOUN VERB" built from three word groups, every combination
// several times: words of one group share every context.
ClusterTrainer ToyCorpus() {
  const std::vector<std::string> determiners{"the", "a", "this"};
  const std::vector<std::string> nouns{"cat", "dog", "bird", "horse"};
  const std::vector<std::string> verbs{"sleeps", "runs", "eats"};
  ClusterTrainer trainer;
  for (int repeat = 0; repeat < 5; ++repeat) {
    for (const std::string& d : determiners) {
      for (const std::string& n : nouns) {
        for (const std::string& v : verbs) trainer.AddSentence({d, n, v});
      }
    }
  }
  trainer.AddSentence({"once"});  // seen once: below min_count
  return trainer;
}

ClusterTrainerOptions ToyOptions() {
  ClusterTrainerOptions options;
  options.fine_classes = 3;
  options.coarse_classes = 2;
  options.min_count = 2;
  return options;
}

uint16_t Fine(const WordClusters& clusters, const std::string& word) {
  return clusters.Find(StringHash(word)).fine;
}

TEST(ClusterTrainerTest, WordsSharingContextsShareAClass) {
  ClusterTrainer trainer = ToyCorpus();
  EXPECT_EQ(trainer.tokens(), 5u * 3 * 4 * 3 * 3 + 1);
  WordClusters clusters = trainer.Train(ToyOptions());
  ASSERT_EQ(clusters.size(), 10u);
  const std::vector<std::vector<std::string>> groups{
      {"the", "a", "this"}, {"cat", "dog", "bird", "horse"}, {"sleeps", "runs", "eats"}};
  std::vector<uint16_t> group_class;
  for (const auto& group : groups) {
    uint16_t first = Fine(clusters, group[0]);
    EXPECT_NE(first, 0) << group[0];
    for (const std::string& word : group) EXPECT_EQ(Fine(clusters, word), first) << word;
    group_class.push_back(first);
  }
  EXPECT_NE(group_class[0], group_class[1]);
  EXPECT_NE(group_class[1], group_class[2]);
  EXPECT_NE(group_class[0], group_class[2]);
  for (const auto& group : groups) {
    ClusterIds ids = clusters.Find(StringHash(group[0]));
    EXPECT_GE(ids.coarse, 1);
    EXPECT_LE(ids.coarse, 2);
  }
}

TEST(ClusterTrainerTest, RareAndUnseenWordsHaveNoClass) {
  WordClusters clusters = ToyCorpus().Train(ToyOptions());
  EXPECT_EQ(Fine(clusters, "once"), 0);
  EXPECT_EQ(Fine(clusters, "never"), 0);
  EXPECT_EQ(clusters.Find(StringHash("never")).coarse, 0);
}

TEST(ClusterTrainerTest, EmptyCorpusGivesEmptyMap) {
  ClusterTrainer trainer;
  trainer.AddSentence({});
  EXPECT_TRUE(trainer.Train(ToyOptions()).empty());
}

TEST(ClusterTrainerTest, TrainingIsDeterministicAndRoundTrips) {
  PayloadWriter first, second;
  WordClusters clusters = ToyCorpus().Train(ToyOptions());
  clusters.Save(&first);
  ToyCorpus().Train(ToyOptions()).Save(&second);
  std::string bytes = first.Take();
  EXPECT_EQ(bytes, second.Take());

  PayloadReader in(bytes, "clusters");
  WordClusters loaded;
  ASSERT_TRUE(loaded.Load(&in).ok());
  EXPECT_EQ(loaded.size(), clusters.size());
  for (const char* word : {"the", "dog", "runs"}) {
    EXPECT_EQ(loaded.Find(StringHash(word)).fine, clusters.Find(StringHash(word)).fine) << word;
    EXPECT_EQ(loaded.Find(StringHash(word)).coarse, clusters.Find(StringHash(word)).coarse) << word;
  }
}

TEST(ClusterTrainerTest, DamagedMapIsRefused) {
  PayloadWriter out;
  out.U64(1);
  out.U64(StringHash("word"));
  out.Varint(0);  // class 0 means "unknown" and is never stored
  out.Varint(1);
  std::string bytes = out.Take();
  PayloadReader in(bytes, "clusters.bin");
  WordClusters loaded;
  Status s = loaded.Load(&in);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("clusters.bin"), std::string::npos) << s.message();

  PayloadWriter short_out;
  short_out.U64(1000);  // claims more entries than follow
  std::string short_bytes = short_out.Take();
  PayloadReader short_in(short_bytes, "clusters.bin");
  EXPECT_FALSE(loaded.Load(&short_in).ok());
}

}  // namespace
}  // namespace kg::ingest
