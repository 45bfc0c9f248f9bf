// Runs Graphviz `dot` to turn DOT text into an image file.
//
// `dot` is started directly (posix_spawnp, no shell), with the DOT text on
// its standard input, so nothing in an entity name can reach a command line.
#pragma once

#include <string>
#include <string_view>

#include "graph/status.h"

namespace kg::graph {

// Renders `dot` to `out_path` in `format` (svg, png or pdf). Errors:
// InvalidArgument for another format; NotFound when `dot` is not on PATH
// (with a hint to install graphviz); IOError when dot fails, carrying its
// exit status and the first line of its stderr.
Status RenderWithGraphviz(std::string_view dot, std::string_view format,
                          const std::string& out_path);

// Whether an executable `dot` is on PATH.
bool GraphvizAvailable();

}  // namespace kg::graph
