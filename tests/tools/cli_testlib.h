// Helpers shared by the tests that run kg's executables through /bin/sh.
#pragma once

#include <string>

namespace kg::cli_test {

struct RunResult {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string output;  // what it wrote to stdout (add " 2>&1" for stderr)
};

// `text` in single quotes, safe as one /bin/sh word.
std::string Quote(const std::string& text);

// Runs `command` with /bin/sh and collects its stdout and exit code.
RunResult RunShell(const std::string& command);

}  // namespace kg::cli_test
