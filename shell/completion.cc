#include "shell/completion.h"

#include <algorithm>
#include <cctype>

#include "graph/knowledge_graph.h"
#include "shell/commands.h"

namespace kg::shell {
namespace {

// A word of the line up to the cursor: where it begins and its text without
// quotes. The last word may be open (an unterminated quote).
struct ScanWord {
  size_t begin = 0;       // offset of the word's first character (maybe a quote)
  size_t text_begin = 0;  // offset after an opening quote, else == begin
  std::string text;
};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::vector<ScanWord> Scan(std::string_view line) {
  std::vector<ScanWord> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (i >= line.size()) break;
    ScanWord word;
    word.begin = i;
    word.text_begin = (line[i] == '"' || line[i] == '\'') ? i + 1 : i;
    char quote = 0;
    while (i < line.size() && (quote != 0 || !IsSpace(line[i]))) {
      const char c = line[i++];
      if (quote != 0 && c == quote) {
        quote = 0;
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == '\\' && i < line.size()) {
        word.text += line[i++];
      } else {
        word.text += c;
      }
    }
    words.push_back(std::move(word));
  }
  return words;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

class Completer {
 public:
  Completer(const graph::KnowledgeGraph& graph, std::string_view line, size_t start, size_t end)
      : graph_(graph), line_(line.substr(0, end)), start_(start), display_from_(start) {
    words_ = Scan(line_);
    // A cursor after white space starts a new, empty word.
    if (words_.empty() || IsSpace(line_.back())) {
      ScanWord empty;
      empty.begin = empty.text_begin = end;
      words_.push_back(empty);
    }
  }

  std::optional<std::vector<std::string>> Run() { return FromWord(0); }
  size_t display_from() const { return display_from_; }

 private:
  size_t current() const { return words_.size() - 1; }

  // Completions when the command starts at word `first`; what follows the
  // command name comes from its row in the command table.
  std::optional<std::vector<std::string>> FromWord(size_t first) {
    if (current() == first) return Words(CommandNames(first > 0));
    const Command* command = FindCommand(words_[first].text);
    if (command == nullptr) return Nothing();
    const size_t arg = first + 1;
    switch (command->arguments) {
      case ArgumentKind::kNone:
        return Nothing();
      case ArgumentKind::kEntity:
        return Entities(arg);
      case ArgumentKind::kRelationEntity:
        return current() == arg ? Words(RelationNames(true)) : Entities(arg + 1);
      case ArgumentKind::kDoesEntity:
        return current() == arg ? Words({"does"}) : Entities(arg + 1);
      case ArgumentKind::kEntityEntity:
        return Entities(AfterKnownName(arg));
      case ArgumentKind::kAliasEntity: {
        // The alias is a new name: nothing to offer until after the "=".
        for (size_t i = arg; i < current(); ++i) {
          if (words_[i].text == "=") return Entities(i + 1);
        }
        return Nothing();
      }
      case ArgumentKind::kTriple: {
        const size_t relation = AfterKnownName(arg);
        if (relation == arg) return Entities(arg);
        return current() == relation ? Words(RelationNames(false)) : Entities(relation + 1);
      }
      case ArgumentKind::kQuery: {
        std::optional<std::vector<std::string>> inner = FromWord(arg);
        // After a complete query, `render` wants its image file.
        if (command->name == "render" && inner && inner->empty() && current() > arg + 1) {
          return std::nullopt;
        }
        return inner;
      }
      case ArgumentKind::kFile:
        return std::nullopt;
      case ArgumentKind::kCommand:
        return current() == arg ? Words(CommandNames(false)) : Nothing();
      case ArgumentKind::kSetting:
        if (current() == arg) return Words({"format"});
        return current() == arg + 1 ? Words({"table", "tsv", "json"}) : Nothing();
    }
    return Nothing();
  }

  static std::optional<std::vector<std::string>> Nothing() { return std::vector<std::string>{}; }

  std::vector<std::string> CommandNames(bool drawable_only) const {
    std::vector<std::string> names;
    for (const Command& command : CommandTable()) {
      if (!drawable_only || command.subgraph != nullptr) names.emplace_back(command.name);
    }
    return names;
  }

  std::vector<std::string> RelationNames(bool with_any) const {
    std::vector<std::string> names;
    for (graph::RelationId r = 0; r < graph_.relation_count(); ++r) {
      names.push_back(graph_.relation_name(r));
    }
    std::sort(names.begin(), names.end());
    if (with_any) names.push_back("*");
    return names;
  }

  // Whole-word candidates for the current word.
  std::optional<std::vector<std::string>> Words(const std::vector<std::string>& candidates) const {
    const ScanWord& word = words_.back();
    std::vector<std::string> result;
    if (start_ < word.text_begin) return result;
    display_from_ = word.text_begin;
    const std::string_view typed = line_.substr(word.text_begin);
    for (const std::string& candidate : candidates) {
      if (StartsWithNoCase(candidate, typed)) result.push_back(candidate.substr(start_ - word.text_begin));
    }
    return result;
  }

  // The first word after the longest run of words from `first` that names a
  // known entity and is followed by another word; `first` when none does.
  size_t AfterKnownName(size_t first) const {
    for (size_t last = current(); last-- > first;) {
      std::string name;
      for (size_t i = first; i <= last; ++i) name += (i > first ? " " : "") + words_[i].text;
      if (graph_.FindVertex(name)) return last + 1;
    }
    return first;
  }

  // Entity names completing the text from word `first` to the cursor.
  std::optional<std::vector<std::string>> Entities(size_t first) const {
    std::vector<std::string> result;
    if (first > current()) return result;
    const size_t text_begin = words_[first].text_begin;
    if (start_ < text_begin) return result;
    display_from_ = text_begin;
    // The typed text as it stands on the line, so that spacing matches.
    const std::string_view typed = line_.substr(text_begin);
    if (!typed.empty() && (typed.back() == '"' || typed.back() == '\'')) return result;
    for (const std::string& name : graph_.all_names()) {
      if (StartsWithNoCase(name, typed)) result.push_back(name.substr(start_ - text_begin));
    }
    return result;
  }

  const graph::KnowledgeGraph& graph_;
  std::string_view line_;
  size_t start_;
  mutable size_t display_from_;  // set by Words and Entities
  std::vector<ScanWord> words_;
};

}  // namespace

std::optional<std::vector<std::string>> Completions(const graph::KnowledgeGraph& graph,
                                                    std::string_view line, size_t start,
                                                    size_t end, size_t* display_from) {
  if (display_from != nullptr) *display_from = start;
  if (end > line.size() || start > end) return std::vector<std::string>{};
  Completer completer(graph, line, start, end);
  std::optional<std::vector<std::string>> result = completer.Run();
  if (display_from != nullptr) *display_from = completer.display_from();
  return result;
}

}  // namespace kg::shell
