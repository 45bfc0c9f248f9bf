// Text decoding: the bytes of an input file as the UTF-8 text kg stores.
//
// News files arrive damaged in a few common ways, and each is repaired, not
// refused, so that one stray byte does not cost a whole article:
//   - a UTF-8 byte-order mark is removed;
//   - UTF-16 with a byte-order mark (LE or BE) is converted to UTF-8;
//   - invalid UTF-8 (a Latin-1 byte, a cut sequence, an overlong form, an
//     encoded surrogate) becomes U+FFFD, one per maximal invalid
//     subsequence as Unicode recommends ("\xE2\x82" is one U+FFFD,
//     "\xC0\xAF" two); an unpaired UTF-16 surrogate or an odd last byte
//     becomes one U+FFFD too;
//   - NUL characters are removed.
// Only input that is not text at all is refused: binary data (more than one
// control character in ten among the first 8 KiB), UTF-32, and input with
// nothing but white space.
//
// Threads: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::ingest {

struct DecodedText {
  std::string text;                     // valid UTF-8, no NUL, no byte-order mark
  std::string_view encoding = "UTF-8";  // "UTF-8", "UTF-16LE" or "UTF-16BE"
  // Not empty when the input is not usable text ("empty (0 bytes)", "only
  // white space", "binary file (contains NUL bytes)", ...); `text` is then
  // empty.
  std::string problem;
  uint64_t replaced = 0;       // invalid sequences replaced with U+FFFD
  uint64_t replaced_line = 0;  // 1-based line of the first one (0: none)
  size_t replaced_byte = 0;    // its byte offset in the input
  uint64_t nuls_removed = 0;   // NUL characters removed
  uint64_t nul_line = 0;       // 1-based line of the first one (0: none)
};

// Decodes `bytes` as described above. Never fails: input that cannot be
// used is explained in `problem`.
DecodedText DecodeText(std::string_view bytes);

// One line for each conversion or repair DecodeText made, starting with
// `where` and the line: "a.txt: UTF-16LE text converted to UTF-8",
// "a.txt:2: not valid UTF-8 at byte 10; 1 invalid sequence replaced with
// U+FFFD", "a.txt:3: 2 NUL bytes removed". When `where` names a line
// already ("news.jsonl:7") pass `where_is_line`: no line is added and
// offsets are counted "of the line".
std::vector<std::string> DecodingNotes(const std::string& where, const DecodedText& decoded,
                                       bool where_is_line = false);

// Why `bytes` are binary data rather than text ("binary file (contains NUL
// bytes)"), judged on the first 8 KiB; empty when they look like text.
std::string BinaryProblem(std::string_view bytes);

// "1 NUL byte", "2 NUL bytes": `count` and `noun`, with an "s" unless 1.
std::string CountOf(uint64_t count, std::string_view noun);

}  // namespace kg::ingest
