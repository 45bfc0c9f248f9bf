// Small text helpers shared by every layer: UTF-8 checks, trimming and
// edit distance. Byte-oriented and allocation-light, for hot paths.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg {

// The byte offset of the first invalid UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF are invalid), or npos.
size_t FindInvalidUtf8(std::string_view bytes);

inline bool IsValidUtf8(std::string_view bytes) {
  return FindInvalidUtf8(bytes) == std::string_view::npos;
}

// `text` without leading and trailing ASCII white space, as a view into it.
std::string_view TrimmedView(std::string_view text);

// The same as a string of its own.
inline std::string Trimmed(std::string_view text) { return std::string(TrimmedView(text)); }

// Levenshtein distance in bytes (insertions, deletions, substitutions).
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace kg
