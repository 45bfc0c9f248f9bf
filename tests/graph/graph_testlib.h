// Small graphs for the graph tests, written as names and edges.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/paths.h"

namespace kg::graph::testing {

struct TestEdge {
  std::string subject;
  std::string relation;
  std::string object;
  uint32_t article_count = 1;
  bool negative = false;
};

// A graph whose entities are `names` in order (entity id i + 1, vertex id
// i). Entities mentioned only in `edges` are added after them. Fails the
// calling test (returns null) when Build fails.
std::unique_ptr<KnowledgeGraph> MakeGraph(const std::vector<std::string>& names,
                                          const std::vector<TestEdge>& edges);

// The vertex named `name`; fails the test (returns 0) when there is none.
VertexId V(const KnowledgeGraph& graph, const std::string& name);

// "A -supports-> B <-funds- C": each hop with its real direction, "not "
// before negative relations.
std::string PathString(const KnowledgeGraph& graph, const Path& path);

// "A -supports-> B" for one edge.
std::string EdgeString(const KnowledgeGraph& graph, EdgeId edge);

// Everything a caller of KnowledgeGraph can observe is the same in `a` and
// `b`: vertices, names, aliases, edges, relations, name lookups.
void ExpectSameGraph(const KnowledgeGraph& a, const KnowledgeGraph& b);

}  // namespace kg::graph::testing
