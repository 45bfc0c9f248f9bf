#include "ingest/language/parser_features.h"

#include <algorithm>

#include "ingest/language/perceptron.h"
#include "ingest/language/word_features.h"

namespace kg::ingest {
namespace {

constexpr uint64_t kNone = kNoFeatureValue;

struct Slot {
  uint64_t w = kNone, p = kNone, l = kNone;
};

}  // namespace

uint64_t DistanceBucket(int d) {
  if (d < 0) d = -d;
  if (d <= 4) return static_cast<uint64_t>(d);
  if (d <= 6) return 5;
  if (d <= 9) return 6;
  return 7;
}

void ParserInput::Assign(const std::vector<std::string_view>& forms, const std::vector<int>& tags,
                         const WordClusters& clusters) {
  word.resize(forms.size());
  tag.resize(forms.size());
  suffix.resize(forms.size());
  cluster.clear();
  for (size_t i = 0; i < forms.size(); ++i) {
    const std::string lower = NormaliseWord(forms[i]);
    word[i] = StringHash(lower);
    suffix[i] = StringHash(std::string_view(lower).substr(lower.size() < 3 ? 0 : lower.size() - 3));
    tag[i] = static_cast<uint64_t>(tags[i]) + 1;
    if (!clusters.empty()) cluster.push_back(clusters.Find(word[i]));
  }
}

// Template ids are fixed numbers: the trained weights are keyed by them.
void PairFeatures(const ParserInput& in, int s0i, int n0i, std::vector<uint64_t>* out) {
  auto word = [&](int i) { return i < 0 || i >= in.size() ? kNone : in.word[i]; };
  auto tag = [&](int i) { return i < 0 || i >= in.size() ? kNone : in.tag[i]; };
  // The buffer is contiguous: n1 and n2 follow n0.
  int n1i = n0i >= 0 && n0i + 1 < in.size() ? n0i + 1 : -1;
  int n2i = n1i >= 0 && n1i + 1 < in.size() ? n1i + 1 : -1;
  Slot s0{word(s0i), tag(s0i)}, n0{word(n0i), tag(n0i)}, n1{word(n1i), tag(n1i)},
      n2{word(n2i), tag(n2i)};
  uint64_t dist = s0i >= 0 && n0i >= 0 ? DistanceBucket(n0i - s0i) : 99;
  auto add = [&](uint64_t id, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    out->push_back(FeatureHash(id, a, b, c));
  };
  // Single words.
  add(1, s0.w, s0.p); add(2, s0.w); add(3, s0.p);
  add(4, n0.w, n0.p); add(5, n0.w); add(6, n0.p);
  add(7, n1.w, n1.p); add(8, n1.w); add(9, n1.p);
  add(10, n2.w, n2.p); add(11, n2.w); add(12, n2.p);
  // Word pairs.
  add(13, s0.w, s0.p, FeatureHash(0, n0.w, n0.p)); add(14, s0.w, s0.p, n0.w);
  add(15, s0.w, n0.w, n0.p); add(16, s0.w, s0.p, n0.p); add(17, s0.p, n0.w, n0.p);
  add(18, s0.w, n0.w); add(19, s0.p, n0.p); add(20, n0.p, n1.p);
  // Three words.
  add(21, n0.p, n1.p, n2.p); add(22, s0.p, n0.p, n1.p);
  // Distance.
  add(27, s0.w, dist); add(28, s0.p, dist); add(29, n0.w, dist); add(30, n0.p, dist);
  add(31, s0.w, n0.w, dist); add(32, s0.p, n0.p, dist);
  // The word before n0.
  add(75, tag(n0i > 0 ? n0i - 1 : -1), n0.p, s0.p);
  if (in.cluster.empty()) return;
  auto fine = [&](int i) { return i < 0 ? kNone : in.cluster[i].fine; };
  auto coarse = [&](int i) { return i < 0 ? kNone : in.cluster[i].coarse; };
  uint64_t s0f = fine(s0i), n0f = fine(n0i), n1f = fine(n1i);
  uint64_t s0c = coarse(s0i), n0c = coarse(n0i), n1c = coarse(n1i);
  add(77, s0f, s0.p); add(78, n0f, n0.p); add(79, n1f, n1.p);
  add(81, s0f, n0f); add(82, s0f, s0.p, n0.p); add(83, s0.p, n0f, n0.p);
  add(84, s0c, n0c, n1c); add(85, s0c, n0c, dist); add(86, s0c, n0.p, n1c);
}

void StateFeatures(const ParserInput& in, const ParseState& st, std::vector<uint64_t>* out) {
  auto slot = [&](int i) {
    Slot s;
    if (i >= 0) {
      s.w = in.word[i];
      s.p = in.tag[i];
      s.l = st.label[i] < 0 ? kNone : static_cast<uint64_t>(st.label[i]);
    }
    return s;
  };
  auto at = [](const std::vector<int>& v, int i) { return i < 0 ? -1 : v[i]; };
  int s0i = st.s0(), n0i = st.b(0);
  Slot s0 = slot(s0i), n0 = slot(n0i);
  int s0h_i = at(st.head, s0i);
  Slot s0h = slot(s0h_i), s0h2 = slot(at(st.head, s0h_i));
  Slot s0l = slot(at(st.left1, s0i)), s0r = slot(at(st.right1, s0i));
  Slot s0l2 = slot(at(st.left2, s0i)), s0r2 = slot(at(st.right2, s0i));
  Slot n0l = slot(at(st.left1, n0i)), n0l2 = slot(at(st.left2, n0i));
  uint64_t s0vl = s0i >= 0 ? st.left_count[s0i] : 99, s0vr = s0i >= 0 ? st.right_count[s0i] : 99;
  uint64_t n0vl = n0i >= 0 ? st.left_count[n0i] : 99;
  uint64_t s0sl = s0i >= 0 ? st.left_labels[s0i] : 99, s0sr = s0i >= 0 ? st.right_labels[s0i] : 99;
  uint64_t n0sl = n0i >= 0 ? st.left_labels[n0i] : 99;
  auto add = [&](uint64_t id, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    out->push_back(FeatureHash(id, a, b, c));
  };
  // Three words, with heads and children.
  add(23, s0h.p, s0.p, n0.p); add(24, s0.p, s0l.p, n0.p); add(25, s0.p, s0r.p, n0.p);
  add(26, s0.p, n0.p, n0l.p);
  // Valency.
  add(33, s0.w, s0vr); add(34, s0.p, s0vr); add(35, s0.w, s0vl); add(36, s0.p, s0vl);
  add(37, n0.w, n0vl); add(38, n0.p, n0vl);
  // Unigrams of heads and children.
  add(39, s0h.w); add(40, s0h.p); add(41, s0.l);
  add(42, s0l.w); add(43, s0l.p); add(44, s0l.l);
  add(45, s0r.w); add(46, s0r.p); add(47, s0r.l);
  add(48, n0l.w); add(49, n0l.p); add(50, n0l.l);
  // Third order.
  add(51, s0h2.w); add(52, s0h2.p); add(53, s0h.l);
  add(54, s0l2.w); add(55, s0l2.p); add(56, s0l2.l);
  add(57, s0r2.w); add(58, s0r2.p); add(59, s0r2.l);
  add(60, n0l2.w); add(61, n0l2.p); add(62, n0l2.l);
  add(63, s0.p, s0l.p, s0l2.p); add(64, s0.p, s0r.p, s0r2.p);
  add(65, s0.p, s0h.p, s0h2.p); add(66, n0.p, n0l.p, n0l2.p);
  // Label sets.
  add(67, s0.w, s0sr); add(68, s0.p, s0sr); add(69, s0.w, s0sl); add(70, s0.p, s0sl);
  add(71, n0.w, n0sl); add(72, n0.p, n0sl);
  // Extras beyond Zhang and Nivre: the word below s0 (punctuation and
  // coordination) and whether s0 already has a head.
  Slot s1 = slot(st.s1());
  add(73, s1.p, s0.p, n0.p); add(74, s1.w, s0.p, n0.p);
  add(76, s0.p, n0.p, s0i >= 0 ? static_cast<uint64_t>(st.head[s0i] >= 0) : 2);
  if (in.cluster.empty()) return;
  // Word classes in place of words (Koo et al. 2008): fine classes where
  // words were used, coarse ones where tags were.
  auto fine = [&](int i) { return i < 0 ? kNone : in.cluster[i].fine; };
  auto coarse = [&](int i) { return i < 0 ? kNone : in.cluster[i].coarse; };
  uint64_t s0c = coarse(s0i), n0c = coarse(n0i);
  add(80, fine(s0h_i), s0h.p);
  add(87, coarse(at(st.left1, s0i)), s0c, n0c); add(88, s0c, coarse(at(st.right1, s0i)), n0c);
  add(89, coarse(at(st.left1, n0i)), n0c, s0c); add(90, coarse(s0h_i), s0c, n0c);
}

void MoveFeatures(const ParserInput& in, const ParseState& st, std::vector<uint64_t>* out) {
  out->clear();
  PairFeatures(in, st.s0(), st.b(0), out);
  StateFeatures(in, st, out);
}

void LabelFeatures(const ParserInput& in, const ParseState& st, int h, int d,
                   std::vector<uint64_t>* out) {
  out->clear();
  auto w = [&](int i) { return i < 0 || i >= in.size() ? kNone : in.word[i]; };
  auto p = [&](int i) { return i < 0 || i >= in.size() ? kNone : in.tag[i]; };
  auto l = [&](int i) { return i < 0 || st.label[i] < 0 ? kNone : static_cast<uint64_t>(st.label[i]); };
  uint64_t dir = d < h ? 1 : 2;
  uint64_t dist = DistanceBucket(h - d);
  uint64_t t = 100;
  auto add = [&](uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    out->push_back(FeatureHash(++t, a, b, c));
  };
  uint64_t hw = w(h), hp = p(h), dw = w(d), dp = p(d);
  add(0);
  add(hw, dir); add(hp, dir); add(dw, dir); add(dp, dir);
  add(hp, dp, dir); add(hw, dp, dir); add(hp, dw, dir); add(hw, dw, dir);
  add(hp, dp, FeatureHash(0, dir, dist)); add(dp, dist, dir);
  // The dependent's own children: "by" marks obl:agent, "to" purpose clauses.
  int dl = st.left1[d], dr = st.right1[d];
  add(dp, w(dl), p(dl)); add(dp, l(dl)); add(dp, l(dr), p(dr));
  add(dp, st.left_labels[d], dir); add(dp, st.right_labels[d]);
  add(hp, dp, w(dl));
  // The head's children so far: an aux:pass child makes the subject nsubj:pass.
  add(hp, st.left_labels[h], FeatureHash(0, dp, dir)); add(hw, st.left_labels[h], dir);
  add(hp, l(st.left1[h]), dp); add(hp, l(st.right1[h]), dp);
  add(hp, st.right_labels[h], FeatureHash(0, dp, dir));
  // The head's own relation and its head.
  add(l(h), dp, dir); add(l(h), hp, dp); add(p(st.head[h]), hp, dp);
  // Neighbours.
  add(dp, p(d - 1), p(d + 1)); add(hp, p(h - 1), p(h + 1)); add(dp, hp, p(d + 1));
  add(dp, hp, p(d - 1));
  if (in.cluster.empty()) return;
  auto fine = [&](int i) { return i < 0 || i >= in.size() ? kNone : in.cluster[i].fine; };
  auto coarse = [&](int i) { return i < 0 || i >= in.size() ? kNone : in.cluster[i].coarse; };
  add(fine(h), dp, dir); add(hp, fine(d), dir); add(coarse(h), coarse(d), dir);
  add(fine(h), fine(d), dir); add(coarse(h), dp, FeatureHash(0, dir, dist));
}

}  // namespace kg::ingest
