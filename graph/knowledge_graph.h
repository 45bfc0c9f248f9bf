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
#include <mutex>
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

// One edge as the graph reports it (a value assembled from the graph's
// per-edge arrays).
struct Edge {
  VertexId source = 0;
  VertexId target = 0;
  RelationId relation = 0;
  bool negative = false;
  uint32_t article_count = 0;
  uint32_t evidence_count = 0;
};

// Input to KnowledgeGraph::BuildFromColumns: the edges as parallel arrays
// (one element per edge), relations interned, ends as vertex ids: what the
// loader reads triples into, without a string or a record per edge.
struct EdgeColumns {
  std::vector<std::string> relation_names;  // RelationId -> name
  std::vector<VertexId> sources;
  std::vector<VertexId> targets;
  std::vector<uint32_t> labels;  // relation << 1 | negative (see Label)
  std::vector<uint32_t> article_counts;
  std::vector<uint32_t> evidence_counts;

  static uint32_t Label(RelationId relation, bool negative) {
    return relation << 1 | (negative ? 1u : 0u);
  }
  void Reserve(size_t edges);
  void Add(VertexId source, VertexId target, RelationId relation, bool negative,
           uint32_t article_count, uint32_t evidence_count);
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

struct GraphSnapshotAccess;

class KnowledgeGraph {
 public:
  // Why compressed sparse row: the shell loads the graph once and never
  // mutates it. A CSR graph keeps all edges in a few flat arrays, in- and
  // out-edges both indexed, which is compact and cache-friendly for BFS and
  // Dijkstra, whereas adjacency_list allocates per edge and per vertex list.
  // bidirectionalS gives in-edges for "who supports X" and for undirected
  // traversal of a directed multigraph. 32-bit vertex and edge indices halve
  // the arrays. The CSR holds structure only: vertex and edge properties
  // live in flat arrays beside it, indexed by VertexId and EdgeId, so that
  // no property costs a string or a padded record per edge.
  using Csr = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property,
                                                 boost::no_property, boost::no_property, VertexId,
                                                 EdgeId>;

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
  // As Build, from edges already resolved to vertex ids (indexes into
  // `entities`); the graph is the one Build makes from the same edges in the
  // same order, relations numbered in order of first use. Errors as Build's,
  // and InvalidArgument when the columns differ in length or name a vertex or
  // relation out of range. The columns are consumed as they are copied in.
  static Result<std::unique_ptr<KnowledgeGraph>> BuildFromColumns(
      std::vector<EntityRecord> entities, EdgeColumns edges);

  KnowledgeGraph(const KnowledgeGraph&) = delete;
  KnowledgeGraph& operator=(const KnowledgeGraph&) = delete;

  size_t vertex_count() const { return entity_ids_.size(); }
  size_t edge_count() const { return heads_.size(); }
  size_t relation_count() const { return relation_names_.size(); }

  // --- name resolution ------------------------------------------------------

  // The vertex whose name or alias normalises like `name`; nullopt if none.
  std::optional<VertexId> FindVertex(std::string_view name) const;
  std::optional<VertexId> VertexForEntity(uint64_t entity_id) const;
  // The relation spelt exactly `relation` (relations are canonical already);
  // nullopt if no edge carries it.
  std::optional<RelationId> FindRelation(std::string_view relation) const;

  // Every entity name and alias (display spelling), sorted and unique: the
  // words the shell offers for tab completion. Built on first use (safe from
  // any number of threads), as only the shell needs it.
  const std::vector<std::string>& all_names() const;

  // --- vertices (precondition: v < vertex_count()) ----------------------------

  uint64_t entity_id(VertexId v) const { return entity_ids_[v]; }
  const std::string& name(VertexId v) const { return names_[v]; }
  const std::string& type(VertexId v) const { return type_names_[type_ids_[v]]; }
  const std::vector<std::string>& aliases(VertexId v) const;
  // The stored entities merged into v (see EntityRecord::merged_ids): the
  // evidence of v's edges is stored under these ids as well as entity_id(v).
  const std::vector<uint64_t>& merged_ids(VertexId v) const;
  OutEdges out_edges(VertexId v) const;
  InEdges in_edges(VertexId v) const;
  size_t out_degree(VertexId v) const;
  size_t in_degree(VertexId v) const;

  // --- edges and relations ------------------------------------------------------

