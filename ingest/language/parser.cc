#include "ingest/language/parser.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "ingest/language/arc_eager.h"
#include "ingest/language/beam_search.h"
#include "ingest/language/model_io.h"
#include "ingest/language/parser_features.h"
#include "ingest/language/relabel_features.h"

namespace kg::ingest {
namespace {

constexpr uint8_t kClustersSection = 1;
constexpr uint8_t kRelabelSection = 2;
constexpr uint8_t kLabelMarginSection = 3;

// One hash for a whole feature vector (order matters, as it is fixed).
uint64_t FeaturesKey(const std::vector<uint64_t>& features) {
  return StringHash(std::string_view(reinterpret_cast<const char*>(features.data()),
                                     features.size() * sizeof(uint64_t)));
}

int IndexOf(const std::vector<std::string>& v, const std::string& s, int otherwise) {
  auto it = std::find(v.begin(), v.end(), s);
  return it == v.end() ? otherwise : static_cast<int>(it - v.begin());
}

}  // namespace

// The first pass's relation scores of arcs, remembered by a hash of their
// features: beam items share most of their history, so the search scores
// the same arc in the same context several times, and Relabel replays the
// best item's arcs.
class ArcLabelScorer {
 public:
  // `never_given` is a relation the search never gives a new arc (root).
  ArcLabelScorer(const ParserInput& input, const LinearModel& relations, int never_given)
      : input_(input),
        relations_(relations),
        num_labels_(static_cast<size_t>(relations.num_classes())),
        never_given_(never_given) {}

  // The best relation for the arc head -> dependent about to be added in
  // `state`.
  int Best(const ParseState& state, int head, int dependent) {
    return entries_[Find(state, head, dependent)].best;
  }
  // Every relation's score for that arc (valid until the next call).
  const float* Scores(const ParseState& state, int head, int dependent) {
    return &scores_[entries_[Find(state, head, dependent)].offset];
  }
  // How far the best relation's score is ahead of the runner-up's.
  float Margin(const ParseState& state, int head, int dependent) {
    Entry& entry = entries_[Find(state, head, dependent)];
    if (entry.margin < 0) {
      const float* scores = &scores_[entry.offset];
      float runner_up = -std::numeric_limits<float>::infinity();
      for (size_t l = 0; l < num_labels_; ++l) {
        const int label = static_cast<int>(l);
        if (label != entry.best && label != never_given_ && scores[l] > runner_up) {
          runner_up = scores[l];
        }
      }
      entry.margin = std::isfinite(runner_up) ? scores[entry.best] - runner_up : 0.0f;
    }
    return entry.margin;
  }

 private:
  struct Entry {
    size_t offset;
    int best;
    float margin;  // < 0 until first asked for
  };

  size_t Find(const ParseState& state, int head, int dependent) {
    LabelFeatures(input_, state, head, dependent, &features_);
    auto [it, added] = index_.try_emplace(FeaturesKey(features_), entries_.size());
    if (added) {
      const size_t offset = scores_.size();
      scores_.resize(offset + num_labels_, 0.0f);
      relations_.Score(features_.data(), features_.size(), &scores_[offset]);
      entries_.push_back({offset, BestOf(&scores_[offset]), -1});
    }
    return it->second;
  }

  // The root relation is only ever given by ParseState::Finish.
  int BestOf(const float* scores) const {
    float best = -std::numeric_limits<float>::infinity();
    int best_label = 0;
    for (size_t l = 0; l < num_labels_; ++l) {
      const int label = static_cast<int>(l);
      if (label != never_given_ && scores[l] > best) {
        best = scores[l];
        best_label = label;
      }
    }
    return best_label;
  }

