#include "graph/graphviz_render.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kg::graph {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::path(::testing::TempDir()) / ("kg_render_" + std::to_string(getpid()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// Sets PATH for the scope of one test.
class ScopedPath {
 public:
  explicit ScopedPath(const std::string& value) {
    if (const char* old = std::getenv("PATH")) old_ = old;
    setenv("PATH", value.c_str(), 1);
  }
  ~ScopedPath() { setenv("PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

constexpr char kDot[] =
    "digraph \"kg\" { \"e1\" [label=\"Iran\"]; \"e2\" [label=\"$(touch pwned); `id`\"]; "
    "\"e1\" -> \"e2\" [label=\"supports (2)\"]; }\n";

TEST(RenderWithGraphvizTest, RendersSvgWithoutAShell) {
  if (!GraphvizAvailable()) GTEST_SKIP() << "dot is not on PATH";
  TempDir dir;
  // A file name a shell would split and execute.
  const fs::path out = dir / "a b; touch injected $(id).svg";
  ASSERT_TRUE(RenderWithGraphviz(kDot, "svg", out.string()).ok());
  const std::string svg = Slurp(out);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("Iran"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "injected"));
  EXPECT_FALSE(fs::exists("pwned"));
}

TEST(RenderWithGraphvizTest, RendersPngAndPdf) {
  if (!GraphvizAvailable()) GTEST_SKIP() << "dot is not on PATH";
  TempDir dir;
  const struct {
    const char* format;
    const char* magic;
  } cases[] = {{"png", "\x89PNG"}, {"pdf", "%PDF"}};
  for (const auto& c : cases) {
    const fs::path out = dir / (std::string("graph.") + c.format);
    ASSERT_TRUE(RenderWithGraphviz(kDot, c.format, out.string()).ok()) << c.format;
    EXPECT_EQ(Slurp(out).rfind(c.magic, 0), 0u) << c.format;
  }
}

TEST(RenderWithGraphvizTest, ReportsDotErrors) {
  if (!GraphvizAvailable()) GTEST_SKIP() << "dot is not on PATH";
  TempDir dir;
  const std::string out = (dir / "bad.svg").string();
  Status status = RenderWithGraphviz("digraph { a -> ", "svg", out);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kIOError);
  EXPECT_EQ(status.message().rfind("dot -Tsvg -o " + out + " failed (exit status 1): ", 0), 0u)
      << status.message();
  EXPECT_NE(status.message().find("syntax error"), std::string::npos) << status.message();

  status = RenderWithGraphviz(kDot, "svg", (dir / "no/such/dir/x.svg").string());
  EXPECT_EQ(status.code(), Status::Code::kIOError) << status.message();
}

TEST(RenderWithGraphvizTest, RejectsBadArguments) {
  const struct {
    const char* format;
    const char* out;
    const char* message;
  } cases[] = {
      {"gif", "x.gif", "unknown image format 'gif' (choose svg, png or pdf)"},
      {"", "x", "unknown image format '' (choose svg, png or pdf)"},
      {"svg; rm -rf /", "x", "unknown image format 'svg; rm -rf /' (choose svg, png or pdf)"},
      {"svg", "", "no output file given"},
  };
  for (const auto& c : cases) {
    Status status = RenderWithGraphviz(kDot, c.format, c.out);
    EXPECT_TRUE(status.IsInvalidArgument());
    EXPECT_EQ(status.message(), c.message);
  }
}

TEST(RenderWithGraphvizTest, MissingDotIsNotFound) {
  TempDir dir;
  ScopedPath path((dir / "empty-bin").string());
  EXPECT_FALSE(GraphvizAvailable());
  Status status = RenderWithGraphviz(kDot, "svg", (dir / "x.svg").string());
  EXPECT_TRUE(status.IsNotFound());
  EXPECT_EQ(status.message(), "Graphviz 'dot' is not on PATH; install graphviz to render images");
}

}  // namespace
}  // namespace kg::graph
