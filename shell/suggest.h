// Suggestions for misspelt names: "did you mean" for commands and entities.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::shell {

// Levenshtein distance between `a` and `b` after ASCII case folding, counted
// in bytes (names are short; multi-byte letters cost at most two edits).
size_t EditDistance(std::string_view a, std::string_view b);

// Up to `limit` candidates closest to `word`, nearest first (ties in input
// order), keeping only those within max(1, |word| / 3) edits. Candidates
// that equal `word` ignoring case are kept at distance 0.
std::vector<std::string> Suggest(std::string_view word, const std::vector<std::string>& candidates,
                                 size_t limit = 3);

// `; did you mean "a"?` or `; did you mean "a" or "b"?`; empty when there
// is nothing to suggest.
std::string DidYouMean(const std::vector<std::string>& suggestions);

}  // namespace kg::shell
