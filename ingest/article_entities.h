// ArticleEntities: entity names within one article. Acronyms the text
// defines resolve to their long form, and partial person names ("Assad",
// "al-Bahra") to the one full name of the article they end ("Bashar
// al-Assad", "Hadi al-Bahra"). See docs/relations.md, "Entity names".
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ingest/entity_normalizer.h"

namespace kg::ingest {

// Resolution within one article. Observe every mention of the article
// first (and scan its sentences for acronyms), then Resolve each, so that a
// headline's "Assad" finds the body's "Bashar al-Assad".
class ArticleEntities {
 public:
  // `normalizer` must outlive this.
  explicit ArticleEntities(const EntityNormalizer& normalizer) : normalizer_(normalizer) {}

  // Records the acronyms a sentence defines ("Hayat Tahrir al-Sham (HTS)").
  void ScanSentence(const std::vector<std::string>& forms);
  void AddAcronym(std::string_view acronym, std::string_view long_form);

  // Learns full names. A name counts as a person's (and so may be referred
  // to by its last words) when the mention had a title or honorific, when
  // `is_person` says so (a tagger's PERSON), or when the name carries an
  // Arabic or European name particle ("al-Assad", "bin", "van").
  void Observe(const EntityMention& mention, bool is_person = false);

  // The mention with its name, affiliation and facts resolved: an acronym
  // defined in the article -> its long form; a partial name ("Assad",
  // "al-Bahra") -> the one observed full name it ends ("Bashar al-Assad");
  // several candidates leave it as it is. User aliases still come first.
  EntityMention Resolve(EntityMention mention) const;
  std::string ResolveName(std::string_view name) const;

  // Adds {surname, full name} to aliases() for each observed person whose
  // surname (last word, particle dropped, at least four letters) no other
  // person of the article shares, so that later articles that only say
  // "Assad" find "Bashar al-Assad". The store keeps the first owner of an
  // alias, so one article cannot take a surname from another. Call after
  // every Observe.
  void AddSurnameAliases();

  // {acronym or surname, long form} pairs for the store.
  const std::vector<std::pair<std::string, std::string>>& aliases() const { return aliases_; }

 private:
  struct Person {
    std::string name;
    std::vector<std::string> keys;  // surname-comparable word keys
  };

  const EntityNormalizer& normalizer_;
  std::unordered_map<std::string, std::string> acronyms_;  // key -> long form
  std::vector<std::pair<std::string, std::string>> aliases_;
  std::vector<Person> persons_;
};

// The word keys used to compare partial names: case-folded, name particles
// ("al-", "bin", "van") dropped. Exposed for tests.
std::vector<std::string> NameKeys(std::string_view name);

}  // namespace kg::ingest
