#include "shell/script_runner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "shell/session.h"
#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

using testing::kNewsRelations;
using testing::NewsSession;
using testing::TempDir;
using testing::WriteFile;

struct ScriptResult {
  Status status;
  std::string out;
  std::string err;
};

ScriptResult RunFile(const std::string& path, bool keep_going = false) {
  std::ostringstream out, err;
  Status status = RunScript(NewsSession(), path, ScriptOptions{.keep_going = keep_going}, out, err);
  NewsSession().set_format(OutputFormat::kTable);
  return {status, out.str(), err.str()};
}

std::string Canonical(const std::string& path) {
  return std::filesystem::weakly_canonical(path).string();
}

TEST(ScriptRunnerTest, StopsAtFirstErrorWithFileAndLine) {
  TempDir dir;
  const std::string script = dir.File("bad.kg");
  WriteFile(script, "# relations, then a typo\nrelations\n\nwho supports Asad\nrelations\n");
  ScriptResult result = RunFile(script);
  ASSERT_FALSE(result.status.ok());
  EXPECT_EQ(result.status.message(),
            script + ":4: unknown entity \"Asad\"; did you mean \"Assad\"?");
  EXPECT_EQ(result.out, kNewsRelations);
  EXPECT_EQ(result.err, "");
}

TEST(ScriptRunnerTest, KeepGoingRunsEveryLineAndStillFails) {
  TempDir dir;
  const std::string script = dir.File("bad.kg");
  WriteFile(script, "relations\nnieghbors Iran\nwho supports Asad\nrelations\n");
  ScriptResult result = RunFile(script, /*keep_going=*/true);
  ASSERT_FALSE(result.status.ok());
  EXPECT_EQ(result.out, std::string(kNewsRelations) + kNewsRelations);
  EXPECT_EQ(result.err,
            script + ":2: unknown command \"nieghbors\"; did you mean \"neighbors\"? (type help for the list)\n" +
            script + ":3: unknown entity \"Asad\"; did you mean \"Assad\"?\n");
  EXPECT_EQ(result.status.message(),
            script + ": 2 of 4 lines failed; first: " + script +
                ":2: unknown command \"nieghbors\"; did you mean \"neighbors\"? (type help for the list)");
}

TEST(ScriptRunnerTest, SourceRunsRelativeToTheScript) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "lib");
  WriteFile(dir.File("lib/inner.kg"), "relations\n");
  WriteFile(dir.File("outer.kg"), "source lib/inner.kg\nsource \"lib/inner.kg\"\n");
  ScriptResult result = RunFile(dir.File("outer.kg"));
  ASSERT_TRUE(result.status.ok()) << result.status.message();
  EXPECT_EQ(result.out, std::string(kNewsRelations) + kNewsRelations);
}

TEST(ScriptRunnerTest, ErrorsInSourcedScriptsNameBothLines) {
  TempDir dir;
  WriteFile(dir.File("inner.kg"), "relations\nwho supports Atlantis\n");
  WriteFile(dir.File("outer.kg"), "# comment\nsource inner.kg\n");
  ScriptResult result = RunFile(dir.File("outer.kg"));
  EXPECT_EQ(result.status.message(), dir.File("outer.kg") + ":2: " + Canonical(dir.File("inner.kg")) +
                                         ":2: unknown entity \"Atlantis\"");
}

TEST(ScriptRunnerTest, DetectsSourceRecursion) {
  TempDir dir;
  WriteFile(dir.File("self.kg"), "relations\nsource self.kg\n");
  ScriptResult self = RunFile(dir.File("self.kg"));
  const std::string self_path = Canonical(dir.File("self.kg"));
  EXPECT_EQ(self.status.message(), dir.File("self.kg") + ":2: source recursion: " + self_path +
                                       " -> " + self_path);
  EXPECT_EQ(self.out, kNewsRelations);

  WriteFile(dir.File("a.kg"), "source b.kg\n");
  WriteFile(dir.File("b.kg"), "source ./a.kg\n");
  ScriptResult cycle = RunFile(dir.File("a.kg"));
  const std::string a = Canonical(dir.File("a.kg"));
  const std::string b = Canonical(dir.File("b.kg"));
  EXPECT_EQ(cycle.status.message(), dir.File("a.kg") + ":1: " + b + ":1: source recursion: " + a +
                                        " -> " + b + " -> " + a);
  // The stack is empty again: the same script may run once more.
  EXPECT_TRUE(NewsSession().script_stack().empty());
  // Sourcing one file twice in a row is not recursion.
  WriteFile(dir.File("twice.kg"), "source b2.kg\nsource b2.kg\n");
  WriteFile(dir.File("b2.kg"), "relations\n");
  EXPECT_TRUE(RunFile(dir.File("twice.kg")).status.ok());
}

TEST(ScriptRunnerTest, MissingScriptIsNamed) {
  ScriptResult result = RunFile("/nonexistent-kg-dir/queries.kg");
  EXPECT_TRUE(result.status.IsNotFound());
  EXPECT_EQ(result.status.message(), "no such script \"/nonexistent-kg-dir/queries.kg\"");
  TempDir dir;
  WriteFile(dir.File("outer.kg"), "source missing.kg\n");
  EXPECT_EQ(RunFile(dir.File("outer.kg")).status.message(),
            dir.File("outer.kg") + ":1: no such script \"" + dir.File("missing.kg") + "\"");
}

TEST(ScriptRunnerTest, QuitEndsTheScript) {
  TempDir dir;
  WriteFile(dir.File("quit.kg"), "relations\r\nquit\r\nwho supports Atlantis\r\n");
  Result<std::unique_ptr<Session>> session = Session::Open(NewsSession().db_path());
  ASSERT_TRUE(session.ok());
  std::ostringstream out, err;
  Status status = RunScript(**session, dir.File("quit.kg"), {}, out, err);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.str(), kNewsRelations);
}

// Golden scripts: tests/testdata/shell/NAME.kg runs against the news store
// and must print tests/testdata/shell/NAME.out exactly. After a deliberate
// change of output, KG_UPDATE_GOLDEN=1 rewrites the .out files (review the
// diff before committing).
TEST(ScriptRunnerTest, GoldenScripts) {
  const std::filesystem::path dir = std::filesystem::path(KG_TESTDATA_DIR) / "shell";
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".kg" || entry.path().stem().string().starts_with("_")) continue;
    ++count;
    SCOPED_TRACE(entry.path().string());
    ScriptResult result = RunFile(entry.path().string());
    EXPECT_TRUE(result.status.ok()) << result.status.message();
    std::filesystem::path expected = entry.path();
    expected.replace_extension(".out");
    if (std::getenv("KG_UPDATE_GOLDEN") != nullptr) WriteFile(expected.string(), result.out);
    EXPECT_EQ(result.out, testing::ReadFile(expected.string()));
  }
  EXPECT_GT(count, 0u) << "no golden scripts in " << dir;
}

}  // namespace
}  // namespace kg::shell
