#include "ingest/country_table.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace kg::ingest {
namespace {

const CountryTable& Table() {
  static const CountryTable* table = [] {
    auto loaded = CountryTable::LoadDefault();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return new CountryTable(std::move(loaded).value());
  }();
  return *table;
}

struct LookupCase {
  const char* text;
  const char* country;  // canonical name; nullptr = no match
  CountryForm form;
};

TEST(CountryTableTest, FindsEveryKindOfForm) {
  const LookupCase cases[] = {
      {"Iran", "Iran", CountryForm::kName},
      {"Iranian", "Iran", CountryForm::kAdjective},
      {"Iranians", "Iran", CountryForm::kPeople},
      {"Tehran", "Iran", CountryForm::kCapital},
      {"Syria", "Syria", CountryForm::kName},
      {"Syrian", "Syria", CountryForm::kAdjective},
      {"Damascus", "Syria", CountryForm::kCapital},
      {"Iraqi", "Iraq", CountryForm::kAdjective},
      {"Iraqis", "Iraq", CountryForm::kPeople},
      {"Baghdad", "Iraq", CountryForm::kCapital},
      {"Turkish", "Turkey", CountryForm::kAdjective},
      {"Turk", "Turkey", CountryForm::kPeople},
      {"Turks", "Turkey", CountryForm::kPeople},
      {"Türkiye", "Turkey", CountryForm::kAlternative},
      {"Ankara", "Turkey", CountryForm::kCapital},
      {"Russian", "Russia", CountryForm::kAdjective},
      {"Moscow", "Russia", CountryForm::kCapital},
      {"Russian Federation", "Russia", CountryForm::kAlternative},
      {"United States", "United States", CountryForm::kName},
      {"U.S.", "United States", CountryForm::kAlternative},
      {"US", "United States", CountryForm::kAlternative},
      {"USA", "United States", CountryForm::kAlternative},
      {"America", "United States", CountryForm::kAlternative},
      {"American", "United States", CountryForm::kAdjective},
      {"Americans", "United States", CountryForm::kPeople},
      {"Washington", "United States", CountryForm::kCapital},
      {"United Kingdom", "United Kingdom", CountryForm::kName},
      {"U.K.", "United Kingdom", CountryForm::kAlternative},
      {"UK", "United Kingdom", CountryForm::kAlternative},
      {"Britain", "United Kingdom", CountryForm::kAlternative},
      {"British", "United Kingdom", CountryForm::kAdjective},
      {"Britons", "United Kingdom", CountryForm::kPeople},
      {"London", "United Kingdom", CountryForm::kCapital},
      {"Chinese", "China", CountryForm::kAdjective},
      {"Beijing", "China", CountryForm::kCapital},
      {"French", "France", CountryForm::kAdjective},
      {"Frenchman", "France", CountryForm::kPeople},
      {"Germans", "Germany", CountryForm::kPeople},
      {"Berlin", "Germany", CountryForm::kCapital},
      {"Israeli", "Israel", CountryForm::kAdjective},
      {"Lebanese", "Lebanon", CountryForm::kAdjective},
      {"Beirut", "Lebanon", CountryForm::kCapital},
      {"Saudi", "Saudi Arabia", CountryForm::kAdjective},
      {"Riyadh", "Saudi Arabia", CountryForm::kCapital},
      {"Emirati", "United Arab Emirates", CountryForm::kAdjective},
      {"UAE", "United Arab Emirates", CountryForm::kAlternative},
      {"Qatari", "Qatar", CountryForm::kAdjective},
      {"Jordanian", "Jordan", CountryForm::kAdjective},
      {"Amman", "Jordan", CountryForm::kCapital},
      {"Egyptian", "Egypt", CountryForm::kAdjective},
      {"Cairo", "Egypt", CountryForm::kCapital},
      {"Yemeni", "Yemen", CountryForm::kAdjective},
      {"Sanaa", "Yemen", CountryForm::kCapital},
      {"Afghan", "Afghanistan", CountryForm::kAdjective},
      {"Kabul", "Afghanistan", CountryForm::kCapital},
      {"Pakistani", "Pakistan", CountryForm::kAdjective},
      {"Indian", "India", CountryForm::kAdjective},
      {"New Delhi", "India", CountryForm::kCapital},
      {"Ukrainian", "Ukraine", CountryForm::kAdjective},
      {"Kyiv", "Ukraine", CountryForm::kCapital},
      {"Kiev", "Ukraine", CountryForm::kCapital},
      {"Polish", "Poland", CountryForm::kAdjective},
      {"Poles", "Poland", CountryForm::kPeople},
      {"Dutch", "Netherlands", CountryForm::kAdjective},
      {"Holland", "Netherlands", CountryForm::kAlternative},
      {"Swiss", "Switzerland", CountryForm::kAdjective},
      {"Swedes", "Sweden", CountryForm::kPeople},
      {"Filipino", "Philippines", CountryForm::kAdjective},
      {"Ivory Coast", "Ivory Coast", CountryForm::kName},
      {"Côte d'Ivoire", "Ivory Coast", CountryForm::kAlternative},
      {"Cote d’Ivoire", "Ivory Coast", CountryForm::kAlternative},
      {"Ivorian", "Ivory Coast", CountryForm::kAdjective},
      {"Myanmar", "Myanmar", CountryForm::kName},
      {"Burma", "Myanmar", CountryForm::kAlternative},
      {"Burmese", "Myanmar", CountryForm::kAdjective},
      {"Czechia", "Czech Republic", CountryForm::kAlternative},
      {"Eswatini", "Eswatini", CountryForm::kName},
      {"Swaziland", "Eswatini", CountryForm::kAlternative},
      {"DRC", "Democratic Republic of the Congo", CountryForm::kAlternative},
      {"Kinshasa", "Democratic Republic of the Congo", CountryForm::kCapital},
      {"Brazzaville", "Republic of the Congo", CountryForm::kCapital},
      {"Guinea-Bissau", "Guinea-Bissau", CountryForm::kName},
      {"Guinea - Bissau", "Guinea-Bissau", CountryForm::kName},
      {"St. Kitts and Nevis", "Saint Kitts and Nevis", CountryForm::kAlternative},
      {"St Kitts & Nevis", "Saint Kitts and Nevis", CountryForm::kAlternative},
      {"Washington, D.C.", "United States", CountryForm::kCapital},
      {"South Korean", "South Korea", CountryForm::kAdjective},
      {"Pyongyang", "North Korea", CountryForm::kCapital},
      {"New Zealanders", "New Zealand", CountryForm::kPeople},
      {"Kiwis", "New Zealand", CountryForm::kPeople},
      {"Argentine", "Argentina", CountryForm::kAdjective},
      {"Buenos Aires", "Argentina", CountryForm::kCapital},
      {"Mexican", "Mexico", CountryForm::kAdjective},
      {"Nigerien", "Niger", CountryForm::kAdjective},
      {"Nigerian", "Nigeria", CountryForm::kAdjective},
      {"Sudanese", "Sudan", CountryForm::kAdjective},
      {"South Sudanese", "South Sudan", CountryForm::kAdjective},
      {"Palestinian", "Palestine", CountryForm::kAdjective},
      {"Kosovar", "Kosovo", CountryForm::kAdjective},
      {"Scottish", "Scotland", CountryForm::kAdjective},
      {"Vatican", "Vatican City", CountryForm::kAlternative},
      {"Åland Islands", "Åland Islands", CountryForm::kName},
      {"Aland Islands", "Åland Islands", CountryForm::kName},  // marks fold,
      {"IRAN", "Iran", CountryForm::kName},
      // Common words and names are not countries.
      {"turkey", nullptr, CountryForm::kName},
      {"us", nullptr, CountryForm::kName},
      {"Us", nullptr, CountryForm::kName},
      {"chad", nullptr, CountryForm::kName},
      {"china", nullptr, CountryForm::kName},
      {"Persian", nullptr, CountryForm::kName},
      {"Hezbollah", nullptr, CountryForm::kName},
      {"", nullptr, CountryForm::kName},
  };
  for (const LookupCase& test : cases) {
    SCOPED_TRACE(test.text);
    const auto match = Table().Find(test.text);
    if (test.country == nullptr) {
      EXPECT_FALSE(match.has_value()) << "matched " << match->country->name;
      continue;
    }
    ASSERT_TRUE(match.has_value());
    EXPECT_EQ(match->country->name, test.country);
    EXPECT_EQ(CountryFormName(match->form), std::string(CountryFormName(test.form)));
    EXPECT_FALSE(match->ambiguous);
  }
}

TEST(CountryTableTest, SharedFormsAreAmbiguous) {
  for (const char* form : {"Korean", "Congolese", "Dominican", "Congo", "Korea"}) {
    SCOPED_TRACE(form);
    const auto match = Table().Find(form);
    ASSERT_TRUE(match.has_value());
    EXPECT_TRUE(match->ambiguous);
    EXPECT_EQ(match->candidates.size(), 2u);
  }
}

TEST(CountryTableTest, FindAtTakesTheLongestFormOfTokens) {
  struct Case {
    std::vector<std::string> words;
    size_t start;
    const char* country;
    size_t word_count;
  };
  const Case cases[] = {
      {{"U.S.", "troops"}, 0, "United States", 1},
      {{"the", "United", "States", "said"}, 1, "United States", 2},
      {{"Saudi", "Arabia", "'s", "king"}, 0, "Saudi Arabia", 2},
      {{"Saudi", "officials"}, 0, "Saudi Arabia", 1},
      {{"South", "Korean", "officials"}, 0, "South Korea", 2},
      {{"Guinea", "-", "Bissau", "'s"}, 0, "Guinea-Bissau", 3},
      {{"Bosnia", "and", "Herzegovina"}, 0, "Bosnia and Herzegovina", 3},
      {{"Bosnia", "and", "Serbia"}, 0, "Bosnia and Herzegovina", 1},
      {{"in", "Tehran"}, 1, "Iran", 1},
      {{"in", "Tehran"}, 0, nullptr, 0},
      {{"Iran"}, 3, nullptr, 0},
  };
  for (const Case& test : cases) {
    const auto match = Table().FindAt(test.words, test.start);
    if (test.country == nullptr) {
      EXPECT_FALSE(match.has_value());
      continue;
    }
    ASSERT_TRUE(match.has_value()) << test.country;
    EXPECT_EQ(match->country->name, test.country);
    EXPECT_EQ(match->word_count, test.word_count) << test.country;
  }
}

TEST(CountryTableTest, ByNameAndCode) {
  ASSERT_NE(Table().ByName("IRN"), nullptr);
  EXPECT_EQ(Table().ByName("IRN")->name, "Iran");
  ASSERT_NE(Table().ByName("united states"), nullptr);
  EXPECT_EQ(Table().ByName("united states")->code, "USA");
  EXPECT_EQ(Table().ByName("Atlantis"), nullptr);
  EXPECT_EQ(CountryTable::PreferredAdjective(*Table().ByName("SYR")), "Syrian");
  EXPECT_GE(Table().size(), 250u);
}

TEST(CountryTableTest, BadLinesNameFileAndLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"# header\nIRN\tIran\t-\tIranian\t-\n",
       "my.tsv:2: expected 6 TAB-separated fields (code, name, alternatives, adjectives, people, "
       "capitals), found 5"},
      {"IRN\tIran\t-\t-\t-\t-\n\nIRN\tPersia\t-\t-\t-\t-\n",
       "my.tsv:3: country code 'IRN' is already used by an earlier line"},
      {"IRN\t-\t-\t-\t-\t-\n", "my.tsv:1: empty country code or name"},
      {"IRN\tIr\xff\t-\t-\t-\t-\n", "my.tsv:1: not valid UTF-8"},
  };
  for (const Case& test : cases) {
    std::istringstream in(test.text);
    const auto table = CountryTable::Parse(in, "my.tsv");
    ASSERT_FALSE(table.ok());
    EXPECT_TRUE(table.status().IsInvalidArgument());
    EXPECT_EQ(table.status().message(), test.message);
  }
  const auto missing = CountryTable::Load("/nonexistent/countries.tsv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "/nonexistent/countries.tsv: cannot open country table");
}

