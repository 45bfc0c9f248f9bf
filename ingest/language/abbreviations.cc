#include "ingest/language/abbreviations.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace kg::ingest {
namespace {

struct Entry {
  std::string_view word;
  AbbreviationKind kind;
};

constexpr auto kName = AbbreviationKind::kBeforeName;
constexpr auto kNumber = AbbreviationKind::kBeforeNumber;
constexpr auto kAny = AbbreviationKind::kAny;

// Case-sensitive; sorted at first use. Words made of
// one-letter segments ("U.S", "e.g") are recognised by shape, not listed.
constexpr Entry kEntries[] = {
    {"Adm", kName},   {"Ala", kAny},     {"Apr", kName},    {"Ariz", kAny},
    {"Ark", kAny},    {"Assn", kAny},    {"Attn", kName},   {"Aug", kName},
    {"Ave", kAny},    {"Bros", kAny},    {"Blvd", kAny},    {"Brig", kName},
    {"Calif", kAny},  {"Capt", kName},   {"Cdr", kName},    {"Cmdr", kName},
    {"Co", kAny},     {"Col", kName},    {"Colo", kAny},    {"Conn", kAny},
    {"Corp", kAny},   {"Cpl", kName},    {"Dec", kName},    {"Del", kAny},
    {"Dept", kAny},   {"Dr", kName},     {"Esq", kAny},     {"Feb", kName},
    {"Fig", kNumber}, {"Fla", kAny},     {"Fr", kName},     {"Fri", kAny},
    {"Ft", kName},    {"Ga", kAny},      {"Gen", kName},    {"Gov", kName},
    {"Hon", kName},   {"Ill", kAny},     {"Inc", kAny},     {"Ind", kAny},
    {"Jan", kName},   {"Jr", kAny},      {"Jul", kName},    {"Jun", kName},
    {"Kan", kAny},    {"Ky", kAny},      {"La", kAny},      {"Lt", kName},
    {"Ltd", kAny},    {"Maj", kName},    {"Mar", kName},    {"Mass", kAny},
    {"Md", kAny},     {"Messrs", kName}, {"Mich", kAny},    {"Minn", kAny},
    {"Miss", kAny},   {"Mo", kAny},      {"Mon", kAny},     {"Mr", kName},
    {"Mrs", kName},   {"Ms", kName},     {"Msgr", kName},   {"Mt", kName},
    {"Neb", kAny},    {"Nev", kAny},     {"No", kNumber},   {"Nos", kNumber},
    {"Nov", kName},   {"Oct", kName},    {"Okla", kAny},    {"Ore", kAny},
    {"Pa", kAny},     {"Ph", kAny},      {"Pres", kName},   {"Prof", kName},
    {"Pvt", kName},   {"Rep", kName},    {"Reps", kName},   {"Rev", kName},
    {"Sat", kAny},    {"Sen", kName},    {"Sens", kName},   {"Sep", kName},
    {"Sept", kName},  {"Sgt", kName},    {"Sr", kAny},      {"St", kName},
    {"Sun", kAny},    {"Supt", kName},   {"Tenn", kAny},    {"Tex", kAny},
    {"Thu", kAny},    {"Thur", kAny},    {"Thurs", kAny},   {"Tue", kAny},
    {"Tues", kAny},   {"Va", kAny},      {"Vol", kNumber},  {"Vt", kAny},
    {"Wash", kAny},   {"Wed", kAny},     {"Wis", kAny},     {"Wyo", kAny},
    {"al", kAny},     {"approx", kAny},  {"cf", kAny},      {"dept", kAny},
    {"est", kAny},    {"etc", kAny},     {"ext", kNumber},  {"fig", kNumber},
    {"hr", kAny},     {"hrs", kAny},     {"inc", kAny},     {"lb", kAny},
    {"lbs", kAny},    {"min", kAny},     {"mins", kAny},    {"mr", kName},
    {"mrs", kName},   {"no", kNumber},   {"nos", kNumber},  {"oz", kAny},
    {"pp", kNumber},  {"sq", kAny},      {"vol", kNumber},  {"vs", kName},
    {"yr", kAny},     {"yrs", kAny},
};

// The table sorted once, so that lookups are a binary search.
const std::vector<Entry>& SortedEntries() {
  static const std::vector<Entry> sorted = [] {
    std::vector<Entry> entries(std::begin(kEntries), std::end(kEntries));
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.word < b.word; });
    return entries;
  }();
  return sorted;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "U.S", "e.g", "a.m", "Ph.D", "D.C": dotted segments of one or two letters.
bool IsDottedInitials(std::string_view word) {
  if (word.find('.') == std::string_view::npos) return false;
  size_t segment = 0;
  for (char c : word) {
    if (c == '.') {
      if (segment == 0) return false;
      segment = 0;
    } else if (IsAsciiLetter(c)) {
      if (++segment > 2) return false;
    } else {
      return false;
    }
  }
  return segment > 0;
}

}  // namespace

AbbreviationKind ClassifyAbbreviation(std::string_view word) {
  if (word.empty()) return AbbreviationKind::kNone;
  if (IsDottedInitials(word)) return AbbreviationKind::kAny;
  const std::vector<Entry>& entries = SortedEntries();
  auto it = std::lower_bound(entries.begin(), entries.end(), word,
                             [](const Entry& e, std::string_view w) { return e.word < w; });
  if (it != entries.end() && it->word == word) return it->kind;
  return AbbreviationKind::kNone;
}

}  // namespace kg::ingest
