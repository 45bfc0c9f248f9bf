#include "shell/script_runner.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

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
  std::error_code error;
  if (fs::is_directory(path, error)) return Status::IOError("cannot run \"" + path + "\": it is a directory");
  std::ifstream in(path);
  if (!in) {
    const int code = errno;
    if (code == ENOENT) return Status::NotFound("no such script \"" + path + "\"");
    return Status::IOError("cannot read \"" + path + "\": " + std::strerror(code));
  }
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