  const ParserInput& input_;
  const LinearModel& relations_;
  size_t num_labels_;
  int never_given_;
  std::vector<uint64_t> features_;
  std::unordered_map<uint64_t, size_t> index_;
  std::vector<Entry> entries_;
  std::vector<float> scores_;
};

Parser::Parser(std::vector<std::string> tags, std::vector<std::string> labels, LinearModel moves,
               LinearModel relations, int beam_width, WordClusters clusters,
               LinearModel relabels)
    : tags_(std::move(tags)),
      labels_(std::move(labels)),
      moves_(std::move(moves)),
      relations_(std::move(relations)),
      relabels_(std::move(relabels)),
      beam_width_(std::max(1, beam_width)),
      clusters_(std::move(clusters)) {
  for (size_t i = 0; i < tags_.size(); ++i) tag_ids_.emplace(tags_[i], static_cast<int>(i));
  root_label_ = IndexOf(labels_, "root", 0);
  fallback_label_ = IndexOf(labels_, "parataxis", root_label_);
}

Result<std::unique_ptr<Parser>> Parser::Load(const std::string& path) {
  Result<std::string> payload = ReadModelFile(path, ModelKind::kParser);
  if (!payload.ok()) return payload.status();
  return Decode(*payload, path);
}

Result<std::unique_ptr<Parser>> Parser::Decode(std::string_view payload, const std::string& name) {
  PayloadReader in(payload, name);
  std::vector<std::string> tags, labels;
  LinearModel moves, relations, relabels;
  float relabel_weight = 1.0f;
  float label_margin_weight = 0.0f;
  uint32_t beam_width = 1;
  Status s = in.Strings(&tags);
  if (s.ok()) s = in.Strings(&labels);
  if (s.ok()) s = in.U32(&beam_width);
  if (s.ok()) s = moves.Load(&in);
  if (s.ok()) s = relations.Load(&in);
  // Optional sections, each behind its id: word classes, the relabeller.
  WordClusters clusters;
  while (s.ok() && in.remaining() > 0) {
    uint8_t section = 0;
    s = in.U8(&section);
    if (!s.ok()) break;
    if (section == kClustersSection) {
      s = clusters.Load(&in);
    } else if (section == kLabelMarginSection) {
      s = in.F32(&label_margin_weight);
      if (s.ok() && !(label_margin_weight >= 0 && label_margin_weight <= 1000)) {
        s = in.Corrupt("label margin weight out of range");
      }
    } else if (section == kRelabelSection) {
      s = relabels.Load(&in);
      if (s.ok()) s = in.F32(&relabel_weight);
      if (s.ok() && !(relabel_weight >= 0 && relabel_weight <= 1000)) {
        s = in.Corrupt("relabeller weight out of range");
      }
    } else {
      s = in.Corrupt("unknown section " + std::to_string(section) + " in the parser model");
    }
  }
  if (!s.ok()) return s;
  if (moves.num_classes() != kNumMoves || relations.num_classes() != static_cast<int>(labels.size()) ||
      labels.empty() || labels.size() > 64 || beam_width == 0 || beam_width > 64 ||
      (relabels.num_classes() != 0 && relabels.num_classes() != static_cast<int>(labels.size()))) {
    return Status::Corruption(name + ": parser weights, moves and labels disagree");
  }
  auto parser = std::make_unique<Parser>(std::move(tags), std::move(labels), std::move(moves),
                                         std::move(relations), static_cast<int>(beam_width),
                                         std::move(clusters), std::move(relabels));
  parser->set_relabel_weight(relabel_weight);
  parser->set_label_margin_weight(label_margin_weight);
  return parser;
}

std::string Parser::Encode() const {
  PayloadWriter out;
  out.Strings(tags_);
  out.Strings(labels_);
  out.U32(static_cast<uint32_t>(beam_width_));
  moves_.Save(&out);
  relations_.Save(&out);
  if (!clusters_.empty()) {
    out.U8(kClustersSection);
    clusters_.Save(&out);
  }
  if (relabels_.num_classes() != 0) {
    out.U8(kRelabelSection);
    relabels_.Save(&out);
    out.F32(relabel_weight_);
  }
  if (label_margin_weight_ > 0) {
    out.U8(kLabelMarginSection);
    out.F32(label_margin_weight_);
  }
  return out.Take();
}

Status Parser::Save(const std::string& path) const {
  return WriteModelFile(path, ModelKind::kParser, Encode());
}

int Parser::TagId(std::string_view upos, std::string_view xpos) const {
  std::string key;
  key.reserve(upos.size() + xpos.size() + 1);
  key.append(upos).push_back('\t');
  key.append(xpos);
  auto it = tag_ids_.find(key);
  return it == tag_ids_.end() ? static_cast<int>(tags_.size()) : it->second;
}

void Parser::Parse(const std::vector<std::string_view>& forms, const std::vector<int>& tag_ids,
                   std::vector<int>* heads, std::vector<int>* labels) const {
  ParserInput input;
  input.Assign(forms, tag_ids, clusters_);
  std::vector<uint64_t> features, pair_features;
  // Beam items share most of their history, so several of them often score
  // the same configuration: each decision is remembered by a hash of its
  // features (equal features give equal scores). The features that depend
  // only on the words at s0 and n0 are scored once per pair.
  std::unordered_map<uint64_t, std::array<float, kNumMoves>> move_memo, pair_memo;
  ArcLabelScorer arc_labels(input, relations_, root_label_);
  auto score = [&](const ParseState& state, float* scores) {
    features.clear();
    StateFeatures(input, state, &features);
    const int s0 = state.s0(), n0 = state.b(0);
    const uint64_t pair = static_cast<uint64_t>(s0 + 1) << 32 | static_cast<uint32_t>(n0 + 1);
    auto [it, added] = move_memo.try_emplace(FeatureHash(FeaturesKey(features), pair));
    if (added) {
      auto [pair_it, pair_added] = pair_memo.try_emplace(pair);
      if (pair_added) {
        pair_features.clear();
        PairFeatures(input, s0, n0, &pair_features);
        pair_it->second.fill(0.0f);
        moves_.Score(pair_features.data(), pair_features.size(), pair_it->second.data());
      }
      it->second = pair_it->second;
      moves_.Score(features.data(), features.size(), it->second.data());
    }
    for (int m = 0; m < kNumMoves; ++m) scores[m] += it->second[m];
  };
  auto label = [&](const ParseState& state, int h, int d) { return arc_labels.Best(state, h, d); };
  ParseState state;
  std::vector<std::pair<Move, int>> history;
  if (beam_width_ > 1) {
    Beam beam;
    beam.Init(input.size());
    while (!beam.Done()) beam.Advance(beam_width_, score, label, nullptr);
    const BeamItem& chosen = label_margin_weight_ > 0 ? MostConfident(input, beam, arc_labels)
                                                      : beam.Best();
    state = chosen.state;
    history = chosen.history;
  } else {
    state.Init(input.size());
    while (!state.Terminal()) {
      float scores[kNumMoves] = {0, 0, 0, 0};
      score(state, scores);
      int best = -1;
      for (int m = 0; m < kNumMoves; ++m) {
        if (state.Valid(static_cast<Move>(m)) && (best < 0 || scores[m] > scores[best])) best = m;
      }
      Move move = static_cast<Move>(best);
      int arc_label = 0;
      if (move == Move::kLeft || move == Move::kRight) {
        int h = move == Move::kLeft ? state.b(0) : state.s0();
        int d = move == Move::kLeft ? state.s0() : state.b(0);
        arc_label = label(state, h, d);
      }
      state.Apply(move, arc_label);
      history.emplace_back(move, arc_label);
    }
  }
  state.Finish(root_label_, fallback_label_);
  *heads = state.head;
  *labels = state.label;
  if (relabels_.num_classes() != 0 && relabel_weight_ > 0) {
    Relabel(input, history, *heads, arc_labels, labels);
  }
}

const BeamItem& Parser::MostConfident(const ParserInput& input, const Beam& beam,
                                      ArcLabelScorer& arc_labels) const {
  const BeamItem* chosen = nullptr;
  double chosen_score = -std::numeric_limits<double>::infinity();
  for (const BeamItem& item : beam.items()) {
    // The margins of the item's arcs, in the states they were added in:
    // the search labelled every one of them already.
    double margins = 0;
    ParseState state;
    state.Init(input.size());
    for (auto [move, arc_label] : item.history) {
      if (move == Move::kLeft || move == Move::kRight) {
        const int h = move == Move::kLeft ? state.b(0) : state.s0();
        const int d = move == Move::kLeft ? state.s0() : state.b(0);
        margins += arc_labels.Margin(state, h, d);
      }
      state.Apply(move, arc_label);
    }
    const double total = item.score + label_margin_weight_ * margins;
    if (chosen == nullptr || total > chosen_score) {
      chosen = &item;
      chosen_score = total;
    }
  }
  return *chosen;
}

void Parser::Relabel(const ParserInput& input, const std::vector<std::pair<Move, int>>& history,
                     const std::vector<int>& heads, ArcLabelScorer& first_pass,
                     std::vector<int>* labels) const {
  const int n = input.size();
  const size_t num_labels = labels_.size();
  // The first pass's scores of each arc, in the state it was added in: the
  // search scored every one of them already.
  std::vector<float> scores(static_cast<size_t>(n) * num_labels, 0.0f);
  std::vector<uint64_t> features;
  ParseState state;
  state.Init(n);
  for (auto [move, arc_label] : history) {
    if (move == Move::kLeft || move == Move::kRight) {
      int h = move == Move::kLeft ? state.b(0) : state.s0();
      int d = move == Move::kLeft ? state.s0() : state.b(0);
      const float* first = first_pass.Scores(state, h, d);
      std::copy(first, first + num_labels, &scores[d * num_labels]);
    }
    state.Apply(move, arc_label);
  }
  LabelledTree tree;
  tree.Assign(heads, *labels);
  std::vector<float> second(num_labels);
  for (int d = 0; d < n; ++d) {
    if (heads[d] < 0) continue;
    RelabelFeatures(input, tree, d, &features);
    std::fill(second.begin(), second.end(), 0.0f);
    relabels_.Score(features.data(), features.size(), second.data());
    float* total = &scores[d * num_labels];
    for (size_t l = 0; l < num_labels; ++l) total[l] += relabel_weight_ * second[l];
    total[root_label_] = -std::numeric_limits<float>::infinity();
    (*labels)[d] = static_cast<int>(std::max_element(total, total + num_labels) - total);
  }
}

void Parser::ParseSentence(Sentence* sentence) const {
  std::vector<std::string_view> forms;
  std::vector<int> tag_ids;
  for (const Token& t : sentence->tokens) {
    forms.push_back(t.form);
    tag_ids.push_back(TagId(t.upos, t.xpos));
  }
  std::vector<int> heads, labels;
  Parse(forms, tag_ids, &heads, &labels);
  for (size_t i = 0; i < heads.size(); ++i) {
    sentence->tokens[i].head = heads[i];
    sentence->tokens[i].deprel = labels_[labels[i]];
  }
}

}  // namespace kg::ingest
