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

// Nouns for a decision to act, whose infinitive the decider carries out:
// "no decision to send", "plans to give".
bool IsDecisionNoun(const std::string& lemma) {
  return OneOf(lemma, {"decision", "plan", "commitment", "pledge", "promise", "vow", "offer",
                       "move", "intention", "order", "choice", "determination", "resolution"});
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

namespace kg::ingest::extract_internal {
namespace {

// The commonest function words of English, and of the languages that most
// often turn up pasted into English news pages (Tagalog, Spanish,
// Portuguese, French, Italian, German, Dutch, Indonesian/Malay, Turkish).
// Words that are also English words ("die", "on", "per") or particles of
// names ("de", "du", "van der", "della") are left out of the foreign lists:
// an English sentence naming "Federation Nationale du Batiment" stays English.
bool IsEnglishFunctionWord(std::string_view w) {
  return OneOf(w, {"the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from",
                   "and", "or", "but", "nor", "that", "which", "who", "whom", "whose", "this",
                   "these", "those", "is", "are", "was", "were", "be", "been", "being", "has",
                   "have", "had", "do", "does", "did", "will", "would", "can", "could", "may",
                   "might", "shall", "should", "must", "not", "it", "its", "he", "she", "his",
                   "her", "they", "their", "them", "we", "our", "you", "your", "i", "as", "if",
                   "than", "then", "also", "into", "over", "after", "before", "about", "while",
                   "since", "under", "between", "against", "during", "no", "there", "here",
                   "what", "when", "where", "why", "how", "all", "some", "any", "such", "more",
                   "most", "other", "only", "so", "very", "just", "up", "out", "s"});
}

bool IsForeignFunctionWord(std::string_view w) {
  return OneOf(w, {// Tagalog
                   "ng", "ang", "mga", "sa", "ay", "siya", "sila", "niya", "nila", "ito", "iyon",
                   "isang", "na", "din", "rin", "ni", "kay", "naging", "hindi", "para",
                   // Spanish and Portuguese
                   "el", "los", "las", "del", "que", "y", "una", "por", "con", "es",
                   "fue", "como", "pero", "más", "sus", "lo", "uma", "não", "em",
                   "com", "foi", "ao", "os", "pelo", "pela",
                   // French and Italian
                   "les", "et", "est", "une", "au", "aux", "dans", "pour", "sur",
                   "qui", "il", "ne", "pas", "avec", "ce", "cette", "sont", "che",
                   "gli", "nel", "sono",
                   // German and Dutch
                   "und", "ist", "nicht", "mit", "sich", "auf", "dem", "ein",
                   "eine", "zu", "het", "een", "niet", "zijn", "voor", "wordt",
                   // Indonesian and Malay
                   "yang", "dan", "ini", "itu", "dengan", "untuk", "tidak", "dari", "akan",
                   "pada", "adalah", "ke",
                   // Turkish
                   "ve", "bir", "bu", "ile", "için", "olarak", "değil"});
}

}  // namespace

// A sentence is taken as not English when its lower-case words include at
// least two function words of another language and more of those than of
// English: the classic stop-word test of language identification, cheap
// and robust on news text, where names (capitalised) are left out.
bool IsForeignSentence(const std::vector<std::string>& forms) {
  int english = 0, foreign = 0;
  for (const std::string& form : forms) {
    if (form.empty() || !std::islower(static_cast<unsigned char>(form[0]))) continue;
    if (IsEnglishFunctionWord(form)) {
      ++english;
    } else if (IsForeignFunctionWord(form)) {
      ++foreign;
    }
  }
  return foreign >= 2 && foreign > english;
}

// Verbs of trying and planning: what they govern has not happened.
bool StatesIntention(const std::string& modality) {
  size_t start = 0;
  while (start < modality.size()) {
    size_t space = modality.find(' ', start);
    if (space == std::string::npos) space = modality.size();
    if (OneOf(std::string_view(modality).substr(start, space - start),
              {"attempt", "try", "seek", "aim", "plan", "intend", "hope", "strive", "endeavor",
               "endeavour", "wish", "want", "mean", "prepare", "scramble", "bid", "offer",
               "propose"})) {
      return true;
    }
    start = space + 1;
  }
  return false;
}

}  // namespace kg::ingest::extract_internal
