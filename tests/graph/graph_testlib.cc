#include "tests/graph/graph_testlib.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace kg::graph::testing {

std::unique_ptr<KnowledgeGraph> MakeGraph(const std::vector<std::string>& names,
                                          const std::vector<TestEdge>& edges) {
  std::vector<std::string> all = names;
  std::set<std::string> seen(names.begin(), names.end());
  for (const TestEdge& e : edges) {
    for (const std::string& n : {e.subject, e.object}) {
      if (seen.insert(n).second) all.push_back(n);
    }
  }
  std::map<std::string, uint64_t> ids;
  std::vector<EntityRecord> entities;
  for (size_t i = 0; i < all.size(); ++i) {
    ids[all[i]] = i + 1;
    entities.push_back(EntityRecord{i + 1, all[i], "", {}});
  }
  std::vector<EdgeRecord> records;
  for (const TestEdge& e : edges) {
    records.push_back(EdgeRecord{ids[e.subject], e.relation, ids[e.object], e.negative,
                                 e.article_count, e.article_count});
  }
  auto graph = KnowledgeGraph::Build(std::move(entities), std::move(records));
  EXPECT_TRUE(graph.ok()) << graph.status().message();
  if (!graph.ok()) return nullptr;
  return std::move(graph).value();
}

VertexId V(const KnowledgeGraph& graph, const std::string& name) {
  auto v = graph.FindVertex(name);
  EXPECT_TRUE(v.has_value()) << "no vertex " << name;
  return v.value_or(0);
}

namespace {

std::string RelationText(const KnowledgeGraph& graph, const Edge& edge) {
  return (edge.negative ? "not " : "") + graph.relation_name(edge.relation);
}

}  // namespace

std::string PathString(const KnowledgeGraph& graph, const Path& path) {
  std::string out = graph.name(path.start);
  for (const Hop& hop : path.hops) {
    const std::string rel = RelationText(graph, graph.edge(hop.edge));
    out += hop.forward ? " -" + rel + "-> " : " <-" + rel + "- ";
    out += graph.name(hop.to);
  }
  return out;
}

std::string EdgeString(const KnowledgeGraph& graph, EdgeId edge) {
  const Edge& e = graph.edge(edge);
  return graph.name(e.source) + " -" + RelationText(graph, e) + "-> " + graph.name(e.target);
}

}  // namespace kg::graph::testing
