#include "ingest/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/ingest/temp_dir_testlib.h"

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Everything one Read call produced.
struct ReadResult {
  Status status;
  std::vector<Document> documents;
  std::vector<std::string> warnings;
  ReaderCounts counts;

  std::vector<std::string> Sources(const std::string& strip_prefix) const {
    std::vector<std::string> out;
    for (const Document& d : documents) {
      out.push_back(d.source.starts_with(strip_prefix) ? d.source.substr(strip_prefix.size()) : d.source);
    }
    return out;
  }
};

ReadResult ReadPaths(const std::vector<std::string>& paths, ReaderOptions options = {}) {
  ReadResult result;
  Reader reader(options);
  result.status = reader.Read(paths, [&](Document&& document) {
    result.documents.push_back(std::move(document));
    return Status::Ok();
  });
  result.warnings = reader.warnings();
  result.counts = reader.counts();
  return result;
}

// UTF-16 code units of ASCII `text`, after a byte-order mark.
std::string Utf16(std::string_view text, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char c : text) {
    if (big_endian) out.push_back('\0');
    out.push_back(c);
    if (!big_endian) out.push_back('\0');
  }
  return out;
}

struct FileCase {
  const char* name;
  const char* file_name;
  std::string bytes;
  // Expected single article; both empty when the file must be skipped.
  std::string title;
  std::string text;
  // Every warning, each without the file's path in front.
  std::vector<std::string> warnings;
};

