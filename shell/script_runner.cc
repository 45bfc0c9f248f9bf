#include "shell/script_runner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <vector>

#include "ingest/reader.h"
#include "ingest/text_decoding.h"
#include "shell/command_handlers.h"
#include "shell/session.h"

namespace kg::shell {
namespace {

namespace fs = std::filesystem;

// The name scripts are tracked by: the same file reached through different
// relative paths or links is the same script.
std::string CanonicalName(const std::string& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(fs::path(path), error);
  return error ? path : canonical.string();
}

// Reads the script at `path` whole. Opening does not wait for a writer, so a
// FIFO nobody writes to reads as an empty script instead of hanging the
// shell; a FIFO with a writer (`-f /dev/stdin` in a pipe) reads normally.
// At most kMaxScriptBytes are read, so /dev/zero cannot exhaust memory.
Result<std::string> ReadScript(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int code = errno;
    if (code == ENOENT) return Status::NotFound("no such script \"" + path + "\"");
    return Status::IOError("cannot read \"" + path + "\": " + std::strerror(code));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    return Status::IOError("cannot run \"" + path + "\": it is a directory");
  }
  // Reads block again from here on, as they would for any pipe.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  std::string text;
  std::vector<char> buffer(size_t{1} << 16);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IOError("cannot read \"" + path + "\": " + std::strerror(errno));
    if (n == 0) break;
    text.append(buffer.data(), static_cast<size_t>(n));
    if (text.size() > kMaxScriptBytes) {
      return Status::InvalidArgument("cannot run \"" + path + "\": larger than " +
                                     ingest::FormatBytes(kMaxScriptBytes) + ", not a script");
    }
  }
  if (std::string why = ingest::BinaryProblem(text); !why.empty()) {
    return Status::InvalidArgument("cannot run \"" + path + "\": " + why + ", not a script");
  }
  return text;
}

// Pops the script stack on every way out of RunScript.
class StackEntry {
 public:
  StackEntry(std::vector<std::string>& stack, std::string name) : stack_(stack) {
    stack_.push_back(std::move(name));
  }
  ~StackEntry() { stack_.pop_back(); }
  StackEntry(const StackEntry&) = delete;
  StackEntry& operator=(const StackEntry&) = delete;

 private:
  std::vector<std::string>& stack_;
};

}  // namespace

Status RunLines(Session& session, std::istream& in, std::string_view name,
                const ScriptOptions& options, std::ostream& out, std::ostream& err) {
  std::string line;
  size_t line_number = 0;
  size_t failures = 0;
  Status first_failure;
  while (!session.quit_requested() && std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF scripts
    Status status = session.Execute(line, out);
    if (status.ok()) continue;
    Status located = status.WithContext(std::string(name) + ":" + std::to_string(line_number));
    // Ctrl-C stops a script even when it would otherwise keep going.
    if (!options.keep_going || status.IsCancelled()) return located;
    err << located.message() << '\n';
    if (failures++ == 0) first_failure = located;
  }
  if (in.bad()) return Status::IOError(std::string(name) + ": read error");
  if (failures == 0) return Status::Ok();
  return Status::InvalidArgument(std::string(name) + ": " + std::to_string(failures) + " of " +
                                 std::to_string(line_number) + " lines failed; first: " +
                                 first_failure.message());
}

Status RunScript(Session& session, const std::string& path, const ScriptOptions& options,
                 std::ostream& out, std::ostream& err) {
  const std::string canonical = CanonicalName(path);
  std::vector<std::string>& stack = session.script_stack();
  for (const std::string& running : stack) {
    if (running != canonical) continue;
    std::string chain;
    for (const std::string& entry : stack) chain += entry + " -> ";
    return Status::InvalidArgument("source recursion: " + chain + canonical);
  }
  Result<std::string> text = ReadScript(path);
  if (!text.ok()) return text.status();
  std::istringstream in(std::move(*text));
  StackEntry entry(stack, canonical);
  return RunLines(session, in, path, options, out, err);
}

Status SourceCommand(CommandContext& context) {
  fs::path path = context.args[0].text;
  // Inside a script, a relative name is read relative to that script, so a
  // folder of scripts works from any working directory.
  const std::vector<std::string>& stack = context.session.script_stack();
  if (path.is_relative() && !stack.empty()) path = fs::path(stack.back()).parent_path() / path;
  return RunScript(context.session, path.string(), ScriptOptions{}, context.out, context.out);
}

}  // namespace kg::shell
