#include "ingest/triple_extractor.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <tuple>

#include "graph/names.h"
#include "ingest/article_entities.h"
#include "ingest/extract_mentions.h"
#include "ingest/extract_polarity.h"

namespace kg::ingest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool OneOf(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Time expressions are when, not who: "entered Syria on Monday".
bool IsTemporal(const SentenceView& view, int i) {
  const Token& t = view.token(i);
  if (t.deprel == "obl:tmod" || t.upos == "NUM") return true;
  std::string lemma = view.Lemma(i);
  for (std::string_view prefix : {"mid-", "early-", "late-"}) {
    if (lemma.rfind(prefix, 0) == 0) lemma = lemma.substr(prefix.size());
  }
  return OneOf(lemma,
               {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                "january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december", "day", "days", "week", "weeks",
                "weekend", "month", "months", "year", "years", "decade", "century", "time",
                "today", "yesterday", "tomorrow", "tonight", "night", "morning", "evening",
                "afternoon", "hour", "hours", "moment", "period", "season", "spring", "summer",
                "autumn", "winter", "now", "past", "future"});
}

// Prepositions that introduce circumstances, not participants.
bool IsCircumstance(const std::string& preposition) {
  return OneOf(preposition, {"despite", "amid", "amidst", "during", "after", "before", "since",
                             "until", "till", "due to", "because of", "like", "as", "following",
                             "according to", "including", "such as", "in spite of", "than",
                             "without", "instead of", "regardless of", "given", "via", "over",
                             "throughout", "while", "by", "with", "in exchange for",
                             "in response to", "in addition to", "along with", "thanks to"});
}

// Heads that stand for their possessor as a party to a relation: "support
// Assad's forces" supports Assad.
bool StandsForOwner(const std::string& lemma) {
  return OneOf(lemma, {"government", "regime", "administration", "force", "forces", "troops",
                       "army", "military"});
}

// Verbs whose object does what their infinitive says: "urged Iran to send".
bool IsObjectControl(const std::string& lemma) {
  return OneOf(lemma, {"ask", "urge", "prompt", "persuade", "force", "allow", "order", "tell",
                       "encourage", "invite", "request", "require", "push", "press", "pressure",
                       "compel", "enable", "help", "lead", "cause", "get", "want", "expect",
                       "instruct", "authorize", "authorise", "permit", "convince", "oblige",
                       "forbid", "call", "warn", "advise", "drive", "spur", "inspire"});
}

// Heads too vague to name a party without a modifier.
bool IsVague(const std::string& lemma) {
  return OneOf(lemma, {"group", "groups", "force", "forces", "unit", "units", "people", "member",
                       "members", "official", "officials", "source", "sources", "party",
                       "parties", "side", "sides", "element", "elements", "body", "faction",
                       "factions", "organization", "organisation", "authority", "authorities"});
}

// Quantities whose "of" phrase names the party: "hundreds of fighters".
bool IsQuantity(const std::string& lemma) {
  return OneOf(lemma, {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "score",
                       "scores", "million", "millions", "number", "handful", "couple", "most",
                       "many", "some", "several", "few", "all", "half", "part", "majority",
                       "contingent", "wave", "influx"});
}

// Deployable people: "sent fighters to Syria" is a movement into Syria, not
// support for the Syrian state.
bool IsDeployable(const HeadTable& heads, const std::string& lemma, const std::string& form) {
  return heads.Classify(form) == HeadClass::kGeneric || heads.Classify(lemma) == HeadClass::kGeneric ||
         OneOf(lemma, {"reinforcement", "reinforcements", "adviser", "advisers", "advisor",
                       "advisors", "troop"});
}

bool IsRelativePronoun(const SentenceView& view, int i) {
  const Token& t = view.token(i);
  return (t.xpos == "WP" || t.xpos == "WDT" || t.upos == "PRON") &&
         OneOf(view.Lemma(i), {"who", "which", "that", "whom"});
}

bool IsPersonalPronoun(const SentenceView& view, int i) {
  return OneOf(view.Lemma(i), {"he", "she", "it", "they"});
}

struct Arg {
  std::string name;
  std::string type;  // "GPE", "PERSON" or ""
  int first = -1;    // token span of the mention
  int last = -1;
};

struct Context {
  const KnowledgeBase& knowledge;
  const EntityNormalizer& normalizer;
  const ArticleEntities& entities;
};

// Extracts the statements of one sentence.
class SentenceExtractor {
 public:
  SentenceExtractor(const SentenceView& view, uint32_t sentence_index, const Context& context,
                    std::vector<graph::TripleStatement>* out)
      : view_(view), index_(sentence_index), context_(context), out_(out) {}

  void Run() {
    // Headlines in title case parse too poorly to read clauses from; the
    // facts their noun phrases state ("Iran-Backed Fighters") still hold.
    const bool headline = IsHeadline();
    for (int i = 0; i < view_.size(); ++i) {
      if (headline) {
        if (IsMentionHead(view_, i)) MentionFacts(i);
        continue;
      }
      if (view_.token(i).upos == "VERB") Clause(i);
      if (view_.FirstChild(i, "cop") >= 0) Copula(i);
      for (int appos : view_.ChildrenWith(i, "appos")) Apposition(i, appos);
      if (view_.token(i).upos == "NOUN") PossessiveAct(i);
      if (IsMentionHead(view_, i)) MentionFacts(i);
    }
  }

 private:
  const RelationLexicon& lexicon() const { return context_.knowledge.relations; }

  bool IsHeadline() const {
    if (view_.size() == 0) return false;
    int words = 0, capitalised = 0;
    for (int i = 0; i < view_.size(); ++i) {
      const std::string& form = view_.token(i).form;
      if (form.empty() || !std::isalpha(static_cast<unsigned char>(form[0]))) continue;
      if (OneOf(Lower(form), {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "as",
                              "at", "by", "with", "from"})) {
        continue;
      }
      ++words;
      if (std::isupper(static_cast<unsigned char>(form[0]))) ++capitalised;
    }
    const std::string& last = view_.token(view_.size() - 1).form;
    const bool terminated = last == "." || last == "!" || last == "?" || last == "\"" || last == "”";
    return words >= 4 && capitalised * 10 >= words * 8 && !terminated;
  }

  EntityMention Analyze(int head, int* first, int* last) const {
    std::vector<int> tokens = MentionTokens(view_, head);
    // A possessor on its own: "Iran" of "Iran 's support".
    while (tokens.size() > 1 && view_.token(tokens.back()).deprel == "case") tokens.pop_back();
    *first = tokens.front();
    *last = tokens.back();
    return context_.entities.Resolve(context_.normalizer.Analyze(MentionWords(view_, tokens)));
  }

  // The entity token `head` names, when it can be an argument.
  std::optional<Arg> Mention(int head) const {
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

  // The entities `head` and its conjuncts name.
  std::vector<Arg> Mentions(int head) const {
    std::vector<Arg> out;
    if (head < 0) return out;
    for (int i : view_.Conjuncts(head)) {
      if (auto arg = Mention(i)) out.push_back(*arg);
    }
    return out;
  }

  // The clause under `predicate` when it is a report of verb `reporter`
  // ("X denied that they had crossed"): a personal pronoun subject is the
  // reporter's subject, the one simple reference rule kg applies.
  std::vector<Arg> ReporterSubjects(int predicate, int depth) const {
    int node = predicate;
    while (view_.token(node).deprel == "conj" && view_.token(node).head >= 0) {
      node = view_.token(node).head;
    }
    if (BaseRelation(view_.token(node).deprel) != "ccomp") return {};
    const int reporter = view_.token(node).head;
    if (reporter < 0) return {};
    const CueClass cue = CueOfWord(view_, reporter, lexicon());
    if (cue != CueClass::kDenial && cue != CueClass::kAttribution && cue != CueClass::kRefusal) {
      return {};
    }
    // Only a named reporter: "officials said they ..." is too loose.
    std::vector<Arg> subjects = SubjectsOf(reporter, depth + 1);
    const bool named = std::all_of(subjects.begin(), subjects.end(), [&](const Arg& a) {
      return !a.name.empty() && std::isupper(static_cast<unsigned char>(a.name[0]));
    });
    return named ? subjects : std::vector<Arg>{};
  }

  std::vector<Arg> SubjectsOf(int predicate, int depth = 0) const {
    if (depth > 5) return {};
    const Token& token = view_.token(predicate);
    for (int child : view_.children(predicate)) {
      if (BaseRelation(view_.token(child).deprel) != "nsubj") continue;
      if (IsRelativePronoun(view_, child)) {
        if (token.deprel == "acl:relcl" && token.head >= 0) return Mentions(token.head);
        return {};
      }
      if (IsPersonalPronoun(view_, child)) return ReporterSubjects(predicate, depth);
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
      return SubjectsOf(parent, depth + 1);
    }
    if (base == "advcl" && mark == "from") {
      const int object = view_.FirstChild(parent, "obj");
      if (object >= 0) return Mentions(object);  // "kept Iran from sending"
      return SubjectsOf(parent, depth + 1);       // "refrained from deploying"
    }
    if (base == "advcl" && (mark == "to" || mark == "in order to" ||
                            (mark.empty() && token.xpos == "VBG"))) {
      return SubjectsOf(parent, depth + 1);
    }
    if (base == "conj" && view_.token(parent).upos == "VERB") return SubjectsOf(parent, depth + 1);
    if (base == "acl" && token.xpos == "VBG") return Mentions(parent);  // "forces attempting to"
    return {};
  }

  bool IsPassive(int predicate) const {
    const Token& token = view_.token(predicate);
    if (view_.FirstChild(predicate, "nsubj:pass") >= 0 || view_.FirstChild(predicate, "aux:pass") >= 0) {
      return true;
    }
    return BaseRelation(token.deprel) == "acl" && token.xpos == "VBN";
  }

  std::string VerbPhrase(int predicate) const {
    std::string phrase = view_.Lemma(predicate);
    for (int prt : view_.ChildrenWith(predicate, "compound:prt")) phrase += " " + view_.Lemma(prt);
    return phrase;
  }

  std::string VerbWords(int predicate) const {
    std::string words = view_.token(predicate).form;
    for (int prt : view_.ChildrenWith(predicate, "compound:prt")) words += " " + view_.token(prt).form;
    return Lower(words);
  }

  // The object's words for a light-verb frame: its adjectives and compounds
  // and itself ("air support").
  std::pair<std::string, std::string> ObjectWords(int object) const {
    std::string lemmas, forms;
    for (int i : MentionTokens(view_, object)) {
      const std::string_view base = BaseRelation(view_.token(i).deprel);
      if (i != object && base != "amod" && base != "compound") continue;
      lemmas += (lemmas.empty() ? "" : " ") + view_.Lemma(i);
      forms += (forms.empty() ? "" : " ") + view_.token(i).form;
    }
    return {lemmas, forms};
  }

  // Prepositional complements of `holder`: {token, preposition}.
  std::vector<std::pair<int, std::string>> Complements(int holder, std::string_view relation) const {
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

  void Clause(int predicate) {
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
        if (!match.canonical) continue;
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
      const std::string raw = VerbWords(predicate) + " " + preposition;
      for (const Arg& s : subjects) {
        for (const Arg& o : Mentions(token)) Emit(s, match, o, raw, predicate, stance);
      }
    }
  }

  // "Turkey denied involvement in the offensive": the act named by the
  // object, with the denier as its holder, is negative.
  void DeniedAct(int predicate) {
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

  // "Hezbollah is an ally of Assad", "X is loyal to Y".
  void Copula(int predicate) {
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
  void Apposition(int noun, int appos) {
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
  void NounRelations(const std::vector<Arg>& holders, int noun, ClauseStance stance) {
    if (holders.empty()) return;
    for (int amod : view_.ChildrenWith(noun, "amod")) {
      if (OneOf(view_.Lemma(amod), {"former", "ex", "erstwhile", "one-time", "onetime"})) {
        stance.modality = view_.Lemma(amod);
      }
    }
    const std::string lemma = view_.Lemma(noun);
    bool found = false;
    for (const auto& [token, preposition] : Complements(noun, "nmod")) {
      const RelationMatch match = lexicon().NormalizeNoun(lemma + " " + preposition);
      if (!match.canonical) continue;
      found = true;
      const std::string raw = view_.token(noun).form + " " + preposition;
      for (const Arg& h : holders) {
        for (const Arg& c : Mentions(token)) Emit(h, match, c, raw, noun, stance);
      }
    }
    if (!found && view_.token(noun).upos == "ADJ") {
      for (const auto& [token, preposition] : Complements(noun, "obl")) {
        const RelationMatch match = lexicon().NormalizeNoun(lemma + " " + preposition);
        if (!match.canonical) continue;
        found = true;
        const std::string raw = view_.token(noun).form + " " + preposition;
        for (const Arg& h : holders) {
          for (const Arg& c : Mentions(token)) Emit(h, match, c, raw, noun, stance);
        }
      }
    }
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
  void PossessiveAct(int noun) {
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

  bool IsAgentNoun(const std::string& lemma) const {
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

  // Whether `word` is written in the mention as an adjective that is no
  // country's ("Kurdish-held", "Islamist-led"): a description, not a party.
  bool DescriptiveAdjective(int first, int last, const std::string& word) const {
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
  int ExampleToken(int head) const {
    for (int child : view_.ChildrenWith(head, "nmod")) {
      if (OneOf(view_.CaseOf(child), {"such as", "like", "including"})) return child;
    }
    return -1;
  }

  // The named examples of a description: "militias such as Hezbollah".
  std::vector<Arg> Examples(int head) const {
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
  void MentionFacts(int head) {
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

  void Emit(const Arg& subject, const RelationMatch& match, const Arg& object,
            const std::string& raw, int predicate, const ClauseStance& stance) {
    if (match.relation.empty() || graph::NormalizeName(subject.name) == graph::NormalizeName(object.name)) {
      return;
    }
    const Arg& s = match.inverse ? object : subject;
    const Arg& o = match.inverse ? subject : object;
    graph::TripleStatement triple;
    triple.subject = s.name;
    triple.subject_type = s.type;
    triple.relation = match.relation;
    triple.object = o.name;
    triple.object_type = o.type;
    triple.polarity = stance.polarity;
    triple.modality = stance.modality;
    triple.confidence = stance.modality.empty() ? 1.0f : 0.6f;
    int first = predicate, last = predicate;
    for (const Arg* a : {&s, &o}) {
      if (a->first >= 0) first = std::min(first, a->first);
      if (a->last >= 0) last = std::max(last, a->last);
    }
    pb::Evidence& evidence = triple.evidence;
    evidence.set_sentence_index(index_);
    evidence.set_begin(view_.token(first).begin);
    evidence.set_end(view_.token(last).end);
    evidence.set_sentence(std::string(view_.sentence().TextIn(view_.text())));
    evidence.set_raw_relation(stance.cue.empty() || stance.polarity != pb::POLARITY_NEGATIVE
                                  ? raw
                                  : stance.cue + " ... " + raw);
    evidence.set_modality(stance.modality);
    evidence.set_attribution(stance.attribution);
    const auto key = std::make_tuple(triple.subject, triple.relation, triple.object,
                                     static_cast<int>(triple.polarity));
    if (!seen_.insert(key).second) return;
    out_->push_back(std::move(triple));
  }

  const SentenceView& view_;
  uint32_t index_;
  const Context& context_;
  std::vector<graph::TripleStatement>* out_;
  std::set<std::tuple<std::string, std::string, std::string, int>> seen_;
};

}  // namespace

TripleExtractor::TripleExtractor(const KnowledgeBase& knowledge)
    : knowledge_(knowledge),
      normalizer_(knowledge.countries, knowledge.titles, knowledge.heads, &knowledge.relations) {}

Extraction TripleExtractor::Extract(const Document& document) const {
  Extraction result;
  ArticleEntities entities(normalizer_);
  // First pass: learn the article's full names and acronyms, so that an
  // early "Assad" finds a later "Bashar al-Assad".
  for (const Sentence& sentence : document.sentences) {
    const SentenceView view(sentence, document.text);
    std::vector<std::string> forms;
    for (const Token& token : sentence.tokens) forms.push_back(token.form);
    entities.ScanSentence(forms);
    for (int i = 0; i < view.size(); ++i) {
      if (!IsMentionHead(view, i) && view.token(i).deprel != "nmod:poss") continue;
      std::vector<int> tokens = MentionTokens(view, i);
      while (tokens.size() > 1 && view.token(tokens.back()).deprel == "case") tokens.pop_back();
      entities.Observe(normalizer_.Analyze(MentionWords(view, tokens)));
    }
  }
  const Context context{knowledge_, normalizer_, entities};
  for (size_t s = 0; s < document.sentences.size(); ++s) {
    const Sentence& sentence = document.sentences[s];
    bool parsed = false;
    for (const Token& token : sentence.tokens) parsed = parsed || !token.deprel.empty();
    if (!parsed) continue;
    const SentenceView view(sentence, document.text);
    SentenceExtractor(view, static_cast<uint32_t>(s), context, &result.triples).Run();
  }
  result.aliases = entities.aliases();
  return result;
}

}  // namespace kg::ingest
