// ArticleIdFor: the content digest that names an article in the store.
#include <utf8proc.h>
#include <xxhash.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "graph/keys.h"
#include "graph/store.h"

namespace kg::graph {

namespace {

bool IsSpace(utf8proc_int32_t codepoint) {
  switch (codepoint) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r': case 0x85:
      return true;
    default: {
      const auto category = utf8proc_category(codepoint);
      return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
             category == UTF8PROC_CATEGORY_ZP;
    }
  }
}

bool IsAscii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// NormalizeText for ASCII text, which is NFC already and whose only white
// space is these six characters: the same result without decoding, for bulk
// imports of large files.
std::string NormalizeAscii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// NFC with every run of white space folded to one space and the ends
// trimmed; invalid bytes become U+FFFD so that any input has an id.
std::string NormalizeText(std::string_view text) {
  if (IsAscii(text)) return NormalizeAscii(text);
  std::vector<utf8proc_int32_t> codepoints;
  codepoints.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  bool pending_space = false;
  while (remaining > 0) {
    utf8proc_int32_t codepoint = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes, remaining, &codepoint);
    if (length <= 0) {
      codepoint = 0xFFFD;
      length = 1;
    }
    bytes += length;
    remaining -= length;
    if (IsSpace(codepoint)) {
      pending_space = !codepoints.empty();
      continue;
    }
    if (pending_space) codepoints.push_back(' ');
    pending_space = false;
    codepoints.push_back(codepoint);
  }
  std::string valid;
  valid.reserve(codepoints.size());
  for (const utf8proc_int32_t codepoint : codepoints) {
    utf8proc_uint8_t encoded[4];
    const utf8proc_ssize_t written = utf8proc_encode_char(codepoint, encoded);
    valid.append(reinterpret_cast<const char*>(encoded), static_cast<size_t>(written));
  }
  utf8proc_uint8_t* composed = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                   static_cast<utf8proc_ssize_t>(valid.size()), &composed,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (length < 0) return valid;
  std::string out(reinterpret_cast<const char*>(composed), static_cast<size_t>(length));
  std::free(composed);
  return out;
}

}  // namespace

std::string ArticleIdFor(std::string_view text) {
  const std::string normalized = NormalizeText(text);
  const XXH128_hash_t hash = XXH3_128bits(normalized.data(), normalized.size());
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  return keys::HexOf(std::string_view(reinterpret_cast<const char*>(canonical.digest),
                                      sizeof(canonical.digest)));
}

}  // namespace kg::graph
