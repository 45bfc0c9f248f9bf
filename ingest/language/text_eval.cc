#include "ingest/language/text_eval.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <utility>

namespace kg::ingest {
namespace {

using Span = std::pair<uint32_t, uint32_t>;

struct GoldSpans {
  std::vector<Span> tokens;
  std::vector<Span> words;
  std::vector<Span> sentences;
};

// The text of one sentence: "# text", or its forms joined as SpaceAfter says.
std::string SentenceText(const ConlluSentence& sentence) {
  if (!sentence.text.empty()) return sentence.text;
  std::string text;
  size_t mw = 0;
  for (size_t i = 0; i < sentence.words.size(); ++i) {
    const ConlluWord& word = sentence.words[i];
    while (mw < sentence.multiwords.size() && sentence.multiwords[mw].last < word.id) ++mw;
    if (mw < sentence.multiwords.size() && sentence.multiwords[mw].first <= word.id) {
      if (sentence.multiwords[mw].first == word.id) text += sentence.multiwords[mw].form;
    } else {
      text += word.form;
    }
    if (!sentence.NoSpaceAfter(word.id) && i + 1 < sentence.words.size()) text += ' ';
  }
  return text;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Locates `form` in `text` at or after *cursor (skipping white space); on
// success returns its span and moves the cursor past it.
bool Locate(const std::string& text, const std::string& form, uint32_t* cursor, Span* span) {
  uint32_t i = *cursor;
  while (i < text.size() && IsSpace(text[i])) ++i;
  if (text.compare(i, form.size(), form) != 0) {
    size_t found = text.find(form, i);
    if (found == std::string::npos) return false;
    i = static_cast<uint32_t>(found);
  }
  *span = {i, i + static_cast<uint32_t>(form.size())};
  *cursor = span->second;
  return true;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
  });
}

// Gold spans of one sentence whose text starts at `offset` in the raw text.
Status AddGoldSpans(const ConlluSentence& sentence, const std::string& text, uint32_t offset,
                    const std::string& name, GoldSpans* gold) {
  uint32_t cursor = 0;
  size_t mw = 0;
  uint32_t first = UINT32_MAX;
  uint32_t last = 0;
  size_t i = 0;
  while (i < sentence.words.size()) {
    const ConlluWord& word = sentence.words[i];
    while (mw < sentence.multiwords.size() && sentence.multiwords[mw].last < word.id) ++mw;
    bool in_multiword = mw < sentence.multiwords.size() && sentence.multiwords[mw].first == word.id;
    const std::string& form = in_multiword ? sentence.multiwords[mw].form : word.form;
    Span span;
    if (!Locate(text, form, &cursor, &span)) {
      return Status::InvalidArgument(name + ":" + std::to_string(sentence.line) + ": token '" +
                                     form + "' not found in the sentence text");
    }
    gold->tokens.push_back({span.first + offset, span.second + offset});
    first = std::min(first, span.first);
    last = std::max(last, span.second);
    if (!in_multiword) {
      gold->words.push_back({span.first + offset, span.second + offset});
      ++i;
      continue;
    }
    // The words of a multiword token, located inside it when their forms
    // spell it out ("do" + "n't"); otherwise they get no span and count as
    // missed, as they cannot be matched by character positions.
    const ConlluMultiword& multiword = sentence.multiwords[mw];
    std::string joined;
    size_t end = i;
    while (end < sentence.words.size() && sentence.words[end].id <= multiword.last) {
      joined += sentence.words[end].form;
      ++end;
    }
    bool spelled = EqualsIgnoringCase(joined, form);
    uint32_t pos = span.first;
    for (size_t w = i; w < end; ++w) {
      uint32_t length = static_cast<uint32_t>(sentence.words[w].form.size());
      if (spelled) {
        gold->words.push_back({pos + offset, pos + length + offset});
      } else {
        gold->words.push_back({UINT32_MAX, UINT32_MAX});
      }
      pos += length;
    }
    i = end;
  }
  if (first != UINT32_MAX) gold->sentences.push_back({first + offset, last + offset});
  return Status::Ok();
}

SpanScore Score(std::vector<Span> gold, std::vector<Span> system) {
  SpanScore score;
  score.gold = gold.size();
  score.system = system.size();
  std::sort(gold.begin(), gold.end());
  std::sort(system.begin(), system.end());
  size_t g = 0;
  size_t s = 0;
  while (g < gold.size() && s < system.size()) {
    if (gold[g] == system[s]) {
      ++score.correct;
      ++g;
      ++s;
    } else if (gold[g] < system[s]) {
      ++g;
    } else {
      ++s;
    }
  }
  return score;
}

}  // namespace

std::string RebuildRawText(const std::vector<ConlluSentence>& gold) {
  std::string raw;
  for (const ConlluSentence& sentence : gold) {
    if (!raw.empty()) raw += (sentence.new_par || sentence.new_doc) ? "\n\n" : " ";
    raw += SentenceText(sentence);
  }
  return raw;
}

Result<TokenizationScores> EvaluateTokenization(const std::vector<ConlluSentence>& gold,
                                                const SentenceSplitter& splitter,
                                                const std::string& name) {
  std::string raw;
  GoldSpans gold_spans;
  for (const ConlluSentence& sentence : gold) {
    if (!raw.empty()) raw += (sentence.new_par || sentence.new_doc) ? "\n\n" : " ";
    std::string text = SentenceText(sentence);
    KG_RETURN_IF_ERROR(
        AddGoldSpans(sentence, text, static_cast<uint32_t>(raw.size()), name, &gold_spans));
    raw += text;
  }

  // The best of a few runs, so that the speed figure is not a cold-cache one.
  std::vector<Sentence> sentences;
  std::vector<bool> continues;
  double best = 0.0;
  for (int run = 0; run < 3; ++run) {
    continues.clear();
    auto start = std::chrono::steady_clock::now();
    sentences = splitter.Split(raw, &continues);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run == 0 || seconds < best) best = seconds;
  }

  std::vector<Span> tokens;
  std::vector<Span> words;
  std::vector<Span> spans;
  size_t index = 0;
  for (const Sentence& sentence : sentences) {
    spans.push_back({sentence.begin, sentence.end});
    for (const Token& token : sentence.tokens) {
      words.push_back({token.begin, token.end});
      if (index < continues.size() && continues[index] && !tokens.empty()) {
        tokens.back().second = token.end;
      } else {
        tokens.push_back({token.begin, token.end});
      }
      ++index;
    }
  }

  TokenizationScores scores;
  scores.tokens = Score(std::move(gold_spans.tokens), std::move(tokens));
  scores.words = Score(std::move(gold_spans.words), std::move(words));
  scores.sentences = Score(std::move(gold_spans.sentences), std::move(spans));
  scores.text_bytes = raw.size();
  scores.seconds = best;
  return scores;
}

Result<TokenizationScores> EvaluateTokenization(const std::string& conllu_path) {
  Result<std::vector<ConlluSentence>> gold = ReadConlluFile(conllu_path);
  if (!gold.ok()) return gold.status();
  SentenceSplitter splitter;
  return EvaluateTokenization(*gold, splitter, conllu_path);
}

}  // namespace kg::ingest
