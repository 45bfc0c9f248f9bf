#include "ingest/article_entities.h"

#include <algorithm>
#include <cctype>

#include "ingest/acronyms.h"
#include "ingest/knowledge_files.h"

namespace kg::ingest {
namespace {

bool IsNameParticle(const std::string& word) {
  static const char* const kParticles[] = {"al", "el", "ad", "ash", "as", "an", "ar", "at", "az",
                                           "bin", "ibn", "bint", "abu", "abou", "ben", "van",
                                           "von", "de", "da", "di", "del", "della", "du", "le",
                                           "ould", "der", "den", "dos", "das"};
  return std::any_of(std::begin(kParticles), std::end(kParticles),
                     [&](const char* p) { return word == p; });
}

// "al-assad" -> "assad"; "abu-mohammed" stays as it is.
std::string StripParticle(const std::string& word) {
  const size_t dash = word.find('-');
  if (dash != std::string::npos && dash + 1 < word.size() &&
      IsNameParticle(word.substr(0, dash))) {
    return word.substr(dash + 1);
  }
  return word;
}

bool HasParticle(std::string_view name) {
  const std::string key = FoldedKey(name);
  size_t start = 0;
  while (start < key.size()) {
    size_t space = key.find(' ', start);
    if (space == std::string::npos) space = key.size();
    const std::string word = key.substr(start, space - start);
    const size_t dash = word.find('-');
    if (IsNameParticle(word) ||
        (dash != std::string::npos && IsNameParticle(word.substr(0, dash)))) {
      return true;
    }
    start = space + 1;
  }
  return false;
}

// At most four words, each capitalised or a name particle ("Bashar
// al-Assad", "Ludwig van Beethoven"): a description that slipped into a
// mention ("chat show host Robert Kilroy-Silk") must not spread to other
// articles.
bool LooksLikeFullName(const std::string& name) {
  int words = 0;
  size_t start = 0;
  while (start < name.size()) {
    size_t space = name.find(' ', start);
    if (space == std::string::npos) space = name.size();
    const std::string word = name.substr(start, space - start);
    ++words;
    const size_t dash = word.find('-');
    const bool particle =
        IsNameParticle(word) || (dash != std::string::npos && IsNameParticle(word.substr(0, dash)));
    if (!particle && (word.empty() || !std::isupper(static_cast<unsigned char>(word[0])))) return false;
    if (word.back() == '-') return false;  // "Ex-"
    start = space + 1;
  }
  return words >= 2 && words <= 4;
}

}  // namespace

std::vector<std::string> NameKeys(std::string_view name) {
  std::vector<std::string> keys;
  const std::string key = FoldedKey(name);
  size_t start = 0;
  while (start < key.size()) {
    size_t space = key.find(' ', start);
    if (space == std::string::npos) space = key.size();
    const std::string word = key.substr(start, space - start);
    if (!word.empty() && !IsNameParticle(word)) keys.push_back(StripParticle(word));
    start = space + 1;
  }
  return keys;
}

void ArticleEntities::ScanSentence(const std::vector<std::string>& forms) {
  for (const AcronymDefinition& definition : FindAcronymDefinitions(forms)) {
    AddAcronym(definition.acronym, definition.long_form);
  }
}

void ArticleEntities::AddAcronym(std::string_view acronym, std::string_view long_form) {
  const std::string key = FoldedKey(acronym);
  if (key.empty() || long_form.empty() || acronyms_.count(key) != 0) return;
  // The long form itself may be a user alias or a country ("United Arab
  // Emirates (UAE)"): store the canonical spelling.
  std::string canonical(long_form);
  if (auto alias = normalizer_.UserAlias(long_form)) canonical = *alias;
  acronyms_.emplace(key, canonical);
  aliases_.emplace_back(std::string(acronym), canonical);
}

void ArticleEntities::Observe(const EntityMention& mention, bool is_person) {
  if (mention.kind != MentionKind::kNamed || mention.from_alias) return;
  const std::vector<std::string> keys = NameKeys(mention.name);
  if (keys.size() < 2) return;
  if (!(is_person || mention.person || HasParticle(mention.name))) return;
  for (const Person& person : persons_) {
    if (person.keys == keys) return;
  }
  persons_.push_back({mention.name, keys});
}

void ArticleEntities::AddSurnameAliases() {
  for (const Person& person : persons_) {
    const std::string& surname = person.keys.back();
    if (surname.size() < 4) continue;
    const bool shared = std::any_of(persons_.begin(), persons_.end(), [&](const Person& other) {
      return &other != &person && other.keys.back() == surname;
    });
    if (shared || normalizer_.countries().Find(surname) || !LooksLikeFullName(person.name)) continue;
    // The surname as the article writes it: the last word of the full name
    // without its particle ("al-Assad" -> "Assad").
    const size_t space = person.name.rfind(' ');
    std::string written = person.name.substr(space == std::string::npos ? 0 : space + 1);
    const size_t dash = written.find('-');
    if (dash != std::string::npos && IsNameParticle(FoldedKey(written.substr(0, dash)))) {
      written = written.substr(dash + 1);
    }
    if (FoldedKey(written) != surname) continue;
    std::string canonical = person.name;
    if (auto alias = normalizer_.UserAlias(person.name)) canonical = *alias;
    aliases_.emplace_back(written, canonical);
  }
}

std::string ArticleEntities::ResolveName(std::string_view name) const {
  if (name.empty()) return {};
  if (auto alias = normalizer_.UserAlias(name)) return *alias;
  if (const auto acronym = acronyms_.find(FoldedKey(name)); acronym != acronyms_.end()) {
    return acronym->second;
  }
  const std::vector<std::string> keys = NameKeys(name);
  if (keys.empty() || keys.size() > 2) return std::string(name);
  if (normalizer_.countries().Find(name)) return std::string(name);  // "Jordan" stays a state
  const Person* found = nullptr;
  for (const Person& person : persons_) {
    if (person.keys.size() <= keys.size() && person.keys != keys) continue;
    if (!std::equal(keys.rbegin(), keys.rend(), person.keys.rbegin())) continue;
    if (found != nullptr && found->keys != person.keys) return std::string(name);  // two Assads
    found = &person;
  }
  if (found == nullptr) return std::string(name);
  if (auto alias = normalizer_.UserAlias(found->name)) return *alias;
  return found->name;
}

EntityMention ArticleEntities::Resolve(EntityMention mention) const {
  const std::string old_name = mention.name;
  const std::string old_affiliation = mention.affiliation;
  if (mention.kind == MentionKind::kNamed && !mention.from_alias) {
    mention.name = ResolveName(mention.name);
  }
  mention.affiliation = ResolveName(mention.affiliation);
  for (EntityFact& fact : mention.facts) {
    for (std::string* field : {&fact.subject, &fact.object}) {
      if (*field == old_name) {
        *field = mention.name;
      } else if (*field == old_affiliation) {
        *field = mention.affiliation;
      } else {
        *field = ResolveName(*field);
      }
    }
  }
  return mention;
}

}  // namespace kg::ingest
