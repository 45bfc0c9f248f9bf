// Tab completion for the shell, kept apart from readline so it can be tested.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::graph {
class KnowledgeGraph;
}

namespace kg::shell {

// The completions for the text line[start, end) of `line`, where `start` is
// where the line editor's current word begins (after white space or an
// opening quote). Each completion replaces line[start, end). Command names
// complete as the first word; relation names after `who`; entity names and
// aliases where a command expects an entity, matching the whole text after
// the command words case-insensitively, so "who supports Bashar al-A" offers
// "al-Assad". nullopt asks for file-name completion (after `source`, and for
// the image of `render`). When `display_from` is given it receives where the
// completed item begins on the line (before `start` for a multi-word name),
// so that a list of choices can show whole names.
std::optional<std::vector<std::string>> Completions(const graph::KnowledgeGraph& graph,
                                                    std::string_view line, size_t start,
                                                    size_t end, size_t* display_from = nullptr);

}  // namespace kg::shell
