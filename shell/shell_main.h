// The shell's entry point, called by `kg shell`.
#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace kg::shell {

struct ShellOptions {
  std::string db_path;                 // the store, opened read-only
  std::optional<std::string> command;  // -c: run one command and exit
  std::optional<std::string> script;   // -f: run a script and exit
  bool keep_going = false;             // with script: go on after failing lines
  std::string history_path;            // empty: $KG_HISTORY, else ~/.kg_history
  std::string init_path;               // empty: ~/.kgrc when interactive
};

// Runs the shell: one command, a script, the REPL when standard input and
// output are both terminals, or else the lines of standard input without
// prompts (as a script named "<stdin>", going on after errors when input is
// a terminal). Results go to `out`, errors to `err`, one line each.
// Returns 0 when everything succeeded, 1 when a command, the script or the
// start-up file failed, and 2 when the store cannot be opened (the message
// names the store path).
int RunShell(const ShellOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kg::shell
