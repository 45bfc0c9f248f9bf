// Unlabelled text for learning word classes: every paragraph of the plain
// text (*.txt) and Reuters SGML (*.sgm, the <BODY> of each story) files
// under a folder, in sorted path order so training stays deterministic.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "graph/status.h"

namespace kg::tools {

// Calls `paragraph` with each paragraph's text. Returns the number of files
// read; NotFound when `dir` is not a folder. Unreadable files are skipped.
Result<size_t> ForEachUnlabelledParagraph(const std::string& dir,
                                          const std::function<void(std::string_view)>& paragraph);

}  // namespace kg::tools
