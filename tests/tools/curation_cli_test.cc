// Curation through the kg executable: a merge made by one `kg shell -c` run
// is seen by the next run and by `kg export`, and split undoes it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "graph/store.h"

#include "tests/tools/cli_testlib.h"

namespace {

using kg::cli_test::Quote;
using kg::cli_test::RunResult;
using kg::cli_test::RunShell;

namespace fs = std::filesystem;

class CurationCliTest : public kg::cli_test::SampleStoreTest {
 protected:
  RunResult Shell(const std::string& line) { return Kg("shell -c " + Quote(line)); }
};

constexpr char kForcesEdge[] = "Iraqi fighters\tsupports\tSyrian government forces\t+\t1\n";
constexpr char kMergedEdge[] = "Iraqi fighters\tsupports\tSyrian government\t+\t3\n";

TEST_F(CurationCliTest, MergePersistsAcrossRunsAndSplitUndoesIt) {
  RunResult before = Kg("export");
  ASSERT_EQ(before.exit_code, 0) << before.output;
  ASSERT_NE(before.output.find(kForcesEdge), std::string::npos) << before.output;

  RunResult merge = Shell("merge \"Syrian government forces\" \"Syrian government\"");
  ASSERT_EQ(merge.exit_code, 0) << merge.output;
  EXPECT_EQ(merge.output,
            "merged \"Syrian government forces\" into \"Syrian government\" (split \"Syrian "
            "government forces\" undoes it)\n");

  // A second process sees the merge: the old name resolves to the survivor.
  RunResult who = Shell("who supports \"Syrian government forces\"");
  ASSERT_EQ(who.exit_code, 0) << who.output;
  EXPECT_EQ(who.output.rfind("who supports Syrian government: ", 0), 0u) << who.output;
  RunResult exported = Kg("export");
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_EQ(exported.output.find("Syrian government forces"), std::string::npos)
      << exported.output;
  EXPECT_NE(exported.output.find(kMergedEdge), std::string::npos) << exported.output;

  RunResult split = Shell("split \"Syrian government forces\"");
  ASSERT_EQ(split.exit_code, 0) << split.output;
  EXPECT_EQ(split.output, "split \"Syrian government forces\" from \"Syrian government\"\n");
  RunResult after = Kg("export");
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_EQ(after.output, before.output) << "split restores the export byte for byte";
}

TEST_F(CurationCliTest, AliasPersistsAcrossRuns) {
  RunResult alias = Shell("alias Damascus = \"Syrian government\"");
  ASSERT_EQ(alias.exit_code, 0) << alias.output;
  RunResult entity = Shell("entity Damascus");
  ASSERT_EQ(entity.exit_code, 0) << entity.output;
  EXPECT_EQ(entity.output.rfind("Syrian government\n", 0), 0u) << entity.output;
  RunResult removed = Shell("unalias Damascus");
  ASSERT_EQ(removed.exit_code, 0) << removed.output;
  RunResult gone = Shell("entity Damascus");
  EXPECT_EQ(gone.exit_code, 1) << gone.output;
}

TEST_F(CurationCliTest, FailedCurationIsOneLineAndExitsOne) {
  RunResult self = Shell("merge Iran Iran");
  EXPECT_EQ(self.exit_code, 1) << self.output;
  EXPECT_NE(self.output.find("merge: cannot merge \"Iran\" into itself"), std::string::npos)
      << self.output;
  EXPECT_EQ(std::count(self.output.begin(), self.output.end(), '\n'), 1) << self.output;
}

TEST_F(CurationCliTest, StoreLockedByAnotherProcessIsRefused) {
  RunResult before = Kg("export");
  ASSERT_EQ(before.exit_code, 0) << before.output;
  {
    // This test process plays the ingest that holds the write lock.
    auto writer = kg::graph::Store::Open(store_);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    RunResult merge = Shell("merge \"Syrian government forces\" \"Syrian government\"");
    EXPECT_EQ(merge.exit_code, 1) << merge.output;
    EXPECT_NE(merge.output.find("merge: store " + store_ + " is locked by process " +
                                  std::to_string(getpid())),
              std::string::npos)
        << merge.output;
  }
  RunResult after = Kg("export");
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_EQ(after.output, before.output) << "a refused merge changes nothing";
}

}  // namespace
