// alias, unalias, merge and split in the shell: each case runs its lines on a
// fresh copy of the news store (tests/shell/shell_testlib.h), since the
// commands write to it.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "graph/store.h"
#include "shell/completion.h"
#include "shell/session.h"
#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

using testing::TempDir;
using testing::WriteNewsStore;

// A news store of its own and a session over it.
class CurationFixture {
 public:
  CurationFixture() {
    path_ = dir_.File("news");
    WriteNewsStore(path_);
    Result<std::unique_ptr<Session>> opened = Session::Open(path_);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    if (opened.ok()) session_ = std::move(*opened);
  }
  const std::string& path() const { return path_; }
  Session& session() { return *session_; }
  bool ok() const { return session_ != nullptr; }

  // The output of `line`, or "error: MESSAGE" when it fails.
  std::string Run(const std::string& line) {
    std::ostringstream out;
    Status status = session_->Execute(line, out);
    return status.ok() ? out.str() : "error: " + status.message();
  }

 private:
  TempDir dir_;
  std::string path_;
  std::unique_ptr<Session> session_;
};

struct Exchange {
  std::string line;
  std::string expected;  // whole output, or "error: MESSAGE"
  bool prefix = false;   // expected is only how the output starts
};

struct CurationCase {
  std::string label;
  std::vector<Exchange> lines;
};

const char kWhoSupportsAssad[] =
    "who supports Bashar al-Assad: 3 asserted, 1 denied\n"
    "  subject    type  articles  statements\n"
    "  Iran       GPE          2           2\n"
    "  Hezbollah  ORG          1           1\n"
    "  Russia     GPE          1           1\n"
    "denied (not supports):\n"
    "  subject  type  articles  statements\n"
    "  Turkey   GPE          1           1\n";

TEST(CurationCommandsTest, LinesAndTheirAnswers) {
  const std::vector<CurationCase> cases = {
      {"merge folds edges and counts distinct articles",
       {{"merge Russia Iran", "merged \"Russia\" into \"Iran\" (split \"Russia\" undoes it)\n"},
        {"who supports Assad",
         "who supports Bashar al-Assad: 2 asserted, 1 denied\n"
         "  subject    type  articles  statements\n"
         "  Iran       GPE          2           3\n"
         "  Hezbollah  ORG          1           1\n"
         "denied (not supports):\n"
         "  subject  type  articles  statements\n"
         "  Turkey   GPE          1           1\n"},
        {"what does Russia met_with",
         "what Iran met_with: 1 asserted, 0 denied\n"
         "  object  type  articles  statements\n"
         "  Turkey  GPE          1           1\n"},
        {"find russia",
         "1 name matching \"russia\"\n"
         "  name    entity  type  match\n"
         "  Russia  Iran    GPE   exact\n"},
        {"path Russia Turkey",
         "1 path from Iran to Turkey\n"
         "  #  hops  path\n"
         "  1     1  Iran -[met_with]-> Turkey\n"}}},
      {"split restores the entity and its edges",
       {{"merge Russia Iran", "merged \"Russia\" into \"Iran\" (split \"Russia\" undoes it)\n"},
        {"split Russia", "split \"Russia\" from \"Iran\"\n"},
        {"who supports Assad", kWhoSupportsAssad}}},
      {"evidence gathers the statements of merged entities",
       {{"merge Russia Iran", "merged \"Russia\" into \"Iran\" (split \"Russia\" undoes it)\n"},
        {"evidence Iran supports Assad",
         "Iran -[supports]-> Bashar al-Assad: 3 statements in 2 articles\n"
         "  polarity  article                       source       date        sentence  note  "
         "text\n"
         "  asserted  Allies rally behind Damascus  news/a1.txt  2024-01-05         0        "
         "Iran has pledged support to Bashar al-Assad.\n"
         "  asserted  Allies rally behind Damascus  news/a1.txt  2024-01-05         1        "
         "Russia also backs Bashar al-Assad.\n"
         "  asserted  Opposition gains ground       news/a2.txt  2024-02-10         0        "
         "Iran again backed Bashar al-Assad.\n"}}},
      {"alias a new name, then remove it",
       {{"alias \"Islamic Republic\" = Iran", "\"Islamic Republic\" now names \"Iran\"\n"},
        {"alias Islamic Republic = iran", "\"Islamic Republic\" already names \"Iran\"\n"},
        {"what does islamic republic support",
         "what Iran supports: 2 asserted, 0 denied\n"
         "  object           type    articles  statements\n"
         "  Bashar al-Assad  PERSON         2           2\n"
         "  Hezbollah        ORG            1           1\n"},
        {"unalias Islamic Republic", "removed alias \"Islamic Republic\" of \"Iran\"\n"},
        {"entity Islamic Republic", "error: unknown entity \"Islamic Republic\""}}},
      {"alias without spaces around =, and an alias that moves",
       {{"alias HTS=Turkey", "\"HTS\" now names \"Turkey\" (was \"Hayat Tahrir al-Sham\")\n"},
        {"find HTS",
         "1 name matching \"HTS\"\n"
         "  name  entity  type  match\n"
         "  HTS   Turkey  GPE   exact\n"}}},
      {"errors name the command",
       {{"merge Rusia Iran", "error: merge: unknown entity \"Rusia\"; did you mean \"Russia\"?"},
        {"merge Iran IRAN", "error: merge: cannot merge \"Iran\" into itself"},
        {"merge Assad \"Bashar al-Assad\"", "error: merge: cannot merge \"Assad\" into itself"},
        {"split Iran", "error: split: \"Iran\" is not merged into another entity"},
        {"split Irn", "error: split: unknown entity \"Irn\"; did you mean \"Iran\"?"},
        {"split Assad",
         "error: split: \"Assad\" is not merged into another entity; it is an alias of "
         "\"Bashar al-Assad\" (unalias \"Assad\" removes it)"},
        {"unalias Iran", "error: unalias: \"Iran\" is the name of entity \"Iran\", not an alias"},
        {"unalias Tehran", "error: unalias: unknown entity \"Tehran\""},
        {"alias Tehran = Irn", "error: alias: unknown entity \"Irn\"; did you mean \"Iran\"?"},
        {"alias Tehran Iran",
         "error: alias: expected ALIAS = ENTITY; usage: alias ALIAS = ENTITY"},
        {"alias = Iran", "error: alias: expected ALIAS = ENTITY; usage: alias ALIAS = ENTITY"},
        {"alias Russia = Iran",
         "error: alias: \"Russia\" is the name of entity \"Russia\", not an alias; to make "
         "them one entity, merge them: merge \"Russia\" \"Iran\""},
        {"merge Iran", "error: too few arguments; usage: merge ENTITY INTO"},
        {"who supports Assad", kWhoSupportsAssad}}},
      {"merging back is refused, chains resolve to the end",
       {{"merge Russia Iran", "merged \"Russia\" into \"Iran\" (split \"Russia\" undoes it)\n"},
        {"merge Iran Russia",
         "error: merge: \"Iran\" and \"Russia\" are already one entity (\"Iran\"); split "
         "\"Russia\" undoes that merge"},
        {"merge Iran Hezbollah",
         "merged \"Iran\" into \"Hezbollah\" (split \"Iran\" undoes it)\n"},
        {"entity Russia",
         "Hezbollah\n"
         "  type: ORG\n"
         "  aliases: Iran, Russia\n"
         "  merged: Iran, Russia\n",
         true},
        {"split Russia", "split \"Russia\" from \"Iran\"\n"},
        {"split Russia", "error: split: \"Russia\" is not merged into another entity"}}},
  };
  for (const CurationCase& c : cases) {
    SCOPED_TRACE(c.label);
    CurationFixture fixture;
    ASSERT_TRUE(fixture.ok());
    for (const Exchange& exchange : c.lines) {
      std::string got = fixture.Run(exchange.line);
      if (exchange.prefix) got = got.substr(0, exchange.expected.size());
      EXPECT_EQ(got, exchange.expected) << exchange.line;
    }
  }
}

