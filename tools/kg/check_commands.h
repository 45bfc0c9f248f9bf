// kg check and kg repair: the store's integrity check and repair
// (graph/store_check.h) as subcommands. Each returns the process exit status.
#pragma once

#include <string>

namespace kg::tools {

// Opens the store read-only and prints the check report to stdout. Returns
// 0 when the store is clean, 1 when it has problems or cannot be read (the
// error on stderr).
int RunCheckCommand(const std::string& store_path);

// Opens the store writable, repairs it and prints what changed, then checks
// it again and prints that report. Returns 0 when the store is clean
// afterwards, 1 when problems are left or on an error.
int RunRepairCommand(const std::string& store_path);

}  // namespace kg::tools
