// ClusterTrainer: learns WordClusters from unlabelled text with the exchange
// algorithm (Kneser and Ney 1993; Martin, Liermann and Ney 1998).
//
// Words are assigned to classes so as to maximise the likelihood of a class
// bigram model, i.e. the mutual information between the classes of adjacent
// words: each pass visits every word, most frequent first, and moves it to
// the class that gains most. The coarse classes then group the fine classes
// by the same criterion, applied to the fine class bigrams. Deterministic:
// the initial assignment and the visiting order depend only on counts (ties
// broken by first occurrence).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/language/word_clusters.h"

namespace kg::ingest {

struct ClusterTrainerOptions {
  int fine_classes = 512;
  int coarse_classes = 64;
  int min_count = 3;     // rarer words share one "rare word" item
  int passes = 12;       // at most; stops early when no word moves
  std::function<void(const std::string&)> log;
};

class ClusterTrainer {
 public:
  ClusterTrainer() = default;
  ClusterTrainer(const ClusterTrainer&) = delete;
  ClusterTrainer& operator=(const ClusterTrainer&) = delete;
  ClusterTrainer(ClusterTrainer&&) = default;
  ClusterTrainer& operator=(ClusterTrainer&&) = default;

  // Counts the words of one sentence (already normalised with
  // NormaliseWord) and the bigrams between them and the sentence edges.
  void AddSentence(const std::vector<std::string>& words);

  size_t tokens() const { return tokens_; }
  size_t vocabulary() const { return words_.size(); }

  // Clusters every word seen at least options.min_count times; an empty map
  // when there is no such word.
  WordClusters Train(const ClusterTrainerOptions& options) const;

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> words_;    // by id, in order of first occurrence
  std::vector<uint64_t> counts_;      // by id
  std::unordered_map<uint64_t, uint64_t> bigrams_;  // (left id + 1) << 32 | (right id + 1)
  size_t tokens_ = 0;
};

// The exchange algorithm on items with bigram counts: returns a class in
// [0, classes) per item. `bigrams` holds {left, right, count} with items in
// [0, items) or `items` itself for the sentence edge, which keeps a class of
// its own. Items are visited in the order given by `order` (every item once).
std::vector<int> ExchangeClusters(int items, const std::vector<int>& order,
                                  const std::vector<std::array<uint64_t, 3>>& bigrams,
                                  int classes, int passes,
                                  const std::function<void(const std::string&)>& log);

}  // namespace kg::ingest
