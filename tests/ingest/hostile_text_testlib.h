// Hostile text for the limit tests of the ingest library and the kg command.
// Header only, so that test programs of other folders can include it.
#pragma once

#include <string>
#include <string_view>

namespace kg::testing_text {

// `piece` `times` times over.
inline std::string Repeat(std::string_view piece, int times) {
  std::string out;
  out.reserve(piece.size() * static_cast<size_t>(times));
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// "Name0, Name1, ..., Name9998 and Name9999": `count` names, count - 2
// commas and one "and".
inline std::string CoordinatedNames(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += i + 1 == count ? " and " : ", ";
    out += "Name" + std::to_string(i);
  }
  return out;
}

}  // namespace kg::testing_text
