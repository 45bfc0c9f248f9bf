// Alias files: user-curated names for the same referent.
//
// Format: UTF-8 text, one `alias<TAB>canonical name` per line; `#` starts a
// comment line; blank lines are ignored. Example:
//   Assad	Bashar al-Assad
//   HTS	Hayat Tahrir al-Sham
#pragma once

#include <istream>
#include <string>
#include <utility>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"

namespace kg::ingest {

struct AliasEntry {
  std::string alias;
  std::string canonical;
};

struct AliasFile {
  std::vector<AliasEntry> entries;
  std::vector<std::string> warnings;  // "FILE:LINE: message" for skipped lines
};

// Reads an alias file. A line without exactly two non-empty fields or with
// invalid UTF-8 is skipped with a warning; IOError when the file cannot be
// read.
Result<AliasFile> ReadAliasFile(const std::string& path);
AliasFile ParseAliases(std::istream& in, const std::string& display_name);

// Makes every alias resolve to its canonical entity in `store`. Stops at the
// first store error, naming the alias.
Status ApplyAliases(const AliasFile& aliases, graph::Store& store);

}  // namespace kg::ingest
