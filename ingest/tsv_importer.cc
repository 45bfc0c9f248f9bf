#include "ingest/tsv_importer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/bulk_load.h"
#include "graph/names.h"
#include "graph/text.h"
#include "ingest/ordered_pool.h"

namespace kg::ingest {
namespace {

// A field of a line: its trimmed text as an offset and size within the line.
struct Field {
  uint32_t offset = 0;
  uint32_t size = 0;
};

// One well-formed statement line, kept as spans into its group's text (the
// article text), so that a large file costs its text and a few words a line.
struct TsvLine {
  uint32_t number = 0;  // 1-based
  uint32_t begin = 0;   // the line in Group::text
  uint32_t end = 0;
  Field subject;
  Field relation;
  Field object;
  Field statement;  // the quoted sentence, when the line gives one
  pb::Polarity polarity = pb::POLARITY_POSITIVE;
};

// The lines that share a source: one article.
struct Group {
  std::string source;
  std::string text;  // the lines, each followed by '\n'
  std::vector<TsvLine> lines;
};

constexpr const char* kFieldNames[] = {"subject", "relation", "object", "polarity", "source"};
constexpr size_t kMaxFields = 6;
constexpr size_t kReadBlock = size_t{1} << 20;

// Hands out the lines of a stream one at a time, reading it in large blocks:
// a view of each line (without its '\n') stays valid until the next call.
// Lines are what std::getline would give: a last line without a line break
// counts, an empty one after the final break does not.
class LineReader {
 public:
  explicit LineReader(std::istream& input) : input_(input) {}

  bool Next(std::string_view* line) {
    while (true) {
      const size_t newline = buffer_.find('\n', position_);
      if (newline != std::string::npos) {
        *line = std::string_view(buffer_).substr(position_, newline - position_);
        position_ = newline + 1;
        return true;
      }
      if (at_end_) {
        if (position_ == buffer_.size()) return false;
        *line = std::string_view(buffer_).substr(position_);
        position_ = buffer_.size();
        return true;
      }
      Fill();
    }
  }

 private:
  // Keeps the unfinished line and appends the next block after it.
  void Fill() {
    buffer_.erase(0, position_);
    position_ = 0;
    const size_t kept = buffer_.size();
    buffer_.resize(kept + kReadBlock);
    input_.read(buffer_.data() + kept, static_cast<std::streamsize>(kReadBlock));
    buffer_.resize(kept + static_cast<size_t>(input_.gcount()));
    if (!input_) at_end_ = true;
  }

