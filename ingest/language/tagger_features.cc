#include "ingest/language/tagger_features.h"

#include "ingest/language/perceptron.h"

namespace kg::ingest {
namespace {

// Template ids; values are only ever appended so old models stay readable.
enum Template : uint64_t {
  kBias = 1, kLower, kForm, kPrefix1, kPrefix2, kPrefix3, kSuffix1, kSuffix2, kSuffix3,
  kSuffix4, kShape, kFlags, kFirstCap, kPrev, kPrev2, kPrevPrev2, kPrevLower, kLeft1,
  kLeft1Suffix, kLeft2, kRight1, kRight1Suffix, kRight2, kAmb0, kAmb1, kAmb2, kAmbLeft,
  kPrevAmb1, kLeft1Lower0, kLower0Right1, kShapePrev, kFormAmb, kFormAmbTitle, kShapeLeft,
  kShapeRight, kRight2Suffix, kLeft2Suffix, kUnknownShape, kUnknownSuffix, kPrevRight1,
  kLowerAmbRight, kRight1Shape, kNext1, kNext2, kNext12, kPrevNext1, kLowerNext1, kFirst0,
  kFirst0Next1, kSuffixNext1, kNext1Right1, kPrevFirst0, kFine0, kCoarse0, kFineLeft1,
  kFineRight1, kCoarseContext, kPrevCoarse0, kFineShape, kCoarseNext1,
};

constexpr uint64_t kOutside = 0x5EED;  // value of a word before/after the sentence

}  // namespace

void TaggerLexicon::Save(PayloadWriter* out) const {
  out->Strings(upos);
  out->Strings(xpos);
  out->U64(unambiguous.size());
  for (const auto& [k, v] : unambiguous) {
    out->U64(k);
    out->I32(v);
  }
  out->U64(ambiguity.size());
  for (const auto& [k, v] : ambiguity) {
    out->U64(k);
    out->U64(v);
  }
  out->U64(form_ambiguity.size());
  for (const auto& [k, v] : form_ambiguity) {
    out->U64(k);
    out->U64(v);
  }
  clusters.Save(out);
}

namespace {

Status LoadHashMap(PayloadReader* in, std::unordered_map<uint64_t, uint64_t>* map) {
  uint64_t n = 0;
  KG_RETURN_IF_ERROR(in->U64(&n));
  if (n > in->remaining() / 16) return in->Truncated();
  map->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t k = 0, v = 0;
    KG_RETURN_IF_ERROR(in->U64(&k));
    KG_RETURN_IF_ERROR(in->U64(&v));
    map->emplace(k, v);
  }
  return Status::Ok();
}

}  // namespace

Status TaggerLexicon::Load(PayloadReader* in) {
  KG_RETURN_IF_ERROR(in->Strings(&upos));
  KG_RETURN_IF_ERROR(in->Strings(&xpos));
  if (upos.size() != xpos.size() || upos.empty()) {
    return in->Corrupt("empty or mismatched tag set");
  }
  uint64_t n = 0;
  KG_RETURN_IF_ERROR(in->U64(&n));
  if (n > in->remaining() / 12) return in->Truncated();
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t k = 0;
    int32_t v = 0;
    KG_RETURN_IF_ERROR(in->U64(&k));
    KG_RETURN_IF_ERROR(in->I32(&v));
    if (v < 0 || v >= num_tags()) return in->Corrupt("tag id out of range in the dictionary");
    unambiguous.emplace(k, v);
  }
  KG_RETURN_IF_ERROR(LoadHashMap(in, &ambiguity));
  KG_RETURN_IF_ERROR(LoadHashMap(in, &form_ambiguity));
  return clusters.Load(in);
}

