#include "ingest/language/cluster_trainer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "ingest/language/perceptron.h"

namespace kg::ingest {
namespace {

// x log x, the only function of a count the likelihood needs; tabulated for
// the small counts that make up almost every lookup.
class XLogX {
 public:
  XLogX() : table_(kTableSize) {
    for (size_t x = 1; x < kTableSize; ++x) {
      table_[x] = static_cast<double>(x) * std::log(static_cast<double>(x));
    }
  }
  double operator()(int64_t x) const {
    if (x < static_cast<int64_t>(kTableSize)) return table_[x];
    return static_cast<double>(x) * std::log(static_cast<double>(x));
  }

 private:
  static constexpr size_t kTableSize = size_t{1} << 20;
  std::vector<double> table_;
};

struct Neighbour {
  int item;
  int64_t count;
};

// Successor or predecessor lists of every item, in one array.
struct Adjacency {
  std::vector<size_t> begin;
  std::vector<Neighbour> list;
};

Adjacency BuildAdjacency(int items, const std::vector<std::array<uint64_t, 3>>& bigrams,
                         bool successors) {
  Adjacency adj;
  adj.begin.assign(items + 2, 0);
  for (const auto& b : bigrams) ++adj.begin[(successors ? b[0] : b[1]) + 1];
  for (int i = 0; i <= items; ++i) adj.begin[i + 1] += adj.begin[i];
  adj.list.resize(bigrams.size());
  std::vector<size_t> next(adj.begin.begin(), adj.begin.end() - 1);
  for (const auto& b : bigrams) {
    uint64_t from = successors ? b[0] : b[1], to = successors ? b[1] : b[0];
    adj.list[next[from]++] = {static_cast<int>(to), static_cast<int64_t>(b[2])};
  }
  return adj;
}

// A word's bigram counts gathered by the class of the other word.
struct ClassCounts {
  explicit ClassCounts(int classes) : count(classes, 0) {}
  void Add(int cls, int64_t n) {
    if (count[cls] == 0) nonzero.push_back(cls);
    count[cls] += n;
  }
  void Clear() {
    for (int c : nonzero) count[c] = 0;
    nonzero.clear();
  }
  std::vector<int64_t> count;
  std::vector<int> nonzero;
};

}  // namespace

std::vector<int> ExchangeClusters(int items, const std::vector<int>& order,
                                  const std::vector<std::array<uint64_t, 3>>& bigrams,
                                  int classes, int passes,
                                  const std::function<void(const std::string&)>& log) {
  const int k = classes + 1;  // the last class holds only the sentence edge
  std::vector<int> class_of(items + 1, 0);
  for (size_t i = 0; i < order.size(); ++i) class_of[order[i]] = static_cast<int>(i % classes);
  class_of[items] = classes;
  Adjacency succ = BuildAdjacency(items, bigrams, true);
  Adjacency pred = BuildAdjacency(items, bigrams, false);
  std::vector<int64_t> n(static_cast<size_t>(k) * k, 0), left(k, 0), right(k, 0);
  for (const auto& b : bigrams) {
    int cl = class_of[b[0]], cr = class_of[b[1]];
    n[static_cast<size_t>(cl) * k + cr] += static_cast<int64_t>(b[2]);
    left[cl] += static_cast<int64_t>(b[2]);
    right[cr] += static_cast<int64_t>(b[2]);
  }
  const XLogX f;
  ClassCounts to(k), from(k);
  for (int pass = 1; pass <= passes; ++pass) {
    size_t moved = 0;
    for (int w : order) {
      int64_t self = 0, out_total = 0, in_total = 0;
      for (size_t e = succ.begin[w]; e < succ.begin[w + 1]; ++e) {
        out_total += succ.list[e].count;
        if (succ.list[e].item == w) {
          self += succ.list[e].count;
        } else {
          to.Add(class_of[succ.list[e].item], succ.list[e].count);
        }
      }
      for (size_t e = pred.begin[w]; e < pred.begin[w + 1]; ++e) {
        in_total += pred.list[e].count;
        if (pred.list[e].item != w) from.Add(class_of[pred.list[e].item], pred.list[e].count);
      }
      // Take the word out of its class, then put it where it gains most.
      auto move = [&](int cls, int sign) {
        for (int c : to.nonzero) n[static_cast<size_t>(cls) * k + c] += sign * to.count[c];
        for (int c : from.nonzero) n[static_cast<size_t>(c) * k + cls] += sign * from.count[c];
        n[static_cast<size_t>(cls) * k + cls] += sign * self;
        left[cls] += sign * out_total;
        right[cls] += sign * in_total;
      };
      int old_class = class_of[w];
      move(old_class, -1);
      int best = old_class;
      double best_gain = -1e300;
      for (int b = 0; b < classes; ++b) {
        const int64_t* row = &n[static_cast<size_t>(b) * k];
        double gain = 0;
        for (int c : to.nonzero) {
          if (c != b) gain += f(row[c] + to.count[c]) - f(row[c]);
        }
        for (int c : from.nonzero) {
          if (c == b) continue;
          int64_t cell = n[static_cast<size_t>(c) * k + b];
          gain += f(cell + from.count[c]) - f(cell);
        }
        int64_t diagonal = row[b];
        gain += f(diagonal + to.count[b] + from.count[b] + self) - f(diagonal);
        gain -= f(left[b] + out_total) - f(left[b]);
        gain -= f(right[b] + in_total) - f(right[b]);
        if (gain > best_gain + 1e-9 || (b == old_class && gain >= best_gain - 1e-9)) {
          best_gain = gain;
          best = b;
        }
      }
      move(best, +1);
      class_of[w] = best;
      moved += best != old_class;
      to.Clear();
      from.Clear();
    }
    if (log) {
      double likelihood = 0;
      for (int64_t cell : n) likelihood += cell > 0 ? f(cell) : 0;
      for (int c = 0; c < k; ++c) likelihood -= f(left[c]) + f(right[c]);
      log("clusters: " + std::to_string(classes) + " classes, pass " + std::to_string(pass) +
          ": " + std::to_string(moved) + " moved, log-likelihood " +
          std::to_string(static_cast<int64_t>(likelihood)));
    }
    if (moved == 0) break;
  }
  class_of.pop_back();
  return class_of;
}

void ClusterTrainer::AddSentence(const std::vector<std::string>& words) {
  uint64_t previous = 0;  // 0 = the sentence edge
  for (const std::string& word : words) {
    auto [it, added] = ids_.emplace(word, static_cast<uint32_t>(words_.size()));
    if (added) {
      words_.push_back(word);
      counts_.push_back(0);
    }
    ++counts_[it->second];
    uint64_t id = it->second + 1;
    ++bigrams_[previous << 32 | id];
    previous = id;
  }
  if (!words.empty()) ++bigrams_[previous << 32];
  tokens_ += words.size();
}

WordClusters ClusterTrainer::Train(const ClusterTrainerOptions& options) const {
  // Items: the words kept, most frequent first, then one item for all rare
  // words; the sentence edge is item `items`.
  std::vector<uint32_t> kept;
  for (uint32_t id = 0; id < words_.size(); ++id) {
    if (counts_[id] >= static_cast<uint64_t>(options.min_count)) kept.push_back(id);
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [&](uint32_t a, uint32_t b) { return counts_[a] > counts_[b]; });
  WordClusters clusters;
  if (kept.empty()) return clusters;
  const int rare = static_cast<int>(kept.size());
  const int items = rare + 1, edge = items;
  std::vector<int> item_of(words_.size(), rare);
  for (size_t i = 0; i < kept.size(); ++i) item_of[kept[i]] = static_cast<int>(i);
  auto item = [&](uint64_t id) { return id == 0 ? edge : item_of[id - 1]; };
  std::unordered_map<uint64_t, uint64_t> merged;
  for (const auto& [key, count] : bigrams_) {
    uint64_t l = static_cast<uint64_t>(item(key >> 32)), r = static_cast<uint64_t>(item(key & 0xFFFFFFFF));
    merged[l << 32 | r] += count;
  }
  std::vector<std::array<uint64_t, 3>> bigrams;
  bigrams.reserve(merged.size());
  for (const auto& [key, count] : merged) bigrams.push_back({key >> 32, key & 0xFFFFFFFF, count});
  std::sort(bigrams.begin(), bigrams.end());
  std::vector<int> order(items);
  std::iota(order.begin(), order.end(), 0);
  int fine_classes = std::min(options.fine_classes, items);
  std::vector<int> fine = ExchangeClusters(items, order, bigrams, fine_classes, options.passes,
                                           options.log);

  // The coarse level: the same criterion over the bigrams of fine classes.
  std::map<std::pair<uint64_t, uint64_t>, uint64_t> class_bigrams;
  std::vector<uint64_t> class_count(fine_classes, 0);
  for (const auto& b : bigrams) {
    uint64_t l = b[0] == static_cast<uint64_t>(edge) ? fine_classes : fine[b[0]];
    uint64_t r = b[1] == static_cast<uint64_t>(edge) ? fine_classes : fine[b[1]];
    class_bigrams[{l, r}] += b[2];
    if (l < static_cast<uint64_t>(fine_classes)) class_count[l] += b[2];
  }
  std::vector<std::array<uint64_t, 3>> coarse_bigrams;
  for (const auto& [key, count] : class_bigrams) coarse_bigrams.push_back({key.first, key.second, count});
  std::vector<int> class_order(fine_classes);
  std::iota(class_order.begin(), class_order.end(), 0);
  std::stable_sort(class_order.begin(), class_order.end(),
                   [&](int a, int b) { return class_count[a] > class_count[b]; });
  std::vector<int> coarse = ExchangeClusters(fine_classes, class_order, coarse_bigrams,
                                             std::min(options.coarse_classes, fine_classes),
                                             options.passes, options.log);
  for (size_t i = 0; i < kept.size(); ++i) {
    int cls = fine[i];
    clusters.Add(StringHash(words_[kept[i]]),
                 ClusterIds{static_cast<uint16_t>(cls + 1), static_cast<uint16_t>(coarse[cls] + 1)});
  }
  return clusters;
}

}  // namespace kg::ingest
