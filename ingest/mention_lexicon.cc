#include "ingest/mention_lexicon.h"

#include <algorithm>
#include <fstream>

#include "graph/names.h"
#include "ingest/knowledge_files.h"

namespace kg::ingest {
namespace {

struct KindName {
  const char* name;
  TitleKind kind;
};
constexpr KindName kTitleKinds[] = {
    {"leads", TitleKind::kLeads},         {"role", TitleKind::kRole},
    {"honorific", TitleKind::kHonorific}, {"qualifier", TitleKind::kQualifier},
    {"head", TitleKind::kHead},           {"portfolio", TitleKind::kPortfolio},
};

size_t WordCount(std::string_view key) {
  return static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
}

std::string Join(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += ' ';
    out += words[i];
  }
  return out;
}

template <typename Table>
Result<Table> LoadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open " + what);
  return Table::Parse(in, path);
}

}  // namespace

std::string MentionKey(std::string_view text) {
  std::string key = FoldedKey(text);
  key.erase(std::remove(key.begin(), key.end(), '.'), key.end());
  return key;
}

// --- TitleTable -----------------------------------------------------------------

Result<TitleTable> TitleTable::Parse(std::istream& in, const std::string& display_name) {
  auto lines = ReadKnowledgeLines(in, display_name);
  if (!lines.ok()) return lines.status();
  TitleTable table;
  for (const KnowledgeLine& line : *lines) {
    if (line.fields.size() != 2 || line.fields[0].empty()) {
      return Status::InvalidArgument(line.where + ": expected 2 TAB-separated fields (title, kind)");
    }
    const auto kind = std::find_if(std::begin(kTitleKinds), std::end(kTitleKinds),
                                   [&](const KindName& k) { return line.fields[1] == k.name; });
    if (kind == std::end(kTitleKinds)) {
      return Status::InvalidArgument(line.where + ": unknown title kind '" + line.fields[1] +
                                     "' (expected leads, role, honorific, qualifier, head or "
                                     "portfolio)");
    }
    const std::string key = MentionKey(line.fields[0]);
    auto& kinds = table.kinds_[key];
    if (std::find(kinds.begin(), kinds.end(), kind->kind) == kinds.end()) {
      kinds.push_back(kind->kind);
    }
    table.max_words_ = std::max(table.max_words_, WordCount(key));
  }
  return table;
}

Result<TitleTable> TitleTable::Load(const std::string& path) {
  return LoadFile<TitleTable>(path, "title table");
}

Result<TitleTable> TitleTable::LoadDefault(const std::string& data_dir) {
  return Load(KnowledgeFilePath("titles.tsv", data_dir));
}

std::optional<TitleKind> TitleTable::Kind(const std::string& key, TitleKind wanted) const {
  const auto it = kinds_.find(key);
  if (it == kinds_.end()) return std::nullopt;
  for (TitleKind kind : it->second) {
    if (kind == wanted) return kind;
  }
  return std::nullopt;
}

// The title kind of a key, preferring a full title over a head.
std::optional<TitleKind> TitleTable::KindOf(const std::string& key) const {
  const auto it = kinds_.find(key);
  if (it == kinds_.end()) return std::nullopt;
  for (TitleKind wanted : {TitleKind::kLeads, TitleKind::kRole, TitleKind::kHonorific}) {
    if (std::find(it->second.begin(), it->second.end(), wanted) != it->second.end()) return wanted;
  }
  return std::nullopt;
}

