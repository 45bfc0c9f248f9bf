// The tagger's lexicon and feature templates, shared by Tagger (run time)
// and TaggerTrainer so that both see exactly the same features.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/status.h"
#include "ingest/language/model_io.h"
#include "ingest/language/word_clusters.h"
#include "ingest/language/word_features.h"

namespace kg::ingest {

// What the tagger knows about words from the training data.
struct TaggerLexicon {
  std::vector<std::string> upos;  // per tag id
  std::vector<std::string> xpos;  // per tag id
  // Frequent words that always take one tag, keyed by StringHash(form):
  // tagged without scoring.
  std::unordered_map<uint64_t, int> unambiguous;
  // Tags seen with a word (keyed by StringHash(NormaliseWord(form))), as one
  // hash: a cheap look-ahead feature for the words to the right.
  std::unordered_map<uint64_t, uint64_t> ambiguity;
  // The same keyed by StringHash(form): whether this exact casing was seen
  // as a name ("Apple") or a common word ("apple").
  std::unordered_map<uint64_t, uint64_t> form_ambiguity;
  // Classes of words learned from unlabelled text; may be empty.
  WordClusters clusters;

  int num_tags() const { return static_cast<int>(upos.size()); }
  void Save(PayloadWriter* out) const;
  [[nodiscard]] Status Load(PayloadReader* in);
};

// Per-token values of one sentence, computed once before tagging.
class TaggerInput {
 public:
  TaggerInput(const TaggerLexicon& lexicon, const std::vector<std::string_view>& forms);

  int size() const { return static_cast<int>(words_.size()); }
  const WordInfo& word(int i) const { return words_[i]; }
  uint64_t ambiguity(int i) const;
  // Tag id when the word is frequent and unambiguous, else -1.
  int known_tag(int i) const { return known_[i]; }

  // Features for token i given the two previous predicted tags (-1 = none).
  void Features(int i, int prev, int prev2, std::vector<uint64_t>* out) const;
  // Second-pass features: Features() plus the first-pass tags around i
  // (`first`, one per word), above all those to the right.
  void RefineFeatures(int i, int prev, int prev2, const std::vector<int>& first,
                      std::vector<uint64_t>* out) const;

 private:
  std::vector<WordInfo> words_;
  std::vector<uint64_t> ambiguity_;
  std::vector<uint64_t> form_ambiguity_;
  std::vector<int> known_;
  std::vector<ClusterIds> clusters_;  // empty when the lexicon has none
  uint64_t title_case_ = 0;  // 1 when most words are capitalised (headlines)
};

}  // namespace kg::ingest
