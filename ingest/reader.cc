#include "ingest/reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace kg::ingest {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kSpace = " \t\n\r\f\v";

std::string ErrnoText(int error) { return std::strerror(error); }

// Closes a file descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  int fd_;
};

std::string_view Trim(std::string_view s) {
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Extension(std::string_view path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return Lowercase(path.substr(dot));
}

bool IsArticleExtension(const std::string& extension) {
  return extension == ".txt" || extension == ".md" || extension == ".jsonl";
}

// CRLF and lone CR become LF, so offsets and sentence rules see one kind of
// line end whatever system wrote the file.
void NormalizeLineEnds(std::string* text) {
  if (text->find('\r') == std::string::npos) return;
  std::string out;
  out.reserve(text->size());
  for (size_t i = 0; i < text->size(); ++i) {
    char c = (*text)[i];
    if (c != '\r') {
      out.push_back(c);
    } else if (i + 1 >= text->size() || (*text)[i + 1] != '\n') {
      out.push_back('\n');
    }
  }
  *text = std::move(out);
}

const char* FileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// Reads everything from `fd`, but never more than `limit` bytes: a larger
// input sets `too_large` and is not read further. False with errno set on a
// read error.
bool ReadAll(int fd, size_t limit, std::string* out, bool* too_large) {
  std::vector<char> buffer(size_t{1} << 16);
  *too_large = false;
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return true;
    if (out->size() + static_cast<size_t>(n) > limit) {
      *too_large = true;
      return true;
    }
    out->append(buffer.data(), static_cast<size_t>(n));
  }
}

// Reads lines from a file descriptor holding at most `limit` bytes of one
// line: the rest of a longer line is read past, not kept, so a 100 MB line
// costs no more memory than a short one.
class LineReader {
 public:
  LineReader(int fd, size_t limit) : fd_(fd), limit_(limit), buffer_(size_t{1} << 16) {}

  // The next line without its '\n'; `too_long` when it was longer than the
  // limit (the line is then empty). False at the end of the input or on a
  // read error (error() is then not 0).
  bool Next(std::string* line, bool* too_long) {
    line->clear();
    *too_long = false;
    bool any = false;
    for (;;) {
      if (begin_ == end_ && !Fill()) return any;  // a last line without '\n' counts
      any = true;
      const char* start = buffer_.data() + begin_;
      const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
      const size_t take = newline != nullptr ? static_cast<size_t>(newline - start) : end_ - begin_;
      if (!*too_long && line->size() + take > limit_) {
        *too_long = true;
        std::string().swap(*line);
      }
      if (!*too_long) line->append(start, take);
      begin_ += take;
      if (newline != nullptr) {
        ++begin_;
        return true;
      }
    }
  }

  int error() const { return error_; }

 private:
  bool Fill() {
    for (;;) {
      ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = errno;
      begin_ = 0;
      end_ = n > 0 ? static_cast<size_t>(n) : 0;
      return n > 0;
    }
  }

  int fd_;
  size_t limit_;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  int error_ = 0;
};

// "invalid JSON at column 17: syntax error ..." for a JSON parse error:
// without the library's "[json.exception...]" prefix, which means nothing to
// the person whose file it is, and without its "line 1", since the line is
// named already.
std::string JsonErrorText(const std::exception& e) {
  constexpr std::string_view kFirstLine = "parse error at line 1, ";
  std::string_view what = e.what();
  size_t bracket = what.find("] ");
  if (!what.empty() && what[0] == '[' && bracket != std::string_view::npos) {
    what.remove_prefix(bracket + 2);
  }
  if (what.starts_with(kFirstLine)) {
    what.remove_prefix(kFirstLine.size());
    return "invalid JSON at " + std::string(what);
  }
  return "invalid JSON: " + std::string(what);
}

