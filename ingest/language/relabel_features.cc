#include "ingest/language/relabel_features.h"

#include "ingest/language/perceptron.h"

namespace kg::ingest {
namespace {

constexpr uint64_t kNone = kNoFeatureValue;

uint64_t Bit(int label) { return label >= 0 && label < 64 ? uint64_t{1} << label : 0; }

}  // namespace

void LabelledTree::Assign(const std::vector<int>& heads, const std::vector<int>& labels) {
  head = heads;
  label = labels;
  children.assign(heads.size(), {});
  for (size_t i = 0; i < heads.size(); ++i) {
    if (heads[i] >= 0) children[heads[i]].push_back(static_cast<int>(i));
  }
}

// Template ids start at 200, clear of the move and label templates.
void RelabelFeatures(const ParserInput& in, const LabelledTree& tree, int d,
                     std::vector<uint64_t>* out) {
  out->clear();
  const int n = tree.size();
  auto w = [&](int i) { return i < 0 || i >= n ? kNone : in.word[i]; };
  auto p = [&](int i) { return i < 0 || i >= n ? kNone : in.tag[i]; };
  auto l = [&](int i) { return i < 0 || i >= n ? kNone : static_cast<uint64_t>(tree.label[i]); };
  const int h = tree.head[d];
  const uint64_t dir = d < h ? 1 : 2, dist = DistanceBucket(h - d);
  const uint64_t hw = w(h), hp = p(h), dw = w(d), dp = p(d);
  uint64_t t = 200;
  auto add = [&](uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    out->push_back(FeatureHash(++t, a, b, c));
  };
  // The arc itself.
  add(dp, dir); add(hp, dp, dir); add(dw, dir); add(hw, dp, dir);
  add(FeatureHash(0, dp, hp), dir, dist); add(dw, hp, dir); add(hw, dw, dir); add(hp, dir);
  // The dependent's own dependents, all known now: which relations it
  // governs and the words that open and close it ("to", "that", "by", ",").
  const std::vector<int>& kids = tree.children[d];
  uint64_t kid_labels = 0;
  for (int c : kids) kid_labels |= Bit(tree.label[c]);
  const int first = kids.empty() ? -1 : kids.front();
  const int second = kids.size() < 2 ? -1 : kids[1];
  const int last = kids.empty() ? -1 : kids.back();
  add(dp, kid_labels); add(dp, kid_labels, dir); add(hp, dp, kid_labels);
  add(dp, w(first), l(first)); add(FeatureHash(0, dp, hp), w(first), l(first));
  add(dp, w(second), l(second)); add(dp, l(last), p(last));
  add(dp, static_cast<uint64_t>(kids.size() < 4 ? kids.size() : 4), dir);
  // The head's other dependents: a later object makes the first "iobj", a
  // subject beside a clause tells "ccomp" from "xcomp".
  const std::vector<int>& sibs = tree.children[h];
  uint64_t sib_labels = 0, right_labels = 0;
  int left_sib = -1, right_sib = -1;
  for (int c : sibs) {
    if (c == d) continue;
    sib_labels |= Bit(tree.label[c]);
    if (c > d) right_labels |= Bit(tree.label[c]);
    if (c < d) left_sib = c;
    if (c > d && right_sib < 0) right_sib = c;
  }
  add(hp, sib_labels, dir); add(dp, hp, sib_labels); add(dp, right_labels, dir);
  add(dp, l(left_sib), p(left_sib)); add(dp, l(right_sib), p(right_sib));
  add(dp, l(left_sib), w(left_sib)); add(hp, dp, FeatureHash(0, l(right_sib), p(right_sib)));
  // The head's own place in the tree.
  add(l(h), hp, dp); add(p(h >= 0 ? tree.head[h] : -1), hp, dp);
  // Neighbours and the word's ending (an "-ian" adjective tagged NOUN).
  add(dp, p(d - 1), p(d + 1)); add(dp, in.suffix[d], dir); add(in.suffix[d], hp, dir);
  if (in.cluster.empty()) return;
  auto fine = [&](int i) { return i < 0 || i >= n ? kNone : in.cluster[i].fine; };
  auto coarse = [&](int i) { return i < 0 || i >= n ? kNone : in.cluster[i].coarse; };
  add(fine(d), dp, dir); add(fine(h), dp, dir); add(coarse(d), coarse(h), dir);
}

}  // namespace kg::ingest
