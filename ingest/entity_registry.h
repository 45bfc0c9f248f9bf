// EntityRegistry: one canonical name per real-world referent across
// articles. Names with the same graph::NormalizeName key are one entity;
// so are near spellings of long names ("Katiab Hezbollah" ~ "Kataib
// Hezbollah", "Popular Mobilisation Forces" ~ "Popular Mobilization
// Forces"), guarded against false merges (see NearSpelling). User aliases
// come before every rule.
//
// Not thread-safe: one registry serves one ingest run, called from the
// thread that orders the articles.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kg::ingest {

class CountryTable;

// Damerau-Levenshtein distance (optimal string alignment) over bytes.
size_t EditDistance(std::string_view a, std::string_view b);

// Whether two names are spellings of one long name. Both must have at least
// two words or eight letters, the same number of words and the same digits;
// exactly one word may differ, and that word must be at least five letters
// long in both, start with the same letter, not differ only in its last
// letter, and be within one edit (two for words of ten letters or more).
// Names that share a NormalizeName key (letters only) are always the same.
// With `countries`, two different countries are never the same.
bool NearSpelling(std::string_view a, std::string_view b,
                  const CountryTable* countries = nullptr);

class EntityRegistry {
 public:
  // `countries` may be null; when given it must outlive the registry.
  explicit EntityRegistry(const CountryTable* countries = nullptr) : countries_(countries) {}
  EntityRegistry(const EntityRegistry&) = delete;
  EntityRegistry& operator=(const EntityRegistry&) = delete;

  // Makes `alias` resolve to `canonical` before any other rule (user alias
  // files; a later call for the same alias replaces the earlier one).
  void AddAlias(std::string_view alias, std::string_view canonical);

  // The canonical name for `name`: its user alias, else the first name
  // registered with the same key, else the nearest registered near spelling
  // (fewest edits, then the byte-wise smallest name, whatever the order of
  // registration), else `name` itself, which is registered. Empty in, empty
  // out.
  std::string Canonicalize(std::string_view name);

  // As Canonicalize without registering; nullopt when nothing matches.
  std::optional<std::string> Find(std::string_view name) const;

  // How many distinct entities were registered.
  size_t size() const { return registered_; }

 private:
  // A registered name with what the near-spelling rule compares, computed
  // once.
  struct Known {
    std::string name;
    std::string key;
    std::vector<std::string> words;
    std::string letters;
    std::string digits;
    bool is_country = false;
  };
  Known Describe(std::string_view name, std::string key) const;
  std::optional<std::string> FindNear(const Known& probe) const;
  static std::string BlockKey(const std::vector<std::string>& words);

  const CountryTable* countries_;
  std::unordered_map<std::string, std::string> aliases_;    // key -> canonical
  std::unordered_map<std::string, std::string> canonical_;  // key -> canonical
  // Blocking for near spellings: word count and initials -> names.
  std::unordered_map<std::string, std::vector<Known>> blocks_;
  // Letters and digits only -> name: "al-Assad" = "Al Assad", "U.N." = "UN".
  std::unordered_map<std::string, std::string> by_letters_;
  size_t registered_ = 0;
};

}  // namespace kg::ingest
