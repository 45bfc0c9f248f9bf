#include "ingest/text_decoding.h"

#include <algorithm>

#include "graph/text.h"

namespace kg::ingest {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
constexpr std::string_view kUtf32LeBom = std::string_view("\xFF\xFE\0\0", 4);
constexpr std::string_view kUtf32BeBom = std::string_view("\0\0\xFE\xFF", 4);
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kSpace = " \t\n\r\f\v";
// Binary formats show themselves in their first few kilobytes.
constexpr size_t kBinarySniffBytes = 8192;

uint64_t LineAt(std::string_view text, size_t offset) {
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// The length of the well-formed UTF-8 sequence at s[i], or 0 with `*bad`
// set to the length of the maximal invalid subpart there (at least 1): the
// bytes that start a valid sequence but are cut short count as one.
size_t Utf8Sequence(std::string_view s, size_t i, size_t* bad) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t need = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c == 0xE0) {
    need = 2, low = 0xA0;  // no overlong forms
  } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    need = 2;
  } else if (c == 0xED) {
    need = 2, high = 0x9F;  // no surrogates
  } else if (c == 0xF0) {
    need = 3, low = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    need = 3;
  } else if (c == 0xF4) {
    need = 3, high = 0x8F;  // nothing past U+10FFFF
  } else {
    *bad = 1;
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) {
      *bad = k;
      return 0;
    }
    const auto next = static_cast<unsigned char>(s[i + k]);
    if (next < low || next > high) {
      *bad = k;
      return 0;
    }
    low = 0x80, high = 0xBF;
  }
  return need + 1;
}

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Notes a replacement at input offset `byte`; the line is that of the text
// written so far, which is the input's line in every encoding.
void Replace(size_t byte, DecodedText* decoded) {
  if (decoded->replaced++ == 0) {
    decoded->replaced_byte = byte;
    decoded->replaced_line = LineAt(decoded->text, decoded->text.size());
  }
  decoded->text += kReplacement;
}

void RemoveNul(DecodedText* decoded) {
  if (decoded->nuls_removed++ == 0) {
    decoded->nul_line = LineAt(decoded->text, decoded->text.size());
  }
}

// `bytes` from offset `begin` (after any byte-order mark) as UTF-8.
void DecodeUtf8(std::string_view bytes, size_t begin, DecodedText* decoded) {
  std::string_view body = bytes.substr(begin);
  if (body.find('\0') == std::string_view::npos && IsValidUtf8(body)) {
    decoded->text = std::string(body);  // the common case: nothing to repair
    return;
  }
  decoded->text.reserve(body.size());
  size_t i = begin;
  while (i < bytes.size()) {
    size_t bad = 0;
    const size_t length = Utf8Sequence(bytes, i, &bad);
    if (length == 0) {
      Replace(i, decoded);
      i += bad;
    } else if (bytes[i] == '\0') {
      RemoveNul(decoded);
      ++i;
    } else {
      decoded->text.append(bytes.substr(i, length));
      i += length;
    }
  }
}

// `bytes` from offset `begin` as UTF-16 in the byte order `big_endian`.
void DecodeUtf16(std::string_view bytes, size_t begin, bool big_endian, DecodedText* decoded) {
  decoded->encoding = big_endian ? "UTF-16BE" : "UTF-16LE";
  decoded->text.reserve(bytes.size() - begin);
  auto unit_at = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return big_endian ? (a << 8 | b) : (b << 8 | a);
  };
  size_t i = begin;
  while (i + 1 < bytes.size()) {
    const uint32_t unit = unit_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < bytes.size()) {
      const uint32_t low = unit_at(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), &decoded->text);
        i += 4;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      Replace(i, decoded);  // a surrogate without its other half
    } else if (unit == 0) {
      RemoveNul(decoded);
    } else {
      AppendUtf8(unit, &decoded->text);
    }
    i += 2;
  }
  if (i < bytes.size()) Replace(i, decoded);  // an odd last byte
}

}  // namespace

// Real text has next to no control characters; more than one in ten is a
// binary format (or UTF-16 without a byte-order mark, which is half NULs).
std::string BinaryProblem(std::string_view text) {
  std::string_view head = text.substr(0, kBinarySniffBytes);
  size_t control = 0;
  bool nul = false;
  for (unsigned char c : head) {
    if ((c < 0x20 && kSpace.find(static_cast<char>(c)) == std::string_view::npos) || c == 0x7F) {
      ++control;
      nul = nul || c == 0;
    }
  }
  if (head.empty() || control * 10 <= head.size()) return {};
  return nul ? "binary file (contains NUL bytes)" : "binary file (mostly control characters)";
}

std::string CountOf(uint64_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

DecodedText DecodeText(std::string_view bytes) {
  DecodedText decoded;
  if (bytes.empty()) {
    decoded.problem = "empty (0 bytes)";
    return decoded;
  }
  // UTF-32 first: its little-endian mark starts with UTF-16's.
  if (bytes.starts_with(kUtf32LeBom) || bytes.starts_with(kUtf32BeBom)) {
    decoded.problem = "UTF-32 text is not supported (convert it to UTF-8)";
    return decoded;
  }
  if (bytes.starts_with(kUtf16LeBom) || bytes.starts_with(kUtf16BeBom)) {
    DecodeUtf16(bytes, 2, bytes.starts_with(kUtf16BeBom), &decoded);
    decoded.problem = BinaryProblem(decoded.text);
  } else {
    // Judged on the raw bytes: NUL bytes are evidence of binary data here,
    // and would be gone after decoding.
    decoded.problem = BinaryProblem(bytes);
    if (decoded.problem.empty()) {
      DecodeUtf8(bytes, bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0, &decoded);
    }
  }
  if (decoded.problem.empty() && decoded.text.find_first_not_of(kSpace) == std::string::npos) {
    decoded.problem = "only white space";
  }
  if (!decoded.problem.empty()) decoded.text.clear();
  return decoded;
}

std::vector<std::string> DecodingNotes(const std::string& where, const DecodedText& decoded,
                                       bool where_is_line) {
  auto at_line = [&](uint64_t line) {
    return where_is_line ? where : where + ":" + std::to_string(line);
  };
  const bool utf8 = decoded.encoding == "UTF-8";
  std::vector<std::string> notes;
  const std::string encoding(decoded.encoding);
  if (!utf8) notes.push_back(where + ": " + encoding + " text converted to UTF-8");
  if (decoded.replaced > 0) {
    notes.push_back(at_line(decoded.replaced_line) + ": not valid " + encoding + " at byte " +
                    std::to_string(decoded.replaced_byte) + (where_is_line ? " of the line" : "") +
                    "; " + CountOf(decoded.replaced, "invalid sequence") + " replaced with U+FFFD");
  }
  if (decoded.nuls_removed > 0) {
    notes.push_back(at_line(decoded.nul_line) + ": " +
                    CountOf(decoded.nuls_removed, utf8 ? "NUL byte" : "NUL character") +
                    " removed");
  }
  return notes;
}

}  // namespace kg::ingest
