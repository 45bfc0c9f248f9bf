// `kg ingest` on hostile and broken inputs: the real binary, one input kind
// per row. Each problem is one exact line on stderr naming the file (and
// line), the run exits non-zero only when nothing at all could be read, the
// good inputs beside the bad ones are stored, and nothing hangs: every run
// is under `timeout`.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/ingest/hostile_text_testlib.h"
#include "tests/tools/cli_testlib.h"

namespace {

using kg::cli_test::Quote;
using kg::cli_test::RunShell;

namespace fs = std::filesystem;

struct IngestRun {
  int exit_code = -1;
  std::vector<std::string> errors;  // stderr, one entry per line
  std::string summary;              // stdout, with the run time as "Xs"
};

using kg::testing_text::CoordinatedNames;
using kg::testing_text::Repeat;

class HostileInputsTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("kg_hostile_" + std::to_string(::getpid()) + "_" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    in_ = (dir_ / "in").string();
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_ / "in", fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }

 public:
  // Writes `bytes` to `name` in the input folder; returns its path.
  std::string Write(const std::string& name, const std::string& bytes) const {
    const fs::path path = fs::path(in_) / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  // Runs `kg ingest ARGS` on a fresh store, with "$D" in ARGS meaning the
  // input folder.
  IngestRun Ingest(const std::string& args) const {
    const std::string out = (dir_ / "stdout").string();
    const std::string err = (dir_ / "stderr").string();
    fs::remove_all(dir_ / "kg.db");
    RunShell("cd " + Quote(KG_SOURCE_DIR) + " && HOME=" + Quote(dir_.string()) + " timeout 120 " +
             Quote(std::string(KG_BINARY_DIR) + "/kg") + " ingest --db " +
             Quote((dir_ / "kg.db").string()) + " " + Expand(args) + " < /dev/null > " +
             Quote(out) + " 2> " + Quote(err) + "; echo $? > " + Quote(out + ".status"));
    IngestRun run;
    const std::string status = ReadAll(out + ".status");
    run.exit_code = status.empty() ? -1 : std::atoi(status.c_str());
    std::istringstream lines(ReadAll(err));
    for (std::string line; std::getline(lines, line);) run.errors.push_back(line);
    run.summary = std::regex_replace(ReadAll(out), std::regex(" in [0-9.]+s"), " in Xs");
    return run;
  }

  std::string Expand(std::string text) const {
    for (size_t at = text.find("$D"); at != std::string::npos; at = text.find("$D", at)) {
      text.replace(at, 2, in_);
    }
    return text;
  }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  fs::path dir_;
  std::string in_;
};

constexpr char kNoExtractor[] =
    "no extractor is configured: articles and sentences stored, no triples";

struct InputCase {
  const char* name;
  std::function<void(HostileInputsTest&)> make;  // writes the inputs
  std::string args;                              // after `kg ingest --db STORE`
  int exit_code;
  std::vector<std::string> errors;  // stderr lines, exactly ("$D": the input folder)
  std::string summary;              // stdout, exactly
};

// Runs each row in a fresh input folder with the split-only pipeline, so
// that no models are loaded: these rows are about reading.
TEST_F(HostileInputsTest, EachInputKindGetsOneExactMessage) {
  const std::string good = "Good news\nIran backs Assad.\n";
  const InputCase cases[] = {
      {"0-byte file",
       [](auto& t) { t.Write("zero.txt", ""); },
       "$D/zero.txt",
       1,
       {kNoExtractor, "$D/zero.txt: empty (0 bytes); skipped",
        "kg: no article could be read from $D/zero.txt (1 problem reported)"},
       ""},
      {"empty file (only white space)",
       [](auto& t) { t.Write("blank.txt", " \n\t\n\n"); },
       "$D/blank.txt",
       1,
       {kNoExtractor, "$D/blank.txt: only white space; skipped",
        "kg: no article could be read from $D/blank.txt (1 problem reported)"},
       ""},
      {"invalid UTF-8 is replaced and reported",
       [](auto& t) { t.Write("latin1.txt", "Caf\xE9 news\nM\xFCller backs Assad.\n"); },
       "$D/latin1.txt",
       0,
       {kNoExtractor,
        "$D/latin1.txt:1: not valid UTF-8 at byte 3; 2 invalid sequences replaced with U+FFFD"},
       "ingested 1 articles (0 skipped as duplicates, 1 with warnings): 1 sentences, 0 triples "
       "in Xs; repaired 1 text (invalid UTF-8 or NUL bytes)\n"},
      {"UTF-16 with a byte-order mark is converted",
       [](auto& t) {
         std::string bytes = "\xFF\xFE";
         for (char c : std::string("Wide news\r\nIran backs Assad.\r\n")) bytes += {c, '\0'};
         t.Write("wide.txt", bytes);
       },
       "$D/wide.txt",
       0,
       {kNoExtractor, "$D/wide.txt: UTF-16LE text converted to UTF-8"},
       "ingested 1 articles (0 skipped as duplicates, 1 with warnings): 1 sentences, 0 triples "
       "in Xs; converted 1 text from UTF-16\n"},
      {"NUL bytes are removed",
       [](auto& t) {
         t.Write("nul.txt", std::string("Title\nIran\0 backs Assad, a stray\0 byte said.\n", 45));
       },
       "$D/nul.txt",
       0,
       {kNoExtractor, "$D/nul.txt:2: 2 NUL bytes removed"},
       "ingested 1 articles (0 skipped as duplicates, 1 with warnings): 1 sentences, 0 triples "
       "in Xs; repaired 1 text (invalid UTF-8 or NUL bytes)\n"},
      {"binary file",
       [](auto& t) { t.Write("blob.txt", std::string("\x1f\x8b\x08\0\0\0\0\0", 8)); },
       "$D/blob.txt",
       1,
       {kNoExtractor, "$D/blob.txt: binary file (contains NUL bytes); skipped",
        "kg: no article could be read from $D/blob.txt (1 problem reported)"},
       ""},
      {"JSON lines with one broken line",
       [](auto& t) {
         t.Write("news.jsonl",
                 "{\"text\": \"Iran backs Assad.\"}\n{oops\n{\"text\": \"Russia backs Assad.\"}\n");
       },
       "$D/news.jsonl",
       0,
       {kNoExtractor,
        "$D/news.jsonl:2: invalid JSON at column 2: syntax error while parsing object key - "
        "invalid literal; last read: '{o'; expected string literal; skipped"},
       "ingested 2 articles (0 skipped as duplicates, 1 with warnings): 2 sentences, 0 triples "
       "in Xs\n"},
      {"FIFO is refused without waiting for a writer",
       [good](auto& t) {
         ASSERT_EQ(::mkfifo((t.in_ + "/pipe.txt").c_str(), 0600), 0);
         t.Write("good.txt", good);
       },
       "$D/pipe.txt $D",
       0,
       {kNoExtractor, "$D/pipe.txt: a FIFO, not a regular file; skipped",
        "$D/pipe.txt: a FIFO, not a regular file; skipped"},
       "ingested 1 articles (0 skipped as duplicates, 2 with warnings): 1 sentences, 0 triples "
       "in Xs\n"},
      {"directory loop through symbolic links",
       [good](auto& t) {
         t.Write("news/good.txt", good);
         fs::create_directory_symlink("..", t.in_ + "/news/up");
       },
       "$D",
       0,
       {kNoExtractor, "$D/news/up: symbolic link loop (leads back to $D); skipped"},
       "ingested 1 articles (0 skipped as duplicates, 1 with warnings): 1 sentences, 0 triples "
       "in Xs\n"},
      {"dangling and self-referring links, a file used as a folder",
       [good](auto& t) {
         t.Write("good.txt", good);
         fs::create_symlink(t.in_ + "/gone.txt", t.in_ + "/dangling.txt");
         fs::create_symlink(t.in_ + "/self.txt", t.in_ + "/self.txt");
       },
       "$D/dangling.txt $D/self.txt $D/good.txt/ $D/good.txt",
       0,
       {kNoExtractor, "$D/dangling.txt: dangling symbolic link; skipped",
        "$D/self.txt: Too many levels of symbolic links; skipped",
        "$D/good.txt/: Not a directory; skipped"},
       "ingested 1 articles (0 skipped as duplicates, 3 with warnings): 1 sentences, 0 triples "
       "in Xs\n"},
  };
  for (const InputCase& c : cases) {
    SCOPED_TRACE(c.name);
    fs::remove_all(in_);
    fs::create_directories(in_);
    c.make(*this);
    IngestRun run = Ingest(c.args + " --stages split");
    EXPECT_EQ(run.exit_code, c.exit_code);
    std::vector<std::string> expected;
    for (const std::string& line : c.errors) expected.push_back(Expand(line));
    EXPECT_EQ(run.errors, expected);
    EXPECT_EQ(run.summary, c.summary);
  }
}

// 100 MB on one line: read no further than the article limit, skipped and
// counted, and the good article beside it is stored. Writing the file is
// most of the test's time; analysing it would be minutes.
TEST_F(HostileInputsTest, HundredMegabyteLineIsSkippedQuickly) {
  {
    std::ofstream big(in_ + "/big.txt", std::ios::binary);
    const std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) big << chunk;
  }
  ASSERT_EQ(fs::file_size(in_ + "/big.txt"), 100u << 20);
  Write("good.txt", "Good news\nIran backs Assad.\n");
  IngestRun run = Ingest("$D --stages split");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(
      run.errors,
      (std::vector<std::string>{
          kNoExtractor, Expand("$D/big.txt: larger than the article limit of 512 KiB; skipped")}));
  EXPECT_EQ(run.summary,
            "ingested 1 articles (0 skipped as duplicates, 1 with warnings): 1 sentences, 0 "
            "triples in Xs; skipped 1 article over 512 KiB\n");
}

