#include "shell/repl.h"

#include <sys/select.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <readline/history.h>
#include <readline/readline.h>

#include "shell/completion.h"
#include "shell/session.h"

namespace kg::shell {
namespace {

// Readline is a C library with global state, so the REPL keeps its few
// globals here; only one REPL runs per process.
volatile std::sig_atomic_t g_interrupted = 0;
graph::Cancellation* g_cancellation = nullptr;
Session* g_session = nullptr;
std::optional<std::string> g_line;  // set by the line handler
bool g_eof = false;
std::vector<std::string> g_matches;
size_t g_match_index = 0;
std::string g_display_prefix;  // the part of a multi-word name before the word

constexpr const char* kPrompt = "kg> ";

void OnSigint(int) {
  g_interrupted = 1;
  if (g_cancellation != nullptr) g_cancellation->Cancel();
}

void OnLine(char* line) {
  if (line == nullptr) {
    g_eof = true;
  } else {
    g_line = line;
    std::free(line);
  }
  // Uninstalled here so that command output does not interleave with the
  // prompt; the loop installs it again before the next read.
  rl_callback_handler_remove();
}

char* NextMatch(const char*, int state) {
  if (state == 0) g_match_index = 0;
  if (g_match_index >= g_matches.size()) return nullptr;
  return strdup(g_matches[g_match_index++].c_str());
}

char** Complete(const char*, int start, int end) {
  if (g_session == nullptr) return nullptr;
  size_t display_from = static_cast<size_t>(start);
  std::optional<std::vector<std::string>> matches =
      Completions(g_session->graph(), rl_line_buffer, static_cast<size_t>(start),
                  static_cast<size_t>(end), &display_from);
  if (!matches) return nullptr;  // readline's file-name completion
  g_display_prefix.assign(rl_line_buffer + display_from, rl_line_buffer + start);
  rl_attempted_completion_over = 1;
  g_matches = std::move(*matches);
  if (g_matches.empty()) return nullptr;
  return rl_completion_matches("", NextMatch);
}

// Lists choices as whole names ("Bashar al-Assad", not "al-Assad") when the
// completed word is the tail of a multi-word name.
void DisplayMatches(char** matches, int count, int) {
  std::vector<std::string> whole;
  std::vector<char*> pointers = {matches[0]};
  int longest = 0;
  for (int i = 1; i <= count; ++i) whole.push_back(g_display_prefix + matches[i]);
  for (std::string& name : whole) {
    pointers.push_back(name.data());
    longest = std::max(longest, static_cast<int>(name.size()));
  }
  pointers.push_back(nullptr);
  rl_display_match_list(pointers.data(), count, longest);
  rl_forced_update_display();
}

// Clears the half-typed line after Ctrl-C at the prompt.
void ResetLineAfterInterrupt() {
  rl_free_line_state();
  rl_callback_sigcleanup();
  rl_crlf();
  rl_replace_line("", 0);
  rl_on_new_line();
  rl_redisplay();
}

// Reads one line with the prompt; nullopt at end of input (Ctrl-D).
std::optional<std::string> ReadLine() {
  g_line.reset();
  g_eof = false;
  // SIGINT is blocked while readline works and let through only inside
  // pselect, so a Ctrl-C typed at any moment wakes the wait below instead of
  // landing between a check and the wait.
  sigset_t block, waiting;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &waiting);
  sigdelset(&waiting, SIGINT);
  rl_callback_handler_install(kPrompt, OnLine);
  bool failed = false;
  while (!g_line && !g_eof && !failed) {
    fd_set read_set;
    FD_ZERO(&read_set);
    FD_SET(fileno(rl_instream), &read_set);
    const int ready =
        pselect(fileno(rl_instream) + 1, &read_set, nullptr, nullptr, nullptr, &waiting);
    if (ready < 0) {
      if (errno != EINTR) {
        rl_callback_handler_remove();
        failed = true;
      } else if (g_interrupted) {
        g_interrupted = 0;
        ResetLineAfterInterrupt();
      }
      continue;
    }
    rl_callback_read_char();
  }
  sigprocmask(SIG_UNBLOCK, &block, nullptr);
  if (g_eof || failed) return std::nullopt;
  return g_line;
}

void SaveHistoryLine(const std::string& line, const std::string& path) {
  add_history(line.c_str());
  if (path.empty()) return;
  // Appending line by line keeps history when the shell is killed.
  if (access(path.c_str(), F_OK) != 0) {
    write_history(path.c_str());
  } else {
    append_history(1, path.c_str());
  }
}

}  // namespace

int RunRepl(Session& session, const ReplOptions& options, std::ostream& out, std::ostream& err) {
  g_session = &session;
  g_cancellation = &session.cancellation();
  rl_readline_name = "kg";
  rl_catch_signals = 0;  // the loop handles SIGINT itself
  rl_attempted_completion_function = Complete;
  rl_completion_display_matches_hook = DisplayMatches;
  // Names contain hyphens, dots and apostrophes; only white space and quotes
  // separate words, and completion covers multi-word names itself.
  static char kBreaks[] = " \t\n";
  static char kQuotes[] = "\"'";
  rl_completer_word_break_characters = kBreaks;
  rl_basic_word_break_characters = kBreaks;
  rl_completer_quote_characters = kQuotes;

  struct sigaction action {};
  struct sigaction previous {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: select must return on Ctrl-C
  sigaction(SIGINT, &action, &previous);

  if (!options.history_path.empty()) read_history(options.history_path.c_str());
  while (!session.quit_requested()) {
    out.flush();
    std::optional<std::string> line = ReadLine();
    if (!line) {
      out << '\n';
      break;
    }
    if (line->find_first_not_of(" \t") == std::string::npos) continue;
    SaveHistoryLine(*line, options.history_path);
    session.cancellation().Reset();
    g_interrupted = 0;
    Status result = session.Execute(*line, out);
    out.flush();
    if (result.IsCancelled()) {
      err << "interrupted\n";
    } else if (!result.ok()) {
      err << "error: " << result.message() << '\n';
    }
    err.flush();
  }
  if (!options.history_path.empty()) history_truncate_file(options.history_path.c_str(), 5000);
  sigaction(SIGINT, &previous, nullptr);
  g_session = nullptr;
  g_cancellation = nullptr;
  return 0;
}

}  // namespace kg::shell