TaggerInput::TaggerInput(const TaggerLexicon& lexicon, const std::vector<std::string_view>& forms) {
  words_.reserve(forms.size());
  ambiguity_.reserve(forms.size());
  known_.reserve(forms.size());
  for (std::string_view form : forms) {
    words_.push_back(ComputeWordInfo(form));
    const WordInfo& w = words_.back();
    auto amb = lexicon.ambiguity.find(w.lower);
    ambiguity_.push_back(amb == lexicon.ambiguity.end() ? 0 : amb->second);
    auto form_amb = lexicon.form_ambiguity.find(w.form);
    form_ambiguity_.push_back(form_amb == lexicon.form_ambiguity.end() ? 0 : form_amb->second);
    auto known = lexicon.unambiguous.find(w.form);
    known_.push_back(known == lexicon.unambiguous.end() ? -1 : known->second);
    if (!lexicon.clusters.empty()) clusters_.push_back(lexicon.clusters.Find(w.lower));
  }
  int capitalised = 0, lettered = 0;
  for (const WordInfo& w : words_) {
    if (w.flags & kNoLetter) continue;
    ++lettered;
    capitalised += (w.flags & kInitialUpper) != 0;
  }
  title_case_ = lettered >= 4 && capitalised * 10 >= lettered * 6;
}

uint64_t TaggerInput::ambiguity(int i) const {
  if (i < 0 || i >= size()) return kOutside;
  return ambiguity_[i];
}

void TaggerInput::Features(int i, int prev, int prev2, std::vector<uint64_t>* out) const {
  out->clear();
  const WordInfo& w = words_[i];
  auto lower = [&](int j) { return j < 0 || j >= size() ? kOutside : words_[j].lower; };
  auto suffix3 = [&](int j) { return j < 0 || j >= size() ? kOutside : words_[j].suffix[2]; };
  uint64_t p1 = static_cast<uint64_t>(prev + 1), p2 = static_cast<uint64_t>(prev2 + 1);
  uint32_t flags = w.flags | (i == 0 ? 64u : 0u);
  out->push_back(FeatureHash(kBias, 0));
  out->push_back(FeatureHash(kLower, w.lower));
  out->push_back(FeatureHash(kForm, w.form));
  out->push_back(FeatureHash(kPrefix1, w.prefix[0]));
  out->push_back(FeatureHash(kPrefix2, w.prefix[1]));
  out->push_back(FeatureHash(kPrefix3, w.prefix[2]));
  out->push_back(FeatureHash(kSuffix1, w.suffix[0]));
  out->push_back(FeatureHash(kSuffix2, w.suffix[1]));
  out->push_back(FeatureHash(kSuffix3, w.suffix[2]));
  out->push_back(FeatureHash(kSuffix4, w.suffix[3]));
  out->push_back(FeatureHash(kShape, w.shape));
  out->push_back(FeatureHash(kFlags, flags));
  out->push_back(FeatureHash(kFirstCap, (w.flags & kInitialUpper) != 0, i == 0, p1));
  out->push_back(FeatureHash(kPrev, p1));
  out->push_back(FeatureHash(kPrev2, p2));
  out->push_back(FeatureHash(kPrevPrev2, p1, p2));
  out->push_back(FeatureHash(kPrevLower, p1, w.lower));
  out->push_back(FeatureHash(kLeft1, lower(i - 1)));
  out->push_back(FeatureHash(kLeft1Suffix, suffix3(i - 1)));
  out->push_back(FeatureHash(kLeft2, lower(i - 2)));
  out->push_back(FeatureHash(kRight1, lower(i + 1)));
  out->push_back(FeatureHash(kRight1Suffix, suffix3(i + 1)));
  out->push_back(FeatureHash(kRight2, lower(i + 2)));
  out->push_back(FeatureHash(kAmb0, ambiguity(i)));
  out->push_back(FeatureHash(kAmb1, ambiguity(i + 1)));
  out->push_back(FeatureHash(kAmb2, ambiguity(i + 1), ambiguity(i + 2)));
  out->push_back(FeatureHash(kAmbLeft, ambiguity(i - 1), ambiguity(i)));
  out->push_back(FeatureHash(kPrevAmb1, p1, ambiguity(i), ambiguity(i + 1)));
  out->push_back(FeatureHash(kLeft1Lower0, lower(i - 1), w.lower));
  out->push_back(FeatureHash(kLower0Right1, w.lower, lower(i + 1)));
  out->push_back(FeatureHash(kShapePrev, w.shape, p1, w.suffix[2]));
  auto shape = [&](int j) { return j < 0 || j >= size() ? kOutside : words_[j].shape; };
  auto suffix2 = [&](int j) { return j < 0 || j >= size() ? kOutside : words_[j].suffix[1]; };
  out->push_back(FeatureHash(kFormAmb, form_ambiguity_[i]));
  out->push_back(FeatureHash(kFormAmbTitle, form_ambiguity_[i], title_case_, i == 0));
  out->push_back(FeatureHash(kShapeLeft, shape(i - 1), w.shape, title_case_));
  out->push_back(FeatureHash(kShapeRight, w.shape, shape(i + 1), title_case_));
  out->push_back(FeatureHash(kRight2Suffix, suffix2(i + 2)));
  out->push_back(FeatureHash(kLeft2Suffix, suffix2(i - 2), p2));
  // Words never seen in training: what they look like decides.
  bool unknown = ambiguity_[i] == 0 && form_ambiguity_[i] == 0;
  out->push_back(FeatureHash(kUnknownShape, unknown, w.shape, FeatureHash(0, title_case_, i == 0)));
  out->push_back(FeatureHash(kUnknownSuffix, unknown, w.suffix[2], flags));
  out->push_back(FeatureHash(kPrevRight1, p1, lower(i + 1)));
  out->push_back(FeatureHash(kLowerAmbRight, w.lower, ambiguity(i + 1)));
  out->push_back(FeatureHash(kRight1Shape, shape(i + 1), ambiguity(i + 1), w.shape));
  if (clusters_.empty()) return;
  // Word classes from unlabelled text: what rare words have in common with
  // frequent ones.
  auto fine = [&](int j) { return j < 0 || j >= size() ? kOutside : clusters_[j].fine; };
  auto coarse = [&](int j) { return j < 0 || j >= size() ? kOutside : clusters_[j].coarse; };
  out->push_back(FeatureHash(kFine0, fine(i)));
  out->push_back(FeatureHash(kCoarse0, coarse(i)));
  out->push_back(FeatureHash(kFineLeft1, fine(i - 1)));
  out->push_back(FeatureHash(kFineRight1, fine(i + 1)));
  out->push_back(FeatureHash(kCoarseContext, coarse(i - 1), coarse(i), coarse(i + 1)));
  out->push_back(FeatureHash(kPrevCoarse0, p1, coarse(i)));
  out->push_back(FeatureHash(kFineShape, fine(i), w.shape, i == 0));
}

