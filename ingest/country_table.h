// CountryTable: kg's built-in knowledge of the world's countries and
// territories (ingest/data/countries.tsv): canonical names, short and
// alternative forms, demonyms and capitals, so that "U.S.", "Iranian",
// "Turks" and "Tehran" can be resolved to the state they stand for.
//
// Matching is on graph::NormalizeName keys with periods and commas removed
// ("St. Kitts" = "St Kitts") and spaces around hyphens closed ("Guinea -
// Bissau" = "Guinea-Bissau"). Two guards keep common words out: a form
// written in capitals in the table ("US", "UAE") matches only capitals
// ("U.S.", "US", never "us"), and text without any capital letter ("turkey",
// "chad") matches nothing.
//
// A loaded table is immutable and safe to share between threads. Matches
// point into the table, which must outlive them.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/status.h"

namespace kg::ingest {

struct Country {
  std::string code;                       // ISO 3166-1 alpha-3 ("IRN")
  std::string name;                       // canonical entity name ("Iran")
  std::vector<std::string> alternatives;  // "Islamic Republic of Iran", "Persia"
  std::vector<std::string> adjectives;    // "Iranian"
  std::vector<std::string> people;        // "Iranians" (derived) and irregular nouns
  std::vector<std::string> capitals;      // "Tehran"
};

// Which column of the table a matched form came from.
enum class CountryForm { kName, kAlternative, kAdjective, kPeople, kCapital };

// "name", "alternative", "adjective", "people", "capital".
const char* CountryFormName(CountryForm form);

struct CountryMatch {
  const Country* country = nullptr;  // the first candidate in file order
  CountryForm form = CountryForm::kName;
  std::string matched;               // the form as written in the table
  size_t word_count = 0;             // words consumed (FindAt)
  // More than one country lists this form ("Korean", "Congolese"); callers
  // must not take it to stand for `country`.
  bool ambiguous = false;
  std::vector<const Country*> candidates;  // every country listing the form
};

class CountryTable {
 public:
  CountryTable() = default;
  CountryTable(CountryTable&&) = default;
  CountryTable& operator=(CountryTable&&) = default;
  CountryTable(const CountryTable&) = delete;
  CountryTable& operator=(const CountryTable&) = delete;

  // Reads a table in the countries.tsv format. InvalidArgument naming
  // FILE:LINE for a line without six fields, an empty code or name, or a
  // repeated code; IOError when the file cannot be read.
  static Result<CountryTable> Load(const std::string& path);
  static Result<CountryTable> Parse(std::istream& in, const std::string& display_name);

  // The shipped table: countries.tsv in KnowledgeDir(data_dir). Errors as Load.
  static Result<CountryTable> LoadDefault(const std::string& data_dir = {});

  // The country `text` names as a whole ("the U.S." does not match: strip
  // determiners first), or nullopt.
  std::optional<CountryMatch> Find(std::string_view text) const;

  // The longest form that starts at words[start] (tokens as the tokenizer
  // gives them: "U.S.", "Guinea", "-", "Bissau"), or nullopt.
  std::optional<CountryMatch> FindAt(const std::vector<std::string>& words, size_t start) const;

  // The country with this canonical name or code ("Iran", "IRN"), or null.
  const Country* ByName(std::string_view name_or_code) const;

  // The adjective used to name things of `country` ("Syrian"), or its name
  // when the table has no adjective.
  static const std::string& PreferredAdjective(const Country& country);

  const std::vector<Country>& countries() const { return countries_; }
  size_t size() const { return countries_.size(); }

 private:
  struct Entry {
    size_t country;     // index into countries_
    CountryForm form;
    std::string matched;
  };

  Status Add(Country country, const std::string& where);
  void Index(size_t country, CountryForm form, const std::string& form_text);
  std::optional<CountryMatch> MatchKey(const std::string& key, bool capitals_only) const;

  std::vector<Country> countries_;
  std::unordered_map<std::string, std::vector<Entry>> by_key_;       // ordinary forms
  std::unordered_map<std::string, std::vector<Entry>> by_acronym_;   // "US", "UAE"
  std::unordered_map<std::string, size_t> by_name_;                  // names and codes
  size_t max_words_ = 1;
};

// The key under which the table files a form (exposed for tests).
std::string CountryKey(std::string_view text);

}  // namespace kg::ingest