TEST(ReaderTest, ReadsRepairsOrSkipsEachKindOfFile) {
  const std::string kFffd = "\xEF\xBF\xBD";
  const FileCase cases[] = {
      {"txt with title", "a.txt", "\n  Headline here \n\nFirst line. Second.\nThird.\n",
       "Headline here", "First line. Second.\nThird.", {}},
      {"markdown heading", "a.md", "## Big News\n\nText *here*.\n", "Big News", "Text *here*.", {}},
      {"one line is title and text", "a.txt", "Only line.", "Only line.", "Only line.", {}},
      {"utf-8 bom stripped", "a.txt", "\xEF\xBB\xBFTitle\nBody.", "Title", "Body.", {}},
      {"crlf becomes lf", "a.txt", "Title\r\nOne.\r\nTwo.\r\n", "Title", "One.\nTwo.", {}},
      {"non-ascii text kept", "a.txt", "Caf\xC3\xA9\nAl\xE2\x80\x99s \xE2\x82\xAC 5.", "Caf\xC3\xA9",
       "Al\xE2\x80\x99s \xE2\x82\xAC 5.", {}},
      {"explicit file of any extension is text", "notes.text", "T\nBody.", "T", "Body.", {}},
      {"0-byte file", "a.txt", "", "", "", {": empty (0 bytes); skipped"}},
      {"white space only", "a.txt", " \n\t\n", "", "", {": only white space; skipped"}},
      {"bom only", "a.txt", "\xEF\xBB\xBF", "", "", {": only white space; skipped"}},
      {"binary with nul", "a.txt", std::string("PK\x03\x04\0\0data", 10), "", "",
       {": binary file (contains NUL bytes); skipped"}},
      {"mostly control characters", "a.txt", "\x01\x02\x03\x04\x05\x06 ab", "", "",
       {": binary file (mostly control characters); skipped"}},
      {"stray nul bytes removed", "a.txt",
       std::string("Title\nA stray\0 NUL byte or two\0 in a line of text.", 50), "Title",
       "A stray NUL byte or two in a line of text.", {":2: 2 NUL bytes removed"}},
      {"invalid utf-8 replaced", "a.txt", "Title\nBad \xC3\x28 byte.", "Title",
       "Bad " + kFffd + "( byte.",
       {":2: not valid UTF-8 at byte 10; 1 invalid sequence replaced with U+FFFD"}},
      {"latin-1 bytes replaced one by one", "a.txt", "Caf\xE9\nM\xFCller said so.",
       "Caf" + kFffd, "M" + kFffd + "ller said so.",
       {":1: not valid UTF-8 at byte 3; 2 invalid sequences replaced with U+FFFD"}},
      {"overlong form is two sequences", "a.txt", "Title \xC0\xAF", "Title " + kFffd + kFffd,
       "Title " + kFffd + kFffd,
       {":1: not valid UTF-8 at byte 6; 2 invalid sequences replaced with U+FFFD"}},
      {"cut sequence after a bom counts file bytes", "a.txt", "\xEF\xBB\xBFT\nEnd \xE2\x82",
       "T", "End " + kFffd,
       {":2: not valid UTF-8 at byte 9; 1 invalid sequence replaced with U+FFFD"}},
      {"utf-16le converted", "a.txt", Utf16("Title\nBody.\n", false), "Title", "Body.",
       {": UTF-16LE text converted to UTF-8"}},
      {"utf-16be converted", "a.txt", Utf16("Title\r\nBody.", true), "Title", "Body.",
       {": UTF-16BE text converted to UTF-8"}},
      {"utf-16 non-ascii and surrogate pair", "a.txt",
       std::string("\xFF\xFE" "T\0\n\0\xE9\0" "=\xD8\x00\xDE", 12), "T", "\xC3\xA9\xF0\x9F\x98\x80",
       {": UTF-16LE text converted to UTF-8"}},
      {"utf-16 unpaired surrogate", "a.txt", std::string("\xFF\xFET\0\n\0\x00\xD8x\0", 10), "T",
       kFffd + "x",
       {": UTF-16LE text converted to UTF-8",
        ":2: not valid UTF-16LE at byte 6; 1 invalid sequence replaced with U+FFFD"}},
      {"utf-32 refused", "a.txt", std::string("\xFF\xFE\0\0T\0\0\0", 8), "", "",
       {": UTF-32 text is not supported (convert it to UTF-8); skipped"}},
  };
  for (const FileCase& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    std::string path = dir.Write(c.file_name, c.bytes);
    ReadResult result = ReadPaths({path});
    ASSERT_TRUE(result.status.ok()) << result.status.message();
    if (c.text.empty()) {
      EXPECT_THAT(result.documents, IsEmpty());
      EXPECT_EQ(result.counts.files_skipped, 1u);
    } else {
      ASSERT_EQ(result.documents.size(), 1u);
      EXPECT_EQ(result.documents[0].source, path);
      EXPECT_EQ(result.documents[0].title, c.title);
      EXPECT_EQ(result.documents[0].text, c.text);
      EXPECT_EQ(result.counts.files_read, 1u);
    }
    std::vector<std::string> expected;
    for (const std::string& warning : c.warnings) expected.push_back(path + warning);
    EXPECT_EQ(result.warnings, expected);
  }
}

