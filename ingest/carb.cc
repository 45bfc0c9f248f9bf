#include "ingest/carb.h"

#include <cstdio>
#include <utility>

#include "graph/text.h"

namespace kg::ingest {
namespace {

std::string Field(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

std::span<const PtbEscape> PtbEscapes() {
  // From the treebank's tokenisation guidelines: opening and closing
  // quotes, then round, square and curly brackets.
  static constexpr PtbEscape kEscapes[] = {
      {"``", "\""},   {"''", "\""},   {"-LRB-", "("}, {"-RRB-", ")"}, {"-LSB-", "["},
      {"-RSB-", "]"}, {"-LCB-", "{"}, {"-RCB-", "}"}};
  return kEscapes;
}

std::string ModelFormOfPtbToken(std::string_view token) {
  for (const PtbEscape& escape : PtbEscapes()) {
    if (token == escape.escape) return std::string(escape.text);
  }
  return std::string(token);
}

Result<Document> PtbSentenceDocument(std::string_view line, const std::string& where) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (const size_t bad = kg::FindInvalidUtf8(line); bad != std::string_view::npos) {
    return Status::InvalidArgument(where + ": invalid UTF-8 at byte " + std::to_string(bad));
  }
  Document document;
  document.source = where;
  document.text = std::string(line);
  Sentence sentence;
  size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ' || line[pos] == '\t') {
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    Token token;
    token.begin = static_cast<uint32_t>(pos);
    token.end = static_cast<uint32_t>(end);
    token.form = ModelFormOfPtbToken(line.substr(pos, end - pos));
    sentence.tokens.push_back(std::move(token));
    pos = end;
  }
  if (sentence.tokens.empty()) return Status::InvalidArgument(where + ": no words on the line");
  sentence.begin = 0;
  sentence.end = static_cast<uint32_t>(line.size());
  document.sentences.push_back(std::move(sentence));
  return document;
}

std::string FormatCarbTuple(const CarbTuple& tuple) {
  char confidence[32];
  std::snprintf(confidence, sizeof confidence, "%.4f", tuple.confidence);
  std::string line = Field(tuple.sentence) + '\t' + confidence + '\t' + Field(tuple.relation);
  for (const std::string& argument : tuple.arguments) line += '\t' + Field(argument);
  return line;
}

}  // namespace kg::ingest
