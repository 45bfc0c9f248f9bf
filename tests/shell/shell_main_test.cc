#include "shell/shell_main.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

using testing::NewsSession;
using testing::TempDir;

struct ShellRun {
  int exit_code;
  std::string out;
  std::string err;
};

ShellRun RunMain(const ShellOptions& options) {
  std::ostringstream out, err;
  const int code = RunShell(options, out, err);
  return {code, out.str(), err.str()};
}

ShellOptions Options() {
  ShellOptions options;
  options.db_path = NewsSession().db_path();
  options.init_path = "";
  return options;
}

TEST(ShellMainTest, MissingStoreExitsWithTwo) {
  ShellOptions options = Options();
  options.db_path = "/nonexistent-kg-dir/store";
  options.command = "stats";
  ShellRun run = RunMain(options);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.rfind("kg shell: cannot open store /nonexistent-kg-dir/store: ", 0), 0u) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
}

TEST(ShellMainTest, OneCommand) {
  ShellOptions options = Options();
  options.command = "what does Iran support";
  ShellRun run = RunMain(options);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("what Iran supports: 2 asserted, 0 denied\n", 0), 0u) << run.out;
  EXPECT_EQ(run.err, "");

  options.command = "who supports Asad";
  run = RunMain(options);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "error: unknown entity \"Asad\"; did you mean \"Assad\"?\n");
}

TEST(ShellMainTest, ScriptAndKeepGoing) {
  TempDir dir;
  const std::string script = dir.File("q.kg");
  testing::WriteFile(script, "who supports Asad\nset format json\nrelations\n");
  ShellOptions options = Options();
  options.script = script;
  ShellRun run = RunMain(options);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, script + ":1: unknown entity \"Asad\"; did you mean \"Assad\"?\n");

  options.keep_going = true;
  run = RunMain(options);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(run.out)["relations"].size(), 3u);
  EXPECT_EQ(run.err.rfind(script + ":1: unknown entity", 0), 0u) << run.err;
  EXPECT_NE(run.err.find(script + ": 1 of 3 lines failed; first: "), std::string::npos) << run.err;
}

TEST(ShellMainTest, InitFileRunsFirst) {
  TempDir dir;
  testing::WriteFile(dir.File("init.kg"), "# settings\nset format tsv\n");
  ShellOptions options = Options();
  options.init_path = dir.File("init.kg");
  options.command = "what does Iran support";
  ShellRun run = RunMain(options);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("object\ttype\tarticles\tstatements\n", 0), 0u) << run.out;

  options.init_path = dir.File("missing.kg");
  run = RunMain(options);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "error: no such script \"" + dir.File("missing.kg") + "\"\n");
}

}  // namespace
}  // namespace kg::shell
