#include "ingest/language/tagger_trainer.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "ingest/language/perceptron.h"

namespace kg::ingest {
namespace {

std::string JointKey(const ConlluWord& w) { return w.upos + "\t" + w.xpos; }

std::vector<std::string_view> Forms(const ConlluSentence& s) {
  std::vector<std::string_view> forms;
  forms.reserve(s.words.size());
  for (const ConlluWord& w : s.words) forms.push_back(w.form);
  return forms;
}

// For each word seen at least 3 times, one hash of the tags that take at
// least 5% of its occurrences.
void AddAmbiguityClasses(const std::map<std::string, std::map<int, int>>& counts_by_word,
                         std::unordered_map<uint64_t, uint64_t>* classes) {
  for (const auto& [word, counts] : counts_by_word) {
    int total = 0;
    for (auto [tag, n] : counts) total += n;
    if (total < 3) continue;
    uint64_t h = 0x51;
    for (auto [tag, n] : counts) {
      if (n * 20 >= total) h = FeatureHash(h, static_cast<uint64_t>(tag) + 1);
    }
    classes->emplace(StringHash(word), h);
  }
}

// Tag set, dictionary and ambiguity classes from the training words.
TaggerLexicon BuildLexicon(const std::vector<ConlluSentence>& train,
                           const TaggerTrainerOptions& options,
                           std::map<std::string, int>* tag_ids) {
  TaggerLexicon lexicon;
  if (options.clusters != nullptr) lexicon.clusters = *options.clusters;
  for (const ConlluSentence& s : train) {
    for (const ConlluWord& w : s.words) tag_ids->emplace(JointKey(w), 0);
  }
  for (auto& [key, id] : *tag_ids) {
    id = lexicon.num_tags();
    size_t tab = key.find('\t');
    lexicon.upos.push_back(key.substr(0, tab));
    lexicon.xpos.push_back(key.substr(tab + 1));
  }
  // std::map keeps iteration order fixed, so the lexicon is deterministic.
  std::map<std::string, std::map<int, int>> by_form, by_lower;
  for (const ConlluSentence& s : train) {
    for (const ConlluWord& w : s.words) {
      int tag = tag_ids->at(JointKey(w));
      ++by_form[w.form][tag];
      ++by_lower[NormaliseWord(w.form)][tag];
    }
  }
  for (const auto& [form, counts] : by_form) {
    int total = 0, best = 0, best_tag = 0;
    for (auto [tag, n] : counts) {
      total += n;
      if (n > best) best = n, best_tag = tag;
    }
    if (total >= options.unambiguous_min_count && best >= options.unambiguous_share * total) {
      lexicon.unambiguous.emplace(StringHash(form), best_tag);
    }
  }
  AddAmbiguityClasses(by_lower, &lexicon.ambiguity);
  AddAmbiguityClasses(by_form, &lexicon.form_ambiguity);
  return lexicon;
}

}  // namespace

double TaggerAccuracy(const Tagger& tagger, const std::vector<ConlluSentence>& sentences) {
  size_t right = 0, total = 0;
  std::vector<int> tags;
  for (const ConlluSentence& s : sentences) {
    tagger.Tag(Forms(s), &tags);
    for (size_t i = 0; i < tags.size(); ++i) {
      right += tagger.upos(tags[i]) == s.words[i].upos && tagger.xpos(tags[i]) == s.words[i].xpos;
      ++total;
    }
  }
  return total == 0 ? 0.0 : 100.0 * right / total;
}

namespace {

// One online greedy pass over a sentence: tags it with the current weights,
// updating them on every mistake. `first` (may be null) selects the
// second-pass features. Returns the number of right tags.
size_t TrainPass(const TaggerInput& input, const std::vector<int>& gold,
                 const std::vector<int>* first, AveragedPerceptron* perceptron,
                 std::vector<int>* tags) {
  std::vector<uint64_t> features;
  std::vector<float> scores(perceptron->num_classes());
  tags->assign(input.size(), 0);
  size_t right = 0;
  int prev = -1, prev2 = -1;
  for (int i = 0; i < input.size(); ++i) {
    int guess = input.known_tag(i);
    if (guess < 0) {
      if (first == nullptr) {
        input.Features(i, prev, prev2, &features);
      } else {
        input.RefineFeatures(i, prev, prev2, *first, &features);
      }
      std::fill(scores.begin(), scores.end(), 0.0f);
      perceptron->Score(features.data(), features.size(), scores.data());
      guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
      perceptron->Update(features.data(), features.size(), gold[i], guess);
      perceptron->Tick();
    }
    (*tags)[i] = guess;
    right += guess == gold[i];
    prev2 = prev;
    prev = guess;
  }
  return right;
}

}  // namespace

Result<std::unique_ptr<Tagger>> TrainTagger(const std::vector<ConlluSentence>& train,
                                            const std::vector<ConlluSentence>& dev,
                                            const TaggerTrainerOptions& options) {
  std::map<std::string, int> tag_ids;
  TaggerLexicon lexicon = BuildLexicon(train, options, &tag_ids);
  if (lexicon.num_tags() == 0) return Status::InvalidArgument("tagger: no training words");
  // The second pass learns from the first pass's online (not averaged)
  // tags, which are noisier than the run-time ones, so it learns not to
  // trust them blindly.
  AveragedPerceptron first_pass(lexicon.num_tags()), second_pass(lexicon.num_tags());
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed);
  std::vector<int> gold, first, second;
  std::unique_ptr<Tagger> best;
  double best_accuracy = -1;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    size_t right = 0, total = 0;
    for (size_t index : order) {
      const ConlluSentence& s = train[index];
      TaggerInput input(lexicon, Forms(s));
      gold.clear();
      for (const ConlluWord& w : s.words) gold.push_back(tag_ids.at(JointKey(w)));
      size_t first_right = TrainPass(input, gold, nullptr, &first_pass, &first);
      right += options.two_pass ? TrainPass(input, gold, &first, &second_pass, &second)
                                : first_right;
      total += gold.size();
    }
    LinearModel refine = options.two_pass ? second_pass.Average(options.prune) : LinearModel();
    auto tagger =
        std::make_unique<Tagger>(lexicon, first_pass.Average(options.prune), std::move(refine));
    double accuracy = dev.empty() ? epoch : TaggerAccuracy(*tagger, dev);
    if (options.log) {
      options.log("tagger epoch " + std::to_string(epoch) + ": train " +
                  std::to_string(100.0 * right / std::max<size_t>(total, 1)) +
                  (dev.empty() ? "" : ", dev " + std::to_string(accuracy)));
    }
    if (accuracy > best_accuracy) {
      best_accuracy = accuracy;
      best = std::move(tagger);
    }
  }
  return best;
}

}  // namespace kg::ingest
