// Fuzzes DOT output of arbitrary names, types and relations. The writer
// promises valid DOT whatever the names hold; a small checker stands in for
// Graphviz (too slow to run per input): quoted strings are closed, escapes
// are complete, no control character or invalid UTF-8 gets through, and
// braces and brackets balance outside strings.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "graph/dot_writer.h"
#include "graph/knowledge_graph.h"
#include "graph/subgraph.h"
#include "graph/text.h"

namespace {

// Why `dot` is not valid DOT, or "" when it looks valid.
std::string DotProblem(std::string_view dot) {
  if (!kg::IsValidUtf8(dot)) return "invalid UTF-8";
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < dot.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(dot[i]);
    if (in_string) {
      if (c < 0x20 || c == 0x7F) return "control character in a string";
      if (c == '\\') {
        if (++i == dot.size()) return "escape at the end";
        if (static_cast<unsigned char>(dot[i]) < 0x20) return "escaped control character";
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth < 0) return "unbalanced close";
    }
  }
  if (in_string) return "unterminated string";
  if (depth != 0) return "unbalanced open";
  return "";
}

void Check(std::string_view what, std::string_view dot) {
  const std::string problem = DotProblem(dot);
  if (problem.empty()) return;
  std::fprintf(stderr, "%.*s: %s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               problem.c_str(), static_cast<int>(dot.size()), dot.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const size_t entity_count = input.ConsumeIntegralInRange<size_t>(1, 6);
  std::vector<kg::graph::EntityRecord> entities;
  for (size_t i = 0; i < entity_count; ++i) {
    kg::graph::EntityRecord entity;
    entity.id = i + 1;
    entity.name = input.ConsumeRandomLengthString(64);
    entity.type = input.ConsumeRandomLengthString(16);
    Check("QuoteDot", kg::graph::QuoteDot(entity.name));
    entities.push_back(std::move(entity));
  }
  std::vector<kg::graph::EdgeRecord> edges;
  const size_t edge_count = input.ConsumeIntegralInRange<size_t>(0, 8);
  for (size_t i = 0; i < edge_count; ++i) {
    kg::graph::EdgeRecord edge;
    edge.subject_id = input.ConsumeIntegralInRange<uint64_t>(1, entity_count);
    edge.object_id = input.ConsumeIntegralInRange<uint64_t>(1, entity_count);
    edge.relation = input.ConsumeRandomLengthString(32);
    edge.negative = input.ConsumeBool();
    edge.article_count = input.ConsumeIntegral<uint32_t>();
    edges.push_back(std::move(edge));
  }
  kg::graph::DotOptions options;
  options.graph_name = input.ConsumeRandomLengthString(16);
  options.fontname = input.ConsumeRandomLengthString(16);
  options.show_counts = input.ConsumeBool();
  options.show_types = input.ConsumeBool();

  auto graph = kg::graph::KnowledgeGraph::Build(std::move(entities), std::move(edges));
  if (!graph.ok()) return 0;  // duplicate names and the like are refused, fine
  kg::graph::Subgraph subgraph;
  for (kg::graph::VertexId v = 0; v < (*graph)->vertex_count(); ++v) {
    subgraph.vertices.push_back(v);
    if (input.ConsumeBool()) subgraph.focus.push_back(v);
  }
  for (kg::graph::EdgeId e = 0; e < (*graph)->edge_count(); ++e) subgraph.edges.push_back(e);
  Check("WriteDot", kg::graph::WriteDot(**graph, subgraph, options));
  return 0;
}
