// Acronym definitions in running text: "Hayat Tahrir al-Sham (HTS)" and
// "HTS (Hayat Tahrir al-Sham)" both define HTS.
//
// The long form is found with the algorithm of Schwartz and Hearst (PSB
// 2003): the acronym's characters are matched right to left against the
// words before the parenthesis, the first character at the start of a word,
// taking the shortest run of at most min(|A| + 5, 2 |A|) words that matches.
// The long form must start with a capital letter, so that "said on Monday
// (AFP)" defines nothing.
#pragma once

#include <string>
#include <vector>

namespace kg::ingest {

struct AcronymDefinition {
  std::string acronym;    // "HTS"
  std::string long_form;  // "Hayat Tahrir al-Sham", without a leading "the"
};

// The definitions in one sentence given as token forms (the tokenizer's
// split hyphens are joined back: "al", "-", "Sham" -> "al-Sham").
std::vector<AcronymDefinition> FindAcronymDefinitions(const std::vector<std::string>& forms);

// Whether `long_form` is a plausible expansion of `acronym` by the rule
// above (exposed for tests).
bool MatchesAcronym(const std::string& acronym, const std::string& long_form);

// Whether a token looks like an acronym: 2 to 10 characters, starting with a
// capital, at least two capitals and no lower-case letter except inside
// ("HTS", "YPG", "IRGC", "DoD"), digits allowed ("G7").
bool LooksLikeAcronym(const std::string& token);

}  // namespace kg::ingest
