#include "ingest/carb_scorer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <istream>
#include <set>
#include <utility>

#include "graph/text.h"
#include "ingest/carb.h"

namespace kg::ingest {
namespace {

using Words = std::vector<std::string>;

Words SplitWords(std::string_view text) {
  Words out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    out.emplace_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos
                                                                         : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

// Multiset overlap: each gold word takes one equal predicted word not yet
// taken. `used` marks the predicted words taken.
int Overlap(const Words& gold, const Words& predicted, std::vector<bool>* used) {
  used->assign(predicted.size(), false);
  int shared = 0;
  for (const std::string& word : gold) {
    for (size_t k = 0; k < predicted.size(); ++k) {
      if (!(*used)[k] && predicted[k] == word) {
        (*used)[k] = true;
        ++shared;
        break;
      }
    }
  }
  return shared;
}

// Arguments past the first are joined into the second.
std::vector<Words> Collapse(const std::vector<std::string>& arguments) {
  std::vector<Words> out;
  if (arguments.size() < 2) {
    for (const std::string& a : arguments) out.push_back(SplitWords(a));
    return out;
  }
  out.push_back(SplitWords(arguments[0]));
  std::string rest;
  for (size_t i = 1; i < arguments.size(); ++i) rest += (i > 1 ? " " : "") + arguments[i];
  out.push_back(SplitWords(rest));
  return out;
}

CarbPairScore ScoreWith(const CarbExtraction& gold, const Words& predicted_relation,
                        const std::vector<Words>& predicted_arguments) {
  const Words gold_relation = SplitWords(gold.relation);
  std::vector<bool> used;
  int shared = Overlap(gold_relation, predicted_relation, &used);
  bool be_left = false;
  for (size_t k = 0; k < predicted_relation.size(); ++k) {
    be_left = be_left || (!used[k] && predicted_relation[k] == "be");
  }
  const bool gold_be = std::any_of(gold_relation.begin(), gold_relation.end(), [](const std::string& w) {
    return w == "be" || w == "is" || w == "am" || w == "are" || w == "was" || w == "were" ||
           w == "been" || w == "being";
  });
  if (be_left && gold_be) ++shared;
  size_t predicted_words = predicted_relation.size();
  size_t gold_words = gold_relation.size();
  if (shared == 0) return {};
  const std::vector<Words> gold_arguments = Collapse(gold.arguments);
  for (size_t i = 0; i < gold_arguments.size() && i < 2; ++i) {
    gold_words += gold_arguments[i].size();
    if (i >= predicted_arguments.size()) return {};
    predicted_words += predicted_arguments[i].size();
    shared += Overlap(gold_arguments[i], predicted_arguments[i], &used);
  }
  CarbPairScore score;
  if (predicted_words > 0) score.precision = shared / static_cast<double>(predicted_words);
  if (gold_words > 0) score.recall = shared / static_cast<double>(gold_words);
  return score;
}

bool IsSaidRelation(const std::string& relation) {
  for (const char* cue : {"said", "told", "added", "adds", "says"}) {
    if (relation.find(cue) != std::string::npos) return true;
  }
  return false;
}

// The precision and recall numerators and the number of kept predictions
// of one sentence at one threshold; `precision` and `recall` are the pair
// scores, gold-major.
struct SentenceSums {
  double precision = 0;
  double recall = 0;
  size_t kept = 0;
};

SentenceSums ScoreSentence(const std::vector<std::vector<CarbPairScore>>& pairs,
                           const std::vector<bool>& kept) {
  SentenceSums sums;
  std::vector<size_t> predictions;
  for (size_t e = 0; e < kept.size(); ++e) {
    if (kept[e]) predictions.push_back(e);
  }
  sums.kept = predictions.size();
  for (const auto& row : pairs) {
    double best = 0;
    for (size_t e : predictions) best = std::max(best, row[e].recall);
    sums.recall += best;
  }
  // Greedy one-to-one matching on precision; ties go to the first pair
  // found, gold-major, predictions in file order.
  std::vector<bool> gold_taken(pairs.size(), false), prediction_taken(kept.size(), false);
  const size_t rounds = std::min(pairs.size(), predictions.size());
  for (size_t round = 0; round < rounds; ++round) {
    double best = -1;
    size_t best_g = 0, best_e = 0;
    for (size_t g = 0; g < pairs.size(); ++g) {
      if (gold_taken[g]) continue;
      for (size_t e : predictions) {
        if (!prediction_taken[e] && pairs[g][e].precision > best) {
          best = pairs[g][e].precision;
          best_g = g;
          best_e = e;
        }
      }
    }
    gold_taken[best_g] = true;
    prediction_taken[best_e] = true;
    sums.precision += best;
  }
  return sums;
}

double Round3(double value) { return std::round(value * 1000.0) / 1000.0; }

Result<CarbTuples> ReadTuples(std::istream& in, const std::string& name, bool system) {
  CarbTuples out;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    const std::string where = name + ":" + std::to_string(number);
    if (const size_t bad = FindInvalidUtf8(line); bad != std::string::npos) {
      return Status::InvalidArgument(where + ": invalid UTF-8 at byte " + std::to_string(bad));
    }
    // The whole line is trimmed (tabs too), so empty trailing fields vanish.
    const std::string trimmed = Trimmed(line);
    if (trimmed.empty()) continue;
    std::vector<std::string> fields = SplitTabs(trimmed);
    const size_t first_argument = system ? 3 : 2;
    if (fields.size() < first_argument) {
      return Status::InvalidArgument(
          where + ": expected " +
          (system ? "sentence, confidence, relation and arguments"
                  : "sentence, relation and arguments") +
          " separated by tabs, found " + std::to_string(fields.size()) + " field(s)");
    }
    CarbExtraction tuple;
    if (system) {
      const std::string text = Trimmed(fields[1]);
      char* end = nullptr;
      tuple.confidence = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(tuple.confidence)) {
        return Status::InvalidArgument(where + ": confidence '" + fields[1] + "' is not a number");
      }
      tuple.relation = fields[2];
    } else {
      tuple.relation = Trimmed(fields[1]);
    }
    for (size_t i = first_argument; i < fields.size(); ++i) {
      if (!system && fields[i].find("C: ") != std::string::npos) continue;  // context marker
      tuple.arguments.push_back(system ? fields[i] : Trimmed(fields[i]));
    }
    out.sentences[CarbSentenceKey(system ? fields[0] : Trimmed(fields[0]))].push_back(std::move(tuple));
    ++out.tuples;
  }
  if (in.bad()) return Status::IOError(name + ": read failed");
  return out;
}

Result<CarbTuples> ReadTuplesFile(const std::string& path, bool system) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open");
  return ReadTuples(in, path, system);
}

}  // namespace

