// Shared by the extract_*.cc files that make up TripleExtractor; not part of
// the public API (see triple_extractor.h for the contract).
//
// SentenceExtractor reads the statements of one parsed sentence. Its methods
// are spread over files by job:
//  - extract_arguments.cc: which entities a token names (subjects, objects,
//    prepositional complements);
//  - extract_clauses.cc: verbs, passives, light-verb frames, coordination,
//    relative and purpose clauses, denied acts;
//  - extract_nominals.cc: copulas, appositions, relational nouns and
//    possessive acts ("Iran's support for Assad");
//  - extract_phrase_facts.cc: what a noun phrase states by itself;
//  - extract_evidence.cc: one statement with its evidence, deduplicated;
//  - extract_open.cc, extract_open_phrases.cc: open statements worded as in
//    the sentence, whatever their arguments name (ExtractOptions::open), and
//    the phrases they are made of;
//  - triple_extractor.cc: the order the readers run in.
// extract_words.cc holds the closed word classes they consult.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "graph/store.h"
#include "ingest/article_entities.h"
#include "ingest/entity_normalizer.h"
#include "ingest/extract_mentions.h"
#include "ingest/extract_polarity.h"
#include "ingest/knowledge_base.h"
#include "ingest/relation_lexicon.h"
#include "ingest/triple_extractor.h"

namespace kg::ingest::extract_internal {

// ASCII lower case.
std::string Lower(std::string_view s);
// Whether `word` is one of `list`.
bool OneOf(std::string_view word, std::initializer_list<std::string_view> list);

// Word classes (extract_words.cc); each comment there says why it exists.
bool IsTemporal(const SentenceView& view, int i);
bool IsCircumstance(const std::string& preposition);
bool StandsForOwner(const std::string& lemma);
bool IsObjectControl(const std::string& lemma);
bool IsVague(const std::string& lemma);
bool IsQuantity(const std::string& lemma);
bool IsDecisionNoun(const std::string& lemma);
bool IsDeployable(const HeadTable& heads, const std::string& lemma, const std::string& form);
bool IsRelativePronoun(const SentenceView& view, int i);
bool IsPersonalPronoun(const SentenceView& view, int i);
// Whether a sentence, given its token forms, is in another language than
// English (such sentences give no statements: kg's models read English).
bool IsForeignSentence(const std::vector<std::string>& forms);
// Whether a clause's modality (space-joined hedge words) names an attempt,
// aim or plan rather than a degree of certainty.
bool StatesIntention(const std::string& modality);
// Punctuation by tag or relation (extract_open_phrases.cc).
bool IsPunctuation(const Token& token);

struct Arg {
  std::string name;
  std::string type;  // "GPE", "PERSON" or ""
  int first = -1;    // token span of the mention
  int last = -1;
};

// What every sentence of one article reads from; borrowed, and must outlive
// the SentenceExtractor.
struct Context {
  const KnowledgeBase& knowledge;
  const EntityNormalizer& normalizer;
  const ArticleEntities& entities;
};

// Extracts the statements of one sentence. `view`, `context`, `out` and
// `open_out` must outlive it; Run appends to `out`, never emitting the same
// {subject, relation, object, polarity} twice for the sentence, and, when
// `open_out` is not null, the open statements to `open_out`.
class SentenceExtractor {
 public:
  SentenceExtractor(const SentenceView& view, uint32_t sentence_index, const Context& context,
                    std::vector<graph::TripleStatement>* out,
                    std::vector<OpenStatement>* open_out = nullptr)
      : view_(view), index_(sentence_index), context_(context), out_(out), open_out_(open_out) {}

  void Run();

 private:
  const RelationLexicon& lexicon() const { return context_.knowledge.relations; }

  // triple_extractor.cc
  bool IsHeadline() const;

  // extract_arguments.cc
  EntityMention Analyze(int head, int* first, int* last) const;
  std::optional<Arg> Mention(int head) const;
  std::vector<Arg> Mentions(int head) const;
  std::vector<Arg> SourceGroups(int head) const;
  std::vector<Arg> ReporterSubjects(int predicate, int depth) const;
  std::vector<Arg> AntecedentSubjects(int predicate, int pronoun, int depth) const;
  int VerbAbove(int word) const;
  std::vector<Arg> SubjectsOf(int predicate, int depth = 0) const;
  bool DecisionPassive(int predicate) const;
  std::vector<Arg> ControllerSubjects(int controller, int depth) const;
  std::vector<std::pair<int, std::string>> Complements(int holder, std::string_view relation) const;

  // extract_clauses.cc
  bool IsPassive(int predicate) const;
  std::string VerbPhrase(int predicate) const;
  std::string VerbWords(int predicate) const;
  std::pair<std::string, std::string> ObjectWords(int object) const;
  void Clause(int predicate);
  void DeniedAct(int predicate);

  // extract_nominals.cc
  void Copula(int predicate);
  void Apposition(int noun, int appos);
  void NounRelations(const std::vector<Arg>& holders, int noun, ClauseStance stance);
  void PossessiveAct(int noun);
  bool IsAgentNoun(const std::string& lemma) const;

  // extract_phrase_facts.cc
  bool DescriptiveAdjective(int first, int last, const std::string& word) const;
  int ExampleToken(int head) const;
  std::vector<Arg> Examples(int head) const;
  void MentionFacts(int head);

  // extract_evidence.cc
  void Emit(const Arg& subject, const RelationMatch& match, const Arg& object,
            const std::string& raw, int predicate, const ClauseStance& stance);

  // extract_open.cc
  void OpenStatements(int i);
  void OpenClause(int predicate);
  void OpenCopula(int predicate);
  void OpenApposition(int noun, int appos);
  void OpenPossessive(int noun, int owner);
  void OpenTitle(int head);
  int RelationalComplement(int predicate) const;
  float OpenConfidence(int predicate, bool inferred, const std::vector<std::string>& arguments) const;
  void EmitOpen(const std::string& relation, const std::vector<std::string>& arguments, float confidence);
  void EmitOpenSplit(const std::vector<int>& relation, const std::vector<std::vector<int>>& arguments,
                     int predicate, bool inferred);

  // extract_open_phrases.cc
  std::string Words(const std::vector<int>& tokens) const;
  std::vector<int> OpenPhrase(int head, bool keep_case) const;
  std::vector<int> ClausePhrase(int head) const;
  std::vector<int> ModifiedNoun(int noun, int clause) const;
  std::vector<int> OpenSubject(int predicate, int depth, bool* inferred) const;
  std::vector<int> RelationTokens(int predicate) const;
  std::vector<std::vector<int>> ConjunctSplits(const std::vector<int>& phrase) const;
  void TrimPunct(std::vector<int>* tokens) const;

  const SentenceView& view_;
  uint32_t index_;
  const Context& context_;
  std::vector<graph::TripleStatement>* out_;
  std::vector<OpenStatement>* open_out_;
  std::set<std::tuple<std::string, std::string, std::string, int>> seen_;
};

}  // namespace kg::ingest::extract_internal
