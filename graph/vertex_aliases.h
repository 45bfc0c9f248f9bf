// VertexAliases: which names a loaded graph lists as a vertex's aliases.
// Each normalised spelling is listed once per vertex, and never the
// spelling of the vertex's own name. The loader (graph/loader.cc) and the
// bulk load's graph (graph/bulk_load_graph.cc) both list aliases through
// it, so that their graphs agree.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/names.h"

namespace kg::graph {

class VertexAliases {
 public:
  void Reserve(size_t vertices) { own_keys_.reserve(vertices); }

  // The next vertex (ids are given in order), named `name`.
  void AddVertex(std::string_view name) { own_keys_.push_back(NormalizeName(name)); }

  // True when `alias` would add nothing to any list of `v`'s: its spelling
  // is empty or the vertex's own.
  bool IsOwn(VertexId v, std::string_view alias) const {
    const std::string key = NormalizeName(alias);
    return key.empty() || key == own_keys_[v];
  }

  // Appends `alias` to `aliases` (v's list) when its spelling is new for v.
  void Add(VertexId v, std::string_view alias, std::vector<std::string>* aliases) {
    std::string key = NormalizeName(alias);
    if (key.empty() || key == own_keys_[v]) return;
    std::vector<std::string>& keys = alias_keys_[v];
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
    keys.push_back(std::move(key));
    aliases->emplace_back(alias);
  }

 private:
  std::vector<std::string> own_keys_;  // per vertex
  std::unordered_map<VertexId, std::vector<std::string>> alias_keys_;  // few vertices have any
};

}  // namespace kg::graph
