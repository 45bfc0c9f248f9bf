#include "ingest/language/evaluator.h"

#include <chrono>
#include <unordered_map>
#include <string_view>

namespace kg::ingest {
namespace {

std::string_view Universal(std::string_view deprel) { return deprel.substr(0, deprel.find(':')); }

struct GoldWord {
  uint64_t span = 0;  // begin << 32 | end, 0 when it could not be located
  int head = -1;      // global index of the gold head, -1 = root
  const ConlluWord* word = nullptr;
};

uint64_t Span(size_t begin, size_t end) { return (uint64_t{begin} << 32) | end; }

// Locates every gold word in `raw`, in order, starting the search for each
// sentence where the previous one ended.
std::vector<GoldWord> LocateGoldWords(const std::vector<ConlluSentence>& gold,
                                      const std::string& raw) {
  std::vector<GoldWord> words;
  size_t cursor = 0;
  for (const ConlluSentence& s : gold) {
    size_t first = words.size();
    if (!s.text.empty()) {
      size_t at = raw.find(s.text, cursor);
      if (at != std::string::npos) cursor = at;
    }
    size_t mw = 0;
    for (const ConlluWord& w : s.words) {
      GoldWord g;
      g.word = &w;
      g.head = w.head > 0 ? static_cast<int>(first) + w.head - 1 : -1;
      while (mw < s.multiwords.size() && s.multiwords[mw].last < w.id) ++mw;
      bool inside = mw < s.multiwords.size() && s.multiwords[mw].first <= w.id;
      if (inside && s.multiwords[mw].first == w.id) {
        // Skip to the surface token; its words are then found inside it.
        size_t at = raw.find(s.multiwords[mw].form, cursor);
        if (at != std::string::npos) cursor = at;
      }
      size_t at = raw.find(w.form, cursor);
      // A form farther away than the next few bytes was normalised in the
      // treebank ("wo" for "won't"): leave it unaligned.
      if (at != std::string::npos && at - cursor <= 2) {
        g.span = Span(at, at + w.form.size());
        cursor = at + w.form.size();
      }
      words.push_back(g);
    }
  }
  return words;
}


}  // namespace

Result<AnnotationScores> CompareAnnotation(const std::vector<ConlluSentence>& gold,
                                           const std::vector<ConlluSentence>& system) {
  if (gold.size() != system.size()) {
    return Status::InvalidArgument("gold has " + std::to_string(gold.size()) +
                                   " sentences, system " + std::to_string(system.size()));
  }
  AnnotationScores s;
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0, las_full = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    const auto& g = gold[i].words;
    const auto& y = system[i].words;
    if (g.size() != y.size()) {
      return Status::InvalidArgument("line " + std::to_string(gold[i].line) + ": gold has " +
                                     std::to_string(g.size()) + " words, system " +
                                     std::to_string(y.size()));
    }
    for (size_t k = 0; k < g.size(); ++k) {
      upos += g[k].upos == y[k].upos;
      xpos += g[k].xpos == y[k].xpos;
      lemma += g[k].lemma == y[k].lemma;
      bool head = g[k].head == y[k].head;
      uas += head;
      las += head && Universal(g[k].deprel) == Universal(y[k].deprel);
      las_full += head && g[k].deprel == y[k].deprel;
    }
    s.words += g.size();
  }
  if (s.words > 0) {
    double n = static_cast<double>(s.words) / 100.0;
    s.upos = upos / n;
    s.xpos = xpos / n;
    s.lemma = lemma / n;
    s.uas = uas / n;
    s.las = las / n;
    s.las_full = las_full / n;
  }
  return s;
}

