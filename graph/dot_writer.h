// Writes a subgraph as Graphviz DOT.
//
// The output is valid DOT whatever the names contain: every id and label is
// a quoted string, so keywords (node, edge, graph, strict) and punctuation
// cannot change the syntax; quotes and backslashes are escaped, line breaks
// become "\n", other control characters are dropped, invalid UTF-8 becomes
// U+FFFD and valid Unicode is kept as UTF-8 (the graph sets
// charset="UTF-8").
#pragma once

#include <string>
#include <string_view>

#include "graph/knowledge_graph.h"
#include "graph/subgraph.h"

namespace kg::graph {

struct DotOptions {
  std::string graph_name = "kg";
  std::string rankdir = "LR";  // LR, TB, RL or BT
  std::string fontname = "Helvetica";
  bool show_counts = true;  // edge labels "supports (3)" with article_count
  bool show_types = false;  // node labels with "\n(PERSON)"
};

// Node ids are "e<entity id>", so the same entity has the same id in every
// drawing. Node labels are display names; edge labels are the relation
// ("not supports" for negative edges, which are also dashed). Focus
// vertices are drawn filled. Output is deterministic for a given subgraph.
std::string WriteDot(const KnowledgeGraph& graph, const Subgraph& subgraph,
                     const DotOptions& options = {});

// `text` as a quoted DOT string, escaped as described above.
std::string QuoteDot(std::string_view text);

}  // namespace kg::graph
