#include "ingest/language/lemmatizer_trainer.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace kg::ingest {
namespace {

constexpr char kCaseActions[] = {LemmatizerModel::kKeep, LemmatizerModel::kLower,
                                 LemmatizerModel::kUpperFirst, LemmatizerModel::kTitle};

// Whether casing `form` by `action` gives the lemma's case over the part
// the two share (ignoring case): "Cars"/"car" agrees with kLower only.
bool CaseAgrees(std::string_view form, std::string_view lemma, char action) {
  std::string cased = ApplyCaseAction(form, action);
  size_t common = 0;
  while (common < cased.size() && common < lemma.size() &&
         (cased[common] | 0x20) == (lemma[common] | 0x20)) {
    ++common;
  }
  if (common == 0) return false;
  return cased.compare(0, common, lemma, 0, common) == 0;
}

// The edit script that turns `form` into `lemma` (both lower-cased).
LemmatizerModel::Script ScriptFor(std::string_view form, std::string_view lemma) {
  size_t common = 0;
  while (common < form.size() && common < lemma.size() && form[common] == lemma[common]) ++common;
  LemmatizerModel::Script script;
  script.strip = static_cast<uint8_t>(std::min<size_t>(form.size() - common, 255));
  script.append = std::string(lemma.substr(common));
  return script;
}

std::string ScriptKey(const LemmatizerModel::Script& script) {
  return std::to_string(script.strip) + "\t" + script.append;
}

// The most frequent key of `counts`; ties go to the smallest key so that
// training is deterministic.
template <typename Counts>
typename Counts::key_type MostFrequent(const Counts& counts) {
  auto best = counts.begin();
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    if (it->second > best->second) best = it;
  }
  return best->first;
}

// WordNet's exception lists: "inflected base [base ...]" per line; the
// first base is taken, multiword entries ("_") are skipped.
void AddWordNetExceptions(const std::string& dir, LemmatizerModel* model) {
  struct File {
    const char* name;
    std::vector<const char*> upos;
  };
  const File files[] = {
      {"noun.exc", {"NOUN"}},
      {"verb.exc", {"VERB", "AUX"}},
      {"adj.exc", {"ADJ"}},
      {"adv.exc", {"ADV"}},
  };
  for (const File& file : files) {
    std::ifstream in(dir + "/" + file.name);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string inflected;
      std::string base;
      if (!(fields >> inflected >> base)) continue;
      if (inflected == base || inflected.find('_') != std::string::npos ||
          base.find('_') != std::string::npos) {
        continue;
      }
      for (const char* upos : file.upos) {
        model->lexicon.emplace(inflected + "\t" + upos, base);  // the treebank wins
      }
    }
  }
}

}  // namespace