TEST(ReaderTest, JsonLinesSkipBrokenLinesAndGoOn) {
  TempDir dir;
  std::string path = dir.Write(
      "news.jsonl",
      "{\"text\": \"First article.\", \"title\": \"One\", \"date\": \"2024-12-02\", \"url\": \"https://x/1\"}\n"
      "{\"text\": \"broken\n"
      "\n"
      "{\"title\": \"no text\"}\n"
      "[1, 2]\n"
      "{\"text\": \"Third\\r\\nline.\", \"title\": null}\n"
      "{\"text\": \"x\", \"date\": 2024}\n"
      "{\"text\": \"nul \\u0000 inside\"}\n"
      "{\"text\": \"   \"}\n"
      "{\"text\": \"bad \xC3\x28\"}\n"
      "{\"text\": \"\"}\n");
  ReadResult result = ReadPaths({path});
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(result.documents.size(), 4u);
  EXPECT_EQ(result.documents[0].source, path + ":1");
  EXPECT_EQ(result.documents[0].title, "One");
  EXPECT_EQ(result.documents[0].date, "2024-12-02");
  EXPECT_EQ(result.documents[0].url, "https://x/1");
  EXPECT_EQ(result.documents[0].text, "First article.");
  EXPECT_EQ(result.documents[1].source, path + ":6");
  EXPECT_EQ(result.documents[1].title, "");
  EXPECT_EQ(result.documents[1].text, "Third\nline.");
  EXPECT_EQ(result.documents[2].source, path + ":8");
  EXPECT_EQ(result.documents[2].text, "nul  inside");
  EXPECT_EQ(result.documents[3].source, path + ":10");
  EXPECT_EQ(result.documents[3].text, "bad \xEF\xBF\xBD(");
  EXPECT_THAT(result.warnings,
              ElementsAre(path + ":2: invalid JSON at column 17: syntax error while parsing "
                                 "value - invalid string: missing closing quote; last read: "
                                 "'\"broken'; skipped",
                          path + ":4: missing \"text\" (a string); skipped",
                          path + ":5: expected a JSON object with a \"text\" field; skipped",
                          path + ":7: \"date\" must be a string; skipped",
                          path + ":8: 1 NUL byte removed",
                          path + ":9: \"text\": only white space; skipped",
                          path + ":10: not valid UTF-8 at byte 14 of the line; 1 invalid "
                                 "sequence replaced with U+FFFD",
                          path + ":11: \"text\": empty (0 bytes); skipped"));
  EXPECT_EQ(result.counts.lines_skipped, 6u);
  EXPECT_EQ(result.counts.repaired, 2u);
  EXPECT_EQ(result.counts.files_read, 1u);
}

// A JSON line far over the article limit is read past without being held,
// and the lines after it are still read and numbered right.
TEST(ReaderTest, JsonLineOverTheLimitIsSkipped) {
  TempDir dir;
  std::string path = dir.Write("big.jsonl", "{\"text\": \"" + std::string(3u << 20, 'x') +
                                                "\"}\n{\"text\": \"After the big one.\"}\n");
  ReadResult result = ReadPaths({path});
  ASSERT_EQ(result.documents.size(), 1u);
  EXPECT_EQ(result.documents[0].source, path + ":2");
  EXPECT_THAT(result.warnings,
              ElementsAre(path + ":1: larger than the article limit of 512 KiB; skipped"));
  EXPECT_EQ(result.counts.too_large, 1u);
}

TEST(ReaderTest, EmptyJsonLinesFiles) {
  TempDir dir;
  std::string empty = dir.Write("empty.jsonl", "");
  std::string blank = dir.Write("blank.jsonl", "\n  \n");
  std::string utf16 = dir.Write("wide.jsonl", Utf16("{\"text\": \"x\"}\n", false));
  ReadResult result = ReadPaths({empty, blank, utf16});
  EXPECT_THAT(result.documents, IsEmpty());
  EXPECT_THAT(result.warnings,
              ElementsAre(empty + ": empty (0 bytes); skipped",
                          blank + ": only white space; skipped",
                          utf16 + ": UTF-16 JSON lines are not supported (convert the file to "
                                  "UTF-8); skipped"));
  EXPECT_EQ(result.counts.files_skipped, 3u);
}

TEST(ReaderTest, JsonLinesCapWarningsPerFile) {
  TempDir dir;
  std::string bytes = "\xEF\xBB\xBF{\"text\": \"Good.\"}\n";
  for (int i = 0; i < 15; ++i) bytes += "not json\n";
  std::string path = dir.Write("many.jsonl", bytes);
  ReaderOptions options;
  options.max_line_warnings_per_file = 3;
  ReadResult result = ReadPaths({path}, options);
  ASSERT_EQ(result.documents.size(), 1u);
  EXPECT_EQ(result.documents[0].text, "Good.");
  ASSERT_EQ(result.warnings.size(), 4u);
  EXPECT_THAT(result.warnings[0], HasSubstr(path + ":2: invalid JSON"));
  EXPECT_EQ(result.warnings[3], path + ": 12 more broken lines skipped");
  EXPECT_EQ(result.counts.lines_skipped, 15u);
}

