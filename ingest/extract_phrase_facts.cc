// Facts a noun phrase states by itself ("Iran-backed fighters", titles,
// "Lebanon's Hezbollah"), read by the entity normaliser and kept only when
// the other party is a name or a state.
#include "ingest/extract_internal.h"

#include <algorithm>
#include <cctype>

namespace kg::ingest::extract_internal {

// Whether `word` is written in the mention as an adjective that is no
// country's ("Kurdish-held", "Islamist-led"): a description, not a party.
bool SentenceExtractor::DescriptiveAdjective(int first, int last, const std::string& word) const {
  if (context_.knowledge.countries.Find(word)) return false;
  // One word with an adjective's ending that no country claims: "Kurdish",
  // "Islamist", "Arabic", "Lebanese-style" descriptions.
  if (word.find(' ') == std::string::npos) {
    const std::string lower = Lower(word);
    for (std::string_view suffix : {"ish", "ist", "ic", "ese", "ian"}) {
      if (lower.size() > suffix.size() + 2 &&
          lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return true;
      }
    }
  }
  for (int i = first; i <= last; ++i) {
    if (view_.token(i).form == word) return view_.token(i).upos == "ADJ";
  }
  return false;
}

// The token introducing examples of `head` ("such as X", "like X",
// "including X"), or -1.
int SentenceExtractor::ExampleToken(int head) const {
  // Parsers attach "X, such as Y" either as a modifier or as an apposition.
  for (const char* relation : {"nmod", "appos"}) {
    for (int child : view_.ChildrenWith(head, relation)) {
      if (OneOf(view_.CaseOf(child), {"such as", "like", "including"})) return child;
    }
  }
  return -1;
}

// The named examples of a description: "militias such as Hezbollah".
std::vector<Arg> SentenceExtractor::Examples(int head) const {
  std::vector<Arg> out;
  const int example = ExampleToken(head);
  if (example < 0) return out;
  for (const Arg& arg : Mentions(example)) {
    if (std::isupper(static_cast<unsigned char>(arg.name[0]))) out.push_back(arg);
  }
  return out;
}

// Facts a noun phrase states by itself: "Iran-backed fighters", titles,
// "Lebanon's Hezbollah".
void SentenceExtractor::MentionFacts(int head) {
  int first = 0, last = 0;
  const EntityMention mention = Analyze(head, &first, &last);
  for (const EntityFact& fact : mention.facts) {
    if (fact.subject.empty() || fact.object.empty() || fact.relation.empty()) continue;
    // The other party must be a name or a state: "Islamist-led" or
    // "Kurdish-held" describe, they do not name.
    const std::string& other = fact.subject == mention.name ? fact.object : fact.subject;
    const EntityMention party = context_.normalizer.Analyze(std::string_view(other));
    if ((party.kind != MentionKind::kNamed && party.kind != MentionKind::kCountry) ||
        !std::isupper(static_cast<unsigned char>(other[0]))) {
      continue;
    }
    if (DescriptiveAdjective(first, last, other)) continue;
    // "pro-Assad militias, such as Hezbollah": each example is one of them.
    for (const Arg& example : Examples(head)) {
      const bool self_is_subject = fact.subject == mention.name;
      Arg s{self_is_subject ? example.name : fact.subject, self_is_subject ? example.type : "",
            first, std::max(last, example.last)};
      Arg o{self_is_subject ? fact.object : example.name, self_is_subject ? "" : example.type,
            first, std::max(last, example.last)};
      RelationMatch match;
      match.relation = fact.relation;
      match.canonical = lexicon().IsCanonical(fact.relation);
      Emit(s, match, o, fact.wording + " ... " + view_.CaseOf(ExampleToken(head)), head, ClauseStance());
    }
    Arg s{fact.subject, "", first, last};
    Arg o{fact.object, "", first, last};
    RelationMatch match;
    match.relation = fact.relation;
    match.canonical = lexicon().IsCanonical(fact.relation);
    Emit(s, match, o, fact.wording, head, ClauseStance());
  }
}

}  // namespace kg::ingest::extract_internal
