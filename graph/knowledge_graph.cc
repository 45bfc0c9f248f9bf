#include "graph/knowledge_graph.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <string>
#include <utility>

#include "graph/names.h"

namespace kg::graph {

bool EdgeFilter::Accepts(const Edge& edge) const {
  if (negative.has_value() && edge.negative != *negative) return false;
  if (relations.empty()) return true;
  return std::find(relations.begin(), relations.end(), edge.relation) != relations.end();
}

namespace {

// Index keys in two passes so that an entity's own name always beats
// another entity's alias for the same key ("Assad" the person over "Assad"
// as an alias of a family); within a pass the first entity wins.
void IndexNames(const std::vector<EntityRecord>& entities,
                std::unordered_map<std::string, VertexId>& index) {
  for (VertexId v = 0; v < entities.size(); ++v) {
    std::string key = NormalizeName(entities[v].name);
    if (!key.empty()) index.try_emplace(std::move(key), v);
  }
  for (VertexId v = 0; v < entities.size(); ++v) {
    for (const std::string& alias : entities[v].aliases) {
      std::string key = NormalizeName(alias);
      if (!key.empty()) index.try_emplace(std::move(key), v);
    }
  }
}

std::vector<std::string> SortedNames(const std::vector<EntityRecord>& entities) {
  std::vector<std::string> names;
  for (const EntityRecord& e : entities) {
    if (!e.name.empty()) names.push_back(e.name);
    for (const std::string& alias : e.aliases) {
      if (!alias.empty()) names.push_back(alias);
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace

Result<std::unique_ptr<KnowledgeGraph>> KnowledgeGraph::Build(std::vector<EntityRecord> entities,
                                                              std::vector<EdgeRecord> edges) {
  if (entities.size() >= std::numeric_limits<VertexId>::max() ||
      edges.size() >= std::numeric_limits<EdgeId>::max()) {
    return Status::InvalidArgument("graph too large: " + std::to_string(entities.size()) +
                                   " entities, " + std::to_string(edges.size()) + " edges");
  }
  std::unique_ptr<KnowledgeGraph> graph(new KnowledgeGraph());
  for (VertexId v = 0; v < entities.size(); ++v) {
    if (!graph->entity_index_.try_emplace(entities[v].id, v).second) {
      return Status::InvalidArgument("entity id " + std::to_string(entities[v].id) +
                                     " appears twice (\"" + entities[v].name + "\")");
    }
  }
  IndexNames(entities, graph->name_index_);
  graph->all_names_ = SortedNames(entities);

  std::vector<std::pair<VertexId, VertexId>> ends;
  std::vector<Edge> props;
  ends.reserve(edges.size());
  props.reserve(edges.size());
  for (const EdgeRecord& record : edges) {
    auto subject = graph->entity_index_.find(record.subject_id);
    auto object = graph->entity_index_.find(record.object_id);
    if (subject == graph->entity_index_.end() || object == graph->entity_index_.end()) {
      std::string unknown;
      if (subject == graph->entity_index_.end()) unknown += std::to_string(record.subject_id);
      if (object == graph->entity_index_.end()) {
        if (!unknown.empty()) unknown += " and ";
        unknown += std::to_string(record.object_id);
      }
      return Status::Corruption("triple " + std::to_string(record.subject_id) + " -" +
                                record.relation + "-> " + std::to_string(record.object_id) +
                                " names unknown entity id " + unknown);
    }
    auto [it, added] = graph->relation_index_.try_emplace(
        record.relation, static_cast<RelationId>(graph->relation_names_.size()));
    if (added) {
      graph->relation_names_.push_back(record.relation);
      graph->relation_edge_counts_.push_back(0);
    }
    ++graph->relation_edge_counts_[it->second];
    ends.emplace_back(subject->second, object->second);
    props.push_back(Edge{subject->second, object->second, it->second, record.negative,
                         record.article_count, record.evidence_count});
  }

  try {
    graph->csr_ = Csr(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), props.begin(),
                      static_cast<VertexId>(entities.size()));
  } catch (const std::exception& e) {
    return Status::Internal(std::string("building the graph failed: ") + e.what());
  }
  for (VertexId v = 0; v < entities.size(); ++v) {
    VertexProps& p = graph->csr_[v];
    p.entity_id = entities[v].id;
    p.name = std::move(entities[v].name);
    p.type = std::move(entities[v].type);
    p.aliases = std::move(entities[v].aliases);
    p.merged_ids = std::move(entities[v].merged_ids);
  }
  return graph;
}

std::optional<VertexId> KnowledgeGraph::FindVertex(std::string_view name) const {
  auto it = name_index_.find(NormalizeName(name));
  if (it == name_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<VertexId> KnowledgeGraph::VertexForEntity(uint64_t entity_id) const {
  auto it = entity_index_.find(entity_id);
  if (it == entity_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<RelationId> KnowledgeGraph::FindRelation(std::string_view relation) const {
  auto it = relation_index_.find(std::string(relation));
  if (it == relation_index_.end()) return std::nullopt;
  return it->second;
}

KnowledgeGraph::OutEdges KnowledgeGraph::out_edges(VertexId v) const {
  auto [begin, end] = boost::out_edges(v, csr_);
  return OutEdges(begin, end);
}

KnowledgeGraph::InEdges KnowledgeGraph::in_edges(VertexId v) const {
  auto [begin, end] = boost::in_edges(v, csr_);
  return InEdges(begin, end);
}

size_t KnowledgeGraph::out_degree(VertexId v) const { return boost::out_degree(v, csr_); }

size_t KnowledgeGraph::in_degree(VertexId v) const { return boost::in_degree(v, csr_); }

}  // namespace kg::graph
