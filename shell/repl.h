// The interactive loop: GNU readline with history, completion and Ctrl-C.
//
// Prompt `kg> `. History is read from and appended to `history_path` (no
// history when empty). Tab completes command names, relation names after
// `who`, and entity names and aliases after the command words, including
// multi-word names typed without quotes. Ctrl-C while a command runs
// cancels it (through Session::cancellation()) and returns to the prompt; at
// the prompt it clears the line. Ctrl-D, `quit` and `exit` leave.
#pragma once

#include <ostream>
#include <string>

namespace kg::shell {

class Session;

struct ReplOptions {
  std::string history_path;
};

// Runs until end of input or `quit`. Command output goes to `out`, errors
// to `err` as "error: message" (an interactive error does not end the
// session). Returns 0. Standard input and output must be the terminal.
int RunRepl(Session& session, const ReplOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kg::shell
