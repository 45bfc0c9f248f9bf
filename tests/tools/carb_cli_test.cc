// End-to-end tests of `kg extract --carb`: the real binary on small
// sentence files, checking its exit status, its tuples and its messages.
// Tests that need the language models skip when they do not load.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/language/analyzer.h"

#include "tests/tools/cli_testlib.h"

namespace {

using kg::cli_test::Quote;

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::stringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

bool ModelsLoad(std::string* why) {
  auto analyzer = kg::ingest::Analyzer::LoadDefault();
  if (!analyzer.ok()) *why = analyzer.status().message();
  return analyzer.ok();
}

class CarbCliTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("carb_cli_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  RunResult Kg(const std::string& args) {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string command = "cd " + Quote(dir_.string()) + " && " +
                                Quote(std::string(KG_BINARY_DIR) + "/kg") + " " + args +
                                " < /dev/null > " + Quote(out.string()) + " 2> " + Quote(err.string());
    RunResult result;
    const int status = std::system(command.c_str());
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = ReadAll(out);
    result.err = ReadAll(err);
    return result;
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  fs::path dir_;
};

#define SKIP_WITHOUT_MODELS()                                       \
  do {                                                              \
    std::string why;                                                \
    if (!ModelsLoad(&why)) GTEST_SKIP() << "models missing: " << why; \
  } while (false)

TEST_F(CarbCliTest, HelpListsExtract) {
  RunResult result = Kg("--help");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("extract"), std::string::npos) << result.out;
}

// "Iran backed Assad ." gives (backed; Iran; Assad) in CaRB's columns.
TEST_F(CarbCliTest, PrintsTheClauseAsSurfaceTuple) {
  SKIP_WITHOUT_MODELS();
  const std::string input = WriteFile("sentences.txt", "Iran backed Assad .\n");
  RunResult result = Kg("extract --carb " + Quote(input));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  bool found = false;
  for (const std::string& line : Split(result.out, '\n')) {
    const std::vector<std::string> fields = Split(line, '\t');
    ASSERT_GE(fields.size(), 4u) << line;
    EXPECT_EQ(fields[0], "Iran backed Assad .");
    const double confidence = std::stod(fields[1]);
    EXPECT_GT(confidence, 0.0);
    EXPECT_LE(confidence, 1.0);
    if (fields.size() >= 5 && fields[2] == "backed" && fields[3] == "Iran" && fields[4] == "Assad") {
      found = true;
    }
  }
  EXPECT_TRUE(found) << result.out;
  EXPECT_NE(result.err.find("from 1 sentences"), std::string::npos) << result.err;
}

// PTB escapes are read as what they stand for but printed as given, and
// phrases are the input's own tokens.
TEST_F(CarbCliTest, KeepsTheInputSentenceAndTokens) {
  SKIP_WITHOUT_MODELS();
  const std::vector<std::string> sentences = {
      "The company said its revenue rose 5 % in 2019 .",
      "Ms. Okafor -LRB- a farmer -RRB- found `` a gap '' under the fence .",
  };
  const std::string input = WriteFile("sentences.txt", sentences[0] + "\n\n" + sentences[1] + "\n");
  const fs::path output = dir_ / "tuples.tsv";
  RunResult result = Kg("extract --carb " + Quote(input) + " -o " + Quote(output.string()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
  std::vector<bool> seen(sentences.size(), false);
  bool rose = false;
  for (const std::string& line : Split(ReadAll(output), '\n')) {
    const std::vector<std::string> fields = Split(line, '\t');
    ASSERT_GE(fields.size(), 4u) << line;
    size_t which = sentences.size();
    for (size_t s = 0; s < sentences.size(); ++s) {
      if (fields[0] == sentences[s]) which = s;
    }
    ASSERT_LT(which, sentences.size()) << "sentence not as given: " << fields[0];
    seen[which] = true;
    // Every word of a relation or argument is a token of the input, but
    // for the implied relations of appositions and possessives.
    const std::vector<std::string> tokens = Split(sentences[which], ' ');
    const bool implied = fields[2] == "be" || fields[2] == "has";
    for (size_t f = implied ? 3 : 2; f < fields.size(); ++f) {
      for (const std::string& word : Split(fields[f], ' ')) {
        EXPECT_NE(std::find(tokens.begin(), tokens.end(), word), tokens.end())
            << "'" << word << "' is not in: " << sentences[which];
      }
    }
    if (fields[2].find("rose") != std::string::npos && fields[3] == "its revenue") rose = true;
  }
  EXPECT_TRUE(seen[0] && seen[1]) << ReadAll(output);
  EXPECT_TRUE(rose) << "open argument 'its revenue' missing:\n" << ReadAll(output);
}

TEST_F(CarbCliTest, MissingFileIsAOneLineError) {
  RunResult result = Kg("extract --carb no_such_file.txt");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "kg: no_such_file.txt: cannot open\n");
  EXPECT_TRUE(result.out.empty());
}

TEST_F(CarbCliTest, EmptyFileIsAOneLineError) {
  SKIP_WITHOUT_MODELS();
  const std::string input = WriteFile("empty.txt", "\n  \n");
  RunResult result = Kg("extract --carb " + Quote(input));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("empty.txt: no sentence to read"), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

// A line that is not UTF-8 is skipped with a warning naming it; the rest
// is extracted.
TEST_F(CarbCliTest, InvalidUtf8LineIsSkippedByName) {
  SKIP_WITHOUT_MODELS();
  const std::string input = WriteFile("mixed.txt", "Iran backed Assad .\nBad \xff\xfe line .\n");
  RunResult result = Kg("extract --carb " + Quote(input));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("mixed.txt:2: invalid UTF-8 at byte 4; line skipped"), std::string::npos)
      << result.err;
  EXPECT_NE(result.out.find("Iran backed Assad .\t"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("Bad"), std::string::npos) << result.out;
}

TEST_F(CarbCliTest, OnlyBadLinesFail) {
  SKIP_WITHOUT_MODELS();
  const std::string input = WriteFile("bad.txt", "\xc3\x28 .\n");
  RunResult result = Kg("extract --carb " + Quote(input));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("bad.txt: no line could be read (1 skipped)"), std::string::npos) << result.err;
}

}  // namespace