// Fills `document` from one parsed JSON line, or returns why it cannot.
// `decoded` receives what decoding the "text" string repaired (NULs).
std::string DocumentFromJson(const nlohmann::json& json, Document* document, DecodedText* decoded) {
  if (!json.is_object()) return "expected a JSON object with a \"text\" field";
  auto text = json.find("text");
  if (text == json.end() || !text->is_string()) return "missing \"text\" (a string)";
  *decoded = DecodeText(text->get_ref<const std::string&>());
  if (!decoded->problem.empty()) return "\"text\": " + decoded->problem;
  const std::pair<const char*, std::string*> optional_fields[] = {
      {"title", &document->title}, {"date", &document->date}, {"url", &document->url}};
  for (const auto& [name, field] : optional_fields) {
    auto it = json.find(name);
    if (it == json.end() || it->is_null()) continue;
    if (!it->is_string()) return std::string("\"") + name + "\" must be a string";
    *field = std::string(Trim(it->get<std::string>()));
  }
  document->text = std::move(decoded->text);
  NormalizeLineEnds(&document->text);
  document->text = std::string(Trim(document->text));
  return {};
}

}  // namespace

std::string FormatBytes(size_t bytes) {
  constexpr size_t kKiB = 1024, kMiB = kKiB * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return CountOf(bytes, "byte");
}

struct Reader::Walk {
  // Directories already read, by (device, inode), with the path they were
  // read as: a symbolic link loop or a second link to the same folder ends
  // here instead of recursing forever.
  std::map<std::pair<dev_t, ino_t>, std::string> read;
  // The directories being read now, outermost first: reaching one of them
  // again is a loop, not merely a second link.
  std::vector<std::pair<dev_t, ino_t>> open;
};

void SplitTitle(std::string_view text, bool markdown, std::string* title, std::string* body) {
  title->clear();
  body->clear();
  size_t line_begin = 0;
  while (line_begin < text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = Trim(text.substr(line_begin, line_end - line_begin));
    if (!line.empty()) {
      if (markdown) {
        size_t marks = line.find_first_not_of('#');
        if (marks != std::string_view::npos && marks > 0) line = Trim(line.substr(marks));
      }
      *title = std::string(line);
      std::string_view rest = line_end < text.size() ? text.substr(line_end + 1) : std::string_view();
      *body = std::string(Trim(rest));
      // A one-line article keeps its line as text: an article with a title
      // and nothing to analyse would be stored empty.
      if (body->empty()) *body = std::string(Trim(text));
      return;
    }
    line_begin = line_end + 1;
  }
}

Reader::Reader(ReaderOptions options, WarningVisitor on_warning)
    : options_(options), on_warning_(std::move(on_warning)) {}

void Reader::Warn(std::string message) {
  if (on_warning_) on_warning_(message);
  warnings_.push_back(std::move(message));
}

void Reader::SkipFile(const std::string& message) {
  Warn(message);
  ++counts_.files_skipped;
}

void Reader::NoteDecoding(const std::string& source, const DecodedText& decoded) {
  for (std::string& note : DecodingNotes(source, decoded)) Warn(std::move(note));
  if (decoded.replaced > 0 || decoded.nuls_removed > 0) ++counts_.repaired;
  if (decoded.encoding != "UTF-8") ++counts_.converted;
}

std::string Reader::TooLargeMessage() const {
  return "larger than the article limit of " + FormatBytes(options_.max_article_bytes);
}

Status Reader::Read(const std::vector<std::string>& paths, const DocumentVisitor& visit) {
  Walk walk;
  for (const std::string& path : paths) {
    KG_RETURN_IF_ERROR(ReadPath(path, walk, visit));
  }
  return Status::Ok();
}

Status Reader::ReadPath(const std::string& path, Walk& walk, const DocumentVisitor& visit) {
  if (path == "-") return ReadStdin(visit);
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    int error = errno;
    struct stat link;
    if (error == ENOENT && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      SkipFile(path + ": dangling symbolic link; skipped");
    } else {
      SkipFile(path + ": " + ErrnoText(error) + "; skipped");
    }
    return Status::Ok();
  }
  if (S_ISDIR(info.st_mode)) return ReadDirectory(path, walk, visit);
  return ReadFile(path, visit);
}

