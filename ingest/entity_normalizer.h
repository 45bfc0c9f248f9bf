// EntityNormalizer: a noun-phrase mention -> the entity it names.
//
// A mention is a full noun phrase, given as words (with UPOS and lemma when
// the tagger ran) or as plain text. Analyze() applies, in order:
//  1. the user's aliases (ingest/alias_file.h), before every other rule;
//  2. determiners and numbers are dropped ("the", "two");
//  3. possessives split: "Lebanon's Hezbollah" -> Hezbollah, with the fact
//     Hezbollah located_in Lebanon; "Syria's opposition" -> "Syrian
//     opposition";
//  4. relational modifiers from the relation lexicon become facts:
//     "Iran-backed Iraqi fighters" -> "Iraqi fighters" and Iran supports
//     them; a bare generic head keeps them ("pro-Assad militias");
//  5. titles become roles: "Iranian Foreign Minister Abbas Araghchi" ->
//     Abbas Araghchi, title "Foreign Minister", affiliation Iran, fact
//     Abbas Araghchi role Iran; titles that lead give a leads fact
//     ("Syrian President Bashar al-Assad" -> Bashar al-Assad leads Syria),
//     unless a descriptor narrows them ("opposition leader": a role);
//  6. countries: a name, short form, demonym or capital standing alone (or
//     before a state head: "the Syrian government") is the state; people
//     forms ("Syrians") and generic heads ("Iraqi fighters") stay their own
//     descriptions and are never merged into the country;
//  7. pronouns and "the group" are left unresolved.
// ArticleEntities (article_entities.h) then resolves partial names and
// acronyms within one article; EntityRegistry (entity_registry.h) merges
// across articles.
//
// The normaliser borrows its tables, which must outlive it; it is immutable
// after setup and safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/alias_file.h"
#include "ingest/country_table.h"
#include "ingest/mention_lexicon.h"
#include "ingest/relation_lexicon.h"

namespace kg::ingest {

struct MentionWord {
  std::string form;   // as the tokenizer gave it ("U.S.", "-", "'s")
  std::string lemma;  // may be empty
  std::string upos;   // may be empty; PROPN/NOUN refine capitalisation
};

enum class MentionKind {
  kNamed,       // a proper name ("Hezbollah", "Bashar al-Assad")
  kCountry,     // a state, named by any of its forms ("Tehran", "Iranian")
  kGeneric,     // a description kept as its own entity ("Iraqi fighters")
  kUnresolved,  // a pronoun, "the group", or a title without a name
};

// "named", "country", "generic", "unresolved".
const char* MentionKindName(MentionKind kind);

// A statement the mention makes by itself ("Lebanon's Hezbollah").
struct EntityFact {
  std::string subject;
  std::string relation;  // canonical relation
  std::string object;
  std::string wording;   // the words that state it ("'s", "Iran-backed")
};

struct EntityMention {
  MentionKind kind = MentionKind::kUnresolved;
  std::string name;         // the entity name; empty when unresolved
  std::string surface;      // the words the name was taken from
  std::string title;        // "Foreign Minister", "former President"
  std::string title_relation;  // "leads" or "role" when there is a title
  std::string affiliation;  // whose title it is ("Iran", "Hezbollah")
  const Country* country = nullptr;         // named or modifying country
  std::optional<CountryForm> country_form;  // how it was written
  bool from_alias = false;  // a user alias decided the name
  bool person = false;      // a title or honorific marked a person
  std::vector<EntityFact> facts;
};

class EntityNormalizer {
 public:
  // `lexicon` may be null (no modifier facts). All must outlive this.
  EntityNormalizer(const CountryTable& countries, const TitleTable& titles,
                   const HeadTable& heads, const RelationLexicon* lexicon);

  // User aliases take precedence over every rule, here and in
  // ArticleEntities. A later alias for the same name replaces the earlier.
  void AddAlias(std::string_view alias, std::string_view canonical);
  void AddAliases(const AliasFile& aliases);
  // The user's canonical name for `name`, or nullopt.
  std::optional<std::string> UserAlias(std::string_view name) const;

  EntityMention Analyze(const std::vector<MentionWord>& words) const;
  // Tokenizes `text` first; no tags, so capitals decide what is a name.
  EntityMention Analyze(std::string_view text) const;

  const CountryTable& countries() const { return countries_; }

 private:
  struct Span;
  EntityMention AnalyzeSpan(const Span& span) const;
  EntityMention AnalyzePossessive(const Span& span, size_t marker) const;
  bool AnalyzeTitled(const Span& span, size_t begin, const EntityMention& prefix,
                     EntityMention* out) const;
  void AnalyzeRest(const Span& span, size_t begin, bool definite, EntityMention* out) const;

  const CountryTable& countries_;
  const TitleTable& titles_;
  const HeadTable& heads_;
  const RelationLexicon* lexicon_;
  std::unordered_map<std::string, std::string> aliases_;  // NormalizeName key -> canonical
};

}  // namespace kg::ingest
