// KnowledgeGraph: the read-only, in-memory graph that shell queries run on.
//
// Vertices are canonical entities, edges are canonical triples (one per
// subject, relation, object and polarity, so two entities may be joined by
// several edges, and an entity may have an edge to itself). The graph is
// built once (from the store, see graph/loader.h) and never changes, so it
// may be read from any number of threads at once.
//
// Queries work on integer ids end to end: VertexId, EdgeId and RelationId.
// Names are resolved once at the edges with FindVertex and FindRelation.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/status.h"

namespace kg::graph {

using VertexId = uint32_t;    // dense, 0 .. vertex_count()-1
using EdgeId = uint32_t;      // dense, 0 .. edge_count()-1
using RelationId = uint32_t;  // dense, 0 .. relation_count()-1

// Input to KnowledgeGraph::Build: one canonical entity.
struct EntityRecord {
  uint64_t id = 0;
  std::string name;                  // display name
  std::string type;                  // PERSON, ORG, ... or empty
  std::vector<std::string> aliases;  // other names that resolve here
  // Ids of the stored entities merged into this one (directly or through a
  // chain), whose triples and evidence are stored under those ids.
  std::vector<uint64_t> merged_ids = {};
};

// Input to KnowledgeGraph::Build: one canonical triple.
struct EdgeRecord {
  uint64_t subject_id = 0;
  std::string relation;
  uint64_t object_id = 0;
  bool negative = false;  // the statement denies the relation
  uint32_t article_count = 0;
  uint32_t evidence_count = 0;
};

// One edge as the graph holds it.
struct Edge {
  VertexId source = 0;
  VertexId target = 0;
  RelationId relation = 0;
  bool negative = false;
  uint32_t article_count = 0;
  uint32_t evidence_count = 0;
};

// Which way a traversal may follow edges. kBoth follows an edge either way
// (and reports which way it went).
enum class Direction { kOut, kIn, kBoth };

// Which edges a traversal may use. The default accepts every edge.
struct EdgeFilter {
  std::vector<RelationId> relations;  // empty: any relation
  std::optional<bool> negative;       // nullopt: either polarity

  bool Accepts(const Edge& edge) const;
};

class KnowledgeGraph {
 public:
  struct VertexProps {
    uint64_t entity_id = 0;
    std::string name;
    std::string type;
    std::vector<std::string> aliases;
    std::vector<uint64_t> merged_ids;
  };
  // The edge bundle is the Edge itself: the ends are kept beside the CSR
  // arrays so that an EdgeId alone names its source and target.
  using EdgeProps = Edge;

  // Why compressed sparse row: the shell loads the graph once and never
  // mutates it. A CSR graph keeps all edges in a few flat arrays (about two
  // words per edge plus its properties, in- and out-edges both indexed),
  // which is compact and cache-friendly for BFS and Dijkstra, whereas
  // adjacency_list allocates per edge and per vertex list. bidirectionalS
  // gives in-edges for "who supports X" and for undirected traversal of a
  // directed multigraph. 32-bit vertex and edge indices halve the arrays.
  using Csr = boost::compressed_sparse_row_graph<boost::bidirectionalS, VertexProps, EdgeProps,
                                                 boost::no_property, VertexId, EdgeId>;

  // The edge ids of one vertex's out- or in-edges, as a forward range.
  template <typename BoostIterator>
  class EdgeRange {
   public:
    class iterator {
     public:
      using value_type = EdgeId;
      using difference_type = std::ptrdiff_t;
      using iterator_category = std::forward_iterator_tag;
      iterator() = default;
      explicit iterator(BoostIterator it) : it_(it) {}
      EdgeId operator*() const { return (*it_).idx; }
      iterator& operator++() {
        ++it_;
        return *this;
      }
      iterator operator++(int) {
        iterator old = *this;
        ++it_;
        return old;
      }
      bool operator==(const iterator& other) const { return it_ == other.it_; }

