#include "shell/commands.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "shell/arguments.h"
#include "shell/command_handlers.h"
#include "shell/format.h"
#include "shell/session.h"
#include "shell/suggest.h"

namespace kg::shell {
namespace {

Status HelpCommand(CommandContext& context);

Status SetCommand(CommandContext& context) {
  Session& session = context.session;
  if (context.args.empty()) {
    context.out << "format " << OutputFormatName(session.format()) << '\n';
    return Status::Ok();
  }
  const std::string& name = context.args[0].text;
  if (name == "format") {
    if (context.args.size() != 2) return UsageError(*FindCommand("set"), "set format needs one value");
    Result<OutputFormat> format = ParseOutputFormat(context.args[1].text);
    if (!format.ok()) return format.status();
    session.set_format(*format);
    return Status::Ok();
  }
  return Status::InvalidArgument("unknown setting \"" + name + "\"" +
                                 DidYouMean(Suggest(name, {"format"})) + "; settings: format");
}

Status QuitCommand(CommandContext& context) {
  context.session.RequestQuit();
  return Status::Ok();
}

std::string TimeText(std::time_t when) {
  char buffer[64];
  std::tm tm{};
  gmtime_r(&when, &tm);
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

Status ReloadCommand(CommandContext& context) {
  KG_RETURN_IF_ERROR(context.session.Reload());
  const graph::KnowledgeGraph& graph = context.session.graph();
  context.out << "reloaded " << context.session.db_path() << " as of "
              << TimeText(context.session.loaded_at()) << ": " << graph.vertex_count()
              << " entities, " << graph.edge_count() << " edges\n";
  return Status::Ok();
}

// The table itself. Usage lines are the syntax as documented in
// shell/README.md; keep the two in step.
constexpr std::array kCommands = {
    Command{"who", 2, kUnlimited, "who RELATION ENTITY",
            "entities with a RELATION edge into ENTITY (RELATION * for any), denials separately",
            "  e.g. who supports Bashar al-Assad; who opposes \"Hayat Tahrir al-Sham\"\n"
            "  Lists each subject with the number of articles and statements behind the\n"
            "  edge; statements that deny the relation are listed under \"denied\".",
            WhoCommand, WhoSubgraph, ArgumentKind::kRelationEntity},
    Command{"what", 3, kUnlimited, "what does ENTITY RELATION",
            "entities that ENTITY has a RELATION edge to (RELATION * for any)",
            "  e.g. what does Iran support; the relation may be written in its base form.",
            WhatCommand, WhatSubgraph, ArgumentKind::kDoesEntity},
    Command{"neighbors", 1, kUnlimited, "neighbors ENTITY [depth N] [in|out|both] [rel R,...]",
            "entities and edges within N hops (default 1, both directions, any relation)",
            "  Options come after the name in any order: depth 0..20, a direction, and\n"
            "  rel with a comma-separated list of relations.",
            NeighborsCommand, NeighborsSubgraph, ArgumentKind::kEntity},
    Command{"path", 2, kUnlimited,
            "path FROM TO [all] [k N] [max-len N] [rel R,...] [weighted] [in|out|both]",
            "how FROM is connected to TO (edges followed either way unless in/out)",
            "  Default: one shortest path. all: every shortest path (up to k, default 10).\n"
            "  k N: the N best loopless paths. weighted: cost 1/(1+articles) per edge, so\n"
            "  well-attested edges are preferred. max-len N: at most N hops.",
            PathCommand, PathSubgraph, ArgumentKind::kEntityEntity},
    Command{"evidence", 3, kUnlimited, "evidence SUBJECT RELATION OBJECT",
            "the sentences behind SUBJECT -RELATION-> OBJECT, with article and sentence index",
            "", EvidenceCommand, nullptr, ArgumentKind::kTriple},
    Command{"entity", 1, kUnlimited, "entity ENTITY",
            "canonical name, aliases, type and edges per relation of one entity", "",
            EntityCommand, nullptr, ArgumentKind::kEntity},
    Command{"find", 1, kUnlimited, "find TEXT",
            "entity names and aliases containing TEXT or spelt close to it", "",
            FindNamesCommand, nullptr, ArgumentKind::kEntity},
    Command{"stats", 0, 0, "stats", "counts of articles, entities, triples and evidence", "",
            StatsCommand, nullptr, ArgumentKind::kNone},
    Command{"relations", 0, 0, "relations", "every relation with its number of edges", "",
            RelationsCommand, nullptr, ArgumentKind::kNone},
    Command{"dot", 1, kUnlimited, "dot QUERY [> FILE]",
            "the answer of a neighbors, path, who or what QUERY as Graphviz DOT",
            "  e.g. dot neighbors Iran depth 2 > iran.dot", DotCommand, nullptr, ArgumentKind::kQuery},
    Command{"render", 2, kUnlimited, "render QUERY FILE.svg|FILE.png|FILE.pdf",
            "draws the answer of a neighbors, path, who or what QUERY with Graphviz",
            "  e.g. render path Iran Hezbollah all iran.svg (needs graphviz installed)",
            RenderCommand, nullptr, ArgumentKind::kQuery},
    Command{"alias", 1, kUnlimited, "alias ALIAS = ENTITY",
            "makes ALIAS another name of ENTITY, in the store (unalias ALIAS undoes it)",
            "  e.g. alias \"Islamic Republic\" = Iran. ALIAS may be new or an alias of\n"
            "  another entity (it moves); the own name of another entity is refused: to\n"
            "  make two entities one, merge them. Later ingests resolve ALIAS to ENTITY.",
            AliasCommand, nullptr, ArgumentKind::kAliasEntity},
    Command{"unalias", 1, kUnlimited, "unalias ALIAS",
            "removes an alias from the store (an entity's own name cannot be removed)", "",
            UnaliasCommand, nullptr, ArgumentKind::kEntity},
    Command{"merge", 2, kUnlimited, "merge ENTITY INTO",
            "merges ENTITY into INTO: its edges, evidence and names show under INTO",
            "  e.g. merge Hizbullah Hezbollah. Stored at once and undone with split ENTITY;\n"
            "  nothing stored is rewritten. Merging into a merged entity follows its merge,\n"
            "  so chains end at one entity; merging back the other way is refused.",
            MergeCommand, nullptr, ArgumentKind::kEntityEntity},
    Command{"split", 1, kUnlimited, "split ENTITY",
            "undoes the merge of ENTITY: it is its own entity again, with its own edges",
            "  ENTITY is the merged entity's name or one of its aliases. Entities that were\n"
            "  merged into ENTITY stay with it.",
            SplitCommand, nullptr, ArgumentKind::kEntity},
    Command{"source", 1, 1, "source FILE",
            "runs the commands in FILE, one per line, stopping at the first error",
            "  A relative FILE is read relative to the script that sources it.",
            SourceCommand, nullptr, ArgumentKind::kFile},
    Command{"set", 0, 2, "set [format table|tsv|json]",
            "shows the settings, or sets the output format", "", SetCommand, nullptr, ArgumentKind::kSetting},
    Command{"reload", 0, 0, "reload", "reopens the store to see what was written since", "",
            ReloadCommand, nullptr, ArgumentKind::kNone},
    Command{"help", 0, 1, "help [COMMAND]", "lists the commands, or explains one", "",
            HelpCommand, nullptr, ArgumentKind::kCommand},
    Command{"quit", 0, 0, "quit", "leaves the shell (also exit, Ctrl-D)", "", QuitCommand,
            nullptr, ArgumentKind::kNone},
    Command{"exit", 0, 0, "exit", "leaves the shell", "", QuitCommand, nullptr,
            ArgumentKind::kNone},
};

std::vector<std::string> CommandNames() {
  std::vector<std::string> names;
  for (const Command& command : kCommands) names.emplace_back(command.name);
  return names;
}

Status UnknownCommand(std::string_view name) {
  return Status::InvalidArgument("unknown command \"" + std::string(name) + "\"" +
                                 DidYouMean(Suggest(name, CommandNames())) +
                                 " (type help for the list)");
}

Status HelpCommand(CommandContext& context) {
  if (!context.args.empty()) {
    const Command* command = FindCommand(context.args[0].text);
    if (command == nullptr) return UnknownCommand(context.args[0].text);
    context.out << "usage: " << command->usage << '\n' << "  " << command->summary << '\n';
    if (!command->details.empty()) context.out << command->details << '\n';
    return Status::Ok();
  }
  context.out << "Commands (help COMMAND for more). Entity names and aliases are\n"
                 "case-insensitive; quote multi-word names when they are ambiguous. Add\n"
                 "> FILE to any command to write its output to FILE.\n";
  for (const Command& command : kCommands) {
    context.out << "  " << command.usage << "\n      " << command.summary << '\n';
  }
  return Status::Ok();
}

}  // namespace

std::span<const Command> CommandTable() { return kCommands; }

const Command* FindCommand(std::string_view name) {
  for (const Command& command : kCommands) {
    if (command.name.size() == name.size() &&
        std::equal(name.begin(), name.end(), command.name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return &command;
    }
  }
  return nullptr;
}

Status UsageError(const Command& command, std::string_view reason) {
  std::string message = reason.empty() ? "" : std::string(reason) + "; ";
  return Status::InvalidArgument(message + "usage: " + std::string(command.usage));
}

Status RunCommand(Session& session, std::span<const Word> words, std::ostream& out) {
  if (words.empty()) return Status::Ok();
  const Command* command = FindCommand(words.front().text);
  if (command == nullptr) return UnknownCommand(words.front().text);
  const std::span<const Word> args = words.subspan(1);
  const int count = static_cast<int>(args.size());
  if (count < command->min_args) return UsageError(*command, "too few arguments");
  if (command->max_args != kUnlimited && count > command->max_args) {
    return UsageError(*command, "too many arguments");
  }
  CommandContext context{session, args, out};
  return command->handler(context);
}

}  // namespace kg::shell
