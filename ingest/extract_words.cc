// Closed word classes the extractor consults. Lists, not models: each one
// names a distinction the parse alone does not make.
#include "ingest/extract_internal.h"

#include <algorithm>
#include <cctype>

namespace kg::ingest::extract_internal {

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

}  // namespace kg::ingest::extract_internal
