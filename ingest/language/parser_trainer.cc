#include "ingest/language/parser_trainer.h"

#include <algorithm>
#include <initializer_list>
#include <random>
#include <set>
#include <string>

#include "ingest/language/arc_eager.h"
#include "ingest/language/beam_search.h"
#include "ingest/language/parser_features.h"
#include "ingest/language/perceptron.h"
#include "ingest/language/relabel_features.h"
#include "ingest/language/tagger_trainer.h"

namespace kg::ingest {
namespace {

std::vector<std::string_view> Forms(const ConlluSentence& s) {
  std::vector<std::string_view> forms;
  for (const ConlluWord& w : s.words) forms.push_back(w.form);
  return forms;
}

// Tag ids (in the parser's table) for each training sentence.
using TagTable = std::vector<std::string>;

int TagIndex(const TagTable& table, const std::string& upos, const std::string& xpos) {
  auto it = std::lower_bound(table.begin(), table.end(), upos + "\t" + xpos);
  if (it == table.end() || *it != upos + "\t" + xpos) return static_cast<int>(table.size());
  return static_cast<int>(it - table.begin());
}

std::vector<int> TaggedIds(const TagTable& table, const Tagger& tagger, const ConlluSentence& s) {
  std::vector<int> tags;
  tagger.Tag(Forms(s), &tags);
  for (int& t : tags) t = TagIndex(table, tagger.upos(t), tagger.xpos(t));
  return tags;
}

// Predicted tags for the training sentences: fold k is tagged by a tagger
// trained on the other folds.
std::vector<std::vector<int>> JackknifeTags(const std::vector<ConlluSentence>& train,
                                            const TagTable& table, const WordClusters& clusters,
                                            const ParserTrainerOptions& options) {
  std::vector<std::vector<int>> tags(train.size());
  int folds = options.jackknife;
  if (folds <= 1) {
    for (size_t i = 0; i < train.size(); ++i) {
      for (const ConlluWord& w : train[i].words) tags[i].push_back(TagIndex(table, w.upos, w.xpos));
    }
    return tags;
  }
  for (int k = 0; k < folds; ++k) {
    std::vector<ConlluSentence> rest;
    for (size_t i = 0; i < train.size(); ++i) {
      if (static_cast<int>(i % folds) != k) rest.push_back(train[i]);
    }
    TaggerTrainerOptions tagger_options;
    tagger_options.epochs = options.tagger_epochs;
    tagger_options.seed = options.seed + k;
    tagger_options.clusters = clusters.empty() ? nullptr : &clusters;
    auto tagger = TrainTagger(rest, {}, tagger_options);
    for (size_t i = k; i < train.size(); i += folds) {
      tags[i] = tagger.ok() ? TaggedIds(table, **tagger, train[i]) : std::vector<int>();
    }
    if (options.log) options.log("parser: tagged jackknife fold " + std::to_string(k + 1));
  }
  return tags;
}

class Trainer {
 public:
  // `clusters` must outlive the trainer.
  Trainer(const std::vector<std::string>& labels, const WordClusters& clusters,
          const ParserTrainerOptions& options)
      : labels_(labels), clusters_(clusters), options_(options), moves_(kNumMoves),
        relations_(static_cast<int>(labels.size())), relabels_(static_cast<int>(labels.size())),
        rng_(options.seed) {
    root_label_ = static_cast<int>(std::find(labels.begin(), labels.end(), "root") - labels.begin());
    fallback_label_ = static_cast<int>(std::find(labels.begin(), labels.end(), "parataxis") -
                                       labels.begin());
    if (fallback_label_ == static_cast<int>(labels.size())) fallback_label_ = root_label_;
  }

  // Loads the sentence's words and tags as parser input and returns its
  // gold tree as head and label ids per word (-1: the root).
  void Prepare(const ConlluSentence& s, const std::vector<int>& tags, std::vector<int>* gold_head,
               std::vector<int>* gold_label) {
    gold_head->resize(s.words.size());
    gold_label->resize(s.words.size());
    for (size_t i = 0; i < s.words.size(); ++i) {
      (*gold_head)[i] = s.words[i].head - 1;
      (*gold_label)[i] = LabelId(s.words[i].deprel);
    }
    input_.Assign(Forms(s), tags, clusters_);
    first_label_.assign(s.words.size(), -1);
  }

