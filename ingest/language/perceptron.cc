#include "ingest/language/perceptron.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

namespace kg::ingest {
namespace {

uint64_t Spread(uint64_t k) {
  k ^= k >> 33;
  k *= 0xFF51AFD7ED558CCDull;
  k ^= k >> 33;
  return k;
}

}  // namespace

// --- LinearModel -------------------------------------------------------------

void LinearModel::Build(int num_classes, float scale, const std::vector<uint32_t>& keys,
                        const std::vector<uint32_t>& row_begin, const std::vector<Entry>& entries) {
  num_classes_ = num_classes;
  scale_ = scale;
  rows_ = keys.size();
  stride_ = packed() ? 3 : 2;
  // Keys are hashes already, so their top bits pick the home slot; keys
  // arrive sorted, so filling the table walks memory in order (fast loads).
  size_t capacity = 16;
  shift_ = 28;
  // At most two thirds full: misses stop within a slot or two (mostly in
  // the same cache line), and the table stays small enough to load fast.
  while (capacity * 2 < keys.size() * 3) {
    capacity <<= 1;
    --shift_;
  }
  mask_ = static_cast<uint32_t>(capacity - 1);
  table_ = HugePageArray(capacity * stride_);
  entries_.clear();
  if (!packed()) entries_ = entries;
  for (size_t row = 0; row < keys.size(); ++row) {
    uint32_t i = keys[row] >> shift_;
    while (table_[i * stride_] != 0) i = (i + 1) & mask_;
    uint32_t* slot = &table_[i * stride_];
    slot[0] = keys[row];
    if (packed()) {
      int16_t w[4] = {0, 0, 0, 0};
      for (uint32_t e = row_begin[row]; e < row_begin[row + 1]; ++e) w[entries[e].cls] = entries[e].weight;
      std::memcpy(slot + 1, w, sizeof w);
    } else {
      slot[1] = row_begin[row] | ((row_begin[row + 1] - row_begin[row]) << 24);
    }
  }
}

const uint32_t* LinearModel::Find(uint32_t key) const {
  if (table_.empty()) return nullptr;
  uint32_t i = key >> shift_;
  while (true) {
    const uint32_t* slot = &table_[i * stride_];
    if (slot[0] == key) return slot;
    if (slot[0] == 0) return nullptr;
    i = (i + 1) & mask_;
  }
}

void LinearModel::Score(const uint64_t* features, size_t n, float* scores) const {
  if (table_.empty()) return;
  // Scoring is bound by cache misses in tables of many megabytes: ask for
  // every home slot first so that the misses overlap, then read them; rows
  // of more than four classes keep their weights in a second array, whose
  // lines are asked for in the same way before they are summed.
  constexpr size_t kBatch = 128;
  uint32_t keys[kBatch];
  uint32_t rows[kBatch];
  int32_t sums[4] = {0, 0, 0, 0};
  for (size_t base = 0; base < n; base += kBatch) {
    size_t m = std::min(kBatch, n - base);
    for (size_t i = 0; i < m; ++i) {
      keys[i] = ModelKey(features[base + i]);
      __builtin_prefetch(&table_[static_cast<size_t>(keys[i] >> shift_) * stride_]);
    }
    if (packed()) {
      for (size_t i = 0; i < m; ++i) {
        const uint32_t* slot = Find(keys[i]);
        if (slot == nullptr) continue;
        int16_t w[4];
        std::memcpy(w, slot + 1, sizeof w);
        for (int c = 0; c < 4; ++c) sums[c] += w[c];
      }
      continue;
    }
    size_t found = 0;
    for (size_t i = 0; i < m; ++i) {
      const uint32_t* slot = Find(keys[i]);
      if (slot == nullptr) continue;
      rows[found++] = slot[1];
      __builtin_prefetch(&entries_[slot[1] & 0xFFFFFF]);
    }
    for (size_t i = 0; i < found; ++i) {
      uint32_t begin = rows[i] & 0xFFFFFF, end = begin + (rows[i] >> 24);
      for (uint32_t e = begin; e < end; ++e) scores[entries_[e].cls] += entries_[e].weight * scale_;
    }
  }
  if (packed()) {
    for (int c = 0; c < num_classes_; ++c) scores[c] += sums[c] * scale_;
  }
}

// Payload: classes, rows, scale, keys as varint deltas (sorted), per-row
// entry counts, classes, then the int16 weights.
void LinearModel::Save(PayloadWriter* out) const {
  std::vector<const uint32_t*> slots;
  slots.reserve(rows_);
  for (size_t i = 0; i + stride_ <= table_.size(); i += stride_) {
    if (table_[i] != 0) slots.push_back(&table_[i]);
  }
  std::sort(slots.begin(), slots.end(),
            [](const uint32_t* a, const uint32_t* b) { return a[0] < b[0]; });
  std::vector<std::vector<Entry>> rows(slots.size());
  for (size_t r = 0; r < slots.size(); ++r) {
    if (packed()) {
      int16_t w[4];
      std::memcpy(w, slots[r] + 1, sizeof w);
      for (int c = 0; c < num_classes_; ++c) {
        if (w[c] != 0) rows[r].push_back({static_cast<uint16_t>(c), w[c]});
      }
    } else {
      uint32_t begin = slots[r][1] & 0xFFFFFF, end = begin + (slots[r][1] >> 24);
      rows[r].assign(entries_.begin() + begin, entries_.begin() + end);
    }
  }
  out->U32(static_cast<uint32_t>(num_classes_));
  out->U32(static_cast<uint32_t>(slots.size()));
  out->F32(scale_);
  uint32_t previous = 0;
  for (const uint32_t* slot : slots) {
    out->Varint(slot[0] - previous);
    previous = slot[0];
  }
  for (const auto& row : rows) out->Varint(static_cast<uint32_t>(row.size()));
  for (const auto& row : rows) {
    for (const Entry& e : row) out->Varint(e.cls);
  }
  for (const auto& row : rows) {
    for (const Entry& e : row) out->Raw(&e.weight, sizeof e.weight);
  }
}

Status LinearModel::Load(PayloadReader* in) {
  uint32_t classes = 0, rows = 0;
  float scale = 0;
  KG_RETURN_IF_ERROR(in->U32(&classes));
  KG_RETURN_IF_ERROR(in->U32(&rows));
  KG_RETURN_IF_ERROR(in->F32(&scale));
  if (classes == 0 || classes > 255) return in->Corrupt("bad class count in the weights");
  if (rows > in->remaining()) return in->Truncated();
  std::vector<uint32_t> keys(rows);
  KG_RETURN_IF_ERROR(in->Varints(rows, keys.data()));
  uint32_t key = 0;
  for (uint32_t r = 0; r < rows; ++r) {
    // Keys are stored as gaps; a zero gap would mean a repeated key.
    if (keys[r] == 0) return in->Corrupt("duplicate feature key in the weights");
    key += keys[r];
    keys[r] = key;
  }
  std::vector<uint32_t> row_begin(rows + 1, 0);
  KG_RETURN_IF_ERROR(in->Varints(rows, row_begin.data() + 1));
  for (uint32_t r = 0; r < rows; ++r) {
    if (row_begin[r + 1] > classes) return in->Corrupt("feature with too many weights");
    row_begin[r + 1] += row_begin[r];
  }
  uint32_t total = row_begin[rows];
  if (total > in->remaining() || total >= (1u << 24)) return in->Truncated();
  std::vector<uint32_t> classes_of(total);
  KG_RETURN_IF_ERROR(in->Varints(total, classes_of.data()));
  std::vector<Entry> entries(total);
  std::vector<int16_t> weights(total);
  KG_RETURN_IF_ERROR(in->Raw(weights.data(), total * sizeof(int16_t)));
  for (uint32_t e = 0; e < total; ++e) {
    if (classes_of[e] >= classes) return in->Corrupt("class id out of range in the weights");
    entries[e] = {static_cast<uint16_t>(classes_of[e]), weights[e]};
  }
  Build(static_cast<int>(classes), scale, keys, row_begin, entries);
  return Status::Ok();
}

// --- AveragedPerceptron -----------------------------------------------------

AveragedPerceptron::AveragedPerceptron(int num_classes) : num_classes_(num_classes) {
  slot_key_.assign(1 << 16, 0);
  slot_row_.assign(1 << 16, 0);
}

int64_t AveragedPerceptron::Find(uint64_t feature) const {
  uint64_t key = feature == 0 ? 1 : feature;
  size_t mask = slot_key_.size() - 1;
  size_t i = Spread(key) & mask;
  while (true) {
    uint64_t k = slot_key_[i];
    if (k == key) return slot_row_[i];
    if (k == 0) return -1;
    i = (i + 1) & mask;
  }
}

void AveragedPerceptron::Grow() {
  std::vector<uint64_t> keys(slot_key_.size() * 2, 0);
  std::vector<uint32_t> rows(keys.size(), 0);
  size_t mask = keys.size() - 1;
  for (size_t s = 0; s < slot_key_.size(); ++s) {
    if (slot_key_[s] == 0) continue;
    size_t i = Spread(slot_key_[s]) & mask;
    while (keys[i] != 0) i = (i + 1) & mask;
    keys[i] = slot_key_[s];
    rows[i] = slot_row_[s];
  }
  slot_key_.swap(keys);
  slot_row_.swap(rows);
}

uint32_t AveragedPerceptron::FindOrAdd(uint64_t feature) {
  if ((used_ + 1) * 2 > slot_key_.size()) Grow();
  uint64_t key = feature == 0 ? 1 : feature;
  size_t mask = slot_key_.size() - 1;
  size_t i = Spread(key) & mask;
  while (slot_key_[i] != 0) {
    if (slot_key_[i] == key) return slot_row_[i];
    i = (i + 1) & mask;
  }
  slot_key_[i] = key;
  slot_row_[i] = static_cast<uint32_t>(rows_.size());
  ++used_;
  row_key_.push_back(key);
  rows_.emplace_back();
  return slot_row_[i];
}

void AveragedPerceptron::Score(const uint64_t* features, size_t n, float* scores) const {
  for (size_t f = 0; f < n; ++f) {
    int64_t row = Find(features[f]);
    if (row < 0) continue;
    for (const Entry& e : rows_[row]) scores[e.cls] += e.w;
  }
}

void AveragedPerceptron::Add(uint64_t feature, int cls, float delta) {
  std::vector<Entry>& row = rows_[FindOrAdd(feature)];
  for (Entry& e : row) {
    if (e.cls == cls) {
      e.w += delta;
      e.u += clock_ * delta;
      return;
    }
  }
  row.push_back({static_cast<uint16_t>(cls), delta, clock_ * delta});
}

void AveragedPerceptron::Update(const uint64_t* features, size_t n, int truth, int guess) {
  if (truth == guess) return;
  for (size_t f = 0; f < n; ++f) {
    Add(features[f], truth, 1.0f);
    Add(features[f], guess, -1.0f);
  }
}

LinearModel AveragedPerceptron::Average(float prune) const {
  // Features that share a 32-bit model key are merged, exactly as a run-time
  // lookup would merge them.
  std::map<uint32_t, std::vector<float>> merged;
  float max_abs = 0;
  for (size_t r = 0; r < rows_.size(); ++r) {
    std::vector<float>* dense = nullptr;
    for (const Entry& e : rows_[r]) {
      float avg = static_cast<float>(e.w - e.u / clock_);
      if (std::fabs(avg) < prune || avg == 0.0f) continue;
      if (dense == nullptr) {
        dense = &merged[ModelKey(row_key_[r])];
        dense->resize(num_classes_, 0.0f);
      }
      (*dense)[e.cls] += avg;
    }
  }
  for (const auto& [key, dense] : merged) {
    for (float w : dense) max_abs = std::max(max_abs, std::fabs(w));
  }
  // Quantised here, not at save time, so a saved and reloaded model scores
  // exactly as the one just trained.
  float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  std::vector<uint32_t> keys, row_begin{0};
  std::vector<LinearModel::Entry> entries;
  for (const auto& [key, dense] : merged) {
    size_t before = entries.size();
    for (int c = 0; c < num_classes_; ++c) {
      long q = std::lround(dense[c] / scale);
      if (q != 0) entries.push_back({static_cast<uint16_t>(c), static_cast<int16_t>(q)});
    }
    if (entries.size() == before) continue;
    keys.push_back(key);
    row_begin.push_back(static_cast<uint32_t>(entries.size()));
  }
  LinearModel model;
  model.Build(num_classes_, scale, keys, row_begin, entries);
  return model;
}

}  // namespace kg::ingest
