#include "ingest/country_table.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "graph/names.h"
#include "ingest/knowledge_files.h"

namespace kg::ingest {
namespace {

constexpr size_t kColumns = 6;
constexpr size_t kMaxAcronymLetters = 5;

bool HasCapital(std::string_view text) {
  // Non-ASCII letters count as capitals: they are rare in lower-case common
  // words, and names such as "Åland" must still match.
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return std::isupper(byte) || byte >= 0x80;
  });
}

// The letters of an all-capital short form ("U.S." -> "US"), or "" when the
// text is not one. Such forms name countries only when written in capitals.
std::string AcronymLetters(std::string_view text) {
  std::string letters;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '.' || c == ' ') continue;
    if (!std::isupper(byte)) return {};
    letters += c;
  }
  if (letters.size() < 2 || letters.size() > kMaxAcronymLetters) return {};
  return letters;
}

// A regular plural of a demonym adjective ("Iraqi" -> "Iraqis"), or "" for
// adjectives that name people without a plural ("the Chinese", "the Swiss").
std::string RegularPlural(const std::string& adjective) {
  static const char* const kNoPlural[] = {"ese", "ish", "ch", "sh", "s", "x", "z"};
  for (const char* ending : kNoPlural) {
    const std::string_view suffix(ending);
    if (adjective.size() >= suffix.size() &&
        std::string_view(adjective).substr(adjective.size() - suffix.size()) == suffix) {
      return {};
    }
  }
  if (AcronymLetters(adjective).size() == adjective.size()) return {};  // "US"
  return adjective + "s";
}

size_t TokenEstimate(std::string_view form) {
  // The tokenizer splits hyphens, commas and clitics off, so a form can take
  // more tokens than it has spaces.
  size_t tokens = 1;
  for (char c : form) {
    if (c == ' ' || c == ',' || c == '\'') tokens += 1;
    if (c == '-') tokens += 2;
  }
  return tokens;
}

}  // namespace

const char* CountryFormName(CountryForm form) {
  switch (form) {
    case CountryForm::kName: return "name";
    case CountryForm::kAlternative: return "alternative";
    case CountryForm::kAdjective: return "adjective";
    case CountryForm::kPeople: return "people";
    case CountryForm::kCapital: return "capital";
  }
  return "name";
}

namespace {

// Removes the spaces the tokenizer leaves around hyphens: "guinea - bissau"
// -> "guinea-bissau".
std::string CloseHyphenSpaces(const std::string& key) {
  std::string joined;
  joined.reserve(key.size());
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] == ' ' && ((i + 1 < key.size() && key[i + 1] == '-') ||
                          (!joined.empty() && joined.back() == '-'))) {
      continue;
    }
    joined += key[i];
  }
  return joined;
}

}  // namespace

std::string CountryKey(std::string_view text) {
  std::string cleaned;
  cleaned.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' || c == ',') continue;
    if (c == '&') {
      cleaned += "and";
      continue;
    }
    cleaned += c;
  }
  return CloseHyphenSpaces(FoldedKey(cleaned));
}

Result<CountryTable> CountryTable::Parse(std::istream& in, const std::string& display_name) {
  auto lines = ReadKnowledgeLines(in, display_name);
  if (!lines.ok()) return lines.status();
  CountryTable table;
  for (const KnowledgeLine& line : *lines) {
    if (line.fields.size() != kColumns) {
      return Status::InvalidArgument(
          line.where + ": expected 6 TAB-separated fields (code, name, alternatives, "
                       "adjectives, people, capitals), found " +
          std::to_string(line.fields.size()));
    }
    Country country;
    country.code = line.fields[0];
    country.name = line.fields[1];
    country.alternatives = SplitValues(line.fields[2]);
    country.adjectives = SplitValues(line.fields[3]);
    country.people = SplitValues(line.fields[4]);
    country.capitals = SplitValues(line.fields[5]);
    KG_RETURN_IF_ERROR(table.Add(std::move(country), line.where));
  }
  return table;
}

Result<CountryTable> CountryTable::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open country table");
  return Parse(in, path);
}

Result<CountryTable> CountryTable::LoadDefault(const std::string& data_dir) {
  return Load(KnowledgeFilePath("countries.tsv", data_dir));
}