  void TrainSentence(const ConlluSentence& s, const std::vector<int>& tags, bool explore) {
    const int n = static_cast<int>(s.words.size());
    std::vector<int> gold_head, gold_label;
    Prepare(s, tags, &gold_head, &gold_label);
    state_.Init(n);
    std::uniform_real_distribution<double> coin(0, 1);
    while (!state_.Terminal()) {
      MoveFeatures(input_, state_, &features_);
      float scores[kNumMoves] = {0, 0, 0, 0};
      moves_.Score(features_.data(), features_.size(), scores);
      std::array<int, kNumMoves> cost = MoveCosts(state_, gold_head);
      int min_cost = 1 << 30;
      for (int c : cost) {
        if (c >= 0) min_cost = std::min(min_cost, c);
      }
      int guess = -1, oracle = -1;
      for (int m = 0; m < kNumMoves; ++m) {
        if (cost[m] < 0) continue;
        if (guess < 0 || scores[m] > scores[guess]) guess = m;
        if (cost[m] == min_cost && (oracle < 0 || scores[m] > scores[oracle])) oracle = m;
      }
      if (cost[guess] > min_cost) moves_.Update(features_.data(), features_.size(), oracle, guess);
      moves_.Tick();
      int chosen = explore && coin(rng_) < options_.explore ? guess : oracle;
      Move move = static_cast<Move>(chosen);
      int label = 0;
      if (move == Move::kLeft || move == Move::kRight) {
        int h = move == Move::kLeft ? state_.b(0) : state_.s0();
        int d = move == Move::kLeft ? state_.s0() : state_.b(0);
        label = TrainLabel(h, d, gold_head[d] == h ? gold_label[d] : -1);
      }
      state_.Apply(move, label);
    }
    TrainRelabel(gold_head, gold_label);
  }

  // Trains the move model along a beam of `width` with the max-violation
  // update (Huang et al. 2012): at the step where the best item outscores
  // the gold prefix by most while the gold tree is out of reach, the weights
  // move towards the gold prefix and away from that item. The label model
  // learns along the whole gold path.
  void TrainSentenceBeam(const ConlluSentence& s, const std::vector<int>& tags, int width) {
    const int n = static_cast<int>(s.words.size());
    std::vector<int> gold_head, gold_label;
    Prepare(s, tags, &gold_head, &gold_label);
    auto score = [&](const ParseState& st, float* scores) {
      MoveFeatures(input_, st, &features_);
      moves_.Score(features_.data(), features_.size(), scores);
    };
    auto label = [&](const ParseState& st, int h, int d) { return PredictLabel(st, h, d); };
    Beam beam;
    beam.Init(n);
    state_.Init(n);  // the gold path: best-scoring moves of least cost
    std::vector<std::pair<Move, int>> gold_history;
    int gold_cost = 0;
    double gold_score = 0;
    double max_violation = 0;
    size_t violation_gold_steps = 0;
    std::vector<std::pair<Move, int>> violation_history;
    while (!beam.Done() || !state_.Terminal()) {
      bool beam_moved = !beam.Done();
      if (beam_moved) {
        beam.Advance(width, score, label, &gold_head);
        moves_.Tick();
      }
      if (!state_.Terminal()) {
        float scores[kNumMoves] = {0, 0, 0, 0};
        score(state_, scores);
        std::array<int, kNumMoves> cost = MoveCosts(state_, gold_head);
        int oracle = -1;
        for (int m = 0; m < kNumMoves; ++m) {
          if (cost[m] < 0) continue;
          if (oracle < 0 || cost[m] < cost[oracle] ||
              (cost[m] == cost[oracle] && scores[m] > scores[oracle])) {
            oracle = m;
          }
        }
        gold_cost += cost[oracle];
        gold_score += scores[oracle];
        Move move = static_cast<Move>(oracle);
        int arc_label = 0;
        if (move == Move::kLeft || move == Move::kRight) {
          int h = move == Move::kLeft ? state_.b(0) : state_.s0();
          int d = move == Move::kLeft ? state_.s0() : state_.b(0);
          arc_label = TrainLabel(h, d, gold_head[d] == h ? gold_label[d] : -1);
        }
        state_.Apply(move, arc_label);
        gold_history.emplace_back(move, arc_label);
      }
      if (!beam_moved) continue;
      bool reachable = false;
      for (const BeamItem& item : beam.items()) reachable |= item.cost <= gold_cost;
      const BeamItem& best = beam.Best();
      bool wrong_end = beam.Done() && state_.Terminal() && best.cost > gold_cost;
      if ((!reachable || wrong_end) && best.score - gold_score >= max_violation) {
        max_violation = best.score - gold_score;
        violation_gold_steps = gold_history.size();
        violation_history = best.history;
      }
    }
    TrainRelabel(gold_head, gold_label);
    if (options_.relabel_on_parses) {
      ParseState parsed = beam.Best().state;
      parsed.Finish(root_label_, fallback_label_);
      TrainRelabelTree(parsed.head, parsed.label, gold_head, gold_label);
    }
    if (violation_gold_steps == 0) return;
    gold_history.resize(violation_gold_steps);
    UpdateAlong(n, gold_history, 1.0f);
    UpdateAlong(n, violation_history, -1.0f);
  }

