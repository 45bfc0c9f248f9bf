// TripleExtractor: parsed sentences -> subject-relation-object statements
// with polarity, modality and evidence (in the spirit of ClausIE and MinIE).
//
// From the dependency parse of each sentence it reads:
//  - clauses: a verb with its subject and objects, active ("Iran backed
//    Assad"), passive with an agent ("backed by Iran", also as a reduced
//    relative "fighters backed by Iran"), with the preposition of an oblique
//    kept in the relation ("cross into"), with light-verb frames ("pledged
//    support to"), coordinated subjects, objects and verbs, relative clauses
//    ("rebels who captured Aleppo") and controlled or purpose clauses
//    ("crossed into Syria to support the government");
//  - copulas and appositions with relational nouns ("Hezbollah, a key ally
//    of Assad"; "Assad's key allies, Iran and Russia");
//  - nominal relations ("Iran's support for Assad");
//  - the facts noun phrases state by themselves (entity_normalizer.h):
//    "Iran-backed fighters", "pro-Assad militias", titles and possessives.
// Arguments are whole noun phrases resolved by the entity normaliser and,
// within the article, by ArticleEntities (surnames, acronyms); a description
// of members also names their organisations ("fighters from groups like
// Badr"). Attempts, offers and plans give nothing; sentences in another
// language give nothing. Pronouns,
// "the group" and abstract nouns are never arguments: no triple is better
// than a wrong one. Polarity and hedges come from extract_polarity.h.
//
// Relations go through the RelationLexicon: canonical where an entry
// matches, else the normalised lemma phrase. Evidence carries the sentence
// index and text, the byte span of the statement in the document text and
// the raw wording of the relation.
//
// Immutable after construction; Extract may run on many threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "graph/store.h"
#include "ingest/document.h"
#include "ingest/entity_normalizer.h"
#include "ingest/knowledge_base.h"

namespace kg::ingest {

// A statement worded as the sentence words it (Open IE style), for
// benchmarks such as CaRB: every text is the sentence's own tokens, in
// order, joined by single spaces, except the relation of what a phrase
// states without a verb: "be" for an apposition ("Hezbollah, an ally of
// Assad"), "has" for a possessive ("the company's revenue").
struct OpenStatement {
  uint32_t sentence_index = 0;
  // The verb with its auxiliaries, negation and particles, and the
  // preposition or complementiser that introduces the second argument
  // ("was not born in", "said that").
  std::string relation;
  // Subject first, then the object (or the complement the relation's
  // preposition introduces), then further complements with their
  // prepositions ("in 1941").
  std::vector<std::string> arguments;
  // In (0, 1]: lower for hedged, nested, inferred-subject and long clauses.
  float confidence = 1.0f;
};

struct ExtractOptions {
  // Also read open statements (Extraction::open): every clause, copula,
  // apposition, title and possessive, whatever its arguments name ("the
  // company", "its revenue"). The canonical triples do not change.
  bool open = false;
};

struct Extraction {
  std::vector<graph::TripleStatement> triples;
  // Filled only with ExtractOptions::open.
  std::vector<OpenStatement> open;
  // {acronym, long form} defined in the article ("HTS", "Hayat Tahrir al-Sham").
  std::vector<std::pair<std::string, std::string>> aliases;
};

class TripleExtractor {
 public:
  // `knowledge` must outlive the extractor.
  explicit TripleExtractor(const KnowledgeBase& knowledge);
  TripleExtractor(const TripleExtractor&) = delete;
  TripleExtractor& operator=(const TripleExtractor&) = delete;

  // User aliases (alias file) take precedence over every naming rule.
  void AddAliases(const AliasFile& aliases) { normalizer_.AddAliases(aliases); }

  // The statements of a document whose sentences carry tokens, tags,
  // lemmas and dependencies, in sentence order. Sentences without a parse
  // give nothing; the call cannot fail.
  Extraction Extract(const Document& document, const ExtractOptions& options = {}) const;

  const EntityNormalizer& normalizer() const { return normalizer_; }

 private:
  const KnowledgeBase& knowledge_;
  EntityNormalizer normalizer_;
};

}  // namespace kg::ingest
