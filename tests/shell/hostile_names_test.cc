// Names with quotes, backslashes, line breaks, control characters and DOT
// syntax in them: `dot` output must stay valid DOT (checked by Graphviz's
// own parser when it is installed) and `set format json` output valid JSON
// that gives the names back exactly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "graph/store.h"
#include "shell/session.h"
#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

const std::vector<std::string>& HostileNames() {
  static const std::vector<std::string> names = {
      "Say \"hi\"",
      "Back\\slash",
      "Trailing\\",
      "Two\nlines",
      "Cr\rLf\r\nEnd",
      "Tab\there",
      "Bell\a\x01\x1f\x7f",
      "C1 \xC2\x85 control",
      "node",
      "graph",
      "}",
      "<b>html</b>",
      "a -> b; }",
      "\\N \\G \\L",
      "Emoji \xF0\x9F\x98\x80",
      "Esc \x1b[31mred\x1b[0m",
      "\"",
      "\\",
      "{\"json\": [1]}",
      "'single' `back`",
  };
  return names;
}

// A store where every hostile name supports "Hub" and "Hub" opposes it, with
// the name in the evidence sentence too.
std::unique_ptr<Session> OpenHostileStore(const std::string& path) {
  auto store = graph::Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return nullptr;
  for (const std::string& name : HostileNames()) {
    graph::ArticleUpdate update;
    const std::string text = "\"" + name + "\" backs Hub.";
    update.article.set_id(graph::ArticleIdFor(text));
    update.article.set_title("About " + name);
    update.article.set_source("hostile/" + name + ".txt");
    update.article.set_text(text);
    pb::SentenceSpan* span = update.article.add_sentences();
    span->set_begin(0);
    span->set_end(static_cast<uint32_t>(text.size()));
    for (bool forward : {true, false}) {
      graph::TripleStatement triple;
      triple.subject = forward ? name : "Hub";
      triple.relation = forward ? "supports" : "opposes";
      triple.object = forward ? "Hub" : name;
      triple.evidence.set_sentence(text);
      triple.evidence.set_end(static_cast<uint32_t>(text.size()));
      update.triples.push_back(triple);
    }
    auto outcome = (*store)->CommitArticle(update);
    EXPECT_TRUE(outcome.ok()) << outcome.status().message();
  }
  store->reset();
  auto session = Session::Open(path);
  EXPECT_TRUE(session.ok()) << session.status().message();
  return session.ok() ? std::move(*session) : nullptr;
}

std::string RunLine(Session& session, const std::string& line) {
  std::ostringstream out;
  Status status = session.Execute(line, out);
  EXPECT_TRUE(status.ok()) << line << ": " << status.message();
  return out.str();
}

// Every string anywhere in `json`.
void CollectStrings(const nlohmann::json& json, std::set<std::string>* out) {
  if (json.is_string()) out->insert(json.get<std::string>());
  for (const auto& child : json) {
    if (json.is_structured()) CollectStrings(child, out);
  }
}

class HostileNamesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    session_ = OpenHostileStore(dir_->File("hostile")).release();
  }
  static void TearDownTestSuite() {
    delete session_;
    delete dir_;
  }
  static TempDir* dir_;
  static Session* session_;
};

TempDir* HostileNamesTest::dir_ = nullptr;
Session* HostileNamesTest::session_ = nullptr;

TEST_F(HostileNamesTest, JsonOutputParsesAndKeepsEveryName) {
  ASSERT_NE(session_, nullptr);
  session_->set_format(OutputFormat::kJson);
  const std::string lines[] = {
      "neighbors Hub",
      "who supports Hub",
      "what does Hub oppose",
      "entity Hub",
      "relations",
      "find Hub",
      "stats",
      "evidence \"Say \\\"hi\\\"\" supports Hub",
      "path Hub \"a -> b; }\"",
  };
  std::set<std::string> seen;
  for (const std::string& line : lines) {
    SCOPED_TRACE(line);
    const std::string out = RunLine(*session_, line);
    nlohmann::json parsed;
    // Strict parsing: invalid UTF-8 or a raw control character throws.
    ASSERT_NO_THROW(parsed = nlohmann::json::parse(out)) << out;
    CollectStrings(parsed, &seen);
  }
  session_->set_format(OutputFormat::kTable);
  for (const std::string& name : HostileNames()) {
    EXPECT_EQ(seen.count(name), 1u) << "missing from the JSON output: " << name;
  }
}

TEST_F(HostileNamesTest, DotOutputIsValidGraphviz) {
  ASSERT_NE(session_, nullptr);
  const std::string lines[] = {
      "dot neighbors Hub",
      "dot who supports Hub",
      "dot what does Hub oppose",
      "dot path Hub \"a -> b; }\"",
      "dot path \"Say \\\"hi\\\"\" \"\\\\\"",
  };
  const bool have_dot = std::system("command -v dot > /dev/null 2>&1") == 0;
  for (const std::string& line : lines) {
    SCOPED_TRACE(line);
    const std::string dot = RunLine(*session_, line);
    ASSERT_TRUE(dot.starts_with("digraph \"kg\" {\n")) << dot;
    ASSERT_TRUE(dot.ends_with("}\n")) << dot;
    // Only the line breaks DOT itself is made of; every other control
    // character was escaped or dropped.
    for (char c : dot) {
      EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << static_cast<int>(c);
    }
    if (!have_dot) continue;
    const std::string file = dir_->File("out.dot");
    const std::string errors = dir_->File("dot.err");
    WriteFile(file, dot);
    const int status =
        std::system(("dot -Tcanon '" + file + "' > /dev/null 2> '" + errors + "'").c_str());
    EXPECT_EQ(status, 0) << ReadFile(errors) << dot;
    EXPECT_EQ(ReadFile(errors), "") << dot;
  }
  if (!have_dot) GTEST_SKIP() << "graphviz (dot) is not installed: only the static checks ran";
}

}  // namespace
}  // namespace kg::shell