std::optional<TitleMatch> TitleTable::MatchAt(const std::vector<std::string>& words,
                                              size_t start) const {
  // Qualifiers ("former", "acting") come first and belong to the title.
  size_t cursor = start;
  while (cursor < words.size()) {
    bool found = false;
    for (size_t count = std::min(max_words_, words.size() - cursor); count >= 1; --count) {
      if (Kind(MentionKey(Join(words, cursor, cursor + count)), TitleKind::kQualifier)) {
        cursor += count;
        found = true;
        break;
      }
    }
    if (!found) break;
  }

  std::optional<TitleKind> best_kind;
  size_t best_end = cursor;
  // An exact title, longest first.
  for (size_t count = std::min(max_words_, words.size() - std::min(cursor, words.size()));
       count >= 1 && cursor < words.size(); --count) {
    if (auto kind = KindOf(MentionKey(Join(words, cursor, cursor + count)))) {
      best_kind = kind;
      best_end = cursor + count;
      break;
    }
  }
  // Portfolio words and a head: "Deputy Foreign Minister", "Army Chief".
  size_t portfolio_end = cursor;
  while (portfolio_end < words.size() &&
         Kind(MentionKey(words[portfolio_end]), TitleKind::kPortfolio)) {
    ++portfolio_end;
  }
  if (portfolio_end > cursor && portfolio_end < words.size() &&
      Kind(MentionKey(words[portfolio_end]), TitleKind::kHead) && portfolio_end + 1 > best_end) {
    best_kind = KindOf(MentionKey(words[portfolio_end]));
    best_end = portfolio_end + 1;
  }
  // A head, "of" and portfolio words: "Minister of Foreign Affairs".
  if (best_kind && best_end + 1 < words.size() && MentionKey(words[best_end]) == "of" &&
      Kind(MentionKey(words[best_end - 1]), TitleKind::kHead)) {
    size_t end = best_end + 1;
    while (end < words.size() && Kind(MentionKey(words[end]), TitleKind::kPortfolio)) ++end;
    if (end > best_end + 1) best_end = end;
  }
  if (!best_kind) return std::nullopt;
  TitleMatch match;
  match.kind = *best_kind;
  match.title = Join(words, start, best_end);
  match.word_count = best_end - start;
  return match;
}

// --- HeadTable ------------------------------------------------------------------

Result<HeadTable> HeadTable::Parse(std::istream& in, const std::string& display_name) {
  auto lines = ReadKnowledgeLines(in, display_name);
  if (!lines.ok()) return lines.status();
  HeadTable table;
  for (const KnowledgeLine& line : *lines) {
    if (line.fields.size() != 2 || line.fields[0].empty()) {
      return Status::InvalidArgument(line.where + ": expected 2 TAB-separated fields (head, class)");
    }
    HeadClass head_class = HeadClass::kNone;
    if (line.fields[1] == "generic") head_class = HeadClass::kGeneric;
    if (line.fields[1] == "state") head_class = HeadClass::kState;
    if (line.fields[1] == "pronoun") head_class = HeadClass::kPronoun;
    if (head_class == HeadClass::kNone) {
      return Status::InvalidArgument(line.where + ": unknown head class '" + line.fields[1] +
                                     "' (expected generic, state or pronoun)");
    }
    const std::string key = MentionKey(line.fields[0]);
    table.classes_[key] = head_class;
    table.max_words_ = std::max(table.max_words_, WordCount(key));
  }
  return table;
}

Result<HeadTable> HeadTable::Load(const std::string& path) {
  return LoadFile<HeadTable>(path, "head table");
}

Result<HeadTable> HeadTable::LoadDefault(const std::string& data_dir) {
  return Load(KnowledgeFilePath("heads.tsv", data_dir));
}

HeadClass HeadTable::Classify(std::string_view phrase) const {
  const auto it = classes_.find(MentionKey(phrase));
  return it == classes_.end() ? HeadClass::kNone : it->second;
}

std::pair<size_t, HeadClass> HeadTable::MatchTail(const std::vector<std::string>& words,
                                                  size_t begin, size_t end) const {
  if (end <= begin || end > words.size()) return {0, HeadClass::kNone};
  for (size_t count = std::min(max_words_, end - begin); count >= 1; --count) {
    const HeadClass head_class = Classify(Join(words, end - count, end));
    if (head_class != HeadClass::kNone) return {count, head_class};
  }
  return {0, HeadClass::kNone};
}

}  // namespace kg::ingest
