// Linear multi-class scorers over hashed sparse features.
//
// A feature is a 64-bit hash of a template id and its values (FeatureHash).
// AveragedPerceptron learns weights; Average() turns it into a LinearModel,
// the compact read-only scorer the tagger and parser use at run time. A
// LinearModel stores, for each feature that kept a non-zero weight, only the
// classes it votes for, so scoring costs one hash probe per feature.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <xxhash.h>

#include "graph/status.h"
#include "ingest/language/huge_page_array.h"
#include "ingest/language/model_io.h"

namespace kg::ingest {

// Combines a template id with up to three values into one feature hash.
inline uint64_t FeatureHash(uint64_t template_id, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = template_id * 0x9E3779B97F4A7C15ull;
  h ^= a + 0x632BE59BD9B4E019ull + (h << 6) + (h >> 2);
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= b + 0x94D049BB133111EBull + (h << 6) + (h >> 2);
  h *= 0x94D049BB133111EBull;
  h ^= c + (h << 6) + (h >> 2);
  h ^= h >> 31;
  return h;
}

inline uint64_t StringHash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

// Read-only scorer; safe to share between threads. Weights are int16 with
// one scale per model. Models with at most four classes keep the weights in
// the probe table itself, so a feature costs one cache miss; others keep a
// compact list of (class, weight) per feature.
class LinearModel {
 public:
  LinearModel() = default;

  int num_classes() const { return num_classes_; }
  size_t num_features() const { return rows_; }

  // Adds the weight of each feature for each class to scores[0..num_classes).
  void Score(const uint64_t* features, size_t n, float* scores) const;

  // Appends / reads the model as part of a payload.
  void Save(PayloadWriter* out) const;
  [[nodiscard]] Status Load(PayloadReader* in);

 private:
  friend class AveragedPerceptron;
  struct Entry {
    uint16_t cls;
    int16_t weight;
  };
  // Builds the table from rows sorted by key; row r owns
  // entries[row_begin[r], row_begin[r+1]).
  void Build(int num_classes, float scale, const std::vector<uint32_t>& keys,
             const std::vector<uint32_t>& row_begin, const std::vector<Entry>& entries);
  const uint32_t* Find(uint32_t key) const;
  bool packed() const { return num_classes_ <= 4; }

  int num_classes_ = 0;
  float scale_ = 1.0f;
  size_t rows_ = 0;
  uint32_t mask_ = 0;
  int shift_ = 28;                 // a key's home slot is key >> shift_
  int stride_ = 2;                 // uint32 words per slot
  HugePageArray table_;            // key (0 = empty), then weights or begin|count<<24
  std::vector<Entry> entries_;
};

// The 32-bit key under which a LinearModel stores a feature (never 0).
inline uint32_t ModelKey(uint64_t feature) {
  uint32_t k = static_cast<uint32_t>(feature >> 32) ^ static_cast<uint32_t>(feature);
  return k == 0 ? 1 : k;
}

// Multi-class perceptron with averaging (Daume's trick: the average is
// w - u / c, where u accumulates c * delta, so no per-weight timestamps).
class AveragedPerceptron {
 public:
  explicit AveragedPerceptron(int num_classes);

  int num_classes() const { return num_classes_; }

  // Current (not averaged) scores, added to scores[0..num_classes).
  void Score(const uint64_t* features, size_t n, float* scores) const;

  // Moves weight from `guess` to `truth` for every feature; no-op if equal.
  void Update(const uint64_t* features, size_t n, int truth, int guess);

  // Adds `delta` to the weight of `cls` for every feature.
  void AddWeight(const uint64_t* features, size_t n, int cls, float delta) {
    for (size_t f = 0; f < n; ++f) Add(features[f], cls, delta);
  }

  // Counts one training instance; call once per decision.
  void Tick() { ++clock_; }

  // The averaged weights; features whose every |weight| is below `prune`
  // are dropped.
  LinearModel Average(float prune) const;

 private:
  struct Entry {
    uint16_t cls;
    float w;
    double u;
  };
  uint32_t FindOrAdd(uint64_t feature);
  int64_t Find(uint64_t feature) const;
  void Grow();
  void Add(uint64_t feature, int cls, float delta);

  int num_classes_;
  double clock_ = 1;
  std::vector<uint64_t> slot_key_;  // 0 = empty
  std::vector<uint32_t> slot_row_;
  size_t used_ = 0;
  std::vector<uint64_t> row_key_;
  std::vector<std::vector<Entry>> rows_;
};

}  // namespace kg::ingest