Result<std::unique_ptr<Lemmatizer>> TrainLemmatizer(const std::vector<ConlluSentence>& sentences,
                                                     const LemmatizerTrainingOptions& options) {
  std::map<std::string, std::map<std::string, uint32_t>> lexicon_counts;
  std::map<std::string, std::map<char, uint32_t>> case_counts;  // by CaseAction
  std::map<std::string, std::map<std::string, uint32_t>> xpos_counts;
  std::set<std::tuple<std::string, std::string, std::string>> types;  // {upos, form, lemma}
  size_t words = 0;
  for (const ConlluSentence& sentence : sentences) {
    for (const ConlluWord& word : sentence.words) {
      if (word.lemma.empty() || word.lemma == "_" || word.form.empty()) continue;
      ++words;
      ++lexicon_counts[word.form + "\t" + word.upos][word.lemma];
      ++xpos_counts[word.form + "\t" + word.upos + "\t" + word.xpos][word.lemma];
      char shape = CaseShape(word.form);
      auto& counts = case_counts[word.upos + "\t" + shape];
      for (char action : kCaseActions) {
        // A form with no leading capital is only ever kept or capitalised.
        if (shape == 'l' && action != LemmatizerModel::kKeep &&
            action != LemmatizerModel::kUpperFirst) {
          continue;
        }
        if (CaseAgrees(word.form, word.lemma, action)) ++counts[action];
      }
      types.emplace(word.upos, LowerAscii(word.form), LowerAscii(word.lemma));
    }
  }
  if (words == 0) return Status::InvalidArgument("lemmatizer training: no word has a lemma");

  LemmatizerModel model;
  model.max_suffix = options.max_suffix;
  for (const auto& [key, counts] : lexicon_counts) model.lexicon.emplace(key, MostFrequent(counts));
  for (const auto& [key, counts] : xpos_counts) {
    std::string lemma = MostFrequent(counts);
    std::string upos_key = key.substr(0, key.rfind('\t'));
    if (model.lexicon[upos_key] != lemma) model.lexicon.emplace(key, std::move(lemma));
  }
  for (const auto& [key, counts] : case_counts) {
    // Ties go to the earlier action in kCaseActions (keep first).
    char best = LemmatizerModel::kKeep;
    uint32_t best_count = 0;
    for (char action : kCaseActions) {
      auto it = counts.find(action);
      if (it != counts.end() && it->second > best_count) {
        best = action;
        best_count = it->second;
      }
    }
    if (best != LemmatizerModel::kKeep) model.case_rules.emplace(key, best);
  }

  // Suffix statistics over distinct words, so that frequent irregular words
  // do not outvote the regular pattern of their suffix.
  std::map<std::string, std::map<std::string, uint32_t>> suffix_scripts;
  std::map<std::string, uint32_t> suffix_words;
  for (const auto& [upos, form, lemma] : types) {
    LemmatizerModel::Script script = ScriptFor(form, lemma);
    std::string script_key = ScriptKey(script);
    size_t longest = std::min<size_t>(form.size(), options.max_suffix);
    for (size_t length = 0; length <= longest; ++length) {
      std::string key = upos + "\t" + form.substr(form.size() - length);
      ++suffix_scripts[key][script_key];
      ++suffix_words[key];
    }
  }
  std::map<std::string, std::string> chosen;
  for (const auto& [key, scripts] : suffix_scripts) {
    if (suffix_words[key] < options.min_rule_words) continue;
    chosen.emplace(key, MostFrequent(scripts));
  }
  // A rule that agrees with the rule of its one-shorter suffix adds nothing:
  // the lookup falls through to that one.
  for (const auto& [key, script_key] : chosen) {
    size_t tab = key.find('\t');
    if (key.size() > tab + 1) {
      std::string parent = key.substr(0, tab + 1) + key.substr(tab + 2);
      auto it = chosen.find(parent);
      if (it != chosen.end() && it->second == script_key) continue;
    }
    size_t split = script_key.find('\t');
    LemmatizerModel::Script script;
    script.strip = static_cast<uint8_t>(std::stoi(script_key.substr(0, split)));
    script.append = script_key.substr(split + 1);
    model.rules.emplace(key, std::move(script));
  }

  if (!options.wordnet_dir.empty()) AddWordNetExceptions(options.wordnet_dir, &model);
  return std::make_unique<Lemmatizer>(std::move(model));
}

Status TrainLemmatizerFile(const std::string& train_path, const std::string& model_path,
                           const LemmatizerTrainingOptions& options) {
  Result<std::vector<ConlluSentence>> sentences = ReadConlluFile(train_path);
  if (!sentences.ok()) return sentences.status();
  Result<std::unique_ptr<Lemmatizer>> lemmatizer = TrainLemmatizer(*sentences, options);
  if (!lemmatizer.ok()) return lemmatizer.status().WithContext(train_path);
  return (*lemmatizer)->Save(model_path);
}

LemmaAccuracy EvaluateLemmatizer(const Lemmatizer& lemmatizer,
                                 const std::vector<ConlluSentence>& gold) {
  LemmaAccuracy accuracy;
  for (const ConlluSentence& sentence : gold) {
    for (const ConlluWord& word : sentence.words) {
      if (word.lemma == "_" && word.form != "_") continue;
      ++accuracy.words;
      if (lemmatizer.Lemmatize(word.form, word.upos, word.xpos) == word.lemma) ++accuracy.correct;
    }
  }
  return accuracy;
}

}  // namespace kg::ingest
