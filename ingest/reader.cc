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
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

namespace kg::ingest {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kSpace = " \t\n\r\f\v";
// How much of a file the control-character test looks at: binary formats
// show themselves in their first few kilobytes.
constexpr size_t kBinarySniffBytes = 8192;

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
  int release() { return std::exchange(fd_, -1); }

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

void StripBom(std::string* text) {
  if (std::string_view(*text).substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    text->erase(0, kUtf8Bom.size());
  }
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

bool LooksBinary(std::string_view bytes, std::string* why) {
  if (bytes.find('\0') != std::string_view::npos) {
    *why = "binary file (contains NUL bytes)";
    return true;
  }
  std::string_view head = bytes.substr(0, kBinarySniffBytes);
  size_t control = 0;
  for (unsigned char c : head) {
    if ((c < 0x20 && kSpace.find(static_cast<char>(c)) == std::string_view::npos) || c == 0x7F) {
      ++control;
    }
  }
  // Real text has next to no control characters; one in ten is not text.
  if (!head.empty() && control * 10 > head.size()) {
    *why = "binary file (mostly control characters)";
    return true;
  }
  return false;
}

const char* FileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// Reads everything from `fd`; false with errno set on failure.
bool ReadAll(int fd, size_t limit, std::string* out, bool* too_large) {
  char buffer[1 << 16];
  *too_large = false;
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return true;
    if (out->size() + static_cast<size_t>(n) > limit) {
      *too_large = true;
      return true;
    }
    out->append(buffer, static_cast<size_t>(n));
  }
}

// The message of a JSON parse error without the library's "[json.exception...]"
// prefix, which means nothing to the person whose file it is.
std::string JsonErrorText(const std::exception& e) {
  std::string_view what = e.what();
  size_t bracket = what.find("] ");
  if (!what.empty() && what[0] == '[' && bracket != std::string_view::npos) {
    what.remove_prefix(bracket + 2);
  }
  return std::string(what);
}

// Fills `document` from one parsed JSON line, or returns why it cannot.
std::string DocumentFromJson(const nlohmann::json& json, Document* document) {
  if (!json.is_object()) return "expected a JSON object with a \"text\" field";
  auto text = json.find("text");
  if (text == json.end() || !text->is_string()) return "missing \"text\" (a string)";
  document->text = text->get<std::string>();
  StripBom(&document->text);
  std::string problem = TextProblem(document->text);
  if (!problem.empty()) return "\"text\": " + problem;
  const std::pair<const char*, std::string*> optional_fields[] = {
      {"title", &document->title}, {"date", &document->date}, {"url", &document->url}};
  for (const auto& [name, field] : optional_fields) {
    auto it = json.find(name);
    if (it == json.end() || it->is_null()) continue;
    if (!it->is_string()) return std::string("\"") + name + "\" must be a string";
    *field = std::string(Trim(it->get<std::string>()));
  }
  NormalizeLineEnds(&document->text);
  document->text = std::string(Trim(document->text));
  return {};
}

}  // namespace

struct Reader::Walk {
  // Directories already read, by (device, inode): a symbolic link loop or a
  // second link to the same folder ends here instead of recursing forever.
  std::set<std::pair<dev_t, ino_t>> visited;
};

std::string TextProblem(std::string_view bytes) {
  if (Trim(bytes).empty()) return "empty";
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                            (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    return "UTF-16 text is not supported (convert it to UTF-8)";
  }
  std::string why;
  if (LooksBinary(bytes, &why)) return why;
  size_t bad = FindInvalidUtf8(bytes);
  if (bad != std::string_view::npos) {
    size_t line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    return "not valid UTF-8 (line " + std::to_string(line) + ", byte " + std::to_string(bad) + ")";
  }
  return {};
}

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
    if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      Warn(path + ": dangling symbolic link; skipped");
    } else {
      Warn(path + ": " + ErrnoText(error) + "; skipped");
    }
    ++counts_.files_skipped;
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
  if (!walk.visited.insert({info.st_dev, info.st_ino}).second) {
    Warn(path + ": directory already read (symbolic link loop?); skipped");
    return Status::Ok();
  }
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
      Warn(child + ": " + FileKind(child_info.st_mode) + ", not a regular file; skipped");
      ++counts_.files_skipped;
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
    Warn(path + ": cannot open: " + ErrnoText(errno) + "; skipped");
    ++counts_.files_skipped;
    return Status::Ok();
  }
  FdCloser closer(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    Warn(path + ": " + ErrnoText(errno) + "; skipped");
    ++counts_.files_skipped;
    return Status::Ok();
  }
  if (!S_ISREG(info.st_mode)) {
    Warn(path + ": " + FileKind(info.st_mode) + ", not a regular file; skipped");
    ++counts_.files_skipped;
    return Status::Ok();
  }
  if (Extension(path) == ".jsonl") return ReadJsonLines(path, closer.release(), visit);
  return ReadPlainText(path, fd, visit);
}

