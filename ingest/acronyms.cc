#include "ingest/acronyms.h"

#include <algorithm>
#include <cctype>

namespace kg::ingest {
namespace {

bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Joins tokenizer pieces back into words: "al" "-" "Sham" -> "al-Sham".
std::vector<std::string> JoinHyphens(const std::vector<std::string>& forms) {
  std::vector<std::string> words;
  for (size_t i = 0; i < forms.size(); ++i) {
    if (forms[i] == "-" && !words.empty() && i + 1 < forms.size() && forms[i + 1] != "(" &&
        forms[i + 1] != ")") {
      words.back() += "-" + forms[i + 1];
      ++i;
      continue;
    }
    words.push_back(forms[i]);
  }
  return words;
}

bool IsBoundary(const std::string& word) {
  static const char* const kBoundaries[] = {",", ";", ":", ".", "(", ")", "\"", "--", "[", "]"};
  return std::any_of(std::begin(kBoundaries), std::end(kBoundaries),
                     [&](const char* b) { return word == b; });
}

std::string Join(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += ' ';
    out += words[i];
  }
  return out;
}

// The long form for `acronym` among words[begin, end) read backwards from
// `end`, or "" when none.
std::string LongFormBefore(const std::string& acronym, const std::vector<std::string>& words,
                           size_t begin, size_t end) {
  const size_t letters = acronym.size();
  const size_t max_words = std::min(letters + 5, letters * 2);
  for (size_t count = 1; count <= max_words && count <= end - begin; ++count) {
    const size_t first = end - count;
    if (IsBoundary(words[first])) break;
    std::string candidate = Join(words, first, end);
    if (!IsUpper(candidate[0])) continue;
    if (MatchesAcronym(acronym, candidate)) return candidate;
  }
  return {};
}

std::string StripDeterminer(std::string text) {
  for (const char* determiner : {"the ", "The "}) {
    if (text.rfind(determiner, 0) == 0) return text.substr(4);
  }
  return text;
}

}  // namespace

bool LooksLikeAcronym(const std::string& token) {
  if (token.size() < 2 || token.size() > 10 || !IsUpper(token[0])) return false;
  size_t capitals = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (IsUpper(c)) {
      ++capitals;
    } else if (std::islower(static_cast<unsigned char>(c))) {
      if (i + 1 == token.size() && token.size() <= 3) return false;  // "Mr", "Dr"
    } else if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-' && c != '&') {
      return false;
    }
  }
  const size_t digits = static_cast<size_t>(
      std::count_if(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
  return capitals + digits >= 2 && (capitals + digits) * 2 >= token.size();
}

bool MatchesAcronym(const std::string& acronym, const std::string& long_form) {
  // Schwartz and Hearst: walk both strings from the end.
  int s = static_cast<int>(acronym.size()) - 1;
  int l = static_cast<int>(long_form.size()) - 1;
  while (s >= 0) {
    const char wanted = Lower(acronym[s]);
    if (!IsAlnum(wanted)) {
      --s;
      continue;
    }
    while (l >= 0 && (Lower(long_form[l]) != wanted ||
                      (s == 0 && l > 0 && IsAlnum(long_form[l - 1])))) {
      --l;
    }
    if (l < 0) return false;
    --l;
    --s;
  }
  // The first acronym character begins a word, and the acronym does not
  // match inside a single word ("Iran" is no expansion of "IR").
  return long_form.find(' ') != std::string::npos || long_form.find('-') != std::string::npos;
}

std::vector<AcronymDefinition> FindAcronymDefinitions(const std::vector<std::string>& forms) {
  const std::vector<std::string> words = JoinHyphens(forms);
  std::vector<AcronymDefinition> found;
  for (size_t open = 0; open + 2 < words.size(); ++open) {
    if (words[open] != "(") continue;
    size_t close = open + 1;
    while (close < words.size() && words[close] != ")") ++close;
    if (close >= words.size()) break;
    if (close == open + 2 && LooksLikeAcronym(words[open + 1])) {
      // "Long Form (LF)"
      const std::string& acronym = words[open + 1];
      std::string long_form = LongFormBefore(acronym, words, 0, open);
      if (!long_form.empty()) found.push_back({acronym, StripDeterminer(long_form)});
    } else if (close > open + 2 && open > 0 && LooksLikeAcronym(words[open - 1])) {
      // "LF (Long Form)"
      const std::string& acronym = words[open - 1];
      std::string inside = StripDeterminer(Join(words, open + 1, close));
      if (IsUpper(inside[0]) && MatchesAcronym(acronym, inside)) {
        found.push_back({acronym, inside});
      }
    }
    open = close;
  }
  return found;
}

}  // namespace kg::ingest
