#include "tools/kg-train/unlabelled_text.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace kg::tools {
namespace {

namespace fs = std::filesystem;

// Paragraphs are separated by blank lines; lines within one are joined.
void SplitParagraphs(std::string_view text, const std::function<void(std::string_view)>& paragraph) {
  std::string current;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (blank) {
      if (!current.empty()) paragraph(current);
      current.clear();
    } else {
      if (!current.empty()) current.push_back(' ');
      current.append(line);
    }
    pos = end + 1;
  }
  if (!current.empty()) paragraph(current);
}

// The few entities Reuters' SGML uses.
std::string Unescape(std::string_view s) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&#3;", ""}, {"&#5;", ""}, {"&#22;", ""},
      {"&#127;", ""}, {"&#30;", ""}, {"&#31;", ""}, {"&#2;", ""}, {"&#1;", ""}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      for (const auto& [from, to] : kEntities) {
        if (s.substr(i, from.size()) == from) {
          out.append(to);
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

void SgmlBodies(std::string_view text, const std::function<void(std::string_view)>& paragraph) {
  constexpr std::string_view kOpen = "<BODY>", kClose = "</BODY>";
  size_t pos = 0;
  while ((pos = text.find(kOpen, pos)) != std::string_view::npos) {
    size_t begin = pos + kOpen.size();
    size_t end = text.find(kClose, begin);
    if (end == std::string_view::npos) break;
    SplitParagraphs(Unescape(text.substr(begin, end - begin)), paragraph);
    pos = end + kClose.size();
  }
}

}  // namespace

Result<size_t> ForEachUnlabelledParagraph(const std::string& dir,
                                          const std::function<void(std::string_view)>& paragraph) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": no such folder");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string ext = it->path().extension().string();
    if (it->is_regular_file(ec) && (ext == ".txt" || ext == ".sgm")) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  size_t read = 0;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    if (path.extension() == ".sgm") {
      SgmlBodies(text, paragraph);
    } else {
      SplitParagraphs(text, paragraph);
    }
    ++read;
  }
  return read;
}

}  // namespace kg::tools
