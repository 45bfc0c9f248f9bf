// kg check and kg repair through the kg executable. The kinds of damage
// each detects and mends are covered in tests/graph/store_check_test.cc.
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

class CheckCliTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kg_check_cli_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = (dir_ / "kg.db").string();
    RunResult import = Kg("import samples/triples.tsv --aliases samples/aliases.tsv");
    ASSERT_EQ(import.exit_code, 0) << import.output;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `kg ARGS` from the source tree on the test's store, without a
  // terminal.
  RunResult Kg(const std::string& args) {
    const std::string command = "cd " + Quote(KG_SOURCE_DIR) + " && KG_DB=" + Quote(store_) +
                                " HOME=" + Quote(dir_.string()) + " " +
                                Quote(std::string(KG_BINARY_DIR) + "/kg") + " " + args +
                                " < /dev/null 2>&1";
    return RunShell(command);
  }

  fs::path dir_;
  std::string store_;
};

TEST_F(CheckCliTest, ImportedStoreChecksCleanAndNeedsNoRepair) {
  RunResult check = Kg("check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_EQ(check.output.rfind("store " + store_ + ": ok, ", 0), 0u) << check.output;
  EXPECT_NE(check.output.find(" records checked"), std::string::npos) << check.output;

  RunResult repair = Kg("repair");
  EXPECT_EQ(repair.exit_code, 0) << repair.output;
  EXPECT_NE(repair.output.find("store " + store_ + ": nothing to repair"), std::string::npos)
      << repair.output;
}

TEST_F(CheckCliTest, MergedEntitiesStillCheckClean) {
  RunResult merge = Kg("shell -c 'merge \"Syrian government forces\" \"Syrian government\"'");
  ASSERT_EQ(merge.exit_code, 0) << merge.output;
  RunResult check = Kg("check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST_F(CheckCliTest, MissingStoreIsAOneLineErrorWithExitOne) {
  RunResult check = Kg("check --db " + Quote((dir_ / "absent.db").string()));
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(check.output, "kg: no store at " + (dir_ / "absent.db").string() +
                              " (create one with kg ingest or kg import)\n");
}

}  // namespace
