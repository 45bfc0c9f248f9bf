// Reading command arguments: entity and relation names, and query options.
//
// Multi-word names may be typed unquoted where that is unambiguous: the
// functions here join words and, where a command takes several names in a row
// (`path X Y`, `evidence X R Y`), try each way of splitting the words and
// keep the one where every part is a known name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/status.h"
#include "shell/command_parser.h"

namespace kg::shell {

// The words' texts joined by single spaces.
std::string JoinWords(std::span<const Word> words);

// The vertex for an entity name or alias (case- and spacing-insensitive).
// Error: NotFound `unknown entity "Asad"; did you mean "Assad"?`.
Result<graph::VertexId> ResolveEntity(const graph::KnowledgeGraph& graph, std::string_view name);

// The relation named `word`: exact, then ignoring case, then as another
// inflection ("support" finds "supports", "supports" finds "support"), with
// spaces read as underscores. Error: NotFound `unknown relation "x"; did you
// mean "y"?`.
Result<graph::RelationId> ResolveRelation(const graph::KnowledgeGraph& graph, std::string_view word);

// A relation list "supports,opposes" (commas, optional spaces) as ids.
Result<std::vector<graph::RelationId>> ResolveRelationList(const graph::KnowledgeGraph& graph,
                                                           std::string_view list);

// Options that may follow the entity names of a query, in any order.
struct QueryOptions {
  std::optional<uint32_t> depth;                 // depth N
  std::optional<graph::Direction> direction;     // in | out | both
  std::vector<graph::RelationId> relations;      // rel R,...
  bool all = false;                              // all
  std::optional<uint32_t> k;                     // k N
  std::optional<uint32_t> max_length;            // max-len N
  bool weighted = false;                         // weighted
};

// Which option keywords a command accepts.
enum OptionSet : unsigned {
  kDepthOption = 1u << 0,
  kDirectionOption = 1u << 1,
  kRelationOption = 1u << 2,
  kPathOptions = 1u << 3,  // all, k N, max-len N, weighted
};

// Peels option words off the end of `args` (unquoted keywords only) and
// stores them in `options`; returns the words before them. Stops at the
// first word that is not an option, so names come first. Errors:
// InvalidArgument for a keyword without its value or a bad number or
// relation.
Result<std::span<const Word>> TakeTrailingOptions(const graph::KnowledgeGraph& graph,
                                                  std::span<const Word> args, unsigned accepted,
                                                  QueryOptions& options);

// Splits `words` into two entity names. A single split where both resolve
// wins; several are InvalidArgument asking for quotes; none gives the error
// of the most plausible split (the unknown name with suggestions).
Result<std::pair<graph::VertexId, graph::VertexId>> ResolveEntityPair(
    const graph::KnowledgeGraph& graph, std::span<const Word> words);

// Parses a whole number in [min, max] for `what` ("depth"); InvalidArgument
// naming `what` and the range otherwise.
Result<uint32_t> ParseCount(std::string_view text, std::string_view what, uint32_t min,
                            uint32_t max);

}  // namespace kg::shell
