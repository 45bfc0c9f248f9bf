// RelationLexicon: maps the wording of a relation to kg's canonical relations
// (supports, opposes, attacks, controls, ...) and classifies the cue words
// that change a statement's polarity or standing (negation, denial, refusal,
// hedges, attribution).
//
// The lexicon is data: ingest/data/relations.tsv ships with general English
// coverage, and users add or override entries with files of the same format
// (docs/relations.md). Patterns are lemma phrases: a verb ("bolster"), a verb
// with particle or preposition ("side with"), a frame ("pledge support to"),
// a nominal pattern ("ally of") or a modifier pattern ("X-backed", "pro-X").
// A phrase the lexicon does not know is kept as its normalised self ("cross
// into"), so that nothing is thrown away.
//
// A loaded lexicon is immutable and safe to share between threads.
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

// What a pattern is matched against; see docs/relations.md for the holder
// and complement of each kind.
enum class PatternKind { kVerb, kNoun, kModifier };

// Words that change how a clause is to be read.
enum class CueClass {
  kNone,
  kNegation,     // not, never, no, "no decision": the clause is denied
  kDenial,       // deny, dismiss, refute: the reported clause is denied
  kRefusal,      // refuse, decline, refrain from, rule out: the act is not done
  kHedge,        // reportedly, allegedly, could, may, might: kept as modality
  kAttribution,  // say, according to, sources: who the statement is from
};

// "none", "negation", "denial", "refusal", "hedge", "attribution".
const char* CueClassName(CueClass cue);

struct RelationMatch {
  // The canonical relation ("supports"), or the normalised phrase itself
  // ("cross into") when no entry matched or the entry maps to "-".
  std::string relation;
  bool canonical = false;  // relation is a declared canonical relation
  bool inverse = false;    // swap holder and complement (see docs)
  bool symmetric = false;  // the relation reads the same both ways
  std::string entry;       // the pattern that matched, "" when none
  std::string where;       // FILE:LINE of that entry, "" when none
};

struct ModifierMatch {
  RelationMatch relation;
  std::string argument;  // X as written ("Iran" in "Iran-backed")
};

struct CueMatch {
  CueClass cue = CueClass::kNone;
  size_t word_count = 0;  // lemmas consumed
  std::string entry;      // the cue phrase as in the lexicon
};

class RelationLexicon {
 public:
  RelationLexicon() = default;
  RelationLexicon(RelationLexicon&&) = default;
  RelationLexicon& operator=(RelationLexicon&&) = default;
  RelationLexicon(const RelationLexicon&) = delete;
  RelationLexicon& operator=(const RelationLexicon&) = delete;

  // Reads one lexicon file. IOError when it cannot be read; InvalidArgument
  // naming FILE:LINE for an unknown kind, a missing field, an undeclared
  // relation (with the nearest declared one suggested), a bad direction, an
  // undefined {class} or a modifier pattern without X.
  static Result<RelationLexicon> Load(const std::string& path);
  static Result<RelationLexicon> Parse(std::istream& in, const std::string& display_name);

  // relations.tsv from KnowledgeDir(data_dir), then each of `extra_files` on
  // top (a later entry for the same kind and pattern replaces an earlier
  // one). Errors as Load, naming the file.
  static Result<RelationLexicon> LoadDefault(const std::string& data_dir = {},
                                             const std::vector<std::string>& extra_files = {});

  // Merges a file on top of this lexicon; it may use the relations and
  // classes declared so far. On error the lexicon may hold part of the file.
  Status AddFile(const std::string& path);
  Status AddStream(std::istream& in, const std::string& display_name);

  // Normalises a verbal or nominal lemma phrase: an exact verb entry, else an
  // exact noun entry, else the same with one inner word dropped ("pledge
  // military support to" -> "pledge support to"), else the phrase itself.
  // Determiners and possessive pronouns inside the phrase are ignored.
  RelationMatch Normalize(std::string_view lemma_phrase) const;
  RelationMatch NormalizeVerb(std::string_view lemma_phrase) const;
  RelationMatch NormalizeNoun(std::string_view lemma_phrase) const;

  // A modifier word ("Iran-backed", "Iran - backed", "pro-Assad",
  // "anti-government"), or nullopt when no modifier pattern matches.
  std::optional<ModifierMatch> MatchModifier(std::string_view word) const;

  // The cue class of a lemma phrase ("reportedly", "refrain from").
  CueClass Cue(std::string_view lemma_phrase) const;
  // The longest cue phrase starting at lemmas[start], or nullopt.
  std::optional<CueMatch> CueAt(const std::vector<std::string>& lemmas, size_t start) const;

  // Whether `name` is a declared canonical relation, and its symmetry.
  bool IsCanonical(std::string_view name) const;
  bool IsSymmetric(std::string_view name) const;
  // The declared canonical relations, in file order.
  const std::vector<std::string>& relations() const { return relation_order_; }

  // How many patterns of each kind are loaded (after {class} expansion).
  size_t PatternCount(PatternKind kind) const;
  size_t CueCount() const { return cues_.size(); }

 private:
  struct Entry {
    std::string relation;  // canonical name, or "" for "-"
    bool inverse = false;
    std::string pattern;   // as written (after expansion)
    std::string where;
  };
  struct Modifier {
    bool prefix = false;   // "pro-X" (true) or "X-backed" (false)
    std::string affix;     // "pro-" or "-backed", lower case
    Entry entry;
  };

  Status AddLine(const std::vector<std::string>& fields, const std::string& where);
  Status AddPattern(PatternKind kind, const std::vector<std::string>& fields,
                    const std::string& where);
  RelationMatch FromEntry(const Entry& entry, const std::string& phrase) const;
  const Entry* FindExact(PatternKind kind, const std::string& key) const;
  RelationMatch NormalizeIn(const std::vector<PatternKind>& kinds, std::string_view phrase) const;

  std::unordered_map<std::string, bool> relations_;  // name -> symmetric
  std::vector<std::string> relation_order_;
  std::unordered_map<std::string, std::vector<std::string>> classes_;
  std::unordered_map<std::string, Entry> verbs_;
  std::unordered_map<std::string, Entry> nouns_;
  std::vector<Modifier> modifiers_;
  std::unordered_map<std::string, std::pair<CueClass, std::string>> cues_;
  size_t max_cue_words_ = 1;
};

// The lookup form of a lemma phrase: lower case, single spaces, no
// determiners or possessive pronouns ("Pledged  their support to" ->
// "pledged support to"). Exposed for tests.
std::string RelationKey(std::string_view phrase);

}  // namespace kg::ingest
