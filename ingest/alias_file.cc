#include "ingest/alias_file.h"

#include <fstream>

#include "graph/text.h"

namespace kg::ingest {

AliasFile ParseAliases(std::istream& in, const std::string& display_name) {
  AliasFile file;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Tabs separate the fields, so only the blank-or-comment test trims them.
    const std::string trimmed = Trimmed(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const std::string where = display_name + ":" + std::to_string(line_number) + ": ";
    if (!IsValidUtf8(line)) {
      file.warnings.push_back(where + "invalid UTF-8; line skipped");
      continue;
    }
    const auto tab = line.find('\t');
    if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos) {
      file.warnings.push_back(where + "expected alias<TAB>canonical name; line skipped");
      continue;
    }
    AliasEntry entry{Trimmed(line.substr(0, tab)), Trimmed(line.substr(tab + 1))};
    if (entry.alias.empty() || entry.canonical.empty()) {
      file.warnings.push_back(where + "empty alias or canonical name; line skipped");
      continue;
    }
    file.entries.push_back(std::move(entry));
  }
  return file;
}

Result<AliasFile> ReadAliasFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open the alias file");
  AliasFile file = ParseAliases(in, path);
  if (in.bad()) return Status::IOError(path + ": read failed");
  return file;
}

Status ApplyAliases(const AliasFile& aliases, graph::Store& store) {
  for (const AliasEntry& entry : aliases.entries) {
    KG_RETURN_IF_ERROR(store.AddAlias(entry.alias, entry.canonical)
                           .WithContext("alias \"" + entry.alias + "\""));
  }
  return Status::Ok();
}

}  // namespace kg::ingest
