// The handlers behind the command table (shell/commands.h), grouped by file:
// query_commands.cc, info_commands.cc, curation_commands.cc, draw_commands.cc and
// commands.cc (the shell's own commands). Internal to kg_shell.
#pragma once

#include "graph/status.h"
#include "graph/subgraph.h"
#include "shell/commands.h"

namespace kg::shell {

// query_commands.cc
Status WhoCommand(CommandContext& context);
Result<graph::Subgraph> WhoSubgraph(CommandContext& context);
Status WhatCommand(CommandContext& context);
Result<graph::Subgraph> WhatSubgraph(CommandContext& context);
Status NeighborsCommand(CommandContext& context);
Result<graph::Subgraph> NeighborsSubgraph(CommandContext& context);
Status PathCommand(CommandContext& context);
Result<graph::Subgraph> PathSubgraph(CommandContext& context);

// info_commands.cc
Status EvidenceCommand(CommandContext& context);
Status EntityCommand(CommandContext& context);
Status FindNamesCommand(CommandContext& context);
Status StatsCommand(CommandContext& context);
Status RelationsCommand(CommandContext& context);

// curation_commands.cc
Status AliasCommand(CommandContext& context);
Status UnaliasCommand(CommandContext& context);
Status MergeCommand(CommandContext& context);
Status SplitCommand(CommandContext& context);

// draw_commands.cc
Status DotCommand(CommandContext& context);
Status RenderCommand(CommandContext& context);

// script_runner.cc
Status SourceCommand(CommandContext& context);

}  // namespace kg::shell