Status CountryTable::Add(Country country, const std::string& where) {
  if (country.code.empty() || country.code == "-" || country.name.empty() ||
      country.name == "-") {
    return Status::InvalidArgument(where + ": empty country code or name");
  }
  if (by_name_.count(country.code) != 0) {
    return Status::InvalidArgument(where + ": country code '" + country.code +
                                   "' is already used by an earlier line");
  }
  // Derived people forms come after the irregular ones the file lists.
  for (const std::string& adjective : country.adjectives) {
    std::string plural = RegularPlural(adjective);
    if (!plural.empty() &&
        std::find(country.people.begin(), country.people.end(), plural) == country.people.end()) {
      country.people.push_back(std::move(plural));
    }
  }
  const size_t index = countries_.size();
  by_name_.emplace(country.code, index);
  by_name_.emplace(CountryKey(country.name), index);
  countries_.push_back(std::move(country));
  const Country& added = countries_.back();
  Index(index, CountryForm::kName, added.name);
  for (const auto& form : added.alternatives) Index(index, CountryForm::kAlternative, form);
  for (const auto& form : added.adjectives) Index(index, CountryForm::kAdjective, form);
  for (const auto& form : added.people) Index(index, CountryForm::kPeople, form);
  for (const auto& form : added.capitals) Index(index, CountryForm::kCapital, form);
  return Status::Ok();
}

void CountryTable::Index(size_t country, CountryForm form, const std::string& form_text) {
  const std::string acronym = AcronymLetters(form_text);
  auto& map = acronym.empty() ? by_key_ : by_acronym_;
  const std::string key = acronym.empty() ? CountryKey(form_text) : acronym;
  if (key.empty()) return;
  auto& entries = map[key];
  // One entry per country: the first column that lists the form wins.
  for (const Entry& entry : entries) {
    if (entry.country == country) return;
  }
  entries.push_back(Entry{country, form, form_text});
  max_words_ = std::max(max_words_, TokenEstimate(form_text));
}

std::optional<CountryMatch> CountryTable::MatchKey(const std::string& key,
                                                   bool capitals_only) const {
  const auto& map = capitals_only ? by_acronym_ : by_key_;
  const auto it = map.find(key);
  if (it == map.end() || it->second.empty()) return std::nullopt;
  CountryMatch match;
  const Entry& first = it->second.front();
  match.country = &countries_[first.country];
  match.form = first.form;
  match.matched = first.matched;
  for (const Entry& entry : it->second) match.candidates.push_back(&countries_[entry.country]);
  match.ambiguous = match.candidates.size() > 1;
  return match;
}

std::optional<CountryMatch> CountryTable::Find(std::string_view text) const {
  if (!HasCapital(text)) return std::nullopt;
  const std::string acronym = AcronymLetters(text);
  if (!acronym.empty()) {
    if (auto match = MatchKey(acronym, /*capitals_only=*/true)) return match;
  }
  return MatchKey(CountryKey(text), /*capitals_only=*/false);
}

std::optional<CountryMatch> CountryTable::FindAt(const std::vector<std::string>& words,
                                                 size_t start) const {
  if (start >= words.size() || !HasCapital(words[start])) return std::nullopt;
  const size_t longest = std::min(max_words_, words.size() - start);
  // Each word is folded once; spans are then joined from the folded words.
  std::vector<std::string> keys;
  keys.reserve(longest);
  for (size_t i = start; i < start + longest; ++i) keys.push_back(CountryKey(words[i]));
  for (size_t count = longest; count >= 1; --count) {
    // A form never ends in punctuation; skip spans that do cheaply.
    const std::string& last = words[start + count - 1];
    if (count > 1 && (last == "," || last == "-" || last == "(")) continue;
    std::string raw = words[start];
    std::string key = keys[0];
    for (size_t i = 1; i < count; ++i) {
      raw += " " + words[start + i];
      if (keys[i].empty()) continue;
      if (!key.empty()) key += ' ';
      key += keys[i];
    }
    std::optional<CountryMatch> match;
    const std::string acronym = AcronymLetters(raw);
    if (!acronym.empty()) match = MatchKey(acronym, /*capitals_only=*/true);
    if (!match) match = MatchKey(CloseHyphenSpaces(key), /*capitals_only=*/false);
    if (match) {
      match->word_count = count;
      return match;
    }
  }
  return std::nullopt;
}

const Country* CountryTable::ByName(std::string_view name_or_code) const {
  auto it = by_name_.find(std::string(name_or_code));
  if (it == by_name_.end()) it = by_name_.find(CountryKey(name_or_code));
  return it == by_name_.end() ? nullptr : &countries_[it->second];
}

const std::string& CountryTable::PreferredAdjective(const Country& country) {
  return country.adjectives.empty() ? country.name : country.adjectives.front();
}

}  // namespace kg::ingest
