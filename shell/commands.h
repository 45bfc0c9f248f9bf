// The shell's command table.
//
// Each command is one row: its name, how many argument words it takes, a
// usage line, a help text and a handler. `help`, arity checks, usage errors
// and "did you mean" suggestions all come from the table, so adding a
// command means adding a row. Commands whose answer is a set of entities and
// edges (`neighbors`, `path`, `who`) also have a subgraph handler, which is
// what `dot` and `render` call.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "graph/subgraph.h"
#include "shell/command_parser.h"

namespace kg::shell {

class Session;

// What a handler gets: the session, the words after the command name and
// where to write.
struct CommandContext {
  Session& session;
  std::span<const Word> args;
  std::ostream& out;
};

using CommandHandler = Status (*)(CommandContext& context);
// Runs the query and returns the entities and edges of its answer.
using SubgraphHandler = Result<graph::Subgraph> (*)(CommandContext& context);

inline constexpr int kUnlimited = -1;

// What the words after a command name are, for tab completion.
enum class ArgumentKind {
  kNone,             // stats, relations, quit, ...
  kEntity,           // neighbors ENTITY, entity ENTITY, find TEXT
  kRelationEntity,   // who RELATION ENTITY
  kDoesEntity,       // what does ENTITY RELATION
  kEntityEntity,     // path FROM TO, merge ENTITY INTO
  kAliasEntity,      // alias ALIAS = ENTITY
  kTriple,           // evidence SUBJECT RELATION OBJECT
  kQuery,            // dot QUERY, render QUERY FILE
  kFile,             // source FILE
  kCommand,          // help COMMAND
  kSetting,          // set format FORMAT
};

struct Command {
  std::string_view name;
  int min_args = 0;
  int max_args = kUnlimited;
  std::string_view usage;    // "neighbors ENTITY [depth N] [in|out|both] [rel R,...]"
  std::string_view summary;  // one line for `help`
  std::string_view details;  // extra lines for `help NAME`; may be empty
  CommandHandler handler = nullptr;
  SubgraphHandler subgraph = nullptr;  // set for queries `dot` can draw
  ArgumentKind arguments = ArgumentKind::kNone;
};

// Every command, in the order `help` lists them.
std::span<const Command> CommandTable();

// The row named `name` (case-insensitive), or nullptr.
const Command* FindCommand(std::string_view name);

// Runs `words` (the command name first) through the table: looks the name up
// (unknown: InvalidArgument with suggestions), checks the argument count
// (InvalidArgument "usage: ..."), then calls the handler.
Status RunCommand(Session& session, std::span<const Word> words, std::ostream& out);

// "usage: <usage>" as an InvalidArgument, optionally after a reason.
Status UsageError(const Command& command, std::string_view reason = {});

}  // namespace kg::shell
