// Arguments: the entities a token names, the subjects a predicate has
// (through relative pronouns, control and coordination) and the
// prepositional complements of a word.
#include "ingest/extract_internal.h"

#include <algorithm>
#include <cctype>

namespace kg::ingest::extract_internal {

EntityMention SentenceExtractor::Analyze(int head, int* first, int* last) const {
  std::vector<int> tokens = MentionTokens(view_, head);
  // A possessor on its own: "Iran" of "Iran 's support".
  while (tokens.size() > 1 && view_.token(tokens.back()).deprel == "case") tokens.pop_back();
  *first = tokens.front();
  *last = tokens.back();
  return context_.entities.Resolve(context_.normalizer.Analyze(MentionWords(view_, tokens)));
}

// The entity token `head` names, when it can be an argument.
std::optional<Arg> SentenceExtractor::Mention(int head) const {
  if (head < 0 || head >= view_.size()) return std::nullopt;
  // "Hundreds of Iran-backed fighters" are the fighters.
  if (view_.token(head).upos == "NUM" || IsQuantity(view_.Lemma(head))) {
    for (int child : view_.ChildrenWith(head, "nmod")) {
      if (view_.CaseOf(child) == "of") return Mention(child);
    }
  }
  const Token& token = view_.token(head);
  if (token.upos != "NOUN" && token.upos != "PROPN" && token.upos != "X") return std::nullopt;
  if (IsTemporal(view_, head)) return std::nullopt;
  Arg arg;
  const EntityMention mention = Analyze(head, &arg.first, &arg.last);
  if (mention.name.empty()) return std::nullopt;
  switch (mention.kind) {
    case MentionKind::kUnresolved:
      return std::nullopt;
    case MentionKind::kNamed:
      if (token.upos == "NOUN" && !std::isupper(static_cast<unsigned char>(token.form[0]))) {
        return std::nullopt;  // a tagged common noun is not a name
      }
      // A name has a capital somewhere ("al-Qaeda"); "clandestine" tagged
      // as a proper noun does not.
      if (std::none_of(mention.name.begin(), mention.name.end(),
                       [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; })) {
        return std::nullopt;
      }
      break;
    case MentionKind::kCountry:
      arg.type = "GPE";
      break;
    case MentionKind::kGeneric: {
      if (StandsForOwner(view_.Lemma(head))) {
        const int owner = view_.FirstChild(head, "nmod:poss");
        if (owner >= 0) {
          int f = 0, l = 0;
          const EntityMention owned_by = Analyze(owner, &f, &l);
          if (owned_by.kind == MentionKind::kNamed && !owned_by.name.empty()) {
            arg.name = owned_by.name;
            arg.type = owned_by.person ? "PERSON" : "";
            return arg;
          }
        }
      }
      // Descriptions of groups and people are parties; abstract nouns
      // ("support", "the offensive") are not.
      // A relational noun ("a key ally", "leaders") names someone only
      // through what it relates to; the extractor reads it as a relation.
      // People named by their office ("Turkish officials") are parties.
      if (const RelationMatch as_noun = lexicon().NormalizeNoun(view_.Lemma(head));
          as_noun.canonical && as_noun.relation != "role" && as_noun.relation != "leads") {
        return std::nullopt;
      }
      // A bare "groups" or "forces" says nothing about who.
      if (arg.first == arg.last && IsVague(view_.Lemma(head))) return std::nullopt;
      const HeadTable& heads = context_.knowledge.heads;
      if (heads.Classify(Lower(token.form)) == HeadClass::kNone &&
          heads.Classify(view_.Lemma(head)) == HeadClass::kNone && token.upos != "PROPN") {
        return std::nullopt;
      }
      break;
    }
  }
  arg.name = mention.name;
  if (mention.person) arg.type = "PERSON";
  return arg;
}

// The named organisations a description of people or units comes from:
// "fighters from Badr", "members of Kataib Hezbollah", "fighters from
// groups like Badr and Nujabaa". What the members do as such, their
// organisation does through them. Countries are left out: "fighters from
// Iraq" are not the Iraqi state.
std::vector<Arg> SentenceExtractor::SourceGroups(int head) const {
  std::vector<Arg> out;
  const std::string lemma = view_.Lemma(head);
  const HeadTable& heads = context_.knowledge.heads;
  if (view_.token(head).upos != "NOUN" ||
      (heads.Classify(lemma) != HeadClass::kGeneric && lemma != "member")) {
    return out;
  }
  auto add_named = [&](const std::vector<Arg>& args) {
    for (const Arg& a : args) {
      if (a.type.empty() && std::isupper(static_cast<unsigned char>(a.name[0]))) out.push_back(a);
    }
  };
  for (const auto& [token, preposition] : Complements(head, "nmod")) {
    if (preposition != "from" && preposition != "of") continue;
    for (int group : view_.Conjuncts(token)) {
      if (view_.token(group).upos == "PROPN") {
        add_named(Mentions(group));
      } else {
        add_named(Examples(group));  // "groups like Badr and Nujabaa"
      }
    }
  }
  return out;
}

// The entities `head` and its conjuncts name, with the organisations a
// description of members comes from (SourceGroups).
std::vector<Arg> SentenceExtractor::Mentions(int head) const {
  std::vector<Arg> out;
  if (head < 0) return out;
  for (int i : view_.Conjuncts(head)) {
    if (auto arg = Mention(i)) {
      out.push_back(*arg);
      for (const Arg& group : SourceGroups(i)) out.push_back(group);
    }
  }
  return out;
}

// The clause under `predicate` when it is a report of verb `reporter`
// ("X denied that they had crossed"), or a report that goes on from one
// ("X said ..., though they added ...", "X said ... and they added ..."):
// a personal pronoun subject is the reporter's subject, the one simple
// reference rule kg applies.
std::vector<Arg> SentenceExtractor::ReporterSubjects(int predicate, int depth) const {
  auto reports = [&](int verb) {
    const CueClass cue = CueOfWord(view_, verb, lexicon());
    return cue == CueClass::kDenial || cue == CueClass::kAttribution || cue == CueClass::kRefusal;
  };
  int reporter = -1;
  const Token& clause = view_.token(predicate);
  const std::string_view clause_base = BaseRelation(clause.deprel);
  if (clause.head >= 0 && reports(predicate) &&
      (clause_base == "conj" || clause_base == "advcl" || clause_base == "parataxis") &&
      reports(clause.head)) {
    reporter = clause.head;
  } else {
    int node = predicate;
    while (view_.token(node).deprel == "conj" && view_.token(node).head >= 0) {
      node = view_.token(node).head;
    }
    if (BaseRelation(view_.token(node).deprel) != "ccomp") return {};
    reporter = view_.token(node).head;
  }
  if (reporter < 0 || !reports(reporter)) return {};
  // Only a named reporter: "officials said they ..." is too loose.
  std::vector<Arg> subjects = SubjectsOf(reporter, depth + 1);
  const bool named = std::all_of(subjects.begin(), subjects.end(), [&](const Arg& a) {
    return !a.name.empty() && std::isupper(static_cast<unsigned char>(a.name[0]));
  });
  return named ? subjects : std::vector<Arg>{};
}

// "Turkey denied involvement, though it reportedly backs the opposition": a
// pronoun subject of a clause attached to another verb (advcl, conj) stands
// for that verb's subject when one named entity of known type fills it and
// agrees with the pronoun ("it" for a place or organisation, "he" and "she"
// for a person).
// "they" is left alone: groups and their members are too easily confused.
//
// A clause that opens with a subordinating conjunction but hangs from a noun
// as a relative clause ("involvement in the offensive, though it backs ...")
// is read as an adverbial clause of the verb above that noun: relative
// clauses have no such conjunction ("that" and "to" aside, none in the UD
// English treebank has one).
std::vector<Arg> SentenceExtractor::AntecedentSubjects(int predicate, int pronoun,
                                                       int depth) const {
  const Token& clause = view_.token(predicate);
  const std::string_view base = BaseRelation(clause.deprel);
  if (clause.head < 0) return {};
  int host = clause.head;
  if (clause.deprel == "acl:relcl") {
    const std::string mark = view_.CaseOf(predicate);
    if (mark.empty() || mark == "that" || mark == "to") return {};
    host = VerbAbove(clause.head);
    if (host < 0) return {};
  } else if (base != "advcl" && base != "conj") {
    return {};
  }
  const std::string word = Lower(view_.token(pronoun).form);
  if (word != "it" && word != "he" && word != "she") return {};
  std::vector<Arg> subjects = SubjectsOf(host, depth + 1);
  if (subjects.size() != 1 || subjects[0].name.empty() ||
      !std::isupper(static_cast<unsigned char>(subjects[0].name[0]))) {
    return {};
  }
  // The type must be known: a bare surname may be a person or a firm.
  const std::string& type = subjects[0].type;
  if (type.empty() || (word == "it") == (type == "PERSON")) return {};
  return subjects;
}

// The nearest verb above `word`: the clause a noun phrase belongs to.
int SentenceExtractor::VerbAbove(int word) const {
  int node = view_.token(word).head;
  for (int steps = 0; node >= 0 && steps < view_.size(); ++steps) {
    if (view_.token(node).upos == "VERB") return node;
    node = view_.token(node).head;
  }
  return -1;
}

std::vector<Arg> SentenceExtractor::SubjectsOf(int predicate, int depth) const {
  if (depth > 5) return {};
  const Token& token = view_.token(predicate);
  for (int child : view_.children(predicate)) {
    if (BaseRelation(view_.token(child).deprel) != "nsubj") continue;
    if (IsRelativePronoun(view_, child)) {
      if (token.deprel == "acl:relcl" && token.head >= 0) return Mentions(token.head);
      return {};
    }
    if (IsPersonalPronoun(view_, child)) {
      std::vector<Arg> reporters = ReporterSubjects(predicate, depth);
      return reporters.empty() ? AntecedentSubjects(predicate, child, depth) : reporters;
    }
    return Mentions(child);
  }
  const int parent = token.head;
  if (parent < 0) return {};
  const std::string_view base = BaseRelation(token.deprel);
  const std::string mark = view_.CaseOf(predicate);
  if (base == "xcomp") {
    // Object control is a property of the verb ("prompted Iran to act");
    // "entered Syria to support" is still the subject's purpose.
    const int object = view_.FirstChild(parent, "obj");
    if (object >= 0 && IsObjectControl(view_.Lemma(parent))) return Mentions(object);
    if (object >= 0 && view_.token(parent).upos != "VERB") return {};
    return ControllerSubjects(parent, depth);
  }
  if (base == "advcl" && mark == "from") {
    const int object = view_.FirstChild(parent, "obj");
    if (object >= 0) return Mentions(object);  // "kept Iran from sending"
    return SubjectsOf(parent, depth + 1);       // "refrained from deploying"
  }
  if (base == "advcl" && (mark == "to" || mark == "in order to" ||
                          (mark.empty() && token.xpos == "VBG"))) {
    return ControllerSubjects(parent, depth);
  }
  if (base == "conj" && view_.token(parent).upos == "VERB") return SubjectsOf(parent, depth + 1);
  if (base == "acl" && mark == "to" && IsDecisionNoun(view_.Lemma(parent))) {
    // "Labour's plans to give": the possessor decides and acts.
    const int owner = view_.FirstChild(parent, "nmod:poss");
    if (owner >= 0) return Mentions(owner);
    // "Hamas made no decision to send fighters": so does the subject of a
    // verb of deciding ("make", "take", "reach"), not of one that talks
    // about the decision ("defended the decision to").
    const int verb = view_.token(parent).head;
    if (view_.token(parent).deprel == "obj" && verb >= 0 &&
        OneOf(view_.Lemma(verb), {"make", "take", "reach", "have", "adopt", "announce", "unveil",
                                  "approve", "issue"})) {
      return SubjectsOf(verb, depth + 1);
    }
  }
  if (base == "acl" && token.xpos == "VBG") return Mentions(parent);  // "forces attempting to"
  return {};
}

// "They added no decision had been made to send fighters", "Moscow said it
// was decided to send troops": an agentless passive complement of a verb
// whose subject names nobody; the deciders are, on the reporter's word, the
// reporter's side.
bool SentenceExtractor::DecisionPassive(int predicate) const {
  const Token& token = view_.token(predicate);
  if (!IsPassive(predicate) || token.head < 0 || view_.token(token.head).upos != "VERB") return false;
  const std::string_view base = BaseRelation(token.deprel);
  const std::string mark = view_.CaseOf(predicate);
  if (!(base == "ccomp" || (base == "advcl" && mark.empty()))) return false;
  for (const auto& complement : Complements(predicate, "obl")) {
    if (complement.second == "by") return false;
  }
  // "No decision was made to send", "it was decided to send"; not "the
  // constitution was not designed to take in".
  for (int child : view_.children(predicate)) {
    if (BaseRelation(view_.token(child).deprel) != "nsubj") continue;
    if (!IsDecisionNoun(view_.Lemma(child)) && view_.Lemma(child) != "it") return false;
  }
  return true;
}

// The subjects of the clause controlling an infinitive: those of
// `controller`, or, when it is an agentless passive complement ("no decision
// had been made to send"), those of the verb reporting it.
std::vector<Arg> SentenceExtractor::ControllerSubjects(int controller, int depth) const {
  if (DecisionPassive(controller)) return SubjectsOf(view_.token(controller).head, depth + 2);
  return SubjectsOf(controller, depth + 1);
}

// Prepositional complements of `holder`: {token, preposition}.
std::vector<std::pair<int, std::string>> SentenceExtractor::Complements(int holder, std::string_view relation) const {
  std::vector<std::pair<int, std::string>> out;
  for (int child : view_.children(holder)) {
    const Token& t = view_.token(child);
    if (BaseRelation(t.deprel) != relation || t.deprel == "nmod:poss" || t.deprel == "obl:tmod" ||
        t.deprel == "obl:npmod") {
      continue;
    }
    std::string preposition = view_.CaseOf(child);
    if (t.deprel == "obl:agent") preposition = "by";
    if (preposition.empty() || IsTemporal(view_, child)) continue;
    out.emplace_back(child, preposition);
  }
  return out;
}

}  // namespace kg::ingest::extract_internal