TEST(ReaderTest, JsonLinesCapRepairWarningsPerFile) {
  TempDir dir;
  std::string bytes;
  for (int i = 0; i < 5; ++i) bytes += "{\"text\": \"Caf\xE9 " + std::to_string(i) + "\"}\n";
  std::string path = dir.Write("latin1.jsonl", bytes);
  ReaderOptions options;
  options.max_line_warnings_per_file = 2;
  ReadResult result = ReadPaths({path}, options);
  EXPECT_EQ(result.documents.size(), 5u);
  const std::string note =
      ": not valid UTF-8 at byte 13 of the line; 1 invalid sequence replaced with U+FFFD";
  EXPECT_THAT(result.warnings,
              ElementsAre(path + ":1" + note, path + ":2" + note,
                          path + ": 3 more repairs (invalid UTF-8 or NUL bytes) not shown"));
  EXPECT_EQ(result.counts.repaired, 5u);
}

TEST(ReaderTest, BinaryJsonLinesFileIsSkippedWhole) {
  TempDir dir;
  std::string path = dir.Write("blob.jsonl", std::string("\x1f\x8b\x08\0\0\0\n\0\n\0\n", 11));
  ReadResult result = ReadPaths({path});
  EXPECT_THAT(result.documents, IsEmpty());
  EXPECT_THAT(result.warnings, ElementsAre(path + ": binary file (contains NUL bytes); skipped"));
  EXPECT_EQ(result.counts.files_skipped, 1u);
}

TEST(ReaderTest, FolderIsReadRecursivelyInSortedOrder) {
  TempDir dir;
  dir.Write("b.txt", "B\nb.");
  dir.Write("a/z.txt", "Z\nz.");
  dir.Write("a/b.md", "# AB\nab.");
  dir.Write("Z.txt", "Upper\nupper.");
  dir.Write("c.jsonl", "{\"text\": \"c1\"}\n{\"text\": \"c2\"}\n");
  dir.Write("ignored.csv", "x,y\n");
  dir.Write(".hidden.txt", "H\nhidden.");
  dir.Write(".git/config.txt", "G\ngit.");
  ReadResult result = ReadPaths({dir.path()});
  ASSERT_TRUE(result.status.ok());
  EXPECT_THAT(result.Sources(dir.path() + "/"),
              ElementsAre("Z.txt", "a/b.md", "a/z.txt", "b.txt", "c.jsonl:1", "c.jsonl:2"));
  EXPECT_THAT(result.warnings, IsEmpty());
  EXPECT_EQ(result.counts.files_read, 5u);
  EXPECT_EQ(result.counts.documents, 6u);

  // The same order on a second run: runs are deterministic.
  EXPECT_EQ(ReadPaths({dir.path()}).Sources(""), result.Sources(""));
}

TEST(ReaderTest, SymlinkLoopEnds) {
  TempDir dir;
  dir.Write("news/a.txt", "A\na.");
  dir.Write("news/sub/b.txt", "B\nb.");
  fs::create_directory_symlink("..", fs::path(dir.path()) / "news/sub/loop");
  fs::create_directory_symlink(fs::path(dir.path()) / "news", fs::path(dir.path()) / "news/self");
  const std::string news = dir.path() + "/news";
  ReadResult result = ReadPaths({news});
  ASSERT_TRUE(result.status.ok());
  EXPECT_THAT(result.Sources(news + "/"), ElementsAre("a.txt", "sub/b.txt"));
  EXPECT_THAT(result.warnings,
              ElementsAre(news + "/self: symbolic link loop (leads back to " + news + "); skipped",
                          news + "/sub/loop: symbolic link loop (leads back to " + news +
                              "); skipped"));
}

TEST(ReaderTest, SecondLinkToAFolderIsReadOnce) {
  TempDir dir;
  dir.Write("a/x.txt", "X\nx.");
  fs::create_directory_symlink(fs::path(dir.path()) / "a", fs::path(dir.path()) / "b");
  ReadResult result = ReadPaths({dir.path()});
  EXPECT_THAT(result.Sources(dir.path() + "/"), ElementsAre("a/x.txt"));
  EXPECT_THAT(result.warnings, ElementsAre(dir.path() + "/b: directory already read (as " +
                                           dir.path() + "/a); skipped"));
}

