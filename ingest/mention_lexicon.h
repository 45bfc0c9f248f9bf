// Mention lexicons: the word lists that shape a noun phrase before it becomes
// an entity name. TitleTable (ingest/data/titles.tsv) finds titles and roles
// ("Foreign Minister", "Gen.", "former President"); HeadTable
// (ingest/data/heads.tsv) classifies generic heads ("fighters", "the
// group"), state heads ("government") and pronouns.
//
// Both are immutable once loaded and safe to share between threads.
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

enum class TitleKind { kLeads, kRole, kHonorific, kQualifier, kHead, kPortfolio };

struct TitleMatch {
  std::string title;       // the words as written ("former Foreign Minister")
  TitleKind kind = TitleKind::kRole;  // kLeads, kRole or kHonorific
  size_t word_count = 0;
};

class TitleTable {
 public:
  TitleTable() = default;
  TitleTable(TitleTable&&) = default;
  TitleTable& operator=(TitleTable&&) = default;
  TitleTable(const TitleTable&) = delete;
  TitleTable& operator=(const TitleTable&) = delete;

  // Reads titles.tsv. InvalidArgument naming FILE:LINE for a line without
  // two fields or with an unknown kind; IOError when it cannot be read.
  static Result<TitleTable> Load(const std::string& path);
  static Result<TitleTable> Parse(std::istream& in, const std::string& display_name);
  static Result<TitleTable> LoadDefault(const std::string& data_dir = {});

  // The longest title starting at words[start]: any qualifiers, then a
  // title, or portfolio words and a head ("Deputy Foreign Minister"), or a
  // head, "of" and portfolio words ("Minister of Foreign Affairs").
  // Qualifiers alone are not a title. Case and abbreviation periods are
  // ignored.
  std::optional<TitleMatch> MatchAt(const std::vector<std::string>& words, size_t start) const;

  size_t size() const { return kinds_.size(); }

 private:
  std::optional<TitleKind> Kind(const std::string& key, TitleKind wanted) const;
  std::optional<TitleKind> KindOf(const std::string& key) const;

  std::unordered_map<std::string, std::vector<TitleKind>> kinds_;  // key -> kinds
  size_t max_words_ = 1;
};

enum class HeadClass { kNone, kGeneric, kState, kPronoun };

class HeadTable {
 public:
  HeadTable() = default;
  HeadTable(HeadTable&&) = default;
  HeadTable& operator=(HeadTable&&) = default;
  HeadTable(const HeadTable&) = delete;
  HeadTable& operator=(const HeadTable&) = delete;

  // Reads heads.tsv; errors as TitleTable::Load.
  static Result<HeadTable> Load(const std::string& path);
  static Result<HeadTable> Parse(std::istream& in, const std::string& display_name);
  static Result<HeadTable> LoadDefault(const std::string& data_dir = {});

  // The class of a word or phrase, case-insensitive.
  HeadClass Classify(std::string_view phrase) const;

  // How many words at the end of `words` form a listed head (2 for
  // "security forces"), with its class; {0, kNone} when none.
  std::pair<size_t, HeadClass> MatchTail(const std::vector<std::string>& words,
                                         size_t begin, size_t end) const;

 private:
  std::unordered_map<std::string, HeadClass> classes_;
  size_t max_words_ = 1;
};

// The key titles and heads are filed under: NormalizeName without periods.
std::string MentionKey(std::string_view text);

}  // namespace kg::ingest
