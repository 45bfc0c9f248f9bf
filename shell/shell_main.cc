#include "shell/shell_main.h"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "shell/repl.h"
#include "shell/script_runner.h"
#include "shell/session.h"

namespace kg::shell {
namespace {

std::string HomeFile(const char* name) {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/" + name;
}

std::string HistoryPath(const ShellOptions& options) {
  if (!options.history_path.empty()) return options.history_path;
  if (const char* env = std::getenv("KG_HISTORY"); env != nullptr && *env != '\0') return env;
  return HomeFile(".kg_history");
}

std::string LocalTime(std::time_t when) {
  char buffer[64];
  std::tm tm{};
  localtime_r(&when, &tm);
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S %Z", &tm);
  return buffer;
}

void PrintBanner(const Session& session, std::ostream& out) {
  out << "kg shell: store " << session.db_path() << " opened read-only as of "
      << LocalTime(session.loaded_at()) << " (" << session.graph().vertex_count() << " entities, "
      << session.graph().edge_count() << " edges).\n"
      << "Articles stored after that appear after `reload` or a restart. Type help for commands.\n";
}

// Runs the start-up file. An explicit --init must exist; ~/.kgrc is used only
// when present.
Status RunInit(Session& session, const ShellOptions& options, bool interactive, std::ostream& out,
               std::ostream& err) {
  std::string path = options.init_path;
  if (path.empty()) {
    if (!interactive) return Status::Ok();
    path = HomeFile(".kgrc");
    std::error_code error;
    if (path.empty() || !std::filesystem::exists(path, error)) return Status::Ok();
  }
  return RunScript(session, path, ScriptOptions{}, out, err);
}

}  // namespace

int RunShell(const ShellOptions& options, std::ostream& out, std::ostream& err) {
  Result<std::unique_ptr<Session>> opened = Session::Open(options.db_path);
  if (!opened.ok()) {
    err << "kg shell: cannot open store " << options.db_path << ": " << opened.status().message()
        << '\n';
    return 2;
  }
  Session& session = **opened;
  // Prompts, banner and line editing only when a person is at a terminal on
  // both ends; `kg shell > file` reads plain lines and writes plain results.
  const bool stdin_tty = isatty(STDIN_FILENO) != 0;
  const bool repl = !options.command && !options.script && stdin_tty && isatty(STDOUT_FILENO) != 0;
  if (repl) PrintBanner(session, out);

  Status init = RunInit(session, options, repl, out, err);
  if (!init.ok()) {
    err << "error: " << init.message() << '\n';
    if (!repl) return 1;  // a script must not run after a failed set-up
  }
  if (session.quit_requested()) return 0;

  if (options.command) {
    Status status = session.Execute(*options.command, out);
    out.flush();
    if (!status.ok()) {
      err << "error: " << status.message() << '\n';
      return 1;
    }
    return 0;
  }
  const ScriptOptions script_options{.keep_going = options.keep_going};
  if (options.script) {
    Status status = RunScript(session, *options.script, script_options, out, err);
    out.flush();
    if (!status.ok()) {
      err << status.message() << '\n';
      return 1;
    }
    return 0;
  }
  if (repl) return RunRepl(session, ReplOptions{HistoryPath(options)}, out, err);
  // Someone typing with the output redirected is not thrown out by a typo.
  const ScriptOptions stdin_options{.keep_going = options.keep_going || stdin_tty};
  Status status = RunLines(session, std::cin, "<stdin>", stdin_options, out, err);
  out.flush();
  if (!status.ok()) {
    err << status.message() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace kg::shell
