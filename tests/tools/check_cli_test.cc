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

class CheckCliTest : public kg::cli_test::SampleStoreTest {
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
