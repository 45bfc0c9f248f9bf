#include "ingest/alias_file.h"

#include <utf8proc.h>

#include <fstream>

namespace kg::ingest {
namespace {

bool IsValidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t codepoint = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(bytes, remaining, &codepoint);
    if (length <= 0) return false;
    bytes += length;
    remaining -= length;
  }
  return true;
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \r");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

AliasFile ParseAliases(std::istream& in, const std::string& display_name) {
  AliasFile file;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const std::string where = display_name + ":" + std::to_string(line_number) + ": ";
    if (!IsValidUtf8(trimmed)) {
      file.warnings.push_back(where + "invalid UTF-8; line skipped");
      continue;
    }
    const auto tab = trimmed.find('\t');
    if (tab == std::string::npos || trimmed.find('\t', tab + 1) != std::string::npos) {
      file.warnings.push_back(where + "expected alias<TAB>canonical name; line skipped");
      continue;
    }
    AliasEntry entry{Trim(trimmed.substr(0, tab)), Trim(trimmed.substr(tab + 1))};
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