Status Reader::ReadDirectory(const std::string& path, Walk& walk, const DocumentVisitor& visit) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    Warn(path + ": " + ErrnoText(errno) + "; skipped");
    return Status::Ok();
  }
  const std::pair<dev_t, ino_t> key{info.st_dev, info.st_ino};
  if (auto seen = walk.read.find(key); seen != walk.read.end()) {
    const bool loop = std::find(walk.open.begin(), walk.open.end(), key) != walk.open.end();
    Warn(path + (loop ? ": symbolic link loop (leads back to " : ": directory already read (as ") +
         seen->second + "); skipped");
    return Status::Ok();
  }
  walk.read.emplace(key, path);
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    Warn(path + ": cannot read directory: " + ErrnoText(errno) + "; skipped");
    return Status::Ok();
  }
  std::vector<std::string> names;
  errno = 0;
  while (dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;  // ".", ".." and hidden entries
    names.emplace_back(entry->d_name);
  }
  int error = errno;
  ::closedir(dir);
  if (error != 0) Warn(path + ": listing stopped early: " + ErrnoText(error));
  std::sort(names.begin(), names.end());

  walk.open.push_back(key);
  Status status = ReadEntries(path, names, walk, visit);
  walk.open.pop_back();
  return status;
}

Status Reader::ReadEntries(const std::string& path, const std::vector<std::string>& names,
                           Walk& walk, const DocumentVisitor& visit) {
  const std::string prefix = path.ends_with('/') ? path : path + "/";
  for (const std::string& name : names) {
    std::string child = prefix + name;
    struct stat child_info;
    if (::stat(child.c_str(), &child_info) != 0) {
      // Only a problem when the entry looked like an article.
      if (IsArticleExtension(Extension(name))) {
        KG_RETURN_IF_ERROR(ReadPath(child, walk, visit));
      }
      continue;
    }
    if (S_ISDIR(child_info.st_mode)) {
      KG_RETURN_IF_ERROR(ReadDirectory(child, walk, visit));
    } else if (!S_ISREG(child_info.st_mode)) {
      SkipFile(child + ": " + FileKind(child_info.st_mode) + ", not a regular file; skipped");
    } else if (IsArticleExtension(Extension(name))) {
      KG_RETURN_IF_ERROR(ReadFile(child, visit));
    }
  }
  return Status::Ok();
}

Status Reader::ReadFile(const std::string& path, const DocumentVisitor& visit) {
  // O_NONBLOCK so that opening a FIFO cannot wait for a writer; fstat then
  // decides on the file actually opened.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    SkipFile(path + ": cannot open: " + ErrnoText(errno) + "; skipped");
    return Status::Ok();
  }
  FdCloser closer(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    SkipFile(path + ": " + ErrnoText(errno) + "; skipped");
    return Status::Ok();
  }
  if (!S_ISREG(info.st_mode)) {
    SkipFile(path + ": " + FileKind(info.st_mode) + ", not a regular file; skipped");
    return Status::Ok();
  }
  if (Extension(path) == ".jsonl") return ReadJsonLines(path, fd, visit);
  return ReadPlainText(path, fd, visit);
}

Status Reader::ReadPlainText(const std::string& path, int fd, const DocumentVisitor& visit) {
  std::string bytes;
  bool too_large = false;
  if (!ReadAll(fd, options_.max_article_bytes, &bytes, &too_large)) {
    SkipFile(path + ": read failed: " + ErrnoText(errno) + "; skipped");
    return Status::Ok();
  }
  if (too_large) {
    SkipFile(path + ": " + TooLargeMessage() + "; skipped");
    ++counts_.too_large;
    return Status::Ok();
  }
  return VisitPlainText(path, bytes, Extension(path) == ".md", visit);
}