// Text that is not prose, through the full default pipeline (one run, so
// the models load once): each sentence over the token limit and each
// overlong name is one exact line, and the summary counts them.
TEST_F(HostileInputsTest, AnalysisLimitsAreReportedAndCounted) {
  Write("a_good.txt", "Good news\nIran supports Hezbollah.\n");
  Write("b_coordinated.txt", "Names\n" + CoordinatedNames(10000) + " support Assad.\n");
  Write("c_parentheses.txt",
        "Brackets\n" + Repeat("(", 10000) + "Iran" + Repeat(")", 10000) + " backs Assad.\n");
  Write("d_quotes.txt",
        "Quotes\n" + Repeat("\"'", 5000) + "Iran backs Assad." + Repeat("'\"", 5000) + "\n");
  Write("e_long_name.txt", "Name\nThe X" + std::string(99999, 'y') + " supports Iran.\n");
  IngestRun run = Ingest("$D --threads 2");
  EXPECT_EQ(run.exit_code, 0);
  const std::string limit = ": 1 sentence over the limit of 250 tokens not analysed (sentence 1, ";
  EXPECT_EQ(
      run.errors,
      (std::vector<std::string>{
          Expand("$D/b_coordinated.txt" + limit +
                 "20002 tokens: \"Name0, Name1, Name2, Name3, Name4, Name5...\")"),
          Expand("$D/c_parentheses.txt" + limit + "20004 tokens: \"" + Repeat("(", 40) + "...\")"),
          Expand("$D/d_quotes.txt" + limit + "20004 tokens: \"" + Repeat("\"'", 20) + "...\")"),
          Expand("$D/e_long_name.txt: 1 triple dropped: a name of 100000 bytes is over the "
                 "limit of 256 (\"X" +
                 std::string(39, 'y') + "...\")"),
      }));
  EXPECT_EQ(run.summary.substr(run.summary.find(" in Xs")),
            " in Xs; skipped 3 sentences over 250 tokens, 1 triple with a name over 256 bytes\n");
}

