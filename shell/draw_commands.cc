// dot and render: draw the answer of a graph query.
#include <cctype>
#include <string>

#include "graph/dot_writer.h"
#include "graph/graphviz_render.h"
#include "shell/command_handlers.h"
#include "shell/session.h"

namespace kg::shell {
namespace {

// Runs the inner query (`neighbors ...`, `path ...`, `who ...`, `what ...`)
// through its row's subgraph handler.
Result<graph::Subgraph> RunDrawableQuery(CommandContext& context, std::span<const Word> query,
                                         std::string_view outer) {
  const Command* command = FindCommand(query.front().text);
  if (command == nullptr || command->subgraph == nullptr) {
    return Status::InvalidArgument(std::string(outer) + " draws the answer of neighbors, path, " +
                                   "who or what, not \"" + query.front().text + "\"");
  }
  std::span<const Word> args = query.subspan(1);
  if (static_cast<int>(args.size()) < command->min_args) {
    return UsageError(*command, "too few arguments");
  }
  CommandContext inner{context.session, args, context.out};
  return command->subgraph(inner);
}

// "svg" for "graph.SVG"; empty when the name has no extension.
std::string Extension(const std::string& path) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

Status DotCommand(CommandContext& context) {
  Result<graph::Subgraph> subgraph = RunDrawableQuery(context, context.args, "dot");
  if (!subgraph.ok()) return subgraph.status();
  context.out << graph::WriteDot(context.session.graph(), *subgraph);
  return Status::Ok();
}

Status RenderCommand(CommandContext& context) {
  const std::string& path = context.args.back().text;
  const std::string format = Extension(path);
  if (format != "svg" && format != "png" && format != "pdf") {
    return UsageError(*FindCommand("render"),
                      "the last argument must be an image file ending in .svg, .png or .pdf");
  }
  Result<graph::Subgraph> subgraph =
      RunDrawableQuery(context, context.args.first(context.args.size() - 1), "render");
  if (!subgraph.ok()) return subgraph.status();
  const std::string dot = graph::WriteDot(context.session.graph(), *subgraph);
  KG_RETURN_IF_ERROR(graph::RenderWithGraphviz(dot, format, path));
  context.out << "wrote " << path << " (" << subgraph->vertices.size() << " entities, "
              << subgraph->edges.size() << " edges)\n";
  return Status::Ok();
}

}  // namespace kg::shell
