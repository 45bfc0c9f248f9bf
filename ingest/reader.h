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
// starting with '.') are ignored.
//
// Text is decoded as ingest/text_decoding.h describes: invalid UTF-8 becomes
// U+FFFD, NUL bytes are removed, UTF-16 with a byte-order mark is converted,
// a UTF-8 byte-order mark is removed and CRLF line ends become LF; each
// repair is reported as a warning naming the file and line, and the article
// is read. A directory reached twice (a symbolic link loop, or a second link
// to a folder already read) is reported and skipped: directories are tracked
// by device and inode.
//
// Problems with one input never stop the run: an unreadable, empty, binary
// or oversized file, a special file (FIFO, socket, device), a dangling link
// or a broken JSON line is reported as a one-line warning that starts with
// the path ("path:LINE: ..." for JSON lines) and is skipped. Memory stays
// bounded by max_article_bytes: a longer file or JSON line is not read
// further than that.
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
#include "ingest/text_decoding.h"

namespace kg::ingest {

struct ReaderOptions {
  // Texts (a file, a JSON line or stdin) longer than this are skipped with a
  // warning and counted: they are not news articles, and analysing them would
  // stall a run. The longest of the 2,225 BBC News articles is 25 KB. At this
  // limit news text analyses in 4 s on one core, and the worst text (a token
  // per byte: "((((...") in 11 s with 130 MB of tokens.
  size_t max_article_bytes = size_t{512} << 10;
  // Broken (and repaired) JSON lines reported one by one per file; the rest
  // are summed up in one warning at the end of the file, so that a misnamed
  // or mis-encoded file cannot flood the output.
  int max_line_warnings_per_file = 10;
  // What "-" reads; std::cin when null. Must outlive the Reader.
  std::istream* stdin_stream = nullptr;
};

struct ReaderCounts {
  uint64_t files_read = 0;     // files (or stdin) that gave at least one article
  uint64_t files_skipped = 0;  // files skipped whole (unreadable, binary, ...)
  uint64_t lines_skipped = 0;  // broken JSON lines
  uint64_t documents = 0;      // Documents handed to the visitor
  uint64_t too_large = 0;      // files and JSON lines over max_article_bytes
  uint64_t repaired = 0;       // texts read with invalid UTF-8 replaced or NULs removed
  uint64_t converted = 0;      // texts converted from UTF-16
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
  Status ReadEntries(const std::string& path, const std::vector<std::string>& names, Walk& walk,
                     const DocumentVisitor& visit);
  Status ReadFile(const std::string& path, const DocumentVisitor& visit);
  Status ReadPlainText(const std::string& path, int fd, const DocumentVisitor& visit);
  Status ReadJsonLines(const std::string& path, int fd, const DocumentVisitor& visit);
  Status ReadStdin(const DocumentVisitor& visit);
  // Decodes the bytes read from `source` and visits them as one article.
  Status VisitPlainText(const std::string& source, std::string_view bytes, bool markdown,
                        const DocumentVisitor& visit);
  // Reports and counts a whole file skipped.
  void SkipFile(const std::string& message);
  // Reports what decoding the file `source` repaired or converted, and counts it.
  void NoteDecoding(const std::string& source, const DecodedText& decoded);
  std::string TooLargeMessage() const;
  void Warn(std::string message);

  ReaderOptions options_;
  WarningVisitor on_warning_;
  ReaderCounts counts_;
  std::vector<std::string> warnings_;
};

// --- the pieces the Reader is made of, exposed for tests and other readers ---

// Splits plain text into title and body. The title is the first non-empty
// line, trimmed, with Markdown heading marks removed when `markdown`; the
// body is what follows, trimmed. A text of one line is its own body, so that
// no article is stored without text.
void SplitTitle(std::string_view text, bool markdown, std::string* title, std::string* body);

// A size for messages: "1 MiB", "64 KiB", "50 bytes".
std::string FormatBytes(size_t bytes);

}  // namespace kg::ingest
