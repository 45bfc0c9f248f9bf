#include "graph/knowledge_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tests/graph/graph_testlib.h"

namespace kg::graph {
namespace {

using testing::EdgeString;
using testing::MakeGraph;
using testing::V;

std::set<std::string> Strings(const KnowledgeGraph& g, const std::vector<EdgeId>& edges) {
  std::set<std::string> out;
  for (EdgeId e : edges) out.insert(EdgeString(g, e));
  return out;
}

template <typename Range>
std::vector<EdgeId> Ids(const Range& range) {
  return std::vector<EdgeId>(range.begin(), range.end());
}

std::unique_ptr<KnowledgeGraph> SampleGraph() {
  std::vector<EntityRecord> entities = {
      {10, "Iran", "GPE", {"Islamic Republic of Iran"}},
      {20, "Hezbollah", "ORG", {"Hizbullah", "Hizballah"}},
      {30, "Bashar al-Assad", "PERSON", {"Assad"}},
      {40, "Assad family", "", {}},
      {50, "Isolated", "", {}},
  };
  std::vector<EdgeRecord> edges = {
      {10, "supports", 20, false, 5, 7},
      {10, "funds", 20, false, 2, 2},  // a second edge between the same pair
      {20, "supports", 30, false, 3, 4},
      {30, "supports", 30, false, 1, 1},  // self-loop
      {40, "supports", 20, true, 1, 1},   // negative
  };
  auto graph = KnowledgeGraph::Build(std::move(entities), std::move(edges));
  EXPECT_TRUE(graph.ok()) << graph.status().message();
  return graph.ok() ? std::move(graph).value() : nullptr;
}

TEST(KnowledgeGraphTest, CountsAndVertexProperties) {
  auto g = SampleGraph();
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->vertex_count(), 5u);
  EXPECT_EQ(g->edge_count(), 5u);
  EXPECT_EQ(g->relation_count(), 2u);
  // Entities keep their input order as vertex ids.
  EXPECT_EQ(g->entity_id(0), 10u);
  EXPECT_EQ(g->name(2), "Bashar al-Assad");
  EXPECT_EQ(g->type(2), "PERSON");
  EXPECT_EQ(g->aliases(1), (std::vector<std::string>{"Hizbullah", "Hizballah"}));
  EXPECT_EQ(g->VertexForEntity(40), std::optional<VertexId>(3));
  EXPECT_EQ(g->VertexForEntity(99), std::nullopt);
}

TEST(KnowledgeGraphTest, FindsVerticesByNormalisedNameOrAlias) {
  auto g = SampleGraph();
  ASSERT_NE(g, nullptr);
  struct Case {
    const char* query;
    std::optional<VertexId> expected;
  };
  const Case cases[] = {
      {"Iran", 0},
      {"  iran ", 0},
      {"ISLAMIC republic of   iran", 0},
      {"hizbullah", 1},
      {"HIZBALLAH", 1},
      {"Bashar al\u2013Assad", 2},  // en dash folds to '-'
      {"assad", 2},                 // alias of the person
      {"Assad family", 3},
      {"Hezbollah Lebanon", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(g->FindVertex(c.query), c.expected) << "query: " << c.query;
  }
}

TEST(KnowledgeGraphTest, OwnNameWinsOverAnotherEntitysAlias) {
  // "Assad" is an alias of the first entity and the name of the second.
  std::vector<EntityRecord> entities = {{1, "Bashar al-Assad", "", {"Assad"}},
                                        {2, "Assad", "", {}}};
  auto g = KnowledgeGraph::Build(std::move(entities), {});
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ((*g)->FindVertex("assad"), std::optional<VertexId>(1));
}

TEST(KnowledgeGraphTest, RelationsAreInternedWithEdgeCounts) {
  auto g = SampleGraph();
  ASSERT_NE(g, nullptr);
  auto supports = g->FindRelation("supports");
  auto funds = g->FindRelation("funds");
  ASSERT_TRUE(supports && funds);
  EXPECT_EQ(g->relation_name(*supports), "supports");
  EXPECT_EQ(g->relation_edge_count(*supports), 4u);
  EXPECT_EQ(g->relation_edge_count(*funds), 1u);
  EXPECT_EQ(g->FindRelation("opposes"), std::nullopt);
}

TEST(KnowledgeGraphTest, OutAndInEdgesIncludeMultiEdgesAndSelfLoops) {
  auto g = SampleGraph();
  ASSERT_NE(g, nullptr);
  const VertexId iran = V(*g, "Iran"), hezbollah = V(*g, "Hezbollah"), assad = V(*g, "Assad");
  EXPECT_EQ(Strings(*g, Ids(g->out_edges(iran))),
            (std::set<std::string>{"Iran -supports-> Hezbollah", "Iran -funds-> Hezbollah"}));
  EXPECT_EQ(Strings(*g, Ids(g->in_edges(hezbollah))),
            (std::set<std::string>{"Iran -supports-> Hezbollah", "Iran -funds-> Hezbollah",
                                   "Assad family -not supports-> Hezbollah"}));
  EXPECT_EQ(g->out_degree(assad), 1u);
  EXPECT_EQ(g->in_degree(assad), 2u);  // from Hezbollah and from itself
  EXPECT_TRUE(g->out_edges(V(*g, "Isolated")).empty());
  EXPECT_TRUE(g->in_edges(V(*g, "Isolated")).empty());

  for (EdgeId e : g->out_edges(iran)) {
    const Edge& edge = g->edge(e);
    EXPECT_EQ(edge.source, iran);
    EXPECT_EQ(edge.target, hezbollah);
    EXPECT_FALSE(edge.negative);
  }
  bool saw_negative = false;
  for (EdgeId e : g->in_edges(hezbollah)) {
    const Edge& edge = g->edge(e);
    EXPECT_EQ(edge.target, hezbollah);
    if (edge.negative) {
      saw_negative = true;
      EXPECT_EQ(edge.article_count, 1u);
    }
  }
  EXPECT_TRUE(saw_negative);
}

TEST(KnowledgeGraphTest, EdgePropertiesSurviveCsrReordering) {
  auto g = SampleGraph();
  ASSERT_NE(g, nullptr);
  std::set<std::string> seen;
  for (EdgeId e = 0; e < g->edge_count(); ++e) {
    const Edge& edge = g->edge(e);
    seen.insert(EdgeString(*g, e) + " " + std::to_string(edge.article_count) + "/" +
                std::to_string(edge.evidence_count));
  }
  EXPECT_EQ(seen,
            (std::set<std::string>{"Iran -supports-> Hezbollah 5/7", "Iran -funds-> Hezbollah 2/2",
                                   "Hezbollah -supports-> Bashar al-Assad 3/4",
                                   "Bashar al-Assad -supports-> Bashar al-Assad 1/1",
                                   "Assad family -not supports-> Hezbollah 1/1"}));
}

TEST(KnowledgeGraphTest, AllNamesAreSortedAndUnique) {
  std::vector<EntityRecord> entities = {
      {1, "b", "", {"a", "c"}}, {2, "a", "", {}}, {3, "", "", {}}};
  auto g = KnowledgeGraph::Build(std::move(entities), {});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ((*g)->all_names(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(KnowledgeGraphTest, EmptyGraphBuilds) {
  auto g = KnowledgeGraph::Build({}, {});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ((*g)->vertex_count(), 0u);
  EXPECT_EQ((*g)->edge_count(), 0u);
  EXPECT_EQ((*g)->FindVertex("anything"), std::nullopt);
}

TEST(KnowledgeGraphTest, RejectsEdgesToUnknownEntities) {
  struct Case {
    EdgeRecord edge;
    const char* message;
  };
  const Case cases[] = {
      {{7, "supports", 1, false, 1, 1}, "triple 7 -supports-> 1 names unknown entity id 7"},
      {{1, "supports", 8, false, 1, 1}, "triple 1 -supports-> 8 names unknown entity id 8"},
      {{7, "funds", 8, false, 1, 1}, "triple 7 -funds-> 8 names unknown entity id 7 and 8"},
  };
  for (const Case& c : cases) {
    auto g = KnowledgeGraph::Build({{1, "A", "", {}}}, {c.edge});
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.status().code(), Status::Code::kCorruption);
    EXPECT_EQ(g.status().message(), c.message);
  }
}

TEST(KnowledgeGraphTest, RejectsRepeatedEntityIds) {
  auto g = KnowledgeGraph::Build({{1, "A", "", {}}, {1, "B", "", {}}}, {});
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(g.status().IsInvalidArgument());
  EXPECT_EQ(g.status().message(), "entity id 1 appears twice (\"B\")");
}

// The graph keeps its edges in flat arrays sorted by hand; EdgeIds (and so
// every answer given in EdgeId order) must be those Boost's own CSR
// constructor gives the same edges.
TEST(KnowledgeGraphTest, EdgeIdsAreThoseOfBoostsOwnConstructor) {
  constexpr uint32_t kVertices = 7;
  std::vector<EntityRecord> entities;
  for (uint32_t v = 0; v < kVertices; ++v) {
    entities.push_back({100 + v, "v" + std::to_string(v), "", {}});
  }
  std::vector<EdgeRecord> edges;
  std::vector<std::pair<uint32_t, uint32_t>> ends;
  for (uint32_t k = 0; k < 60; ++k) {
    const uint32_t s = (k * 5 + 3) % kVertices, t = (k * 3 + k / 7) % kVertices;
    edges.push_back({100 + s, "r" + std::to_string(k % 4), 100 + t, k % 5 == 0, k + 1, k + 2});
    ends.emplace_back(s, t);
  }
  std::vector<uint32_t> input_order(edges.size());
  for (uint32_t k = 0; k < input_order.size(); ++k) input_order[k] = k;
  using Reference = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property,
                                                       uint32_t, boost::no_property, uint32_t,
                                                       uint32_t>;
  const Reference reference(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(),
                            input_order.begin(), kVertices);
  auto g = KnowledgeGraph::Build(entities, edges);
  ASSERT_TRUE(g.ok()) << g.status().message();
  ASSERT_EQ((*g)->edge_count(), edges.size());
  for (EdgeId e = 0; e < edges.size(); ++e) {
    const EdgeRecord& record = edges[reference[Reference::edge_descriptor(0, e)]];
    const Edge edge = (*g)->edge(e);
    EXPECT_EQ((*g)->entity_id(edge.source), record.subject_id) << e;
    EXPECT_EQ((*g)->entity_id(edge.target), record.object_id) << e;
    EXPECT_EQ((*g)->relation_name(edge.relation), record.relation) << e;
    EXPECT_EQ(edge.negative, record.negative) << e;
    EXPECT_EQ(edge.article_count, record.article_count) << e;
    EXPECT_EQ(edge.evidence_count, record.evidence_count) << e;
  }
  for (VertexId v = 0; v < kVertices; ++v) {
    std::vector<EdgeId> in, out;
    for (auto [it, end] = boost::in_edges(v, reference); it != end; ++it) in.push_back((*it).idx);
    for (auto [it, end] = boost::out_edges(v, reference); it != end; ++it) out.push_back((*it).idx);
    EXPECT_EQ(Ids((*g)->in_edges(v)), in) << v;
    EXPECT_EQ(Ids((*g)->out_edges(v)), out) << v;
  }
}

TEST(KnowledgeGraphTest, BuildFromColumnsMatchesBuild) {
  auto expected = SampleGraph();
  ASSERT_NE(expected, nullptr);
  EdgeColumns columns;
  columns.relation_names = {"supports", "funds"};
  columns.Add(0, 1, 0, false, 5, 7);
  columns.Add(0, 1, 1, false, 2, 2);
  columns.Add(1, 2, 0, false, 3, 4);
  columns.Add(2, 2, 0, false, 1, 1);
  columns.Add(3, 1, 0, true, 1, 1);
  auto g = KnowledgeGraph::BuildFromColumns(
      {
          {10, "Iran", "GPE", {"Islamic Republic of Iran"}},
          {20, "Hezbollah", "ORG", {"Hizbullah", "Hizballah"}},
          {30, "Bashar al-Assad", "PERSON", {"Assad"}},
          {40, "Assad family", "", {}},
          {50, "Isolated", "", {}},
      },
      std::move(columns));
  ASSERT_TRUE(g.ok()) << g.status().message();
  ASSERT_EQ((*g)->edge_count(), expected->edge_count());
  for (EdgeId e = 0; e < expected->edge_count(); ++e) {
    EXPECT_EQ(EdgeString(**g, e), EdgeString(*expected, e));
    EXPECT_EQ((*g)->edge(e).evidence_count, expected->edge(e).evidence_count);
  }
  for (VertexId v = 0; v < expected->vertex_count(); ++v) {
    EXPECT_EQ((*g)->type(v), expected->type(v));
    EXPECT_EQ((*g)->aliases(v), expected->aliases(v));
  }
}

TEST(KnowledgeGraphTest, BuildFromColumnsRejectsBadColumns) {
  struct Case {
    const char* label;
    EdgeColumns columns;
    const char* message;
  };
  Case cases[] = {
      {"vertex out of range", {{"r"}, {0}, {2}, {0}, {1}, {1}},
       "edge 0 names a vertex or relation out of range"},
      {"relation out of range", {{"r"}, {0}, {1}, {EdgeColumns::Label(1, false)}, {1}, {1}},
       "edge 0 names a vertex or relation out of range"},
      {"short column", {{"r"}, {0, 1}, {1, 0}, {0, 0}, {1, 1}, {1}},
       "edge columns differ in length"},
  };
  for (Case& c : cases) {
    auto g = KnowledgeGraph::BuildFromColumns({{1, "A", "", {}}, {2, "B", "", {}}},
                                              std::move(c.columns));
    ASSERT_FALSE(g.ok()) << c.label;
    EXPECT_TRUE(g.status().IsInvalidArgument()) << c.label;
    EXPECT_EQ(g.status().message(), c.message) << c.label;
  }
}

TEST(EdgeFilterTest, AcceptsByRelationAndPolarity) {
  const Edge positive{0, 1, 3, false, 1, 1};
  const Edge negative{0, 1, 4, true, 1, 1};
  struct Case {
    EdgeFilter filter;
    bool positive;
    bool negative;
  };
  const Case cases[] = {
      {{}, true, true},
      {{{3}, std::nullopt}, true, false},
      {{{3, 4}, std::nullopt}, true, true},
      {{{}, true}, false, true},
      {{{}, false}, true, false},
      {{{4}, false}, false, false},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(cases[i].filter.Accepts(positive), cases[i].positive) << "case " << i;
    EXPECT_EQ(cases[i].filter.Accepts(negative), cases[i].negative) << "case " << i;
  }
}

}  // namespace
}  // namespace kg::graph
