// Clause triples: a verb with its subjects, objects and obliques, active or
// passive, with light-verb frames ("pledged support to") and denied acts.
#include "ingest/extract_internal.h"

#include <algorithm>

namespace kg::ingest::extract_internal {

bool SentenceExtractor::IsPassive(int predicate) const {
  const Token& token = view_.token(predicate);
  if (view_.FirstChild(predicate, "nsubj:pass") >= 0 || view_.FirstChild(predicate, "aux:pass") >= 0) {
    return true;
  }
  return BaseRelation(token.deprel) == "acl" && token.xpos == "VBN";
}

std::string SentenceExtractor::VerbPhrase(int predicate) const {
  std::string phrase = view_.Lemma(predicate);
  for (int prt : view_.ChildrenWith(predicate, "compound:prt")) phrase += " " + view_.Lemma(prt);
  return phrase;
}

std::string SentenceExtractor::VerbWords(int predicate) const {
  std::string words = view_.token(predicate).form;
  for (int prt : view_.ChildrenWith(predicate, "compound:prt")) words += " " + view_.token(prt).form;
  return Lower(words);
}

// The object's words for a light-verb frame: its adjectives and compounds
// and itself ("air support").
std::pair<std::string, std::string> SentenceExtractor::ObjectWords(int object) const {
  std::string lemmas, forms;
  for (int i : MentionTokens(view_, object)) {
    const std::string_view base = BaseRelation(view_.token(i).deprel);
    if (i != object && base != "amod" && base != "compound") continue;
    lemmas += (lemmas.empty() ? "" : " ") + view_.Lemma(i);
    forms += (forms.empty() ? "" : " ") + view_.token(i).form;
  }
  return {lemmas, forms};
}

void SentenceExtractor::Clause(int predicate) {
  const CueClass cue = CueOfWord(view_, predicate, lexicon());
  const std::string verb = VerbPhrase(predicate);
  const bool cue_verb = cue == CueClass::kAttribution || cue == CueClass::kDenial ||
                        cue == CueClass::kRefusal || cue == CueClass::kHedge;
  if (cue_verb && !lexicon().NormalizeVerb(verb).canonical) {
    if (cue == CueClass::kDenial || cue == CueClass::kRefusal) DeniedAct(predicate);
    return;
  }
  ClauseStance stance = StanceOf(view_, predicate, lexicon());
  if (stance.unclear) return;

  const bool passive = IsPassive(predicate);
  std::vector<Arg> subjects;
  std::vector<Arg> objects;  // direct objects (the patient of a passive)
  std::vector<std::pair<int, std::string>> obliques = Complements(predicate, "obl");
  int direct = -1;
  bool agentless = false;
  if (passive) {
    for (auto it = obliques.begin(); it != obliques.end();) {
      if (it->second == "by") {
        for (const Arg& a : Mentions(it->first)) subjects.push_back(a);
        it = obliques.erase(it);
      } else {
        ++it;
      }
    }
    const Token& token = view_.token(predicate);
    objects = BaseRelation(token.deprel) == "acl" ? Mentions(token.head) : SubjectsOf(predicate);
    if (subjects.empty()) {
      // "Hezbollah is based in Lebanon": the patient is the subject of
      // what the obliques say.
      subjects = objects;
      objects.clear();
      agentless = true;
    }
  } else {
    subjects = SubjectsOf(predicate);
    direct = view_.FirstChild(predicate, "obj");
    if (direct >= 0) objects = Mentions(direct);
  }
  if (subjects.empty()) return;

  bool framed = false;
  if (direct >= 0) {
    // "pledged support to Assad", "provide air support for Assad".
    auto [object_lemmas, object_forms] = ObjectWords(direct);
    std::vector<std::pair<int, std::string>> frames = obliques;
    for (const auto& c : Complements(direct, "nmod")) frames.push_back(c);
    for (auto it = frames.begin(); it != frames.end(); ++it) {
      if (IsCircumstance(it->second)) continue;
      const RelationMatch match =
          lexicon().NormalizeVerb(verb + " " + object_lemmas + " " + it->second);
      // "deploy troops in Aleppo" places the troops (see the obliques below).
      if (!match.canonical || match.relation == "located_in") continue;
      const std::vector<Arg> complements = Mentions(it->first);
      if (IsDeployable(context_.knowledge.heads, view_.Lemma(direct),
                       Lower(view_.token(direct).form)) &&
          std::any_of(complements.begin(), complements.end(),
                      [](const Arg& a) { return a.type == "GPE"; })) {
        continue;
      }
      const std::string raw = VerbWords(predicate) + " " + object_forms + " " + it->second;
      for (const Arg& s : subjects) {
        for (const Arg& o : complements) Emit(s, match, o, raw, predicate, stance);
      }
      obliques.erase(std::remove(obliques.begin(), obliques.end(), *it), obliques.end());
      framed = true;
      break;
    }
  }
  if (direct >= 0 && !framed) {
    // "sent fighters to Syria": where the object went is the verb's.
    for (const auto& c : Complements(direct, "nmod")) {
      if (OneOf(c.second, {"to", "into", "in", "inside", "across", "from", "toward", "towards"})) {
        obliques.push_back(c);
      }
    }
  }
  if (!framed && !objects.empty()) {
    const RelationMatch match = lexicon().NormalizeVerb(verb);
    const std::string raw = VerbWords(predicate) + (passive ? " by" : "");
    for (const Arg& s : subjects) {
      for (const Arg& o : objects) Emit(s, match, o, raw, predicate, stance);
    }
  }
  for (const auto& [token, preposition] : obliques) {
    if (IsCircumstance(preposition)) continue;
    const std::string phrase = agentless ? "be " + Lower(view_.token(predicate).form) + " " + preposition
                                         : verb + " " + preposition;
    RelationMatch match = lexicon().NormalizeVerb(phrase);
    if (agentless && !match.canonical) continue;  // "was seen in": too vague to keep
    if (direct >= 0 && match.canonical && match.relation == "located_in") {
      // "deployed troops in Aleppo" puts the troops there, not the subject:
      // keep the wording rather than place the subject.
      match = RelationMatch();
      match.relation = phrase;
    }
    const std::string raw = VerbWords(predicate) + " " + preposition;
    for (const Arg& s : subjects) {
      for (const Arg& o : Mentions(token)) Emit(s, match, o, raw, predicate, stance);
    }
  }
}

// "Turkey denied involvement in the offensive": the act named by the
// object, with the denier as its holder, is negative.
void SentenceExtractor::DeniedAct(int predicate) {
  const int object = view_.FirstChild(predicate, "obj");
  if (object < 0 || view_.token(object).upos != "NOUN") return;
  ClauseStance stance = StanceOf(view_, predicate, lexicon());
  if (stance.unclear || stance.polarity == pb::POLARITY_NEGATIVE) return;  // "did not deny"
  stance.polarity = pb::POLARITY_NEGATIVE;
  stance.cue = view_.token(predicate).form;
  const std::vector<Arg> subjects = SubjectsOf(predicate);
  for (const auto& [token, preposition] : Complements(object, "nmod")) {
    const RelationMatch match = lexicon().NormalizeNoun(view_.Lemma(object) + " " + preposition);
    const std::string raw = view_.token(object).form + " " + preposition;
    for (const Arg& s : subjects) {
      for (const Arg& o : Mentions(token)) Emit(s, match, o, raw, object, stance);
    }
  }
}

}  // namespace kg::ingest::extract_internal
