// End-to-end tests of kg-carb-score on small hand-made files. Skips when the
// executable has not been built (the test target only depends on kg).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/tools/cli_testlib.h"

namespace {

using kg::cli_test::Quote;

namespace fs = std::filesystem;

class CarbScoreCliTest : public testing::Test {
 protected:
  void SetUp() override {
    binary_ = fs::path(KG_BINARY_DIR) / "kg-carb-score";
    if (!fs::exists(binary_)) GTEST_SKIP() << binary_ << " is not built";
    dir_ = fs::temp_directory_path() /
           ("carb_score_cli_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Runs kg-carb-score ARGS; returns the exit code, stdout and stderr in `output`.
  int Score(const std::string& args, std::string* output) {
    const fs::path out = dir_ / "output.txt";
    const std::string command = "cd " + Quote(dir_.string()) + " && " + Quote(binary_.string()) +
                                " " + args + " > " + Quote(out.string()) + " 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    *output = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  fs::path binary_;
  fs::path dir_;
};

// The worked example of carb_scorer_test.cc, through the files.
TEST_F(CarbScoreCliTest, PrintsTheResultLine) {
  const std::string gold = WriteFile("gold.tsv",
                                     "Iran backed Assad and sent troops .\tbacked\tIran\tAssad\n"
                                     "Iran backed Assad and sent troops .\tsent\tIran\ttroops\n"
                                     "He died .\tdied\tHe\n");
  const std::string system = WriteFile("system.tsv",
                                       "Iran backed Assad and sent troops .\t0.9\tbacked\tIran\tAssad\n"
                                       "Iran backed Assad and sent troops .\t0.5\tsent\tIran\tfighters\n"
                                       "Some other sentence .\t0.7\tx\ty\n");
  std::string output;
  ASSERT_EQ(Score("--gold " + Quote(gold) + " --system " + Quote(system) + " --curve curve.tsv", &output), 0)
      << output;
  EXPECT_NE(output.find("AUC: 0.537\t Optimal (precision, recall, F1): [0.833 0.556 0.667]"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("P 0.833  R 0.556  F1 0.667"), std::string::npos) << output;
  std::ifstream curve(dir_ / "curve.tsv");
  std::string header;
  std::getline(curve, header);
  EXPECT_EQ(header, "Precision\tRecall\tConfidence");
}

TEST_F(CarbScoreCliTest, BadSystemLineNamesFileAndLine) {
  const std::string gold = WriteFile("gold.tsv", "He died .\tdied\tHe\n");
  const std::string system = WriteFile("system.tsv", "He died .\t0.5\tdied\tHe\nHe died .\tsure\tdied\tHe\n");
  std::string output;
  EXPECT_EQ(Score("--gold " + Quote(gold) + " --system " + Quote(system), &output), 1);
  EXPECT_EQ(output, "kg-carb-score: " + system + ":2: confidence 'sure' is not a number\n");
}

TEST_F(CarbScoreCliTest, MissingFileIsNamed) {
  const std::string gold = WriteFile("gold.tsv", "He died .\tdied\tHe\n");
  std::string output;
  EXPECT_EQ(Score("--gold " + Quote(gold) + " --system missing.tsv", &output), 1);
  EXPECT_EQ(output, "kg-carb-score: missing.tsv: cannot open\n");
}

}  // namespace