std::string CarbSentenceKey(std::string_view sentence) {
  std::string text;
  for (char c : sentence) {
    if (c != ' ') text += c;
  }
  // Every escape stands for punctuation, which the key drops: the brackets
  // must be turned back first so that "-LRB-" does not leave "LRB" behind.
  for (const auto& [escape, bracket] : PtbEscapes()) {
    for (size_t at = text.find(escape); at != std::string::npos; at = text.find(escape, at + 1)) {
      text.replace(at, escape.size(), bracket);
    }
  }
  std::string key;
  for (char c : text) {
    if (!std::ispunct(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) {
      key += c;
    }
  }
  return key;
}

Result<CarbTuples> ReadCarbGold(std::istream& in, const std::string& name) {
  return ReadTuples(in, name, false);
}
Result<CarbTuples> ReadCarbGoldFile(const std::string& path) { return ReadTuplesFile(path, false); }
Result<CarbTuples> ReadCarbSystem(std::istream& in, const std::string& name) {
  return ReadTuples(in, name, true);
}
Result<CarbTuples> ReadCarbSystemFile(const std::string& path) { return ReadTuplesFile(path, true); }

CarbPairScore ScoreCarbPair(const CarbExtraction& gold, const CarbExtraction& predicted) {
  const Words relation = SplitWords(predicted.relation);
  const std::vector<Words> arguments = Collapse(predicted.arguments);
  CarbPairScore score = ScoreWith(gold, relation, arguments);
  if (IsSaidRelation(gold.relation) && arguments.size() >= 2) {
    const std::vector<Words> swapped = {arguments[1], arguments[0]};
    const CarbPairScore other = ScoreWith(gold, relation, swapped);
    if (other.precision > score.precision ||
        (other.precision == score.precision && other.recall > score.recall)) {
      score = other;
    }
  }
  return score;
}

CarbScore ScoreCarb(const CarbTuples& gold, const CarbTuples& system) {
  CarbScore result;
  result.gold_tuples = gold.tuples;
  result.predicted_tuples = system.tuples;
  std::set<double> thresholds;
  for (const auto& [key, tuples] : system.sentences) {
    for (const CarbExtraction& tuple : tuples) thresholds.insert(tuple.confidence);
  }
  if (thresholds.empty()) return result;

  // Pair scores do not depend on the threshold: compute them once.
  struct Sentence {
    std::vector<std::vector<CarbPairScore>> pairs;
    const std::vector<CarbExtraction>* predictions = nullptr;
  };
  std::vector<Sentence> sentences;
  for (const auto& [key, gold_tuples] : gold.sentences) {
    Sentence sentence;
    static const std::vector<CarbExtraction> kNone;
    const auto found = system.sentences.find(key);
    sentence.predictions = found == system.sentences.end() ? &kNone : &found->second;
    for (const CarbExtraction& g : gold_tuples) {
      std::vector<CarbPairScore> row;
      for (const CarbExtraction& e : *sentence.predictions) row.push_back(ScoreCarbPair(g, e));
      sentence.pairs.push_back(std::move(row));
    }
    sentences.push_back(std::move(sentence));
  }

  for (double threshold : thresholds) {
    double precision_sum = 0, recall_sum = 0;
    size_t kept_total = 0;
    for (const Sentence& sentence : sentences) {
      std::vector<bool> kept;
      for (const CarbExtraction& e : *sentence.predictions) kept.push_back(e.confidence >= threshold);
      const SentenceSums sums = ScoreSentence(sentence.pairs, kept);
      precision_sum += sums.precision;
      recall_sum += sums.recall;
      kept_total += sums.kept;
    }
    CarbCurvePoint point;
    point.confidence = threshold;
    point.precision = kept_total == 0 ? 1.0 : precision_sum / static_cast<double>(kept_total);
    point.recall = gold.tuples == 0 ? 0.0 : recall_sum / static_cast<double>(gold.tuples);
    const double sum = point.precision + point.recall;
    point.f1 = sum == 0 ? 0.0 : 2 * point.precision * point.recall / sum;
    if (result.curve.empty() || point.f1 > result.best.f1) result.best = point;
    result.curve.push_back(point);
  }
  // Trapezoids under precision over recall, from the lowest threshold
  // (highest recall) to the closing point (recall 0, precision 1).
  std::vector<CarbCurvePoint> points = result.curve;
  points.push_back({0, 1.0, 0.0, 0});
  for (size_t i = 0; i + 1 < points.size(); ++i) {
    result.auc += (points[i].recall - points[i + 1].recall) *
                  (points[i].precision + points[i + 1].precision) / 2;
  }
  return result;
}

std::string FormatCarbResult(const CarbScore& score) {
  char line[128];
  std::snprintf(line, sizeof line, "AUC: %.3f\t Optimal (precision, recall, F1): [%.3f %.3f %.3f]",
                Round3(score.auc), Round3(score.best.precision), Round3(score.best.recall),
                Round3(score.best.f1));
  return line;
}

}  // namespace kg::ingest
