#include "graph/dot_writer.h"

#include <utf8proc.h>

#include <string>
#include <unordered_set>

namespace kg::graph {

namespace {

// A control character that has no place in a label (C0 other than the line
// breaks and tab handled separately, DEL and C1).
bool IsDroppedControl(utf8proc_int32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

void AppendCodepoint(std::string& out, utf8proc_int32_t c) {
  utf8proc_uint8_t buffer[4];
  utf8proc_ssize_t n = utf8proc_encode_char(c, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
}

void AppendEscaped(std::string& out, std::string_view text) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t pos = 0;
  const auto size = static_cast<utf8proc_ssize_t>(text.size());
  while (pos < size) {
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, size - pos, &c);
    if (n <= 0) {
      // Invalid or truncated sequence: one replacement character per bad
      // byte, then resynchronise on the next byte.
      AppendCodepoint(out, 0xFFFD);
      pos += 1;
      continue;
    }
    pos += n;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        // CR LF is one line break; a lone CR is one too.
        if (pos < size && bytes[pos] == '\n') ++pos;
        out += "\\n";
        break;
      case '\t':
        out += ' ';
        break;
      default:
        if (!IsDroppedControl(c)) AppendCodepoint(out, c);
    }
  }
}

std::string NodeId(const KnowledgeGraph& graph, VertexId v) {
  return QuoteDot("e" + std::to_string(graph.entity_id(v)));
}

std::string NodeLabel(const KnowledgeGraph& graph, VertexId v, const DotOptions& options) {
  std::string label = graph.name(v);
  if (options.show_types && !graph.type(v).empty()) label += "\n(" + graph.type(v) + ")";
  return label;
}

std::string EdgeLabel(const KnowledgeGraph& graph, const Edge& edge, const DotOptions& options) {
  std::string label = edge.negative ? "not " : "";
  label += graph.relation_name(edge.relation);
  if (options.show_counts) label += " (" + std::to_string(edge.article_count) + ")";
  return label;
}

}  // namespace

std::string QuoteDot(std::string_view text) {
  std::string out = "\"";
  AppendEscaped(out, text);
  out += '"';
  return out;
}

std::string WriteDot(const KnowledgeGraph& graph, const Subgraph& subgraph,
                     const DotOptions& options) {
  const std::string font = QuoteDot(options.fontname);
  std::string out = "digraph " + QuoteDot(options.graph_name) + " {\n";
  out += "  graph [charset=\"UTF-8\", rankdir=" + QuoteDot(options.rankdir) + ", fontname=" + font +
         "];\n";
  out += "  node [shape=\"box\", style=\"rounded\", fontname=" + font + "];\n";
  out += "  edge [fontname=" + font + ", fontsize=\"10\"];\n";

  std::unordered_set<VertexId> focus(subgraph.focus.begin(), subgraph.focus.end());
  for (VertexId v : subgraph.vertices) {
    out += "  " + NodeId(graph, v) + " [label=" + QuoteDot(NodeLabel(graph, v, options));
    if (focus.count(v) != 0) {
      out += ", style=\"rounded,filled,bold\", fillcolor=\"#fde68a\"";
    }
    out += "];\n";
  }
  for (EdgeId e : subgraph.edges) {
    const Edge& edge = graph.edge(e);
    out += "  " + NodeId(graph, edge.source) + " -> " + NodeId(graph, edge.target) +
           " [label=" + QuoteDot(EdgeLabel(graph, edge, options));
    if (edge.negative) out += ", style=\"dashed\"";
    out += "];\n";
  }
  out += "}\n";
  return out;
}

}  // namespace kg::graph
