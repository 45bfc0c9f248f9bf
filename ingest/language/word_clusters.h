// WordClusters: a map from words to distributional classes learned from
// unlabelled text (cluster_trainer.h), used as features by the tagger and
// the parser. A class stands for words that occur in similar contexts, so a
// word seldom or never seen in the treebank ("Fatemiyoun", "airstrikes")
// shares weights with the words it behaves like.
//
// Each word has a fine class and a coarse class (a grouping of fine
// classes), like two prefixes of a Brown cluster bit string. Words are keyed
// by StringHash(NormaliseWord(form)), the same key the tagger and parser use.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "graph/status.h"
#include "ingest/language/model_io.h"

namespace kg::ingest {

struct ClusterIds {
  uint16_t fine = 0;    // 0: the word is not in the map
  uint16_t coarse = 0;
};

class WordClusters {
 public:
  bool empty() const { return ids_.empty(); }
  size_t size() const { return ids_.size(); }

  // The classes of the word with key `word_key`; {0, 0} when unknown.
  ClusterIds Find(uint64_t word_key) const {
    auto it = ids_.find(word_key);
    return it == ids_.end() ? ClusterIds{} : it->second;
  }

  // Classes are numbered from 1 so that 0 can mean "unknown".
  void Add(uint64_t word_key, ClusterIds ids) { ids_[word_key] = ids; }

  // Appends / reads the map as part of a model payload.
  void Save(PayloadWriter* out) const;
  [[nodiscard]] Status Load(PayloadReader* in);

 private:
  std::unordered_map<uint64_t, ClusterIds> ids_;
};

}  // namespace kg::ingest
