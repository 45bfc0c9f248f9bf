#include "shell/arguments.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "shell/suggest.h"

namespace kg::shell {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// Other spellings a user may type for a relation: "support" for "supports",
// "met with" for "met_with".
std::vector<std::string> RelationSpellings(std::string_view word) {
  std::string base = Lower(word);
  std::replace(base.begin(), base.end(), ' ', '_');
  std::vector<std::string> spellings = {base, base + "s", base + "es"};
  if (base.size() > 1 && base.back() == 'y') spellings.push_back(base.substr(0, base.size() - 1) + "ies");
  if (base.size() > 3 && base.ends_with("ies")) spellings.push_back(base.substr(0, base.size() - 3) + "y");
  if (base.size() > 2 && base.ends_with("es")) spellings.push_back(base.substr(0, base.size() - 2));
  if (base.size() > 1 && base.ends_with("s")) spellings.push_back(base.substr(0, base.size() - 1));
  return spellings;
}

std::vector<std::string> RelationNames(const graph::KnowledgeGraph& graph) {
  std::vector<std::string> names;
  for (graph::RelationId r = 0; r < graph.relation_count(); ++r) names.push_back(graph.relation_name(r));
  return names;
}

bool IsKeyword(const Word& word, std::string_view keyword) {
  return !word.quoted && Lower(word.text) == keyword;
}

}  // namespace

std::string JoinWords(std::span<const Word> words) {
  std::string joined;
  for (const Word& word : words) {
    if (!joined.empty()) joined += ' ';
    joined += word.text;
  }
  return joined;
}

Result<graph::VertexId> ResolveEntity(const graph::KnowledgeGraph& graph, std::string_view name) {
  if (std::optional<graph::VertexId> v = graph.FindVertex(name)) return *v;
  return Status::NotFound("unknown entity \"" + std::string(name) + "\"" +
                          DidYouMean(Suggest(name, graph.all_names())));
}

Result<graph::RelationId> ResolveRelation(const graph::KnowledgeGraph& graph, std::string_view word) {
  if (std::optional<graph::RelationId> r = graph.FindRelation(word)) return *r;
  const std::vector<std::string> names = RelationNames(graph);
  for (const std::string& spelling : RelationSpellings(word)) {
    for (graph::RelationId r = 0; r < names.size(); ++r) {
      if (Lower(names[r]) == spelling) return r;
    }
  }
  return Status::NotFound("unknown relation \"" + std::string(word) + "\"" +
                          DidYouMean(Suggest(word, names)) + " (see `relations`)");
}

Result<std::vector<graph::RelationId>> ResolveRelationList(const graph::KnowledgeGraph& graph,
                                                           std::string_view list) {
  std::vector<graph::RelationId> ids;
  size_t begin = 0;
  while (begin <= list.size()) {
    size_t end = list.find(',', begin);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(begin, end - begin);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      Result<graph::RelationId> r = ResolveRelation(graph, item);
      if (!r.ok()) return r.status();
      if (std::find(ids.begin(), ids.end(), *r) == ids.end()) ids.push_back(*r);
    }
    begin = end + 1;
  }
  if (ids.empty()) return Status::InvalidArgument("rel needs one or more relations, e.g. rel supports,opposes");
  return ids;
}

Result<uint32_t> ParseCount(std::string_view text, std::string_view what, uint32_t min,
                            uint32_t max) {
  uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return Status::InvalidArgument(std::string(what) + " must be a whole number from " +
                                   std::to_string(min) + " to " + std::to_string(max) + ", not \"" +
                                   std::string(text) + "\"");
  }
  return value;
}