// --- coverage against the shared ISO 3166 table ------------------------------

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// Whether `text` resolves to one of the countries in `codes` (ISO alpha-3
// codes, or common names for the few without one).
bool Resolves(const std::string& text, const std::vector<std::string>& codes) {
  const auto match = Table().Find(text);
  if (!match) return false;
  for (const Country* candidate : match->candidates) {
    if (std::find(codes.begin(), codes.end(), candidate->code) != codes.end() ||
        std::find(codes.begin(), codes.end(), candidate->name) != codes.end()) {
      return true;
    }
  }
  return false;
}

// A demonym field may list several ("Antiguan, Barbudan"): each must resolve.
bool DemonymResolves(const std::string& field, const std::vector<std::string>& codes) {
  size_t start = 0;
  while (start < field.size()) {
    size_t comma = field.find(", ", start);
    if (comma == std::string::npos) comma = field.size();
    if (!Resolves(field.substr(start, comma - start), codes)) return false;
    start = comma + 2;
  }
  return true;
}

TEST(CountryTableTest, CoversTheSharedCountryTable) {
  const std::string path = std::string(KG_SHARED_DATA_DIR) + "/demonyms/countries.csv";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "shared data absent: " << path;
  std::string header_line;
  std::getline(in, header_line);
  const std::vector<std::string> header = SplitCsvLine(header_line);
  auto column = [&](const char* name) {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? header.size() : static_cast<size_t>(it - header.begin());
  };
  const size_t name_column = column("name.common");
  const size_t code_column = column("cca3");
  const size_t capital_column = column("capital");
  const size_t male_column = column("demonyms.eng.m");
  const size_t female_column = column("demonyms.eng.f");
  ASSERT_LT(std::max({name_column, code_column, capital_column, male_column, female_column}),
            header.size());

  std::vector<std::vector<std::string>> rows;
  // A demonym the shared table gives to several territories ("French" for
  // France and its overseas lands) is right when it names any of them.
  std::map<std::string, std::vector<std::string>> demonym_owners;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields = SplitCsvLine(line);
    if (fields.size() < header.size()) continue;
    for (size_t c : {male_column, female_column}) {
      auto& owners = demonym_owners[fields[c]];
      owners.push_back(fields[code_column]);
      owners.push_back(fields[name_column]);
    }
    rows.push_back(std::move(fields));
  }
  size_t names = 0, names_found = 0, demonyms = 0, demonyms_found = 0;
  size_t capitals = 0, capitals_found = 0;
  std::string missed;
  for (const auto& fields : rows) {
    const std::vector<std::string> self = {fields[code_column], fields[name_column]};
    ++names;
    if (Resolves(fields[name_column], self)) {
      ++names_found;
    } else {
      missed += " name:" + fields[name_column];
    }
    for (size_t c : {male_column, female_column}) {
      if (fields[c].empty()) continue;
      ++demonyms;
      if (DemonymResolves(fields[c], demonym_owners[fields[c]])) {
        ++demonyms_found;
      } else {
        missed += " demonym:" + fields[c];
      }
    }
    // Several capitals are listed as "Pretoria,Bloemfontein,Cape Town".
    std::istringstream capital_list(fields[capital_column]);
    std::string capital;
    while (std::getline(capital_list, capital, ',')) {
      ++capitals;
      capitals_found += Resolves(capital, self) ? 1 : 0;
    }
  }
  ASSERT_GT(names, 200u);
  const double name_share = static_cast<double>(names_found) / static_cast<double>(names);
  const double demonym_share = static_cast<double>(demonyms_found) / static_cast<double>(demonyms);
  std::cout << "country coverage: names " << names_found << "/" << names << ", demonyms "
            << demonyms_found << "/" << demonyms << ", capitals " << capitals_found << "/"
            << capitals << "\nunresolved:" << missed << "\n";
  EXPECT_GE(name_share, 0.95);
  EXPECT_GE(demonym_share, 0.95);
}

}  // namespace
}  // namespace kg::ingest