  std::unique_ptr<Parser> Build(const std::vector<std::string>& tags) const {
    return std::make_unique<Parser>(tags, labels_, moves_.Average(options_.prune),
                                    relations_.Average(options_.prune), options_.beam, clusters_,
                                    relabels_.Average(options_.prune));
  }

 private:
  int LabelId(const std::string& deprel) const {
    return static_cast<int>(std::lower_bound(labels_.begin(), labels_.end(), deprel) -
                            labels_.begin());
  }

  // Replays `history` from the initial state, adding `delta` to the weight
  // of each move for the features of the state it was taken in.
  void UpdateAlong(int n, const std::vector<std::pair<Move, int>>& history, float delta) {
    ParseState st;
    st.Init(n);
    for (auto [move, arc_label] : history) {
      MoveFeatures(input_, st, &features_);
      moves_.AddWeight(features_.data(), features_.size(), static_cast<int>(move), delta);
      st.Apply(move, arc_label);
    }
  }

  int PredictLabel(const ParseState& st, int h, int d) {
    LabelFeatures(input_, st, h, d, &label_features_);
    scores_.assign(labels_.size(), 0.0f);
    relations_.Score(label_features_.data(), label_features_.size(), scores_.data());
    scores_[root_label_] = -1e30f;
    return static_cast<int>(std::max_element(scores_.begin(), scores_.end()) - scores_.begin());
  }

  // Predicts the relation of h -> d, learning from `gold` (-1 when the arc
  // itself is wrong); returns the gold relation when known, else the guess.
  int TrainLabel(int h, int d, int gold) {
    LabelFeatures(input_, state_, h, d, &features_);
    scores_.assign(labels_.size(), 0.0f);
    relations_.Score(features_.data(), features_.size(), scores_.data());
    scores_[root_label_] = -1e30f;
    int guess = static_cast<int>(std::max_element(scores_.begin(), scores_.end()) - scores_.begin());
    first_label_[d] = guess;
    if (gold < 0) return guess;
    relations_.Update(features_.data(), features_.size(), gold, guess);
    relations_.Tick();
    return gold;
  }

  // Trains the relabeller on the finished gold-path tree (state_), whose
  // relations are the label model's own guesses, as the parser would have
  // made them.
  void TrainRelabel(const std::vector<int>& gold_head, const std::vector<int>& gold_label) {
    state_.Finish(root_label_, fallback_label_);
    std::vector<int> first = state_.label;
    for (size_t d = 0; d < first.size(); ++d) {
      if (first_label_[d] >= 0) first[d] = first_label_[d];
    }
    TrainRelabelTree(state_.head, first, gold_head, gold_label);
  }

  // One relabeller update per word of `heads` whose head is right.
  void TrainRelabelTree(const std::vector<int>& heads, const std::vector<int>& first,
                        const std::vector<int>& gold_head, const std::vector<int>& gold_label) {
    tree_.Assign(heads, first);
    for (int d = 0; d < tree_.size(); ++d) {
      if (tree_.head[d] < 0 || tree_.head[d] != gold_head[d]) continue;
      RelabelFeatures(input_, tree_, d, &features_);
      scores_.assign(labels_.size(), 0.0f);
      relabels_.Score(features_.data(), features_.size(), scores_.data());
      scores_[root_label_] = -1e30f;
      int guess = static_cast<int>(std::max_element(scores_.begin(), scores_.end()) - scores_.begin());
      relabels_.Update(features_.data(), features_.size(), gold_label[d], guess);
      relabels_.Tick();
    }
  }