void TaggerInput::RefineFeatures(int i, int prev, int prev2, const std::vector<int>& first,
                                 std::vector<uint64_t>* out) const {
  Features(i, prev, prev2, out);
  // First-pass tag ids shifted by one so that 0 means outside the sentence.
  auto tag = [&](int j) {
    return j < 0 || j >= size() ? uint64_t{0} : static_cast<uint64_t>(first[j]) + 1;
  };
  uint64_t p1 = static_cast<uint64_t>(prev + 1);
  const WordInfo& w = words_[i];
  out->push_back(FeatureHash(kNext1, tag(i + 1)));
  out->push_back(FeatureHash(kNext2, tag(i + 2)));
  out->push_back(FeatureHash(kNext12, tag(i + 1), tag(i + 2)));
  out->push_back(FeatureHash(kPrevNext1, p1, tag(i + 1)));
  out->push_back(FeatureHash(kLowerNext1, w.lower, tag(i + 1)));
  out->push_back(FeatureHash(kFirst0, tag(i)));
  out->push_back(FeatureHash(kFirst0Next1, tag(i), tag(i + 1)));
  out->push_back(FeatureHash(kSuffixNext1, w.suffix[2], tag(i + 1)));
  out->push_back(FeatureHash(kNext1Right1, tag(i + 1), FeatureHash(0, ambiguity(i + 1))));
  out->push_back(FeatureHash(kPrevFirst0, p1, tag(i), tag(i + 1)));
  if (!clusters_.empty()) {
    out->push_back(FeatureHash(kCoarseNext1, clusters_[i].coarse, tag(i + 1)));
  }
}

}  // namespace kg::ingest