std::vector<ConlluSentence> AnnotateGoldTokens(const Analyzer& analyzer,
                                               const std::vector<ConlluSentence>& gold,
                                               double* seconds) {
  std::vector<ConlluSentence> system = gold;
  std::vector<Sentence> sentences(gold.size());
  for (size_t i = 0; i < gold.size(); ++i) {
    for (const ConlluWord& w : gold[i].words) {
      Token t;
      t.form = w.form;
      sentences[i].tokens.push_back(std::move(t));
    }
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<Sentence*> pointers;
  for (Sentence& sentence : sentences) pointers.push_back(&sentence);
  analyzer.AnnotateSentences(pointers);
  if (seconds != nullptr) {
    *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  for (size_t i = 0; i < gold.size(); ++i) {
    for (size_t k = 0; k < gold[i].words.size(); ++k) {
      const Token& t = sentences[i].tokens[k];
      ConlluWord& w = system[i].words[k];
      w.lemma = t.lemma;
      w.upos = t.upos;
      w.xpos = t.xpos;
      w.feats = t.feats;
      w.head = t.head + 1;
      w.deprel = t.deprel;
      w.deps = "_";
    }
  }
  return system;
}

Result<AnnotationScores> EvaluateAnnotation(const Analyzer& analyzer,
                                            const std::vector<ConlluSentence>& gold) {
  double seconds = 0;
  std::vector<ConlluSentence> system = AnnotateGoldTokens(analyzer, gold, &seconds);
  Result<AnnotationScores> scores = CompareAnnotation(gold, system);
  if (scores.ok()) scores->seconds = seconds;
  return scores;
}

Result<AnnotationScores> EvaluateRawText(const Analyzer& analyzer,
                                         const std::vector<ConlluSentence>& gold) {
  Document document;
  document.source = "<raw text of the treebank>";
  document.text = RebuildRawText(gold);
  auto start = std::chrono::steady_clock::now();
  KG_RETURN_IF_ERROR(analyzer.Analyze(document));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<GoldWord> gold_words = LocateGoldWords(gold, document.text);
  std::unordered_map<uint64_t, int> gold_at;
  for (size_t i = 0; i < gold_words.size(); ++i) {
    if (gold_words[i].span != 0) gold_at.emplace(gold_words[i].span, static_cast<int>(i));
  }
  // System words in document order, each with its aligned gold word or -1.
  std::vector<const Token*> system;
  std::vector<int> system_head, aligned;
  for (const Sentence& s : document.sentences) {
    size_t first = system.size();
    for (const Token& t : s.tokens) {
      system.push_back(&t);
      system_head.push_back(t.head < 0 ? -1 : static_cast<int>(first) + t.head);
      auto it = gold_at.find(Span(t.begin, t.end));
      aligned.push_back(it == gold_at.end() ? -1 : it->second);
    }
  }
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0, las_full = 0;
  for (size_t i = 0; i < system.size(); ++i) {
    if (aligned[i] < 0) continue;
    const Token& t = *system[i];
    const GoldWord& g = gold_words[aligned[i]];
    upos += t.upos == g.word->upos;
    xpos += t.xpos == g.word->xpos;
    lemma += t.lemma == g.word->lemma;
    int head = system_head[i] < 0 ? -1 : aligned[system_head[i]];
    bool head_ok = system_head[i] < 0 ? g.head < 0 : head >= 0 && head == g.head;
    uas += head_ok;
    las += head_ok && Universal(t.deprel) == Universal(g.word->deprel);
    las_full += head_ok && t.deprel == g.word->deprel;
  }
  AnnotationScores scores;
  scores.words = gold_words.size();
  scores.seconds = seconds;
  scores.system_words = system.size();
  for (int a : aligned) scores.aligned += a >= 0;
  double denominator = static_cast<double>(gold_words.size() + system.size()) / 200.0;
  if (denominator > 0) {
    scores.upos = upos / denominator;
    scores.xpos = xpos / denominator;
    scores.lemma = lemma / denominator;
    scores.uas = uas / denominator;
    scores.las = las / denominator;
    scores.las_full = las_full / denominator;
  }
  return scores;
}

}  // namespace kg::ingest
