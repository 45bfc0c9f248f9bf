// Nominal triples: copulas, appositions, relational nouns and the acts a
// possessor holds.
#include "ingest/extract_internal.h"

#include <cctype>

namespace kg::ingest::extract_internal {

// "Hezbollah is an ally of Assad", "X is loyal to Y".
void SentenceExtractor::Copula(int predicate) {
  const int subject = view_.FirstChild(predicate, "nsubj", true);
  if (subject < 0) return;
  ClauseStance stance = StanceOf(view_, predicate, lexicon());
  if (stance.unclear) return;
  std::vector<Arg> holders;
  if (IsRelativePronoun(view_, subject) && view_.token(predicate).deprel == "acl:relcl") {
    holders = Mentions(view_.token(predicate).head);
  } else {
    holders = Mentions(subject);
  }
  NounRelations(holders, predicate, stance);
}

// "Hezbollah, a key ally of Assad"; "Assad's key allies, Iran and Russia".
void SentenceExtractor::Apposition(int noun, int appos) {
  ClauseStance stance;  // an apposition is asserted as it stands
  const Token& described = view_.token(appos);
  if (described.upos == "NOUN" && std::islower(static_cast<unsigned char>(described.form[0]))) {
    if (auto holder = Mention(noun)) NounRelations({*holder}, appos, stance);
    return;
  }
  const Token& head = view_.token(noun);
  if (head.upos == "NOUN" && std::islower(static_cast<unsigned char>(head.form[0]))) {
    NounRelations(Mentions(appos), noun, stance);
  }
}

// Relations a relational noun `noun` states of `holders`: with a
// prepositional complement ("ally of Assad"), else with its possessor
// ("Assad's ally") or a name compounded with it ("an al-Qaeda affiliate").
void SentenceExtractor::NounRelations(const std::vector<Arg>& holders, int noun, ClauseStance stance) {
  if (holders.empty()) return;
  for (int amod : view_.ChildrenWith(noun, "amod")) {
    if (OneOf(view_.Lemma(amod), {"former", "ex", "erstwhile", "one-time", "onetime"})) {
      stance.modality = view_.Lemma(amod);
    }
  }
  const std::string lemma = view_.Lemma(noun);
  // Emits holder -relation-> complement for each complement of `noun`
  // attached by `deprel` whose "noun preposition" the lexicon knows.
  auto emit_complements = [&](const char* deprel) {
    bool emitted = false;
    for (const auto& [token, preposition] : Complements(noun, deprel)) {
      const RelationMatch match = lexicon().NormalizeNoun(lemma + " " + preposition);
      if (!match.canonical) continue;
      emitted = true;
      const std::string raw = view_.token(noun).form + " " + preposition;
      for (const Arg& h : holders) {
        for (const Arg& c : Mentions(token)) Emit(h, match, c, raw, noun, stance);
      }
    }
    return emitted;
  };
  bool found = emit_complements("nmod");
  // Adjectives take their complements as obl ("loyal to Assad").
  if (!found && view_.token(noun).upos == "ADJ") found = emit_complements("obl");
  if (found || view_.token(noun).upos != "NOUN") return;
  const RelationMatch bare = lexicon().NormalizeNoun(lemma);
  if (!bare.canonical) return;
  int complement = view_.FirstChild(noun, "nmod:poss");
  if (complement < 0) {
    for (int child : view_.ChildrenWith(noun, "compound")) {
      if (view_.token(child).upos == "PROPN") complement = child;
    }
  }
  if (complement < 0) return;
  for (const Arg& h : holders) {
    for (const Arg& c : Mentions(complement)) Emit(h, bare, c, view_.token(noun).form, noun, stance);
  }
}

// "Iran's support for Assad": the possessor holds the act. Nouns for the
// holder itself ("Iraq's members of X", "Syria's leader of ...") are not
// acts; they are read by NounRelations when something names them.
void SentenceExtractor::PossessiveAct(int noun) {
  const int owner = view_.FirstChild(noun, "nmod:poss");
  if (owner < 0 || IsAgentNoun(view_.Lemma(noun))) return;
  const auto holder = Mention(owner);
  if (!holder) return;
  ClauseStance stance;
  const int governor = view_.token(noun).head;
  if (governor >= 0 && view_.token(governor).upos == "VERB") {
    stance = StanceOf(view_, governor, lexicon());
    const CueClass cue = CueOfWord(view_, governor, lexicon());
    if (cue == CueClass::kDenial || cue == CueClass::kRefusal) {
      if (stance.polarity == pb::POLARITY_NEGATIVE) return;
      stance.polarity = pb::POLARITY_NEGATIVE;
    }
    if (stance.unclear) return;
  }
  for (const auto& [token, preposition] : Complements(noun, "nmod")) {
    const RelationMatch match = lexicon().NormalizeNoun(view_.Lemma(noun) + " " + preposition);
    if (!match.canonical) continue;
    const std::string raw = view_.token(noun).form + " " + preposition;
    for (const Arg& c : Mentions(token)) Emit(*holder, match, c, raw, noun, stance);
  }
}

bool SentenceExtractor::IsAgentNoun(const std::string& lemma) const {
  if (lexicon().NormalizeNoun(lemma).canonical) return true;
  if (context_.knowledge.heads.Classify(lemma) != HeadClass::kNone) return true;
  for (std::string_view suffix : {"er", "or", "ist", "ant", "ent", "ary", "ee", "man", "men"}) {
    if (lemma.size() > suffix.size() + 2 &&
        lemma.compare(lemma.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace kg::ingest::extract_internal
