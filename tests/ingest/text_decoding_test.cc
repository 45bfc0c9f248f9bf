#include "ingest/text_decoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/text.h"

namespace kg::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kFffd = "\xEF\xBF\xBD";

struct DecodeCase {
  const char* name;
  std::string bytes;
  std::string text;  // expected; empty when `problem` is expected
  uint64_t replaced = 0;
  uint64_t nuls = 0;
  std::string problem = {};
};

// U+FFFD once per maximal invalid subsequence (Unicode 15, section 3.9,
// "U+FFFD Substitution of Maximal Subparts").
TEST(DecodeTextTest, ReplacesMaximalSubpartsAndRemovesNuls) {
  const DecodeCase cases[] = {
      {"ascii", "plain text", "plain text"},
      {"valid multi-byte", "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
       "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"},
      {"bom removed", "\xEF\xBB\xBFtext", "text"},
      {"lone continuation", "a\x80z", "a" + kFffd + "z", 1},
      {"latin-1 letter", "Caf\xE9!", "Caf" + kFffd + "!", 1},
      {"cut three-byte sequence is one", "x\xE2\x82", "x" + kFffd, 1},
      {"cut four-byte sequence is one", "x\xF0\x9F\x98 y", "x" + kFffd + " y", 1},
      {"overlong two-byte form is two", "\xC0\xAF!", kFffd + kFffd + "!", 2},
      {"overlong three-byte form", "\xE0\x80\xAF!", kFffd + kFffd + kFffd + "!", 3},
      {"encoded surrogate is three", "\xED\xA0\x80!", kFffd + kFffd + kFffd + "!", 3},
      {"past U+10FFFF is four", "\xF4\x90\x80\x80!", kFffd + kFffd + kFffd + kFffd + "!", 4},
      {"bad continuation keeps the next byte", "\xE2(\xA1", kFffd + "(" + kFffd, 2},
      {"invalid lead bytes", "x\xFF\xFDy", "x" + kFffd + kFffd + "y", 2},
      {"nul bytes removed", std::string("some text\0 with a NUL\0 or two", 29),
       "some text with a NUL or two", 0, 2},
      {"0 bytes", "", "", 0, 0, "empty (0 bytes)"},
      {"white space", " \r\n\t ", "", 0, 0, "only white space"},
      {"nul bytes only", std::string("\0\0\0", 3), "", 0, 0, "binary file (contains NUL bytes)"},
      {"control characters", "\x1b[1m\x01\x02\x03\x04", "", 0, 0,
       "binary file (mostly control characters)"},
      {"utf-32", std::string("\0\0\xFE\xFF\0\0\0T", 8), "", 0, 0,
       "UTF-32 text is not supported (convert it to UTF-8)"},
  };
  for (const DecodeCase& c : cases) {
    SCOPED_TRACE(c.name);
    DecodedText decoded = DecodeText(c.bytes);
    EXPECT_EQ(decoded.problem, c.problem);
    EXPECT_EQ(decoded.text, c.text);
    EXPECT_EQ(decoded.replaced, c.replaced);
    EXPECT_EQ(decoded.nuls_removed, c.nuls);
    EXPECT_TRUE(IsValidUtf8(decoded.text));
    EXPECT_EQ(decoded.encoding, "UTF-8");
  }
}

TEST(DecodeTextTest, Utf16WithByteOrderMark) {
  DecodedText le =
      DecodeText(std::string("\xFF\xFE"
                             "A\0\n\0\xE9\0",
                             8));
  EXPECT_EQ(le.encoding, "UTF-16LE");
  EXPECT_EQ(le.text, "A\n\xC3\xA9");
  DecodedText be = DecodeText(std::string("\xFE\xFF\0A\xD8\x3D\xDE\x00", 8));
  EXPECT_EQ(be.encoding, "UTF-16BE");
  EXPECT_EQ(be.text, "A\xF0\x9F\x98\x80");
  // A low surrogate first, a high one last, an odd byte at the end.
  DecodedText bad =
      DecodeText(std::string("\xFF\xFE\x00\xDC"
                             "a\0\n\0\x00\xD8z",
                             11));
  EXPECT_EQ(bad.text, kFffd + "a\n" + kFffd + kFffd);
  EXPECT_EQ(bad.replaced, 3u);
  EXPECT_EQ(bad.replaced_byte, 2u);
  EXPECT_EQ(bad.replaced_line, 1u);
  DecodedText nul =
      DecodeText(std::string("\xFF\xFE"
                             "a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0\0\0k\0",
                             26));
  EXPECT_EQ(nul.text, "abcdefghijk");
  EXPECT_EQ(nul.nuls_removed, 1u);
}

TEST(DecodeTextTest, NotesNameTheLine) {
  DecodedText decoded = DecodeText(std::string("one\ntwo \xFF\nthree\0 and more text\n\xFF", 32));
  EXPECT_EQ(decoded.replaced, 2u);
  EXPECT_EQ(decoded.replaced_line, 2u);
  EXPECT_EQ(decoded.replaced_byte, 8u);
  EXPECT_EQ(decoded.nul_line, 3u);
  EXPECT_THAT(
      DecodingNotes("a.txt", decoded),
      ElementsAre("a.txt:2: not valid UTF-8 at byte 8; 2 invalid sequences replaced with U+FFFD",
                  "a.txt:3: 1 NUL byte removed"));
  EXPECT_THAT(DecodingNotes("news.jsonl:7", decoded, /*where_is_line=*/true),
              ElementsAre("news.jsonl:7: not valid UTF-8 at byte 8 of the line; 2 invalid "
                          "sequences replaced with U+FFFD",
                          "news.jsonl:7: 1 NUL byte removed"));
  EXPECT_THAT(DecodingNotes("a.txt", DecodeText("fine")), IsEmpty());
  EXPECT_THAT(DecodingNotes("a.txt", DecodeText(std::string("\xFE\xFF\0o\0k", 6))),
              ElementsAre("a.txt: UTF-16BE text converted to UTF-8"));
}

TEST(DecodeTextTest, CountOf) {
  EXPECT_EQ(CountOf(0, "line"), "0 lines");
  EXPECT_EQ(CountOf(1, "line"), "1 line");
  EXPECT_EQ(CountOf(2, "NUL byte"), "2 NUL bytes");
}

}  // namespace
}  // namespace kg::ingest
