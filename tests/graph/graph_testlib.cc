#include "tests/graph/graph_testlib.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace kg::graph::testing {

namespace {

template <typename Range>
std::vector<EdgeId> Ids(const Range& range) {
  return std::vector<EdgeId>(range.begin(), range.end());
}

}  // namespace

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

void ExpectSameGraph(const KnowledgeGraph& a, const KnowledgeGraph& b) {
  ASSERT_EQ(a.vertex_count(), b.vertex_count());
  ASSERT_EQ(a.edge_count(), b.edge_count());
  ASSERT_EQ(a.relation_count(), b.relation_count());
  for (VertexId v = 0; v < a.vertex_count(); ++v) {
    EXPECT_EQ(a.entity_id(v), b.entity_id(v));
    EXPECT_EQ(a.name(v), b.name(v));
    EXPECT_EQ(a.type(v), b.type(v));
    EXPECT_EQ(a.aliases(v), b.aliases(v));
    EXPECT_EQ(a.merged_ids(v), b.merged_ids(v));
    EXPECT_EQ(Ids(a.out_edges(v)), Ids(b.out_edges(v)));
    EXPECT_EQ(Ids(a.in_edges(v)), Ids(b.in_edges(v)));
    EXPECT_EQ(b.VertexForEntity(a.entity_id(v)), std::optional<VertexId>(v));
    EXPECT_EQ(a.FindVertex(a.name(v)), b.FindVertex(a.name(v))) << a.name(v);
    for (const std::string& alias : a.aliases(v)) {
      EXPECT_EQ(a.FindVertex(alias), b.FindVertex(alias)) << alias;
    }
    for (uint64_t id : a.merged_ids(v)) EXPECT_EQ(b.VertexForEntity(id), a.VertexForEntity(id));
  }
  for (EdgeId e = 0; e < a.edge_count(); ++e) {
    const Edge x = a.edge(e);
    const Edge y = b.edge(e);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.target, y.target);
    EXPECT_EQ(x.relation, y.relation);
    EXPECT_EQ(x.negative, y.negative);
    EXPECT_EQ(x.article_count, y.article_count);
    EXPECT_EQ(x.evidence_count, y.evidence_count);
  }
  for (RelationId r = 0; r < a.relation_count(); ++r) {
    EXPECT_EQ(a.relation_name(r), b.relation_name(r));
    EXPECT_EQ(a.relation_edge_count(r), b.relation_edge_count(r));
    EXPECT_EQ(b.FindRelation(a.relation_name(r)), std::optional<RelationId>(r));
  }
  EXPECT_EQ(a.all_names(), b.all_names());
  EXPECT_EQ(b.FindVertex("no such entity"), std::nullopt);
}

}  // namespace kg::graph::testing
