// Bad scripts: each failure is one line naming the script and line, the
// output of the lines that ran is kept, and nothing hangs or recurses.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "shell/script_runner.h"
#include "shell/session.h"
#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

using testing::kNewsRelations;
using testing::NewsSession;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

// `text` with every "$D" replaced by `dir`.
std::string Expand(std::string text, const std::string& dir) {
  for (size_t at = text.find("$D"); at != std::string::npos;
       at = text.find("$D", at + dir.size())) {
    text.replace(at, 2, dir);
  }
  return text;
}

struct ScriptCase {
  const char* name;
  std::vector<std::pair<std::string, std::string>> files;  // name, text ("$D" expanded)
  std::string message;  // the script's error; empty when it must succeed
  std::string out = "";  // everything written to the output
  std::string err = "";  // keep_going reports
  bool keep_going = false;
};

// Every script is "s.kg" in a fresh folder, after the case's other files.
TEST(HostileScriptsTest, EachFailureNamesTheScriptAndLine) {
  const std::string relations = kNewsRelations;
  const ScriptCase cases[] = {
      {"unknown command, near one suggested",
       {{"s.kg", "relations\nnieghbors Iran\nrelations\n"}},
       "$D/s.kg:2: unknown command \"nieghbors\"; did you mean \"neighbors\"? (type help for the "
       "list)",
       relations},
      {"unknown command, nothing near",
       {{"s.kg", "frobnicate Iran\n"}},
       "$D/s.kg:1: unknown command \"frobnicate\" (type help for the list)"},
      {"unknown entity, near one suggested",
       {{"s.kg", "# comment\n\nneighbors Hezbolah\n"}},
       "$D/s.kg:3: unknown entity \"Hezbolah\"; did you mean \"Hezbollah\"?"},
      {"unterminated quote",
       {{"s.kg", "who supports \"Bashar al-Assad\n"}},
       "$D/s.kg:1: unterminated \" quote (column 14)"},
      {"redirect into a missing folder",
       {{"s.kg", "relations > $D/missing/out.txt\n"}},
       "$D/s.kg:1: cannot write \"$D/missing/out.txt\": No such file or directory"},
      {"redirect onto a folder",
       {{"s.kg", "relations > $D\n"}},
       "$D/s.kg:1: cannot write \"$D\": Is a directory"},
      {"the lines after a failed redirect still run with keep_going",
       {{"s.kg", "relations > $D/missing/out.txt\nrelations\n"}},
       "$D/s.kg: 1 of 2 lines failed; first: $D/s.kg:1: cannot write \"$D/missing/out.txt\": No "
       "such file or directory",
       relations,
       "$D/s.kg:1: cannot write \"$D/missing/out.txt\": No such file or directory\n",
       true},
      {"source of itself",
       {{"s.kg", "relations\nsource s.kg\n"}},
       "$D/s.kg:2: source recursion: $D/s.kg -> $D/s.kg",
       relations},
      {"source chain back to the start",
       {{"b.kg", "source c.kg\n"}, {"c.kg", "relations\nsource s.kg\n"}, {"s.kg", "source b.kg\n"}},
       "$D/s.kg:1: $D/b.kg:1: $D/c.kg:2: source recursion: $D/s.kg -> $D/b.kg -> $D/c.kg -> "
       "$D/s.kg",
       relations},
      {"source of a folder",
       {{"sub/x.kg", "relations\n"}, {"s.kg", "source sub\n"}},
       "$D/s.kg:1: cannot run \"$D/sub\": it is a directory"},
      {"source of a missing script",
       {{"s.kg", "source nowhere.kg\n"}},
       "$D/s.kg:1: no such script \"$D/nowhere.kg\""},
      {"source of a binary file",
       {{"blob.kg", std::string("\x7f"
                                "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                16)},
        {"s.kg", "source blob.kg\n"}},
       "$D/s.kg:1: cannot run \"$D/blob.kg\": binary file (contains NUL bytes), not a script"},
  };
  for (const ScriptCase& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir temp;
    const std::string dir = std::filesystem::weakly_canonical(temp.path()).string();
    for (const auto& [name, text] : c.files) {
      std::filesystem::create_directories(std::filesystem::path(dir + "/" + name).parent_path());
      WriteFile(dir + "/" + name, Expand(text, dir));
    }
    std::ostringstream out, err;
    Status status = RunScript(NewsSession(), dir + "/s.kg",
                              ScriptOptions{.keep_going = c.keep_going}, out, err);
    EXPECT_EQ(status.message(), Expand(c.message, dir));
    EXPECT_EQ(status.ok(), c.message.empty());
    EXPECT_EQ(out.str(), Expand(c.out, dir));
    EXPECT_EQ(err.str(), Expand(c.err, dir));
    EXPECT_TRUE(NewsSession().script_stack().empty());
  }
}

// Writing to a device that is full fails after the command ran: the error
// says so instead of losing the output silently.
TEST(HostileScriptsTest, FullDeviceIsAnError) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full here";
  std::ostringstream out;
  Status status = NewsSession().Execute("relations > /dev/full", out);
  EXPECT_EQ(status.message(), "error writing \"/dev/full\"");
  EXPECT_EQ(out.str(), "");
}

// A typo must not truncate the file the output was meant for.
TEST(HostileScriptsTest, UnknownCommandLeavesTheRedirectTargetAlone) {
  TempDir temp;
  const std::string kept = temp.File("kept.txt");
  WriteFile(kept, "precious\n");
  std::ostringstream out;
  Status status = NewsSession().Execute("relatoins > " + kept, out);
  EXPECT_EQ(status.message(),
            "unknown command \"relatoins\"; did you mean \"relations\"? (type help for the list)");
  EXPECT_EQ(ReadFile(kept), "precious\n");
}

// An endless "script" is read no further than the script size limit.
TEST(HostileScriptsTest, EndlessScriptIsRefused) {
  if (::access("/dev/zero", R_OK) != 0) GTEST_SKIP() << "no /dev/zero here";
  std::ostringstream out, err;
  Status status = RunScript(NewsSession(), "/dev/zero", {}, out, err);
  EXPECT_EQ(status.message(), "cannot run \"/dev/zero\": larger than 16 MiB, not a script");
  EXPECT_EQ(out.str(), "");
}

// A FIFO nobody writes to reads as an empty script: the shell goes on.
TEST(HostileScriptsTest, FifoScriptDoesNotHang) {
  TempDir temp;
  const std::string fifo = temp.File("pipe.kg");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  WriteFile(temp.File("s.kg"), "source pipe.kg\nrelations\n");
  std::ostringstream out, err;
  Status status = RunScript(NewsSession(), temp.File("s.kg"), {}, out, err);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(out.str(), kNewsRelations);
}

}  // namespace
}  // namespace kg::shell
