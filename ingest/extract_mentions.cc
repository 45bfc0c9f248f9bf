#include "ingest/extract_mentions.h"

#include <algorithm>
#include <cctype>

namespace kg::ingest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Relations that keep a word inside its head's noun phrase.
bool InsidePhrase(std::string_view deprel) {
  const std::string_view base = BaseRelation(deprel);
  return base == "det" || base == "compound" || base == "flat" || base == "amod" ||
         base == "nummod" || base == "fixed" || deprel == "nmod:poss" || deprel == "nmod:npmod" || deprel == "nmod:desc" ||
         deprel == "obl:npmod" || base == "goeswith";
}

bool IsPossessiveCase(const Token& token) {
  return token.form == "'s" || token.form == "’s" || token.form == "'" || token.form == "’";
}

bool IsHyphen(const Token& token) {
  return token.form == "-" || token.form == "–" || token.xpos == "HYPH";
}

// Collects the phrase words below `i`: the relations above, possessive
// markers, hyphens and, inside modifiers (not at the head itself), the
// dependents that make up compound modifiers such as "Iran - backed".
void Collect(const SentenceView& view, int i, bool at_head, std::vector<int>* out) {
  out->push_back(i);
  for (int child : view.children(i)) {
    const Token& token = view.token(child);
    const std::string_view deprel = token.deprel;
    bool keep = InsidePhrase(deprel);
    if (deprel == "case" && IsPossessiveCase(token)) keep = true;
    if (BaseRelation(deprel) == "punct" && IsHyphen(token)) keep = true;
    if (!at_head && (BaseRelation(deprel) == "obl" || BaseRelation(deprel) == "advmod") &&
        std::abs(child - i) <= 2) {
      keep = true;  // "Iran" in "Iran - backed" when parsed as obl of "backed"
    }
    if (keep) Collect(view, child, false, out);
  }
}

}  // namespace

std::string_view BaseRelation(std::string_view deprel) {
  const size_t colon = deprel.find(':');
  return colon == std::string_view::npos ? deprel : deprel.substr(0, colon);
}

SentenceView::SentenceView(const Sentence& sentence, std::string_view text)
    : sentence_(sentence), text_(text), children_(sentence.tokens.size()) {
  for (size_t i = 0; i < sentence.tokens.size(); ++i) {
    const int head = sentence.tokens[i].head;
    if (head >= 0 && static_cast<size_t>(head) < sentence.tokens.size() &&
        static_cast<size_t>(head) != i) {
      children_[static_cast<size_t>(head)].push_back(static_cast<int>(i));
    }
  }
}

std::vector<int> SentenceView::ChildrenWith(int i, std::string_view deprel,
                                            bool any_subtype) const {
  std::vector<int> out;
  for (int child : children(i)) {
    const std::string_view rel = token(child).deprel;
    if (rel == deprel || (any_subtype && BaseRelation(rel) == deprel)) out.push_back(child);
  }
  return out;
}

int SentenceView::FirstChild(int i, std::string_view deprel, bool any_subtype) const {
  const std::vector<int> found = ChildrenWith(i, deprel, any_subtype);
  return found.empty() ? -1 : found.front();
}

std::string SentenceView::Lemma(int i) const {
  const Token& t = token(i);
  return Lower(t.lemma.empty() ? t.form : t.lemma);
}

std::string SentenceView::CaseOf(int i) const {
  for (int child : children(i)) {
    const std::string_view rel = token(child).deprel;
    if (rel != "case" && rel != "mark") continue;
    if (IsPossessiveCase(token(child))) continue;
    // Forms, not lemmas: "according to" is not "accord to".
    std::string words = Lower(token(child).form);
    for (int fixed : ChildrenWith(child, "fixed")) words += " " + Lower(token(fixed).form);
    return words;
  }
  return {};
}

std::vector<int> SentenceView::Conjuncts(int i) const {
  std::vector<int> out = {i};
  for (size_t k = 0; k < out.size(); ++k) {
    for (int child : ChildrenWith(out[k], "conj")) out.push_back(child);
  }
  return out;
}

std::string_view SentenceView::Span(int first, int last) const {
  const uint32_t begin = token(first).begin;
  const uint32_t end = token(last).end;
  if (begin >= end || end > text_.size()) return {};
  return text_.substr(begin, end - begin);
}

std::vector<int> MentionTokens(const SentenceView& view, int head) {
  std::vector<int> collected;
  Collect(view, head, true, &collected);
  std::sort(collected.begin(), collected.end());
  // Keep the contiguous run around the head: a modifier's words far away
  // are a parse slip, not part of the name.
  const auto at = std::find(collected.begin(), collected.end(), head);
  auto first = at;
  while (first != collected.begin() && *(first - 1) == *first - 1) --first;
  auto last = at;
  while (last + 1 != collected.end() && *(last + 1) == *last + 1) ++last;
  return std::vector<int>(first, last + 1);
}

std::vector<MentionWord> MentionWords(const SentenceView& view, const std::vector<int>& tokens) {
  std::vector<MentionWord> words;
  words.reserve(tokens.size());
  for (int i : tokens) {
    const Token& t = view.token(i);
    words.push_back({t.form, t.lemma, t.upos});
  }
  return words;
}

bool IsMentionHead(const SentenceView& view, int i) {
  const Token& t = view.token(i);
  if (t.upos != "NOUN" && t.upos != "PROPN" && t.upos != "PRON" && t.upos != "NUM") return false;
  if (InsidePhrase(t.deprel)) return false;
  return true;
}

}  // namespace kg::ingest