TEST(CurationCommandsTest, CurationPersistsForTheNextSession) {
  CurationFixture fixture;
  ASSERT_TRUE(fixture.ok());
  ASSERT_EQ(fixture.Run("merge Russia Iran"),
            "merged \"Russia\" into \"Iran\" (split \"Russia\" undoes it)\n");
  ASSERT_EQ(fixture.Run("alias Tehran = Iran"), "\"Tehran\" now names \"Iran\"\n");
  Result<std::unique_ptr<Session>> next = Session::Open(fixture.path());
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_EQ((*next)->graph().FindVertex("Russia"), (*next)->graph().FindVertex("Tehran"));
  EXPECT_EQ((*next)->graph().name(*(*next)->graph().FindVertex("Russia")), "Iran");
}

TEST(CurationCommandsTest, LockedStoreChangesNothing) {
  CurationFixture fixture;
  ASSERT_TRUE(fixture.ok());
  {
    // Another writer holds the store, as an ingest would.
    Result<std::unique_ptr<graph::Store>> writer = graph::Store::Open(fixture.path());
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    EXPECT_EQ(fixture.Run("merge Russia Iran"),
              "error: merge: store " + fixture.path() +
                  " is locked by process " + std::to_string(getpid()));
    EXPECT_EQ(fixture.Run("alias Tehran = Iran"),
              "error: alias: store " + fixture.path() +
                  " is locked by process " + std::to_string(getpid()));
  }
  EXPECT_EQ(fixture.Run("who supports Assad"), kWhoSupportsAssad);
  EXPECT_EQ(fixture.Run("reload").find("reloaded"), 0u);
  EXPECT_EQ(fixture.Run("who supports Assad"), kWhoSupportsAssad);
  EXPECT_EQ(fixture.Run("entity Tehran"), "error: unknown entity \"Tehran\"");
}

TEST(CurationCommandsTest, JsonOutputCarriesTheFields) {
  CurationFixture fixture;
  ASSERT_TRUE(fixture.ok());
  fixture.session().set_format(OutputFormat::kJson);
  const std::string text = fixture.Run("merge Russia Iran");
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << text;
  EXPECT_EQ(json["command"], "merge");
  EXPECT_EQ(json["entity"], "Russia");
  EXPECT_EQ(json["into"], "Iran");
}

TEST(CurationCommandsTest, CompletionKnowsTheCurationCommands) {
  CurationFixture fixture;
  ASSERT_TRUE(fixture.ok());
  const graph::KnowledgeGraph& graph = fixture.session().graph();
  struct Case {
    std::string line;
    size_t start;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"mer", 0, {"merge"}},
      {"spl", 0, {"split"}},
      {"unal", 0, {"unalias"}},
      {"merge Ru", 6, {"Russia"}},
      {"merge Russia Ir", 13, {"Iran"}},
      {"split Ru", 6, {"Russia"}},
      {"alias Teh", 6, {}},
      {"alias Tehran = Ir", 15, {"Iran"}},
  };
  for (const Case& c : cases) {
    std::optional<std::vector<std::string>> got =
        Completions(graph, c.line, c.start, c.line.size());
    ASSERT_TRUE(got.has_value()) << c.line;
    EXPECT_EQ(*got, c.expected) << c.line;
  }
}

}  // namespace
}  // namespace kg::shell
