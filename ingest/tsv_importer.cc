#include "ingest/tsv_importer.h"

#include <utf8proc.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <map>

#include "graph/names.h"
#include "graph/text.h"

namespace kg::ingest {
namespace {

// One well-formed statement line.
struct TsvLine {
  uint32_t number = 0;  // 1-based
  std::string raw;      // the line as read, without its line break
  std::string subject;
  std::string relation;
  std::string object;
  pb::Polarity polarity = pb::POLARITY_POSITIVE;
  std::string statement;  // the quoted sentence, when the line gives one
};

// The lines that share a source: one article.
struct Group {
  std::string source;
  std::vector<TsvLine> lines;
};

constexpr const char* kFieldNames[] = {"subject", "relation", "object", "polarity", "source"};

std::string Lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(Trimmed(line.substr(start, tab == std::string_view::npos ? tab : tab - start)));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

// Empty when `line` is valid UTF-8 without control characters; otherwise
// what is wrong with it.
std::string CheckText(std::string_view line) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(line.data());
  const auto size = static_cast<utf8proc_ssize_t>(line.size());
  utf8proc_ssize_t offset = 0;
  while (offset < size) {
    utf8proc_int32_t codepoint = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(bytes + offset, size - offset, &codepoint);
    if (length <= 0) return "invalid UTF-8 at byte " + std::to_string(offset + 1);
    if ((codepoint < 0x20 && codepoint != '\t') || codepoint == 0x7F) {
      return "control character at byte " + std::to_string(offset + 1);
    }
    offset += length;
  }
  return {};
}

bool ParsePolarity(const std::string& field, pb::Polarity* polarity) {
  const std::string lowered = Lowered(field);
  if (lowered.empty() || lowered == "+" || lowered == "positive") {
    *polarity = pb::POLARITY_POSITIVE;
    return true;
  }
  if (lowered == "-" || lowered == "negative") {
    *polarity = pb::POLARITY_NEGATIVE;
    return true;
  }
  return false;
}

bool IsHeader(const std::vector<std::string>& fields) {
  return fields.size() >= 3 && Lowered(fields[0]) == "subject" &&
         Lowered(fields[1]) == "relation" && Lowered(fields[2]) == "object";
}

// Parses one statement line into `out` and `source`; the message says what is
// wrong when the line must be skipped.
std::string ParseLine(const std::string& line, TsvLine* out, std::string* source) {
  if (std::string problem = CheckText(line); !problem.empty()) return problem;
  const std::vector<std::string> fields = SplitTabs(line);
  if (fields.size() < 3) {
    return "expected subject, relation and object separated by tabs, found " +
           std::to_string(fields.size()) + (fields.size() == 1 ? " field" : " fields");
  }
  if (fields.size() > 6) {
    return "expected at most 6 fields (subject, relation, object, polarity, source, sentence), "
           "found " + std::to_string(fields.size());
  }
  for (int i = 0; i < 3; ++i) {
    if (graph::NormalizeName(fields[i]).empty()) {
      return std::string("empty ") + kFieldNames[i];
    }
  }
  if (fields.size() > 3 && !ParsePolarity(fields[3], &out->polarity)) {
    return "unknown polarity '" + fields[3] + "' (use +, -, positive or negative)";
  }
  out->subject = fields[0];
  out->relation = fields[1];
  out->object = fields[2];
  *source = fields.size() > 4 ? fields[4] : std::string();
  out->statement = fields.size() > 5 ? fields[5] : std::string();
  return {};
}

// Builds the article for one group: its text is the group's lines, one
// sentence span and one statement per line.
graph::ArticleUpdate ToUpdate(const Group& group) {
  graph::ArticleUpdate update;
  pb::Article& article = update.article;
  std::string text;
  for (const TsvLine& line : group.lines) {
    const auto begin = static_cast<uint32_t>(text.size());
    text += line.raw;
    const auto end = static_cast<uint32_t>(text.size());
    text += '\n';
    pb::SentenceSpan* span = article.add_sentences();
    span->set_begin(begin);
    span->set_end(end);

    graph::TripleStatement statement;
    statement.subject = line.subject;
    statement.relation = line.relation;
    statement.object = line.object;
    statement.polarity = line.polarity;
    statement.confidence = 1.0f;  // curated by hand
    pb::Evidence& evidence = statement.evidence;
    evidence.set_sentence_index(line.number - 1);
    evidence.set_begin(begin);
    evidence.set_end(end);
    // Without a quoted sentence the triple itself is the evidence text.
    evidence.set_sentence(line.statement.empty()
                              ? line.subject + " " + line.relation + " " + line.object
                              : line.statement);
    evidence.set_raw_relation(line.relation);
    update.triples.push_back(std::move(statement));
  }
  article.set_id(graph::ArticleIdFor(text));
  article.set_source(group.source);
  article.set_text(std::move(text));
  return update;
}

// Reads every line into groups, in order of each source's first line.
std::vector<Group> ReadGroups(std::istream& input, const std::string& display_name,
                              ImportSummary* summary) {
  std::vector<Group> groups;
  std::map<std::string, size_t> group_of;
  bool seen_statement = false;
  std::string line;
  while (std::getline(input, line)) {
    const auto number = static_cast<uint32_t>(++summary->lines_read);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // BOM
    const std::string trimmed = Trimmed(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (!seen_statement && IsHeader(SplitTabs(line))) continue;
    seen_statement = true;

    TsvLine parsed;
    std::string source;
    if (std::string problem = ParseLine(line, &parsed, &source); !problem.empty()) {
      summary->warnings.push_back(display_name + ":" + std::to_string(number) + ": " + problem);
      ++summary->lines_skipped;
      continue;
    }
    parsed.number = number;
    parsed.raw = line;
    if (source.empty()) source = display_name;
    auto [it, added] = group_of.emplace(source, groups.size());
    if (added) groups.push_back(Group{source, {}});
    groups[it->second].lines.push_back(std::move(parsed));
  }
  return groups;
}

}  // namespace

Result<ImportSummary> ImportTsv(std::istream& input, const std::string& display_name,
                                graph::Store& store) {
  ImportSummary summary;
  std::vector<Group> groups;
  try {
    groups = ReadGroups(input, display_name, &summary);
  } catch (const std::exception& error) {
    return Status::IOError(display_name + ": " + error.what());
  }
  if (input.bad()) return Status::IOError(display_name + ": read failed");

  for (const Group& group : groups) {
    Result<graph::CommitOutcome> outcome = store.CommitArticle(ToUpdate(group));
    if (!outcome.ok()) return outcome.status().WithContext("importing " + display_name);
    if (*outcome == graph::CommitOutcome::kStored) {
      ++summary.articles_stored;
      summary.triples_imported += group.lines.size();
    } else {
      ++summary.articles_skipped;
    }
  }
  return summary;
}

Result<ImportSummary> ImportTsv(const std::string& path, graph::Store& store) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status::IOError("cannot import " + path + ": is a directory");
  }
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    return Status::IOError("cannot import " + path + ": " + std::strerror(errno));
  }
  return ImportTsv(input, path, store);
}

}  // namespace kg::ingest