// The limits can be set on the command line; the messages quote them.
TEST_F(HostileInputsTest, LimitsFollowTheCommandLine) {
  Write("a_long.txt", "Long\n" + std::string(3000, 'w') + "\n");
  Write("b_sentence.txt", "Short\nIran , Iraq , Syria and Lebanon support Hezbollah.\n");
  IngestRun run = Ingest("$D --max-article-bytes 2048 --max-sentence-tokens 8");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.errors,
            (std::vector<std::string>{
                Expand("$D/a_long.txt: larger than the article limit of 2 KiB; skipped"),
                Expand("$D/b_sentence.txt: 1 sentence over the limit of 8 tokens not analysed "
                       "(sentence 1, 10 tokens: \"Iran , Iraq , Syria and Lebanon support...\")"),
            }));
  EXPECT_EQ(run.summary.substr(run.summary.find(" in Xs")),
            " in Xs; skipped 1 article over 2 KiB, 1 sentence over 8 tokens\n");
}

// chmod 000 stops every user but root; as root the case cannot be made.
TEST_F(HostileInputsTest, UnreadableFileIsSkipped) {
  const std::string secret = Write("secret.txt", "Secret\nIran backs Assad.\n");
  Write("z.txt", "Z\nRussia backs Assad.\n");
  ASSERT_EQ(::chmod(secret.c_str(), 0), 0);
  if (::access(secret.c_str(), R_OK) == 0) {
    GTEST_SKIP() << "this user (root) can read a mode-000 file";
  }
  IngestRun run = Ingest("$D --stages split");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.errors, (std::vector<std::string>{
                            kNoExtractor, secret + ": cannot open: Permission denied; skipped"}));
}

// /proc/self/mem is a regular file whose first page cannot be read, by root
// or anyone: a read error after a successful open.
TEST_F(HostileInputsTest, ReadErrorIsSkipped) {
  if (::access("/proc/self/mem", R_OK) != 0) GTEST_SKIP() << "no /proc here";
  Write("good.txt", "Good news\nIran backs Assad.\n");
  IngestRun run = Ingest("/proc/self/mem $D --stages split");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.errors,
            (std::vector<std::string>{kNoExtractor,
                                      "/proc/self/mem: read failed: Input/output error; skipped"}));
}

}  // namespace