TEST(ReaderTest, MissingAndDanglingPathsAreWarnings) {
  TempDir dir;
  std::string good = dir.Write("good.txt", "Good\ngood.");
  std::string missing = dir.path() + "/missing.txt";
  std::string dangling = dir.path() + "/dangling.txt";
  fs::create_symlink(dir.path() + "/nowhere.txt", dangling);
  ReadResult result = ReadPaths({missing, good, dangling});
  ASSERT_TRUE(result.status.ok());
  EXPECT_THAT(result.Sources(""), ElementsAre(good));
  EXPECT_THAT(result.warnings, ElementsAre(missing + ": No such file or directory; skipped",
                                           dangling + ": dangling symbolic link; skipped"));
}

// Paths that cannot be read even by root: each is one warning, and the
// good file among them is still read.
TEST(ReaderTest, UnreadablePathsAreWarnings) {
  TempDir dir;
  std::string good = dir.Write("good.txt", "Good\ngood.");
  std::string self_link = dir.path() + "/self.txt";
  fs::create_symlink(self_link, self_link);
  std::vector<std::string> paths = {self_link, good + "/", good};
  std::vector<std::string> expected = {
      self_link + ": Too many levels of symbolic links; skipped",
      good + "/: Not a directory; skipped",
  };
  // /proc/self/mem opens as a regular file, but reading its first page
  // fails with EIO for every user.
  const bool have_proc = ::access("/proc/self/mem", R_OK) == 0;
  if (have_proc) {
    paths.insert(paths.begin(), "/proc/self/mem");
    expected.insert(expected.begin(), "/proc/self/mem: read failed: Input/output error; skipped");
  }
  ReadResult result = ReadPaths(paths);
  ASSERT_TRUE(result.status.ok());
  EXPECT_THAT(result.Sources(""), ElementsAre(good));
  EXPECT_EQ(result.warnings, expected);
  EXPECT_EQ(result.counts.files_skipped, expected.size());
}

TEST(ReaderTest, UnreadableFileIsSkipped) {
  TempDir dir;
  std::string secret = dir.Write("secret.txt", "Secret\nsecret.");
  dir.Write("z.txt", "Z\nz.");
  ASSERT_EQ(::chmod(secret.c_str(), 0), 0);
  if (::access(secret.c_str(), R_OK) == 0) {
    GTEST_SKIP() << "permissions are not enforced for this user (root)";
  }
  ReadResult result = ReadPaths({dir.path()});
  EXPECT_THAT(result.Sources(dir.path() + "/"), ElementsAre("z.txt"));
  EXPECT_THAT(result.warnings, ElementsAre(secret + ": cannot open: Permission denied; skipped"));
}

TEST(ReaderTest, FifoIsSkippedWithoutBlocking) {
  TempDir dir;
  std::string fifo = dir.path() + "/pipe.txt";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  dir.Write("z.txt", "Z\nz.");
  // Named in a folder and named explicitly: neither may wait for a writer.
  ReadResult result = ReadPaths({dir.path(), fifo});
  EXPECT_THAT(result.Sources(dir.path() + "/"), ElementsAre("z.txt"));
  EXPECT_THAT(result.warnings, ElementsAre(fifo + ": a FIFO, not a regular file; skipped",
                                           fifo + ": a FIFO, not a regular file; skipped"));
}

TEST(ReaderTest, StdinIsOneArticle) {
  std::istringstream in("Stdin title\nLine one. Line two.\n");
  ReaderOptions options;
  options.stdin_stream = &in;
  ReadResult result = ReadPaths({"-"}, options);
  ASSERT_EQ(result.documents.size(), 1u);
  EXPECT_EQ(result.documents[0].source, "<stdin>");
  EXPECT_EQ(result.documents[0].title, "Stdin title");
  EXPECT_EQ(result.documents[0].text, "Line one. Line two.");

  std::istringstream empty("");
  options.stdin_stream = &empty;
  EXPECT_THAT(ReadPaths({"-"}, options).warnings, ElementsAre("<stdin>: empty (0 bytes); skipped"));

  std::istringstream latin1("Caf\xE9\n");
  options.stdin_stream = &latin1;
  EXPECT_THAT(ReadPaths({"-"}, options).warnings,
              ElementsAre("<stdin>:1: not valid UTF-8 at byte 3; 1 invalid sequence replaced with "
                          "U+FFFD"));
}