  const std::vector<std::string>& labels_;
  const WordClusters& clusters_;
  const ParserTrainerOptions& options_;
  AveragedPerceptron moves_;
  AveragedPerceptron relations_;
  AveragedPerceptron relabels_;
  std::mt19937_64 rng_;
  int root_label_ = 0;
  int fallback_label_ = 0;
  LabelledTree tree_;
  std::vector<int> first_label_;  // the label model's guess per word, -1 = none
  ParserInput input_;
  ParseState state_;
  std::vector<uint64_t> features_;
  std::vector<uint64_t> label_features_;
  std::vector<float> scores_;
};

}  // namespace

namespace {

// Sets one decoding weight of `parser` to the candidate with the best dev
// LAS (the first of equals).
void TuneWeight(Parser& parser, const Tagger& tagger, const std::vector<ConlluSentence>& dev,
                const ParserTrainerOptions& options, const std::string& name,
                std::initializer_list<float> candidates,
                void (Parser::*set)(float)) {
  float best_weight = 0;
  double best_las = -1;
  for (float weight : candidates) {
    (parser.*set)(weight);
    double las = ScoreParser(parser, &tagger, dev).las;
    if (options.log) {
      options.log("parser: " + name + " " + std::to_string(weight) + ": dev LAS " +
                  std::to_string(las));
    }
    if (las > best_las) {
      best_las = las;
      best_weight = weight;
    }
  }
  (parser.*set)(best_weight);
}

}  // namespace

void TuneDecodingWeights(Parser& parser, const Tagger& tagger,
                         const std::vector<ConlluSentence>& dev,
                         const ParserTrainerOptions& options) {
  if (dev.empty()) return;
  if (parser.beam_width() > 1) {
    TuneWeight(parser, tagger, dev, options, "label margin weight",
               {0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f}, &Parser::set_label_margin_weight);
  }
  if (parser.relabel_model().num_classes() == 0) return;
  TuneWeight(parser, tagger, dev, options, "relabel weight",
             {0.0f, 0.25f, 0.5f, 0.75f, 1.0f, 1.5f, 2.0f, 3.0f}, &Parser::set_relabel_weight);
}

ParserScores ScoreParser(const Parser& parser, const Tagger* tagger,
                         const std::vector<ConlluSentence>& sentences) {
  ParserScores scores;
  size_t heads_right = 0, both_right = 0;
  std::vector<int> tags, heads, labels;
  for (const ConlluSentence& s : sentences) {
    tags.clear();
    if (tagger != nullptr) {
      tagger->Tag(Forms(s), &tags);
      for (int& t : tags) t = parser.TagId(tagger->upos(t), tagger->xpos(t));
    } else {
      for (const ConlluWord& w : s.words) tags.push_back(parser.TagId(w.upos, w.xpos));
    }
    parser.Parse(Forms(s), tags, &heads, &labels);
    for (size_t i = 0; i < heads.size(); ++i) {
      bool head_ok = heads[i] == s.words[i].head - 1;
      heads_right += head_ok;
      both_right += head_ok && parser.label(labels[i]) == s.words[i].deprel;
      ++scores.words;
    }
  }
  if (scores.words > 0) {
    scores.uas = 100.0 * heads_right / scores.words;
    scores.las = 100.0 * both_right / scores.words;
  }
  return scores;
}

Result<std::unique_ptr<Parser>> TrainParser(const std::vector<ConlluSentence>& train,
                                            const std::vector<ConlluSentence>& dev,
                                            const Tagger& tagger,
                                            const ParserTrainerOptions& options) {
  std::set<std::string> label_set{"root"}, tag_set;
  for (const ConlluSentence& s : train) {
    for (const ConlluWord& w : s.words) {
      label_set.insert(w.deprel);
      tag_set.insert(w.upos + "\t" + w.xpos);
    }
  }
  if (train.empty()) return Status::InvalidArgument("parser: no training sentences");
  if (label_set.size() > 64) {
    return Status::InvalidArgument("parser: more than 64 relations in the training data");
  }
  std::vector<std::string> labels(label_set.begin(), label_set.end());
  TagTable table(tag_set.begin(), tag_set.end());
  std::vector<std::vector<int>> tags = JackknifeTags(train, table, tagger.clusters(), options);
  Trainer trainer(labels, tagger.clusters(), options);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 shuffle_rng(options.seed);
  std::unique_ptr<Parser> best;
  double best_las = -1;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), shuffle_rng);
    for (size_t i : order) {
      if (tags[i].size() != train[i].words.size()) continue;
      if (options.beam > 1) {
        trainer.TrainSentenceBeam(train[i], tags[i], options.beam);
      } else {
        trainer.TrainSentence(train[i], tags[i], epoch > 1);
      }
    }
    std::unique_ptr<Parser> parser = trainer.Build(table);
    ParserScores scores = dev.empty() ? ParserScores{0, double(epoch), 0}
                                      : ScoreParser(*parser, &tagger, dev);
    if (options.log) {
      options.log("parser epoch " + std::to_string(epoch) + ": dev UAS " +
                  std::to_string(scores.uas) + " LAS " + std::to_string(scores.las) + " (" +
                  std::to_string(parser->move_model().num_features()) + " + " +
                  std::to_string(parser->label_model().num_features()) + " features)");
    }
    if (scores.las > best_las) {
      best_las = scores.las;
      best = std::move(parser);
    }
  }
  TuneDecodingWeights(*best, tagger, dev, options);
  return best;
}

}  // namespace kg::ingest
