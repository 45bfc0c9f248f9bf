#include "graph/names.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <cstdlib>
#include <memory>

namespace kg::graph {
namespace {

// Maps the punctuation variants that news text mixes freely onto one form,
// so that "Shi’ite" and "Shi'ite" or "al–Assad" and "al-Assad" share a key.
utf8proc_int32_t FoldPunctuation(utf8proc_int32_t codepoint) {
  switch (codepoint) {
    case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x02BC: case 0x0060:
      return '\'';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
      return '-';
    default:
      return codepoint;
  }
}

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t codepoint = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes, remaining, &codepoint);
    if (length <= 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid character
      length = 1;
    } else {
      out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
    }
    bytes += length;
    remaining -= length;
  }
  return out;
}

// NormalizeName for printable ASCII, which every name lookup of a typed or
// imported English name is: utf8proc's folding leaves such text as it is but
// for case, so lower-case it, fold the backtick like FoldPunctuation and
// collapse the spaces, without decoding.
bool IsPrintableAscii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

std::string NormalizePrintableAscii(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (char c : name) {
    if (c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c == '`' ? '\'' : c;
  }
  return out;
}

}  // namespace

std::string NormalizeName(std::string_view name) {
  if (IsPrintableAscii(name)) return NormalizePrintableAscii(name);
  const std::string valid = ValidUtf8(name);
  utf8proc_uint8_t* folded = nullptr;
  const auto options = static_cast<utf8proc_option_t>(
      UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
      UTF8PROC_IGNORE | UTF8PROC_STRIPCC | UTF8PROC_LUMP);
  utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                   static_cast<utf8proc_ssize_t>(valid.size()), &folded, options);
  if (length < 0) return {};
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(folded, &std::free);

  std::string out;
  out.reserve(static_cast<size_t>(length));
  bool pending_space = false;
  const utf8proc_uint8_t* cursor = folded;
  utf8proc_ssize_t remaining = length;
  while (remaining > 0) {
    utf8proc_int32_t codepoint = 0;
    utf8proc_ssize_t step = utf8proc_iterate(cursor, remaining, &codepoint);
    if (step <= 0) break;
    cursor += step;
    remaining -= step;
    codepoint = FoldPunctuation(codepoint);
    const auto category = utf8proc_category(codepoint);
    if (codepoint == ' ' || category == UTF8PROC_CATEGORY_ZS || codepoint == '\t' ||
        codepoint == '\n' || codepoint == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    utf8proc_uint8_t encoded[4];
    const utf8proc_ssize_t written = utf8proc_encode_char(codepoint, encoded);
    out.append(reinterpret_cast<const char*>(encoded), static_cast<size_t>(written));
  }
  return out;
}

uint64_t EntityIdFor(std::string_view normalized_name, uint32_t salt) {
  constexpr uint64_t kSeed = 0x6b67'656e'7469'7479ULL;  // "kgentity"
  return XXH64(normalized_name.data(), normalized_name.size(), kSeed + salt);
}

}  // namespace kg::graph