Status Reader::ReadPlainText(const std::string& path, int fd, const DocumentVisitor& visit) {
  std::string bytes;
  bool too_large = false;
  if (!ReadAll(fd, options_.max_article_bytes, &bytes, &too_large)) {
    Warn(path + ": read failed: " + ErrnoText(errno) + "; skipped");
    ++counts_.files_skipped;
    return Status::Ok();
  }
  if (too_large) {
    Warn(path + ": larger than " + std::to_string(options_.max_article_bytes) +
         " bytes, not an article; skipped");
    ++counts_.files_skipped;
    return Status::Ok();
  }
  return VisitPlainText(path, std::move(bytes), Extension(path) == ".md", visit);
}

Status Reader::ReadJsonLines(const std::string& path, int fd, const DocumentVisitor& visit) {
  FILE* file = ::fdopen(fd, "rb");
  if (file == nullptr) {
    Warn(path + ": cannot open: " + ErrnoText(errno) + "; skipped");
    ::close(fd);
    ++counts_.files_skipped;
    return Status::Ok();
  }
  std::unique_ptr<FILE, int (*)(FILE*)> closer(file, &std::fclose);
  struct LineBuffer {
    char* data = nullptr;  // grown by getline(); freed here
    size_t capacity = 0;
    ~LineBuffer() { std::free(data); }
  } buffer;
  uint64_t line_number = 0, documents = 0, broken = 0;
  auto broken_line = [&](const std::string& why) {
    ++broken;
    ++counts_.lines_skipped;
    if (broken <= static_cast<uint64_t>(options_.max_line_warnings_per_file)) {
      Warn(path + ":" + std::to_string(line_number) + ": " + why + "; skipped");
    }
  };
  Status status;
  for (;;) {
    errno = 0;
    ssize_t length = ::getline(&buffer.data, &buffer.capacity, file);
    if (length < 0) break;
    ++line_number;
    std::string_view line(buffer.data, static_cast<size_t>(length));
    if (line_number == 1 && line.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
      line.remove_prefix(kUtf8Bom.size());
    }
    if (line_number == 1) {
      // A binary file with a .jsonl name would otherwise give one broken
      // line per newline byte; judge the file by its first line instead.
      std::string why;
      if (LooksBinary(line, &why)) {
        Warn(path + ": " + why + "; skipped");
        ++counts_.files_skipped;
        return Status::Ok();
      }
    }
    if (Trim(line).empty()) continue;
    if (line.size() > options_.max_article_bytes) {
      broken_line("longer than " + std::to_string(options_.max_article_bytes) + " bytes");
      continue;
    }
    if (size_t bad = FindInvalidUtf8(line); bad != std::string_view::npos) {
      broken_line("not valid UTF-8 (byte " + std::to_string(bad) + " of the line)");
      continue;
    }
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      broken_line("invalid JSON: " + JsonErrorText(e));
      continue;
    }
    Document document;
    document.source = path + ":" + std::to_string(line_number);
    std::string problem = DocumentFromJson(json, &document);
    if (!problem.empty()) {
      broken_line(problem);
      continue;
    }
    ++documents;
    ++counts_.documents;
    status = visit(std::move(document));
    if (!status.ok()) break;
  }
  if (std::ferror(file)) Warn(path + ": read failed after line " + std::to_string(line_number));
  if (broken > static_cast<uint64_t>(options_.max_line_warnings_per_file)) {
    Warn(path + ": " + std::to_string(broken - options_.max_line_warnings_per_file) +
         " more broken lines skipped");
  }
  if (documents > 0) {
    ++counts_.files_read;
  } else {
    if (broken == 0) Warn(path + ": empty; skipped");
    ++counts_.files_skipped;
  }
  return status;
}

Status Reader::ReadStdin(const DocumentVisitor& visit) {
  const std::string source = "<stdin>";
  std::istream& in = options_.stdin_stream != nullptr ? *options_.stdin_stream : std::cin;
  std::string bytes;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<size_t>(in.gcount()));
    if (bytes.size() > options_.max_article_bytes) {
      Warn(source + ": larger than " + std::to_string(options_.max_article_bytes) +
           " bytes, not an article; skipped");
      ++counts_.files_skipped;
      return Status::Ok();
    }
  }
  return VisitPlainText(source, std::move(bytes), /*markdown=*/false, visit);
}

Status Reader::VisitPlainText(const std::string& source, std::string bytes, bool markdown,
                              const DocumentVisitor& visit) {
  StripBom(&bytes);
  const std::string problem = TextProblem(bytes);
  if (!problem.empty()) {
    Warn(source + ": " + problem + "; skipped");
    ++counts_.files_skipped;
    return Status::Ok();
  }
  NormalizeLineEnds(&bytes);
  Document document;
  document.source = source;
  SplitTitle(bytes, markdown, &document.title, &document.text);
  ++counts_.files_read;
  ++counts_.documents;
  return visit(std::move(document));
}

}  // namespace kg::ingest
