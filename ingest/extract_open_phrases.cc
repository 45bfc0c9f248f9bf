// The phrases open statements are made of (ExtractOptions::open): noun
// phrases without the clauses inside them, clausal complements, the noun a
// clause modifies, the subject a clause has or shares, and the relation
// words of a predicate. Token indices in, sorted token indices out.
#include "ingest/extract_internal.h"

#include <algorithm>

namespace kg::ingest::extract_internal {
namespace {

// Relations that start a statement of their own, so their words are not
// part of a phrase (relative clauses, appositions, adverbial clauses, ...).
bool OutsidePhrase(std::string_view deprel) {
  const std::string_view base = BaseRelation(deprel);
  return base == "nsubj" || base == "csubj" || base == "cop" || base == "aux" ||
         base == "advcl" || base == "parataxis" || base == "appos" || base == "discourse" ||
         base == "vocative" || base == "dislocated" || base == "reparandum" ||
         base == "expl" || deprel == "acl:relcl";
}

}  // namespace

bool IsPunctuation(const Token& token) {
  return BaseRelation(token.deprel) == "punct" || token.upos == "PUNCT";
}

std::string SentenceExtractor::Words(const std::vector<int>& tokens) const {
  std::string out;
  for (int i : tokens) {
    const std::string_view word = view_.Span(i, i);
    if (word.empty()) continue;
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

// The phrase headed by `head`: its whole subtree but for the statements of
// their own inside it, without punctuation at either end, and without the
// preposition of `head` itself unless `keep_case`.
std::vector<int> SentenceExtractor::OpenPhrase(int head, bool keep_case) const {
  std::vector<int> out = {head};
  std::vector<int> stack;
  for (int child : view_.children(head)) {
    const std::string_view rel = view_.token(child).deprel;
    if (OutsidePhrase(rel) || BaseRelation(rel) == "cc" || BaseRelation(rel) == "punct") continue;
    if (!keep_case && (rel == "case" || rel == "mark") && view_.token(child).form != "'s") continue;
    // Negation belongs to the relation ("is not profitable").
    if (BaseRelation(rel) == "advmod" && OneOf(view_.Lemma(child), {"not", "n't", "never"})) continue;
    // "is a doctor and she is a nurse": the conjunct is a clause.
    if (BaseRelation(rel) == "conj" && (view_.token(child).upos == "VERB" ||
                                        view_.FirstChild(child, "nsubj", true) >= 0 ||
                                        view_.FirstChild(child, "cop") >= 0)) {
      continue;
    }
    stack.push_back(child);
  }
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    out.push_back(i);
    for (int child : view_.children(i)) {
      if (!OutsidePhrase(view_.token(child).deprel)) stack.push_back(child);
    }
  }
  std::sort(out.begin(), out.end());
  TrimPunct(&out);
  return out;
}

// A clausal complement as a whole ("that small firms could raise
// prices"), without its complementiser.
std::vector<int> SentenceExtractor::ClausePhrase(int head) const {
  std::vector<int> out;
  std::vector<int> stack = {head};
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    out.push_back(i);
    for (int child : view_.children(i)) {
      if (i == head && view_.token(child).deprel == "mark") continue;
      stack.push_back(child);
    }
  }
  std::sort(out.begin(), out.end());
  TrimPunct(&out);
  return out;
}

// The noun a clause starting at token `clause` modifies, without the
// clause and without its own preposition ("three old friends" of "about
// three old friends who meet"); empty unless the noun comes first.
std::vector<int> SentenceExtractor::ModifiedNoun(int noun, int clause) const {
  if (noun >= clause) return {};
  std::vector<int> out = OpenPhrase(noun, false);
  out.erase(std::remove_if(out.begin(), out.end(), [&](int i) { return i >= clause; }), out.end());
  while (!out.empty() && (IsPunctuation(view_.token(out.back())) || view_.token(out.back()).upos == "ADP")) {
    out.pop_back();
  }
  return out;
}

// The subject of `predicate`: its own, the noun a relative clause or a
// participle modifies, or the one it shares with the verb it completes or
// is coordinated with (then `*inferred` is set).
std::vector<int> SentenceExtractor::OpenSubject(int predicate, int depth, bool* inferred) const {
  if (depth > 4) return {};
  const Token& token = view_.token(predicate);
  for (int child : view_.children(predicate)) {
    const std::string_view base = BaseRelation(view_.token(child).deprel);
    if (base != "nsubj" && base != "csubj") continue;
    if (IsRelativePronoun(view_, child)) {
      if (token.deprel != "acl:relcl" || token.head < 0) return {};
      return ModifiedNoun(token.head, child);
    }
    return OpenPhrase(child, true);
  }
  const int parent = token.head;
  if (parent < 0) return {};
  const std::string_view base = BaseRelation(token.deprel);
  *inferred = true;
  if (base == "acl" && token.deprel != "acl:relcl") {
    // The clause starts at its first word: "to" of "a plan to build".
    int first = predicate;
    for (int child : view_.children(predicate)) {
      if (child < first && OneOf(BaseRelation(view_.token(child).deprel), {"mark", "aux", "advmod"})) {
        first = child;
      }
    }
    return ModifiedNoun(parent, first);
  }
  if (base == "xcomp") {
    // "urged Iran to act": the object acts.
    const int object = view_.FirstChild(parent, "obj");
    if (object >= 0 && IsObjectControl(view_.Lemma(parent))) return OpenPhrase(object, true);
    return OpenSubject(parent, depth + 1, inferred);
  }
  if (base == "conj" || base == "advcl") return OpenSubject(parent, depth + 1, inferred);
  return {};
}

// The relation words of a predicate: itself, its auxiliaries, copula,
// negation and particles, in sentence order.
std::vector<int> SentenceExtractor::RelationTokens(int predicate) const {
  std::vector<int> out = {predicate};
  for (int child : view_.children(predicate)) {
    const Token& t = view_.token(child);
    const std::string_view base = BaseRelation(t.deprel);
    if (base == "aux" || base == "cop" || t.deprel == "compound:prt" ||
        (base == "advmod" && OneOf(view_.Lemma(child), {"not", "n't", "never"}))) {
      out.push_back(child);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The conjuncts of a phrase whose head is a name coordinated with other
// names, each without the others; empty when there are none.
std::vector<std::vector<int>> SentenceExtractor::ConjunctSplits(const std::vector<int>& phrase) const {
  auto in_phrase = [&](int i) { return std::find(phrase.begin(), phrase.end(), i) != phrase.end(); };
  int root = -1;
  for (int i : phrase) {
    if (!in_phrase(view_.token(i).head)) {
      root = i;
      break;
    }
  }
  if (root < 0) return {};
  std::vector<int> conjuncts;
  for (int child : view_.ChildrenWith(root, "conj")) {
    if (in_phrase(child) && view_.token(child).upos == "PROPN" && view_.token(root).upos == "PROPN") {
      conjuncts.push_back(child);
    }
  }
  if (conjuncts.empty()) return {};
  auto below = [&](int i, int top) {
    for (int at = i; at >= 0; at = view_.token(at).head) {
      if (at == top) return true;
      if (at == root) return false;
    }
    return false;
  };
  std::vector<std::vector<int>> out(conjuncts.size() + 1);
  for (int i : phrase) {
    size_t which = 0;
    for (size_t c = 0; c < conjuncts.size(); ++c) {
      if (below(i, conjuncts[c])) which = c + 1;
    }
    if (which > 0 && BaseRelation(view_.token(i).deprel) == "cc" &&
        view_.token(i).head == conjuncts[which - 1]) {
      continue;
    }
    out[which].push_back(i);
  }
  for (std::vector<int>& part : out) TrimPunct(&part);
  return out;
}

void SentenceExtractor::TrimPunct(std::vector<int>* tokens) const {
  while (!tokens->empty() && IsPunctuation(view_.token(tokens->front()))) tokens->erase(tokens->begin());
  while (!tokens->empty() && IsPunctuation(view_.token(tokens->back()))) tokens->pop_back();
}

}  // namespace kg::ingest::extract_internal
