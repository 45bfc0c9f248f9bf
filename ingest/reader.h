// Reader: turns paths on the command line into Documents, one at a time.
//
// A path is a file, a folder (read recursively) or "-" for standard input.
//   .txt, .md  one article per file; the first non-empty line is the title
//              (Markdown heading marks stripped) and the rest is the text.
//   .jsonl     one article per line: {"text": ..., "title", "date", "url"};
//              each Document's source is "path:LINE".
//   "-"        standard input as one plain-text article, source "<stdin>".
// A file named explicitly is read as plain text unless it ends in .jsonl; a
// folder contributes only .txt, .md and .jsonl files, in byte-wise sorted
// order at every level so that runs are deterministic. Hidden entries (names
// starting with '.') are ignored. A directory reached twice (a symbolic link
// loop, or a link to a folder already read) is skipped: directories are
// tracked by device and inode.
//
// Problems with one input never stop the run: an unreadable, empty, binary or
// non-UTF-8 file, a special file (FIFO, socket, device), a dangling link or a
// broken JSON line is reported as a one-line warning that starts with the
// path ("path:LINE: ..." for JSON lines) and is skipped. Invalid UTF-8 is
// skipped rather than repaired; a UTF-8 byte-order mark is removed and CRLF
// line ends become LF.
//
// Threads: a Reader is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "graph/text.h"
#include "ingest/document.h"

namespace kg::ingest {

struct ReaderOptions {
  // Texts (a file, a JSON line or stdin) longer than this are skipped with a
  // warning: they are not news articles, and analysing them would stall a run.
  size_t max_article_bytes = 16u << 20;
  // Broken JSON lines reported one by one per file; the rest are summed up in
  // one warning at the end of the file, so a misnamed file cannot flood.
  int max_line_warnings_per_file = 10;
  // What "-" reads; std::cin when null. Must outlive the Reader.
  std::istream* stdin_stream = nullptr;
};

struct ReaderCounts {
  uint64_t files_read = 0;     // files (or stdin) that gave at least one article
  uint64_t files_skipped = 0;  // files skipped whole (unreadable, binary, ...)
  uint64_t lines_skipped = 0;  // broken JSON lines
  uint64_t documents = 0;      // Documents handed to the visitor
};

class Reader {
 public:
  // Called once per article, in reading order. Returning a non-ok Status
  // stops the read, and Read returns that Status unchanged.
  using DocumentVisitor = std::function<Status(Document&& document)>;
  // Called once per problem, as it is found, with a one-line message.
  using WarningVisitor = std::function<void(const std::string& warning)>;

  explicit Reader(ReaderOptions options = {}, WarningVisitor on_warning = nullptr);

  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Reads every path in order and streams each article to `visit`; only the
  // file being read is held in memory (JSON lines are read line by line).
  // Problems with inputs are warnings, not errors: the result is ok unless
  // `visit` failed. May be called again; counts and warnings accumulate.
  Status Read(const std::vector<std::string>& paths, const DocumentVisitor& visit);

  const ReaderCounts& counts() const { return counts_; }
  // Every warning so far, in order.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  struct Walk;
  Status ReadPath(const std::string& path, Walk& walk, const DocumentVisitor& visit);
  Status ReadDirectory(const std::string& path, Walk& walk, const DocumentVisitor& visit);
  Status ReadFile(const std::string& path, const DocumentVisitor& visit);
  Status ReadPlainText(const std::string& path, int fd, const DocumentVisitor& visit);
  Status ReadJsonLines(const std::string& path, int fd, const DocumentVisitor& visit);
  Status ReadStdin(const DocumentVisitor& visit);
  // Checks the text read from `source` and visits it as one article.
  Status VisitPlainText(const std::string& source, std::string bytes, bool markdown,
                        const DocumentVisitor& visit);
  void Warn(std::string message);

  ReaderOptions options_;
  WarningVisitor on_warning_;
  ReaderCounts counts_;
  std::vector<std::string> warnings_;
};

// --- the pieces the Reader is made of, exposed for tests and other readers ---

// Why `bytes` is not usable text, or empty when it is. Checks, in order:
// empty (or only white space), UTF-16 byte-order mark, binary (a NUL byte or
// mostly control characters), invalid UTF-8 (naming the line and byte).
std::string TextProblem(std::string_view bytes);

// Splits plain text into title and body. The title is the first non-empty
// line, trimmed, with Markdown heading marks removed when `markdown`; the
// body is what follows, trimmed. A text of one line is its own body, so that
// no article is stored without text.
void SplitTitle(std::string_view text, bool markdown, std::string* title, std::string* body);

}  // namespace kg::ingest