Result<std::span<const Word>> TakeTrailingOptions(const graph::KnowledgeGraph& graph,
                                                  std::span<const Word> args, unsigned accepted,
                                                  QueryOptions& options) {
  size_t end = args.size();
  // A keyword with a value: `depth N`, `k N`, `max-len N`, `rel R,...`.
  auto valued = [&](std::string_view keyword, unsigned set) {
    return (accepted & set) && end >= 3 && IsKeyword(args[end - 2], keyword);
  };
  auto flag = [&](std::string_view keyword, unsigned set) {
    return (accepted & set) && end >= 2 && IsKeyword(args[end - 1], keyword);
  };
  while (end > 0) {
    if (valued("depth", kDepthOption)) {
      Result<uint32_t> n = ParseCount(args[end - 1].text, "depth", 0, 20);
      if (!n.ok()) return n.status();
      options.depth = *n;
      end -= 2;
    } else if (valued("k", kPathOptions)) {
      Result<uint32_t> n = ParseCount(args[end - 1].text, "k", 1, 1000);
      if (!n.ok()) return n.status();
      options.k = *n;
      end -= 2;
    } else if (valued("max-len", kPathOptions)) {
      Result<uint32_t> n = ParseCount(args[end - 1].text, "max-len", 1, 100);
      if (!n.ok()) return n.status();
      options.max_length = *n;
      end -= 2;
    } else if (valued("rel", kRelationOption)) {
      Result<std::vector<graph::RelationId>> ids = ResolveRelationList(graph, args[end - 1].text);
      if (!ids.ok()) return ids.status();
      options.relations.insert(options.relations.end(), ids->begin(), ids->end());
      end -= 2;
    } else if (flag("in", kDirectionOption)) {
      options.direction = graph::Direction::kIn;
      --end;
    } else if (flag("out", kDirectionOption)) {
      options.direction = graph::Direction::kOut;
      --end;
    } else if (flag("both", kDirectionOption)) {
      options.direction = graph::Direction::kBoth;
      --end;
    } else if (flag("all", kPathOptions)) {
      options.all = true;
      --end;
    } else if (flag("weighted", kPathOptions)) {
      options.weighted = true;
      --end;
    } else {
      break;
    }
  }
  // A valued keyword as the very last word lost its value.
  if (end > 0) {
    const Word& last = args[end - 1];
    const bool dangling = ((accepted & kDepthOption) && IsKeyword(last, "depth")) ||
                          ((accepted & kPathOptions) && (IsKeyword(last, "k") || IsKeyword(last, "max-len"))) ||
                          ((accepted & kRelationOption) && IsKeyword(last, "rel"));
    if (dangling) {
      return Status::InvalidArgument("\"" + last.text + "\" needs a value");
    }
  }
  return args.first(end);
}

Result<std::pair<graph::VertexId, graph::VertexId>> ResolveEntityPair(
    const graph::KnowledgeGraph& graph, std::span<const Word> words) {
  if (words.size() < 2) return Status::InvalidArgument("expected two entity names");
  std::vector<std::pair<graph::VertexId, graph::VertexId>> found;
  for (size_t split = 1; split < words.size(); ++split) {
    std::optional<graph::VertexId> a = graph.FindVertex(JoinWords(words.first(split)));
    std::optional<graph::VertexId> b = graph.FindVertex(JoinWords(words.subspan(split)));
    if (a && b) found.emplace_back(*a, *b);
  }
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    return Status::InvalidArgument("\"" + JoinWords(words) +
                                   "\" splits into two entities in more than one way; quote the names");
  }
  // Nothing fits. With two words the only split says which name is unknown;
  // otherwise report the first part that resolves alone, else the first word.
  for (size_t split = 1; split < words.size(); ++split) {
    if (graph.FindVertex(JoinWords(words.first(split)))) {
      Result<graph::VertexId> b = ResolveEntity(graph, JoinWords(words.subspan(split)));
      return b.status();
    }
  }
  if (words.size() == 2 || words[0].quoted) return ResolveEntity(graph, words[0].text).status();
  return Status::NotFound("cannot read \"" + JoinWords(words) +
                          "\" as two known entities; quote multi-word names" +
                          DidYouMean(Suggest(words[0].text, graph.all_names())));
}

}  // namespace kg::shell
