// `kg ingest --threads N`: the real binary, run on the samples with one and
// with several analysis threads, must store the same graph.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "tests/tools/cli_testlib.h"

namespace {

using kg::cli_test::Quote;
using kg::cli_test::RunResult;
using kg::cli_test::RunShell;

namespace fs = std::filesystem;

class IngestThreadsTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kg_ingest_threads_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `kg ARGS` from the source tree with no terminal; stderr is kept
  // apart from stdout unless `with_stderr`.
  RunResult Kg(const std::string& args, bool with_stderr = true) {
    const std::string command = "cd " + Quote(KG_SOURCE_DIR) + " && HOME=" + Quote(dir_.string()) +
                                " " + Quote(std::string(KG_BINARY_DIR) + "/kg") + " " + args +
                                " < /dev/null" + (with_stderr ? " 2>&1" : " 2>/dev/null");
    return RunShell(command);
  }

  std::string Store(const std::string& name) const { return Quote((dir_ / name).string()); }

  fs::path dir_;
};

TEST_F(IngestThreadsTest, SameExportForOneAndSeveralThreads) {
  struct Case {
    const char* threads;
    const char* store;
  };
  const Case cases[] = {{"1", "one.db"}, {"2", "two.db"}, {"4", "four.db"}};
  std::string first_export;
  std::string first_summary;
  for (const Case& test : cases) {
    RunResult ingest = Kg("ingest --db " + Store(test.store) + " --threads " + test.threads +
                          " samples/articles");
    ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
    EXPECT_NE(ingest.output.find("ingested 5 articles (0 skipped as duplicates, 0 with warnings)"),
              std::string::npos)
        << ingest.output;
    // The summary's counts, without its time.
    const std::string summary = ingest.output.substr(0, ingest.output.rfind(" in "));
    RunResult exported = Kg("export --db " + Store(test.store), /*with_stderr=*/false);
    ASSERT_EQ(exported.exit_code, 0) << exported.output;
    ASSERT_FALSE(exported.output.empty());
    if (first_export.empty()) {
      first_export = exported.output;
      first_summary = summary;
      continue;
    }
    EXPECT_EQ(exported.output, first_export) << "--threads " << test.threads;
    EXPECT_EQ(summary, first_summary) << "--threads " << test.threads;
  }
}

TEST_F(IngestThreadsTest, RejectsAThreadCountBelowOne) {
  for (const char* bad : {"0", "-2", "many"}) {
    RunResult result =
        Kg("ingest --db " + Store("bad.db") + " --threads " + bad + " samples/articles");
    EXPECT_NE(result.exit_code, 0) << bad;
    EXPECT_NE(result.output.find("--threads"), std::string::npos) << result.output;
    EXPECT_FALSE(fs::exists(dir_ / "bad.db")) << bad;
  }
}

}  // namespace
