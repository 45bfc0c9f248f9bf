// Name normalisation: the key under which a surface name is looked up.
//
// Two names that a reader would call the same spelling map to the same key:
// Unicode compatibility forms, case, diacritics, apostrophe and dash variants
// and runs of white space are folded. Nothing is dropped beyond that, so
// "Hezbollah" and "Kataib Hezbollah" stay distinct.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kg::graph {

// The lookup key for `name`: NFKC, case-folded, diacritics stripped, curly
// apostrophes and Unicode dashes made ASCII, white space collapsed to single
// spaces and trimmed. Invalid UTF-8 bytes are replaced by U+FFFD first.
std::string NormalizeName(std::string_view name);

// A stable 64-bit id for a normalised name (xxHash64 with a fixed seed).
// `salt` picks another id when two names collide.
uint64_t EntityIdFor(std::string_view normalized_name, uint32_t salt = 0);

}  // namespace kg::graph
