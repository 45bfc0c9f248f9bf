// Word-level values shared by the tagger and parser features: hashes of the
// normalised form, affixes and shape, computed once per token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kg::ingest {

// Lower-cases ASCII letters and maps every digit to '0', so "1,250" and
// "3,999" share statistics.
std::string NormaliseWord(std::string_view form);

// The word's shape with runs collapsed: "Iran-backed" -> "Xx-x",
// "1,250" -> "d,d", "U.S." -> "X.X.".
std::string WordShape(std::string_view form);

struct WordInfo {
  uint64_t form = 0;        // exact form
  uint64_t lower = 0;       // NormaliseWord(form)
  uint64_t prefix[3] = {};  // first 1..3 bytes of lower
  uint64_t suffix[4] = {};  // last 1..4 bytes of lower
  uint64_t shape = 0;
  uint32_t flags = 0;       // kHas* bits below
};

inline constexpr uint32_t kHasUpper = 1;
inline constexpr uint32_t kInitialUpper = 2;
inline constexpr uint32_t kAllUpper = 4;
inline constexpr uint32_t kHasDigit = 8;
inline constexpr uint32_t kHasHyphen = 16;
inline constexpr uint32_t kNoLetter = 32;

WordInfo ComputeWordInfo(std::string_view form);

}  // namespace kg::ingest