TEST(ReaderTest, OversizedArticleIsSkipped) {
  TempDir dir;
  std::string path = dir.Write("big.txt", "Big\n" + std::string(100, 'x'));
  ReaderOptions options;
  options.max_article_bytes = 50;
  ReadResult result = ReadPaths({path}, options);
  EXPECT_THAT(result.documents, IsEmpty());
  EXPECT_THAT(result.warnings,
              ElementsAre(path + ": larger than the article limit of 50 bytes; skipped"));
  EXPECT_EQ(result.counts.too_large, 1u);

  std::istringstream in("Big\n" + std::string(100, 'x'));
  options.stdin_stream = &in;
  EXPECT_THAT(ReadPaths({"-"}, options).warnings,
              ElementsAre("<stdin>: larger than the article limit of 50 bytes; skipped"));
}

TEST(ReaderTest, FormatBytes) {
  EXPECT_EQ(FormatBytes(1), "1 byte");
  EXPECT_EQ(FormatBytes(50), "50 bytes");
  EXPECT_EQ(FormatBytes(1024), "1 KiB");
  EXPECT_EQ(FormatBytes(1536), "1536 bytes");
  EXPECT_EQ(FormatBytes(size_t{1} << 20), "1 MiB");
  EXPECT_EQ(FormatBytes(size_t{16} << 20), "16 MiB");
}

TEST(ReaderTest, VisitorErrorStopsTheRead) {
  TempDir dir;
  dir.Write("a.txt", "A\na.");
  dir.Write("b.txt", "B\nb.");
  Reader reader;
  int seen = 0;
  Status status = reader.Read({dir.path()}, [&](Document&&) {
    ++seen;
    return Status::IOError("disk full");
  });
  EXPECT_EQ(status.message(), "disk full");
  EXPECT_EQ(seen, 1);
}

TEST(ReaderTest, WarningsAreStreamedAsFound) {
  TempDir dir;
  std::string empty = dir.Write("a.txt", "");
  std::vector<std::string> streamed;
  Reader reader({}, [&](const std::string& warning) { streamed.push_back(warning); });
  ASSERT_TRUE(reader.Read({empty}, [](Document&&) { return Status::Ok(); }).ok());
  EXPECT_THAT(streamed, ElementsAre(empty + ": empty (0 bytes); skipped"));
  EXPECT_EQ(streamed, reader.warnings());
}

struct Utf8Case {
  const char* name;
  std::string bytes;
  size_t invalid_at;
};

TEST(FindInvalidUtf8Test, AcceptsOnlyWellFormedSequences) {
  constexpr size_t kValid = std::string_view::npos;
  const Utf8Case cases[] = {
      {"ascii", "plain", kValid},
      {"two to four bytes", "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", kValid},
      {"max code point", "\xF4\x8F\xBF\xBF", kValid},
      {"lone continuation", "a\x80", 1},
      {"overlong slash", "\xC0\xAF", 0},
      {"overlong three bytes", "ab\xE0\x80\xAF", 2},
      {"surrogate", "\xED\xA0\x80", 0},
      {"past U+10FFFF", "\xF4\x90\x80\x80", 0},
      {"truncated", "x\xE2\x82", 1},
      {"bad continuation", "\xE2\x28\xA1", 0},
      {"invalid lead byte", "\xFF", 0},
  };
  for (const Utf8Case& c : cases) {
    EXPECT_EQ(FindInvalidUtf8(c.bytes), c.invalid_at) << c.name;
  }
}

}  // namespace
}  // namespace kg::ingest
