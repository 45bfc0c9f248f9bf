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

struct FileCase {
  const char* name;
  const char* file_name;
  std::string bytes;
  // Expected single article; both empty when the file must be skipped.
  std::string title;
  std::string text;
  std::string warning;  // substring of the one warning; empty for none
};

TEST(ReaderTest, ReadsOrSkipsEachKindOfFile) {
  const FileCase cases[] = {
      {"txt with title", "a.txt", "\n  Headline here \n\nFirst line. Second.\nThird.\n",
       "Headline here", "First line. Second.\nThird.", ""},
      {"markdown heading", "a.md", "## Big News\n\nText *here*.\n", "Big News", "Text *here*.", ""},
      {"one line is title and text", "a.txt", "Only line.", "Only line.", "Only line.", ""},
      {"utf-8 bom stripped", "a.txt", "\xEF\xBB\xBFTitle\nBody.", "Title", "Body.", ""},
      {"crlf becomes lf", "a.txt", "Title\r\nOne.\r\nTwo.\r\n", "Title", "One.\nTwo.", ""},
      {"non-ascii text kept", "a.txt", "Caf\xC3\xA9\nAl\xE2\x80\x99s \xE2\x82\xAC 5.", "Caf\xC3\xA9",
       "Al\xE2\x80\x99s \xE2\x82\xAC 5.", ""},
      {"explicit file of any extension is text", "notes.text", "T\nBody.", "T", "Body.", ""},
      {"empty file", "a.txt", "", "", "", "a.txt: empty; skipped"},
      {"white space only", "a.txt", " \n\t\n", "", "", "a.txt: empty; skipped"},
      {"bom only", "a.txt", "\xEF\xBB\xBF", "", "", "a.txt: empty; skipped"},
      {"binary with nul", "a.txt", std::string("PK\x03\x04\0\0data", 10), "", "",
       "a.txt: binary file (contains NUL bytes); skipped"},
      {"mostly control characters", "a.txt", "\x01\x02\x03\x04\x05\x06 ab", "", "",
       "binary file (mostly control characters)"},
      {"utf-16", "a.txt", std::string("\xFF\xFET\0i\0", 6), "", "", "UTF-16 text is not supported"},
      {"invalid utf-8", "a.txt", "Title\nBad \xC3\x28 byte.", "", "",
       "a.txt: not valid UTF-8 (line 2, byte 10); skipped"},
      {"overlong utf-8", "a.txt", "Title \xC0\xAF", "", "", "not valid UTF-8 (line 1, byte 6)"},
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
    if (c.warning.empty()) {
      EXPECT_THAT(result.warnings, IsEmpty());
    } else {
      ASSERT_EQ(result.warnings.size(), 1u);
      EXPECT_THAT(result.warnings[0], HasSubstr(c.warning));
      EXPECT_TRUE(result.warnings[0].starts_with(path)) << result.warnings[0];
    }
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
      "{\"text\": \"bad \xC3\x28\"}\n");
  ReadResult result = ReadPaths({path});
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(result.documents.size(), 2u);
  EXPECT_EQ(result.documents[0].source, path + ":1");
  EXPECT_EQ(result.documents[0].title, "One");
  EXPECT_EQ(result.documents[0].date, "2024-12-02");
  EXPECT_EQ(result.documents[0].url, "https://x/1");
  EXPECT_EQ(result.documents[0].text, "First article.");
  EXPECT_EQ(result.documents[1].source, path + ":6");
  EXPECT_EQ(result.documents[1].title, "");
  EXPECT_EQ(result.documents[1].text, "Third\nline.");
  EXPECT_THAT(result.warnings,
              ElementsAre(HasSubstr(path + ":2: invalid JSON: "),
                          path + ":4: missing \"text\" (a string); skipped",
                          path + ":5: expected a JSON object with a \"text\" field; skipped",
                          path + ":7: \"date\" must be a string; skipped",
                          path + ":8: \"text\": binary file (contains NUL bytes); skipped",
                          path + ":9: \"text\": empty; skipped",
                          path + ":10: not valid UTF-8 (byte 14 of the line); skipped"));
  EXPECT_EQ(result.counts.lines_skipped, 7u);
  EXPECT_EQ(result.counts.files_read, 1u);
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
  ReadResult result = ReadPaths({dir.path() + "/news"});
  ASSERT_TRUE(result.status.ok());
  EXPECT_THAT(result.Sources(dir.path() + "/news/"), ElementsAre("a.txt", "sub/b.txt"));
  ASSERT_EQ(result.warnings.size(), 2u);
  EXPECT_THAT(result.warnings[0], HasSubstr("self: directory already read (symbolic link loop?); skipped"));
  EXPECT_THAT(result.warnings[1], HasSubstr("sub/loop: directory already read"));
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
  EXPECT_THAT(ReadPaths({"-"}, options).warnings, ElementsAre("<stdin>: empty; skipped"));
}

TEST(ReaderTest, OversizedArticleIsSkipped) {
  TempDir dir;
  std::string path = dir.Write("big.txt", "Big\n" + std::string(100, 'x'));
  ReaderOptions options;
  options.max_article_bytes = 50;
  ReadResult result = ReadPaths({path}, options);
  EXPECT_THAT(result.documents, IsEmpty());
  EXPECT_THAT(result.warnings, ElementsAre(path + ": larger than 50 bytes, not an article; skipped"));
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
  EXPECT_THAT(streamed, ElementsAre(empty + ": empty; skipped"));
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
