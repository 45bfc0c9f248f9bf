#include "ingest/entity_registry.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "graph/names.h"
#include "ingest/knowledge_files.h"
#include "ingest/country_table.h"

namespace kg::ingest {
namespace {

constexpr size_t kMinLettersOneWord = 8;
constexpr size_t kMinDifferingWord = 5;
constexpr size_t kLongWord = 10;

std::vector<std::string> Words(const std::string& key) {
  std::vector<std::string> words;
  std::istringstream in(key);
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

std::string LettersOnly(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      out += c;
    }
  }
  return out;
}

std::string Digits(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

bool WordsMayDiffer(const std::string& a, const std::string& b) {
  if (a.size() < kMinDifferingWord || b.size() < kMinDifferingWord) return false;
  if (a.front() != b.front()) return false;  // North/South, Eastern/Western
  // Same stem, other ending: Maria/Mario, Carla/Carlo are different people.
  if (a.size() == b.size() && a.compare(0, a.size() - 1, b, 0, b.size() - 1) == 0) return false;
  const size_t allowed = std::max(a.size(), b.size()) >= kLongWord ? 2 : 1;
  return EditDistance(a, b) <= allowed;
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);  // transposition
      }
    }
  }
  return d[n][m];
}

namespace {

// The rule of NearSpelling on names already split and folded.
bool NearWords(const std::vector<std::string>& words_a, const std::vector<std::string>& words_b,
               const std::string& letters_a, const std::string& letters_b,
               const std::string& digits_a, const std::string& digits_b) {
  if (letters_a == letters_b) return true;
  if (words_a.size() != words_b.size()) return false;
  const bool long_enough = words_a.size() >= 2 || (letters_a.size() >= kMinLettersOneWord &&
                                                   letters_b.size() >= kMinLettersOneWord);
  if (!long_enough || digits_a != digits_b) return false;
  const size_t length_gap = letters_a.size() > letters_b.size() ? letters_a.size() - letters_b.size()
                                                                 : letters_b.size() - letters_a.size();
  if (length_gap > 2) return false;
  size_t differing = 0;
  for (size_t i = 0; i < words_a.size(); ++i) {
    if (words_a[i] == words_b[i]) continue;
    if (++differing > 1 || !WordsMayDiffer(words_a[i], words_b[i])) return false;
  }
  return differing == 1;
}

}  // namespace

bool NearSpelling(std::string_view a, std::string_view b, const CountryTable* countries) {
  const std::string key_a = FoldedKey(a);
  const std::string key_b = FoldedKey(b);
  if (key_a.empty() || key_b.empty()) return false;
  if (countries != nullptr) {
    const auto country_a = countries->Find(a);
    const auto country_b = countries->Find(b);
    if (country_a || country_b) {
      return country_a && country_b && !country_a->ambiguous && !country_b->ambiguous &&
             country_a->country == country_b->country;
    }
  }
  return NearWords(Words(key_a), Words(key_b), LettersOnly(key_a), LettersOnly(key_b),
                   Digits(key_a), Digits(key_b));
}

void EntityRegistry::AddAlias(std::string_view alias, std::string_view canonical) {
  const std::string key = FoldedKey(alias);
  if (key.empty() || canonical.empty()) return;
  aliases_[key] = std::string(canonical);
}

std::string EntityRegistry::BlockKey(const std::vector<std::string>& words) {
  // Near spellings keep the word count and every initial (WordsMayDiffer
  // demands the same first letter), so they always share this key. Names
  // equal but for punctuation may not, and are found by their letters.
  std::string block = std::to_string(words.size()) + ":";
  for (const std::string& word : words) block += word.front();
  return block;
}

EntityRegistry::Known EntityRegistry::Describe(std::string_view name, std::string key) const {
  Known known;
  known.name = std::string(name);
  known.words = Words(key);
  known.letters = LettersOnly(key);
  known.digits = Digits(key);
  known.is_country = countries_ != nullptr && countries_->Find(name).has_value();
  known.key = std::move(key);
  return known;
}

std::optional<std::string> EntityRegistry::FindNear(const Known& probe) const {
  if (probe.words.empty()) return std::nullopt;
  if (const auto same = by_letters_.find(probe.letters); same != by_letters_.end()) {
    return same->second;
  }
  if (probe.is_country) return std::nullopt;  // countries match by key only
  const auto block = blocks_.find(BlockKey(probe.words));
  if (block == blocks_.end()) return std::nullopt;
  // Two registered names can both be near spellings of the probe without
  // being near each other ("Mohammed Salem" and "Mohamad Salem" for
  // "Mohammad Salem"). The choice must not depend on the order they were
  // registered in: an ingest resumed after a crash registers the stored
  // names in id order, not in the order one whole run met them.
  const Known* best = nullptr;
  size_t best_distance = 0;
  for (const Known& candidate : block->second) {
    if (candidate.is_country) continue;
    if (!NearWords(probe.words, candidate.words, probe.letters, candidate.letters, probe.digits,
                   candidate.digits)) {
      continue;
    }
    const size_t distance = EditDistance(probe.key, candidate.key);
    if (best == nullptr || distance < best_distance ||
        (distance == best_distance && candidate.name < best->name)) {
      best = &candidate;
      best_distance = distance;
    }
  }
  if (best == nullptr) return std::nullopt;
  return best->name;
}

std::optional<std::string> EntityRegistry::Find(std::string_view name) const {
  std::string key = FoldedKey(name);
  if (key.empty()) return std::nullopt;
  if (const auto alias = aliases_.find(key); alias != aliases_.end()) return alias->second;
  if (const auto known = canonical_.find(key); known != canonical_.end()) return known->second;
  return FindNear(Describe(name, std::move(key)));
}

std::string EntityRegistry::Canonicalize(std::string_view name) {
  std::string key = FoldedKey(name);
  if (key.empty()) return {};
  if (const auto alias = aliases_.find(key); alias != aliases_.end()) return alias->second;
  if (const auto known = canonical_.find(key); known != canonical_.end()) return known->second;
  Known probe = Describe(name, key);
  if (auto near = FindNear(probe)) {
    canonical_.emplace(std::move(key), *near);  // the next lookup is exact
    return *near;
  }
  canonical_.emplace(key, std::string(name));
  by_letters_.emplace(probe.letters, std::string(name));
  ++registered_;
  blocks_[BlockKey(probe.words)].push_back(std::move(probe));
  return std::string(name);
}

}  // namespace kg::ingest
