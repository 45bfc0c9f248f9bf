// ScriptRunner: runs a file of shell commands through Session::Execute.
//
// One command per line; blank lines and `#` comments are skipped. By default
// the first failing line stops the script and its error comes back as
// "FILE:LINE: message". With keep_going every failing line is reported to
// `err` as "FILE:LINE: message", the rest still run, and the result is an
// error counting the failures. A script that sources itself, directly or
// through other scripts, is refused with the chain of files.
// `quit` ends the script (successfully) and the shell with it. A script is
// read whole before it runs: a FIFO without a writer reads as empty rather
// than hanging, and a binary file or one over kMaxScriptBytes is refused.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "graph/status.h"

namespace kg::shell {

class Session;

// Scripts are a few hundred lines; this bounds what a wrong path (a log
// file, /dev/zero) can make the shell read.
inline constexpr size_t kMaxScriptBytes = size_t{16} << 20;

struct ScriptOptions {
  bool keep_going = false;
};

// Runs the script at `path`. NotFound or IOError naming it when it cannot be
// read (a directory: "cannot run \"PATH\": it is a directory");
// InvalidArgument when it is binary or too large.
// Output goes to `out`; keep_going reports go to `err`.
Status RunScript(Session& session, const std::string& path, const ScriptOptions& options,
                 std::ostream& out, std::ostream& err);

// Runs lines from `in` as if they were a script called `name` ("<stdin>").
Status RunLines(Session& session, std::istream& in, std::string_view name,
                const ScriptOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kg::shell