  // Precondition: e < edge_count(). A value gathered from the per-edge
  // arrays (`const Edge& x = graph.edge(e)` binds it as before).
  Edge edge(EdgeId e) const {
    return Edge{heads_[e].source,          csr_.m_forward.m_column[e], heads_[e].label >> 1,
                (heads_[e].label & 1) != 0, counts_[e].articles,      counts_[e].evidence};
  }
  // Precondition: r < relation_count().
  const std::string& relation_name(RelationId r) const { return relation_names_[r]; }
  // How many edges carry relation r.
  size_t relation_edge_count(RelationId r) const { return relation_edge_counts_[r]; }

  // The Boost graph, for running Boost.Graph algorithms directly. Vertex
  // descriptors are VertexIds and edge_index(e) is the EdgeId.
  const Csr& csr() const { return csr_; }

 private:
  friend struct GraphSnapshotAccess;  // graph/graph_snapshot.cc reads and restores the arrays

  // What filters and "who" queries read of an edge, side by side so that
  // they cost one cache miss.
  struct EdgeHead {
    VertexId source = 0;
    uint32_t label = 0;  // EdgeColumns::Label
  };
  struct EdgeCounts {
    uint32_t articles = 0;
    uint32_t evidence = 0;
  };

  KnowledgeGraph() = default;

  // Sorts the edge columns by source (stable, as Boost's own constructor
  // does, so EdgeIds are unchanged) into csr_ and the edge arrays.
  void SetEdges(EdgeColumns edges);
  // Builds csr_'s in-edge arrays from its out-edges.
  void IndexInEdges();
  // Fills entity_order_; InvalidArgument for a repeated entity id.
  Status IndexEntities();
  // Fills relation_index_ and relation_edge_counts_ from the edges.
  void IndexRelations();
  // Adds `key` for `v` unless it is empty or indexed already; false when
  // the arena has no room left for it (more than 16 GiB of names).
  bool AddKey(std::string_view key, VertexId v);
  // The slot of `key` in key_slots_: the one holding it, or an empty one.
  size_t SlotOf(std::string_view key, uint64_t hash) const;

  // A key record in key_arena_: the vertex and the key's length (4 bytes
  // each, in the machine's byte order), the key's bytes, then padding to a
  // multiple of 4 bytes.
  static constexpr size_t kKeyHeaderBytes = 8;
  struct KeyHeader {
    VertexId vertex;
    uint32_t length;
  };
  KeyHeader KeyHeaderAt(size_t offset) const;
  std::string_view KeyTextAt(size_t offset, const KeyHeader& header) const {
    return std::string_view(key_arena_).substr(offset + kKeyHeaderBytes, header.length);
  }
  // A slot: the upper 32 bits of its key's hash, and its record's offset in
  // units of 4 bytes, plus 1 (0 is an empty slot).
  static uint64_t SlotTag(uint64_t hash) { return hash >> 32 << 32; }
  static size_t SlotRecord(uint64_t slot) { return (static_cast<uint32_t>(slot) - size_t{1}) * 4; }

  Csr csr_;  // EdgeIds are CSR edge indices: edges grouped by source

  // Per vertex.
  std::vector<uint64_t> entity_ids_;
  std::vector<std::string> names_;
  std::vector<uint32_t> type_ids_;       // into type_names_
  std::vector<std::string> type_names_;  // distinct types, "" first
  // Few vertices have aliases or merged ids: the lists are kept for those
  // only, their owners sorted for binary search.
  std::vector<VertexId> alias_owners_;
  std::vector<std::vector<std::string>> alias_lists_;
  std::vector<VertexId> merged_owners_;
  std::vector<std::vector<uint64_t>> merged_lists_;
  std::vector<VertexId> entity_order_;  // vertices by entity id

  // Per edge (csr_ holds the targets).
  std::vector<EdgeHead> heads_;
  std::vector<EdgeCounts> counts_;

  std::vector<std::string> relation_names_;
  std::vector<size_t> relation_edge_counts_;
  std::unordered_map<std::string, RelationId> relation_index_;

  // NormalizeName keys, each a record (KeyHeader, then its bytes) in one
  // arena; an open-addressed table (linear probing, XXH3 hashes, size a
  // power of two) maps a key to its record. A name lookup reads one slot and
  // one record, usually a cache line each, and compares a key's text only
  // when the slot's hash bits agree.
  std::string key_arena_;
  std::vector<uint64_t> key_slots_;  // SlotTag | record offset / 4 + 1, or 0

  mutable std::once_flag all_names_once_;
  mutable std::vector<std::string> all_names_;
};

}  // namespace kg::graph