Status Reader::ReadJsonLines(const std::string& path, int fd, const DocumentVisitor& visit) {
  LineReader lines(fd, options_.max_article_bytes);
  std::string line;
  bool too_long = false;
  uint64_t line_number = 0, documents = 0, broken = 0, repaired = 0;
  const auto cap = static_cast<uint64_t>(std::max(options_.max_line_warnings_per_file, 0));
  auto broken_line = [&](const std::string& why) {
    ++broken;
    ++counts_.lines_skipped;
    if (broken <= cap) Warn(path + ":" + std::to_string(line_number) + ": " + why + "; skipped");
  };
  Status status;
  while (lines.Next(&line, &too_long)) {
    ++line_number;
    std::string_view raw = line;
    if (line_number == 1) {
      if (raw.starts_with("\xFF\xFE") || raw.starts_with("\xFE\xFF")) {
        SkipFile(path +
                 ": UTF-16 JSON lines are not supported (convert the file to UTF-8); skipped");
        return Status::Ok();
      }
      if (raw.starts_with(kUtf8Bom)) raw.remove_prefix(kUtf8Bom.size());
      // A binary file with a .jsonl name would otherwise give one broken
      // line per newline byte; judge the file by its first line instead.
      if (std::string why = BinaryProblem(raw); !why.empty()) {
        SkipFile(path + ": " + why + "; skipped");
        return Status::Ok();
      }
    }
    if (too_long) {
      ++counts_.too_large;
      broken_line(TooLargeMessage());
      continue;
    }
    if (Trim(raw).empty()) continue;
    const std::string where = path + ":" + std::to_string(line_number);
    DecodedText decoded_line = DecodeText(raw);
    if (!decoded_line.problem.empty()) {
      broken_line(decoded_line.problem);
      continue;
    }
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(decoded_line.text);
    } catch (const nlohmann::json::exception& e) {
      broken_line(JsonErrorText(e));
      continue;
    }
    Document document;
    document.source = where;
    DecodedText decoded_text;
    std::string problem = DocumentFromJson(json, &document, &decoded_text);
    if (!problem.empty()) {
      broken_line(problem);
      continue;
    }
    // Repairs are reported per line like broken lines, and capped alike.
    auto was_repaired = [](const DecodedText& d) { return d.replaced + d.nuls_removed > 0; };
    if (was_repaired(decoded_line) || was_repaired(decoded_text)) {
      ++counts_.repaired;
      if (++repaired <= cap) {
        for (const DecodedText* decoded : {&decoded_line, &decoded_text}) {
          for (std::string& note : DecodingNotes(where, *decoded, /*where_is_line=*/true)) {
            Warn(std::move(note));
          }
        }
      }
    }
    ++documents;
    ++counts_.documents;
    status = visit(std::move(document));
    if (!status.ok()) break;
  }
  if (lines.error() != 0) {
    Warn(path + ": read failed after line " + std::to_string(line_number) + ": " +
         ErrnoText(lines.error()));
  }
  if (broken > cap) Warn(path + ": " + std::to_string(broken - cap) + " more broken lines skipped");
  if (repaired > cap) {
    Warn(path + ": " + std::to_string(repaired - cap) +
         " more repairs (invalid UTF-8 or NUL bytes) not shown");
  }
  if (documents > 0) {
    ++counts_.files_read;
  } else if (broken == 0 && lines.error() == 0) {
    SkipFile(path +
             (line_number == 0 ? ": empty (0 bytes); skipped" : ": only white space; skipped"));
  } else {
    ++counts_.files_skipped;
  }
  return status;
}

Status Reader::ReadStdin(const DocumentVisitor& visit) {
  const std::string source = "<stdin>";
  std::istream& in = options_.stdin_stream != nullptr ? *options_.stdin_stream : std::cin;
  std::string bytes;
  std::vector<char> buffer(size_t{1} << 16);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    bytes.append(buffer.data(), static_cast<size_t>(in.gcount()));
    if (bytes.size() > options_.max_article_bytes) {
      SkipFile(source + ": " + TooLargeMessage() + "; skipped");
      ++counts_.too_large;
      return Status::Ok();
    }
  }
  return VisitPlainText(source, bytes, /*markdown=*/false, visit);
}

Status Reader::VisitPlainText(const std::string& source, std::string_view bytes, bool markdown,
                              const DocumentVisitor& visit) {
  DecodedText decoded = DecodeText(bytes);
  if (!decoded.problem.empty()) {
    SkipFile(source + ": " + decoded.problem + "; skipped");
    return Status::Ok();
  }
  NoteDecoding(source, decoded);
  NormalizeLineEnds(&decoded.text);
  Document document;
  document.source = source;
  SplitTitle(decoded.text, markdown, &document.title, &document.text);
  ++counts_.files_read;
  ++counts_.documents;
  return visit(std::move(document));
}

}  // namespace kg::ingest