     private:
      BoostIterator it_{};
    };
    EdgeRange(BoostIterator begin, BoostIterator end) : begin_(begin), end_(end) {}
    iterator begin() const { return iterator(begin_); }
    iterator end() const { return iterator(end_); }
    size_t size() const { return static_cast<size_t>(std::distance(begin_, end_)); }
    bool empty() const { return begin_ == end_; }

   private:
    BoostIterator begin_, end_;
  };
  using OutEdges = EdgeRange<Csr::out_edge_iterator>;
  using InEdges = EdgeRange<Csr::in_edge_iterator>;

  // Builds the graph. Entities keep their input order as vertex ids. Each
  // name and alias is indexed under NormalizeName; when two entities claim
  // the same key, an entity's own name wins over another's alias, and
  // otherwise the first entity wins. Errors: InvalidArgument for a repeated
  // entity id; Corruption naming the edge and the unknown entity ids when an
  // edge refers to an entity that is not in `entities`.
  static Result<std::unique_ptr<KnowledgeGraph>> Build(std::vector<EntityRecord> entities,
                                                       std::vector<EdgeRecord> edges);

  KnowledgeGraph(const KnowledgeGraph&) = delete;
  KnowledgeGraph& operator=(const KnowledgeGraph&) = delete;

  size_t vertex_count() const { return num_vertices(csr_); }
  size_t edge_count() const { return num_edges(csr_); }
  size_t relation_count() const { return relation_names_.size(); }

  // --- name resolution ------------------------------------------------------

  // The vertex whose name or alias normalises like `name`; nullopt if none.
  std::optional<VertexId> FindVertex(std::string_view name) const;
  std::optional<VertexId> VertexForEntity(uint64_t entity_id) const;
  // The relation spelt exactly `relation` (relations are canonical already);
  // nullopt if no edge carries it.
  std::optional<RelationId> FindRelation(std::string_view relation) const;

  // Every entity name and alias (display spelling), sorted and unique: the
  // words the shell offers for tab completion.
  const std::vector<std::string>& all_names() const { return all_names_; }

  // --- vertices (precondition: v < vertex_count()) ----------------------------

  uint64_t entity_id(VertexId v) const { return csr_[v].entity_id; }
  const std::string& name(VertexId v) const { return csr_[v].name; }
  const std::string& type(VertexId v) const { return csr_[v].type; }
  const std::vector<std::string>& aliases(VertexId v) const { return csr_[v].aliases; }
  // The stored entities merged into v (see EntityRecord::merged_ids): the
  // evidence of v's edges is stored under these ids as well as entity_id(v).
  const std::vector<uint64_t>& merged_ids(VertexId v) const { return csr_[v].merged_ids; }
  OutEdges out_edges(VertexId v) const;
  InEdges in_edges(VertexId v) const;
  size_t out_degree(VertexId v) const;
  size_t in_degree(VertexId v) const;

  // --- edges and relations ------------------------------------------------------

  // Precondition: e < edge_count().
  // (Bundled edge properties are looked up by edge index alone.)
  const Edge& edge(EdgeId e) const { return csr_[Csr::edge_descriptor(0, e)]; }
  // Precondition: r < relation_count().
  const std::string& relation_name(RelationId r) const { return relation_names_[r]; }
  // How many edges carry relation r.
  size_t relation_edge_count(RelationId r) const { return relation_edge_counts_[r]; }

  // The Boost graph, for running Boost.Graph algorithms directly. Vertex
  // descriptors are VertexIds and edge_index(e) is the EdgeId.
  const Csr& csr() const { return csr_; }

 private:
  KnowledgeGraph() = default;

  Csr csr_;  // EdgeIds are CSR edge indices: edges grouped by source
  std::vector<std::string> relation_names_;
  std::vector<size_t> relation_edge_counts_;
  std::unordered_map<std::string, RelationId> relation_index_;
  std::unordered_map<std::string, VertexId> name_index_;  // NormalizeName -> vertex
  std::unordered_map<uint64_t, VertexId> entity_index_;
  std::vector<std::string> all_names_;
};

}  // namespace kg::graph
