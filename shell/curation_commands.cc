// alias, unalias, merge and split: the commands that change the store.
// Each checks its names against the loaded graph (for "did you mean"), then
// makes one write through Session::Update, which opens the store writable
// for that write alone and reloads the graph after it. Errors start with the
// command's name.
#include <string>
#include <vector>

#include "shell/arguments.h"
#include "shell/command_handlers.h"
#include "shell/session.h"
#include "shell/suggest.h"

namespace kg::shell {
namespace {

using graph::CurationChange;
using graph::KnowledgeGraph;
using graph::VertexId;

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// `unknown entity "X"; did you mean "Y"?` for a name the store does not know.
Status UnknownEntity(const KnowledgeGraph& graph, std::string_view name) {
  return Status::NotFound("unknown entity " + Quoted(name) +
                          DidYouMean(Suggest(name, graph.all_names())));
}

// Runs one store call through Session::Update and keeps what it reports. A
// NotFound from the store names an entity the snapshot did not know either,
// so it gets the snapshot's suggestions.
template <typename Call>
Result<CurationChange> Curate(CommandContext& context, std::string_view command,
                              std::string_view typed_name, Call call) {
  CurationChange change;
  Status status = context.session.Update([&](graph::Store& store) {
    Result<CurationChange> result = call(store);
    if (!result.ok()) return result.status();
    change = std::move(*result);
    return Status::Ok();
  });
  if (status.IsNotFound() && status.message().rfind("no entity named", 0) == 0) {
    status = UnknownEntity(context.session.graph(), typed_name);
  }
  if (!status.ok()) return status.WithContext(std::string(command));
  return change;
}

void Tell(CommandContext& context, std::string heading, nlohmann::ordered_json fields) {
  Report report;
  report.heading = std::move(heading);
  report.fields = std::move(fields);
  context.session.Write(report, context.out);
}

// Splits `alias WORDS = WORDS` at its first unquoted "=" (which may touch a
// name: `alias HB=Hezbollah`).
Status SplitAtEquals(std::span<const Word> args, std::vector<Word>& left,
                     std::vector<Word>& right) {
  bool seen = false;
  for (const Word& word : args) {
    const size_t at = word.quoted || seen ? std::string::npos : word.text.find('=');
    if (at == std::string::npos) {
      (seen ? right : left).push_back(word);
      continue;
    }
    seen = true;
    if (at > 0) left.push_back(Word{word.text.substr(0, at), false});
    if (at + 1 < word.text.size()) right.push_back(Word{word.text.substr(at + 1), false});
  }
  if (!seen || left.empty() || right.empty()) {
    return UsageError(*FindCommand("alias"), "expected ALIAS = ENTITY");
  }
  return Status::Ok();
}

// The split of `words` into the two names ResolveEntityPair chose.
std::pair<std::string, std::string> TypedPair(const KnowledgeGraph& graph,
                                              std::span<const Word> words,
                                              std::pair<VertexId, VertexId> ends) {
  for (size_t split = 1; split < words.size(); ++split) {
    std::string a = JoinWords(words.first(split));
    std::string b = JoinWords(words.subspan(split));
    if (graph.FindVertex(a) == ends.first && graph.FindVertex(b) == ends.second) return {a, b};
  }
  return {graph.name(ends.first), graph.name(ends.second)};
}

}  // namespace

Status AliasCommand(CommandContext& context) {
  std::vector<Word> left, right;
  KG_RETURN_IF_ERROR(SplitAtEquals(context.args, left, right).WithContext("alias"));
  const KnowledgeGraph& graph = context.session.graph();
  const std::string alias = JoinWords(left);
  const std::string name = JoinWords(right);
  Result<VertexId> target = ResolveEntity(graph, name);
  if (!target.ok()) return target.status().WithContext("alias");
  Result<CurationChange> change = Curate(context, "alias", name, [&](graph::Store& store) {
    return store.SetAlias(alias, name);
  });
  if (!change.ok()) return change.status();
  const std::string& now = change->target.name();
  std::string heading = Quoted(alias) + (change->changed ? " now names " : " already names ") +
                        Quoted(now);
  if (!change->previous.empty()) heading += " (was " + Quoted(change->previous) + ")";
  Tell(context, heading,
       {{"command", "alias"}, {"alias", alias}, {"entity", now}, {"changed", change->changed},
        {"previous", change->previous}});
  return Status::Ok();
}

Status UnaliasCommand(CommandContext& context) {
  const std::string alias = JoinWords(context.args);
  Result<CurationChange> change = Curate(context, "unalias", alias, [&](graph::Store& store) {
    return store.RemoveAlias(alias);
  });
  if (!change.ok()) return change.status();
  Tell(context, "removed alias " + Quoted(alias) + " of " + Quoted(change->target.name()),
       {{"command", "unalias"}, {"alias", alias}, {"entity", change->target.name()}});
  return Status::Ok();
}

Status MergeCommand(CommandContext& context) {
  const KnowledgeGraph& graph = context.session.graph();
  Result<std::pair<VertexId, VertexId>> ends = ResolveEntityPair(graph, context.args);
  if (!ends.ok()) return ends.status().WithContext("merge");
  // The names as typed go to the store, which tells a merge into itself
  // from a merge back along an earlier one (and says which split undoes it).
  const std::pair<std::string, std::string> names = TypedPair(graph, context.args, *ends);
  const std::string& from = names.first;
  const std::string& into = names.second;
  Result<CurationChange> change = Curate(context, "merge", from, [&](graph::Store& store) {
    return store.MergeEntity(from, into);
  });
  if (!change.ok()) return change.status();
  const std::string& merged = change->entity.name();
  Tell(context,
       "merged " + Quoted(merged) + " into " + Quoted(change->target.name()) + " (split " +
           Quoted(merged) + " undoes it)",
       {{"command", "merge"}, {"entity", merged}, {"into", change->target.name()}});
  return Status::Ok();
}

Status SplitCommand(CommandContext& context) {
  const std::string name = JoinWords(context.args);
  Result<CurationChange> change = Curate(context, "split", name, [&](graph::Store& store) {
    return store.SplitEntity(name);
  });
  if (!change.ok()) return change.status();
  Tell(context,
       "split " + Quoted(change->entity.name()) + " from " + Quoted(change->target.name()),
       {{"command", "split"}, {"entity", change->entity.name()},
        {"from", change->target.name()}});
  return Status::Ok();
}

}  // namespace kg::shell
