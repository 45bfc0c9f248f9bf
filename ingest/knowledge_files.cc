#include "ingest/knowledge_files.h"

#include <cctype>
#include <cstdlib>
#include <fstream>

#include "graph/names.h"
#include "graph/text.h"

#ifndef KG_DATA_DIR
#define KG_DATA_DIR "ingest/data"
#endif

namespace kg::ingest {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string KnowledgeDir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  const char* from_env = std::getenv("KG_DATA");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return KG_DATA_DIR;
}

std::string KnowledgeFilePath(std::string_view file_name, const std::string& explicit_dir) {
  return KnowledgeDir(explicit_dir) + "/" + std::string(file_name);
}

Result<std::vector<KnowledgeLine>> ReadKnowledgeLines(std::istream& in,
                                                      const std::string& display_name) {
  std::vector<KnowledgeLine> lines;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const std::string where = display_name + ":" + std::to_string(number);
    if (!IsValidUtf8(line)) return Status::InvalidArgument(where + ": not valid UTF-8");
    KnowledgeLine parsed;
    parsed.where = where;
    size_t start = 0;
    while (true) {
      const size_t tab = line.find('\t', start);
      const std::string_view field =
          std::string_view(line).substr(start, tab == std::string::npos ? std::string::npos
                                                                          : tab - start);
      parsed.fields.emplace_back(Trim(field));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    lines.push_back(std::move(parsed));
  }
  return lines;
}

Result<std::vector<KnowledgeLine>> ReadKnowledgeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open knowledge file");
  return ReadKnowledgeLines(in, path);
}

std::string FoldedKey(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) return graph::NormalizeName(text);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !key.empty();
      continue;
    }
    if (byte < 0x20 || byte == 0x7F) continue;  // control characters are dropped
    if (pending_space) key += ' ';
    pending_space = false;
    key += c == '`' ? '\'' : static_cast<char>(std::tolower(byte));
  }
  return key;
}

std::vector<std::string> SplitValues(std::string_view field) {
  std::vector<std::string> values;
  size_t start = 0;
  while (start <= field.size()) {
    const size_t bar = field.find('|', start);
    std::string_view value = Trim(field.substr(start, bar == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : bar - start));
    if (!value.empty() && value != "-") values.emplace_back(value);
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return values;
}

}  // namespace kg::ingest