  std::istream& input_;
  std::string buffer_;
  size_t position_ = 0;
  bool at_end_ = false;
};

std::string Lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The tab-separated fields of a line, trimmed: the first kMaxFields + 1 of
// them (enough to name every problem) and how many there are.
struct Fields {
  std::array<std::string_view, kMaxFields + 1> field;
  size_t count = 0;
  std::string_view operator[](size_t i) const { return field[i]; }
};

Fields SplitTabs(std::string_view line) {
  Fields fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    const std::string_view part = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
    if (fields.count < fields.field.size()) fields.field[fields.count] = TrimmedView(part);
    ++fields.count;
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

// Empty when `line` is valid UTF-8 without control characters; otherwise
// what is wrong with it. Plain ASCII, by far the common case, is checked a
// byte at a time before utf8proc sees anything.
std::string CheckText(std::string_view line) {
  size_t ascii = 0;
  for (; ascii < line.size(); ++ascii) {
    const auto byte = static_cast<unsigned char>(line[ascii]);
    if (byte >= 0x80) break;
    if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
      return "control character at byte " + std::to_string(ascii + 1);
    }
  }
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(line.data());
  const auto size = static_cast<utf8proc_ssize_t>(line.size());
  auto offset = static_cast<utf8proc_ssize_t>(ascii);
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

bool ParsePolarity(std::string_view field, pb::Polarity* polarity) {
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

bool IsHeader(const Fields& fields) {
  return fields.count >= 3 && Lowered(fields[0]) == "subject" &&
         Lowered(fields[1]) == "relation" && Lowered(fields[2]) == "object";
}

struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
};

// Whether a field normalises to something, computed once per distinct text:
// names and relations repeat on most lines of a large file.
class NameKeys {
 public:
  bool Empty(std::string_view field) {
    // NormalizeName keeps every ASCII letter and digit (lower-cased), so a
    // field with one has a key: no lookup for the usual name.
    for (const char c : field) {
      if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return false;
    }
    auto it = empty_.find(field);
    if (it != empty_.end()) return it->second;
    // A file of all-distinct fields must not grow the cache without end.
    if (empty_.size() >= kMaxEntries) empty_.clear();
    return empty_.emplace(std::string(field), graph::NormalizeName(field).empty()).first->second;
  }

 private:
  static constexpr size_t kMaxEntries = size_t{1} << 20;
  std::unordered_map<std::string, bool, ViewHash, std::equal_to<>> empty_;
};

Field SpanOf(std::string_view line, std::string_view field) {
  return {static_cast<uint32_t>(field.data() - line.data()), static_cast<uint32_t>(field.size())};
}

// Parses one statement line into `out` and `source`; the message says what is
// wrong when the line must be skipped.
std::string ParseLine(std::string_view line, NameKeys& names, TsvLine* out,
                      std::string_view* source) {
  if (std::string problem = CheckText(line); !problem.empty()) return problem;
  const Fields fields = SplitTabs(line);
  if (fields.count < 3) {
    return "expected subject, relation and object separated by tabs, found " +
           std::to_string(fields.count) + (fields.count == 1 ? " field" : " fields");
  }
  if (fields.count > kMaxFields) {
    return "expected at most 6 fields (subject, relation, object, polarity, source, sentence), "
           "found " + std::to_string(fields.count);
  }
  for (size_t i = 0; i < 3; ++i) {
    if (names.Empty(fields[i])) return std::string("empty ") + kFieldNames[i];
  }
  if (fields.count > 3 && !ParsePolarity(fields[3], &out->polarity)) {
    return "unknown polarity '" + std::string(fields[3]) + "' (use +, -, positive or negative)";
  }
  out->subject = SpanOf(line, fields[0]);
  out->relation = SpanOf(line, fields[1]);
  out->object = SpanOf(line, fields[2]);
  *source = fields.count > 4 ? fields[4] : std::string_view();
  if (fields.count > 5) out->statement = SpanOf(line, fields[5]);
  return {};
}

// Reads every line into groups, in order of each source's first line. Only
// the groups' text and spans are kept: nothing else grows with the file.
class GroupReader {
 public:
  GroupReader(const std::string& display_name, ImportSummary* summary)
      : display_name_(display_name), summary_(summary) {}

  std::vector<Group> Read(std::istream& input) {
    LineReader reader(input);
    std::string_view line;
    while (reader.Next(&line)) Take(line);
    return std::move(groups_);
  }

 private:
  void Take(std::string_view line) {
    const auto number = static_cast<uint32_t>(++summary_->lines_read);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // BOM
    const std::string_view trimmed = TrimmedView(line);
    if (trimmed.empty() || trimmed.front() == '#') return;
    if (!seen_statement_ && IsHeader(SplitTabs(line))) return;
    seen_statement_ = true;

    TsvLine parsed;
    std::string_view source;
    if (std::string problem = ParseLine(line, names_, &parsed, &source); !problem.empty()) {
      summary_->warnings.push_back(display_name_ + ":" + std::to_string(number) + ": " + problem);
      ++summary_->lines_skipped;
      return;
    }
    if (source.empty()) source = display_name_;
    Group& group = GroupOf(source);
    parsed.number = number;
    parsed.begin = static_cast<uint32_t>(group.text.size());
    group.text += line;
    parsed.end = static_cast<uint32_t>(group.text.size());
    group.text += '\n';
    group.lines.push_back(parsed);
  }

  Group& GroupOf(std::string_view source) {
    // Lines of one source mostly come together: try the last group first.
    if (last_ < groups_.size() && groups_[last_].source == source) return groups_[last_];
    auto it = group_of_.find(source);
    if (it == group_of_.end()) {
      it = group_of_.emplace(std::string(source), groups_.size()).first;
      groups_.push_back(Group{std::string(source), {}, {}});
    }
    last_ = it->second;
    return groups_[last_];
  }

  const std::string& display_name_;
  ImportSummary* summary_;
  NameKeys names_;
  bool seen_statement_ = false;
  std::vector<Group> groups_;
  std::unordered_map<std::string, size_t, ViewHash, std::equal_to<>> group_of_;
  size_t last_ = SIZE_MAX;
};

std::string_view TextOf(const std::string& text, const TsvLine& line, Field field) {
  return std::string_view(text).substr(line.begin + field.offset, field.size);
}

// Builds the article for one group: its text is the group's lines, one
// sentence span and one statement per line. The group's text moves into it.
graph::ArticleUpdate ToUpdate(Group&& group) {
  graph::ArticleUpdate update;
  pb::Article& article = update.article;
  const std::string& text = group.text;
  update.triples.reserve(group.lines.size());
  for (const TsvLine& line : group.lines) {
    pb::SentenceSpan* span = article.add_sentences();
    span->set_begin(line.begin);
    span->set_end(line.end);

    graph::TripleStatement statement;
    statement.subject = TextOf(text, line, line.subject);
    statement.relation = TextOf(text, line, line.relation);
    statement.object = TextOf(text, line, line.object);
    statement.polarity = line.polarity;
    statement.confidence = 1.0f;  // curated by hand
    pb::Evidence& evidence = statement.evidence;
    evidence.set_sentence_index(line.number - 1);
    evidence.set_begin(line.begin);
    evidence.set_end(line.end);
    // Without a quoted sentence the triple itself is the evidence text.
    evidence.set_sentence(line.statement.size == 0
                              ? statement.subject + " " + statement.relation + " " +
                                    statement.object
                              : std::string(TextOf(text, line, line.statement)));
    evidence.set_raw_relation(statement.relation);
    update.triples.push_back(std::move(statement));
  }
  article.set_id(graph::ArticleIdFor(text));
  article.set_source(std::move(group.source));
  article.set_text(std::move(group.text));
  group.lines = {};
  return update;
}

// One group on its way to the store: a worker builds its update (the
// article id hashes all its text), and for a bulk load prepares it, while
// the store takes the ones before it.
struct Pending {
  Group group;
  graph::ArticleUpdate update;
  graph::PreparedArticle prepared;
  Status prepare_status;  // why the update cannot be bulk loaded
  size_t statements = 0;
  bool failed = false;  // building the update threw (out of memory)
};

// Where the articles go: a bulk load into a store that holds none yet
// (graph/bulk_load.h), else one commit each.
class ArticleSink {
 public:
  static Result<ArticleSink> Open(graph::Store& store, bool bulk_allowed) {
    if (!bulk_allowed) return ArticleSink(store, nullptr);
    Result<std::unique_ptr<graph::BulkLoad>> bulk = graph::BulkLoad::Start(store);
    if (!bulk.ok()) return bulk.status();
    return ArticleSink(store, std::move(bulk).value());
  }

  // On a worker: what can be done before the article's turn.
  void Prepare(Pending& pending) const {
    pending.update = ToUpdate(std::move(pending.group));
    if (!bulk_) return;
    Result<graph::PreparedArticle> prepared = bulk_->Prepare(std::move(pending.update));
    if (prepared.ok()) {
      pending.prepared = std::move(prepared).value();
    } else {
      pending.prepare_status = prepared.status();
    }
  }

  Result<graph::CommitOutcome> Add(Pending& pending) {
    if (!bulk_) return store_->CommitArticle(pending.update);
    if (!pending.prepare_status.ok()) return pending.prepare_status;
    return bulk_->Add(std::move(pending.prepared));
  }
  void Reserve(size_t articles, size_t statements) {
    if (bulk_) bulk_->Reserve(articles, statements);
  }
  Status Finish() { return bulk_ ? bulk_->Finish() : Status::Ok(); }
  // After Finish: the bulk load's graph, or null (no bulk load, merges, or
  // a failure: the caller can always read the graph from the store).
  std::shared_ptr<graph::KnowledgeGraph> Graph() const {
    if (!bulk_) return nullptr;
    Result<std::unique_ptr<graph::KnowledgeGraph>> graph = bulk_->BuildGraph();
    return graph.ok() ? std::shared_ptr<graph::KnowledgeGraph>(std::move(graph).value()) : nullptr;
  }

 private:
  ArticleSink(graph::Store& store, std::unique_ptr<graph::BulkLoad> bulk)
      : store_(&store), bulk_(std::move(bulk)) {}

  graph::Store* store_;
  std::unique_ptr<graph::BulkLoad> bulk_;
};

// Articles in flight between the workers and the thread that stores them:
// enough that a pause on either side (a table growing, a burst of page
// faults) does not leave the other waiting.
constexpr size_t kUpdatesAhead = 256;

// The workers that build and prepare articles while this thread stores
// them: storing one takes about two thirds of the time preparing it does,
// so two workers keep the storing thread busy; one per core up to three.
int PrepareThreads() {
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 3u));
}

Status StoreGroups(std::vector<Group>& groups, graph::Store& store, const ImportOptions& options,
                   ImportSummary* summary) {
  if (groups.empty()) return Status::Ok();
  Result<ArticleSink> sink = ArticleSink::Open(store, options.bulk);
  if (!sink.ok()) return sink.status();
  size_t all_statements = 0;
  for (const Group& group : groups) all_statements += group.lines.size();
  sink->Reserve(groups.size(), all_statements);
  OrderedPool<Pending> pool(PrepareThreads(), kUpdatesAhead, [&sink](Pending& pending) {
    try {
      sink->Prepare(pending);
    } catch (const std::exception&) {
      pending.failed = true;
    }
  });
  const auto store_oldest = [&]() -> Status {
    Pending pending = pool.PopOldest();
    if (pending.failed) return Status::Internal("out of memory building an article");
    Result<graph::CommitOutcome> outcome = sink->Add(pending);
    if (!outcome.ok()) return outcome.status();
    if (*outcome == graph::CommitOutcome::kStored) {
      ++summary->articles_stored;
      summary->triples_imported += pending.statements;
    } else {
      ++summary->articles_skipped;
    }
    return Status::Ok();
  };
  for (Group& group : groups) {
    while (pool.full()) KG_RETURN_IF_ERROR(store_oldest());
    const size_t statements = group.lines.size();
    Pending pending;
    pending.group = std::move(group);
    pending.statements = statements;
    pool.Submit(std::move(pending));
  }
  while (!pool.empty()) KG_RETURN_IF_ERROR(store_oldest());
  KG_RETURN_IF_ERROR(sink->Finish());
  if (options.build_graph) summary->graph = sink->Graph();
  return Status::Ok();
}

}  // namespace

Result<ImportSummary> ImportTsv(std::istream& input, const std::string& display_name,
                                graph::Store& store, const ImportOptions& options) {
  ImportSummary summary;
  std::vector<Group> groups;
  try {
    groups = GroupReader(display_name, &summary).Read(input);
  } catch (const std::exception& error) {
    return Status::IOError(display_name + ": " + error.what());
  }
  if (input.bad()) return Status::IOError(display_name + ": read failed");
  if (Status stored = StoreGroups(groups, store, options, &summary); !stored.ok()) {
    return stored.WithContext("importing " + display_name);
  }
  return summary;
}

Result<ImportSummary> ImportTsv(const std::string& path, graph::Store& store,
                                const ImportOptions& options) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status::IOError("cannot import " + path + ": is a directory");
  }
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    return Status::IOError("cannot import " + path + ": " + std::strerror(errno));
  }
  return ImportTsv(input, path, store, options);
}

}  // namespace kg::ingest
