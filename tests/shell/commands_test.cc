#include "shell/commands.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "graph/graphviz_render.h"
#include "shell/session.h"
#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

using testing::NewsSession;

// Runs `line` in the shared news session with `format`; fails the test when
// the command fails.
std::string RunLine(const std::string& line, OutputFormat format = OutputFormat::kTable) {
  Session& session = NewsSession();
  session.set_format(format);
  std::ostringstream out;
  Status status = session.Execute(line, out);
  session.set_format(OutputFormat::kTable);
  EXPECT_TRUE(status.ok()) << line << ": " << status.message();
  return out.str();
}

Status RunFailing(const std::string& line, std::string* output = nullptr) {
  std::ostringstream out;
  Status status = NewsSession().Execute(line, out);
  if (output != nullptr) *output = out.str();
  return status;
}

nlohmann::json RunJson(const std::string& line) {
  const std::string text = RunLine(line, OutputFormat::kJson);
  try {
    return nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    ADD_FAILURE() << line << " did not print JSON: " << e.what() << "\n" << text;
    return {};
  }
}

struct OutputCase {
  std::string line;
  std::string expected;
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

TEST(CommandsTest, TableOutput) {
  const OutputCase cases[] = {
      // Multi-word names unquoted, quoted, by alias and in any case.
      {"who supports Bashar al-Assad", kWhoSupportsAssad},
      {"who supports \"Bashar al-Assad\"", kWhoSupportsAssad},
      {"who supports Assad", kWhoSupportsAssad},
      {"WHO supports bashar  AL-ASSAD", kWhoSupportsAssad},
      {"who opposes Assad",
       "who opposes Bashar al-Assad: 2 asserted, 0 denied\n"
       "  subject               type  articles  statements\n"
       "  Hayat Tahrir al-Sham  ORG          1           1\n"
       "  United States         GPE          1           1\n"},
      {"who * HTS",
       "who * Hayat Tahrir al-Sham: 1 asserted, 0 denied\n"
       "  subject  type  relation  articles  statements\n"
       "  Turkey   GPE   opposes          1           1\n"},
      {"who met with Turkey",
       "who met_with Turkey: 1 asserted, 0 denied\n"
       "  subject  type  articles  statements\n"
       "  Russia   GPE          1           1\n"},
      {"what does Iran support",
       "what Iran supports: 2 asserted, 0 denied\n"
       "  object           type    articles  statements\n"
       "  Bashar al-Assad  PERSON         2           2\n"
       "  Hezbollah        ORG            1           1\n"},
      {"what does Turkey *",
       "what Turkey *: 1 asserted, 1 denied\n"
       "  object                type  relation  articles  statements\n"
       "  Hayat Tahrir al-Sham  ORG   opposes          1           1\n"
       "denied (not *):\n"
       "  object           type    relation  articles  statements\n"
       "  Bashar al-Assad  PERSON  supports         1           1\n"},
      {"what does United States oppose",
       "what United States opposes: 1 asserted, 0 denied\n"
       "  object           type    articles  statements\n"
       "  Bashar al-Assad  PERSON         1           1\n"},
      {"neighbors Iran",
       "neighbors of Iran: 2 entities, 2 edges\n"
       "entities:\n"
       "  entity           type    hops\n"
       "  Hezbollah        ORG        1\n"
       "  Bashar al-Assad  PERSON     1\n"
       "edges:\n"
       "  subject  relation  object           articles\n"
       "  Iran     supports  Hezbollah               1\n"
       "  Iran     supports  Bashar al-Assad         2\n"},
      {"neighbors Hayat Tahrir al-Sham in rel opposes",
       "neighbors of Hayat Tahrir al-Sham: 1 entities, 1 edges\n"
       "entities:\n"
       "  entity  type  hops\n"
       "  Turkey  GPE      1\n"
       "edges:\n"
       "  subject  relation  object                articles\n"
       "  Turkey   opposes   Hayat Tahrir al-Sham         1\n"},
      {"neighbors Iran depth 0",
       "neighbors of Iran: 0 entities, 0 edges\n"
       "entities:\n  (none)\n"
       "edges:\n  (none)\n"},
      {"path Iran United States",
       "1 path from Iran to United States\n"
       "  #  hops  path\n"
       "  1     2  Iran -[supports]-> Bashar al-Assad <-[opposes]- United States\n"},
      {"path Iran Turkey k 3 weighted",
       "3 paths from Iran to Turkey\n"
       "  #  hops   cost  path\n"
       "  1     2  0.833  Iran -[supports]-> Bashar al-Assad <-[not supports]- Turkey\n"
       "  2     3  1.333  Iran -[supports]-> Bashar al-Assad <-[opposes]- Hayat Tahrir al-Sham "
       "<-[opposes]- Turkey\n"
       "  3     3  1.333  Iran -[supports]-> Bashar al-Assad <-[supports]- Russia -[met_with]-> "
       "Turkey\n"},
      {"path Iran Turkey rel supports,met_with max-len 3",
       "1 path from Iran to Turkey\n"
       "  #  hops  path\n"
       "  1     2  Iran -[supports]-> Bashar al-Assad <-[not supports]- Turkey\n"},
      {"path Iran Turkey out", "no path from Iran to Turkey\n"},
      {"evidence Iran supports Bashar al-Assad",
       "Iran -[supports]-> Bashar al-Assad: 2 statements in 2 articles\n"
       "  polarity  article                       source       date        sentence  note  text\n"
       "  asserted  Allies rally behind Damascus  news/a1.txt  2024-01-05         0        "
       "Iran has pledged support to Bashar al-Assad.\n"
       "  asserted  Opposition gains ground       news/a2.txt  2024-02-10         0        "
       "Iran again backed Bashar al-Assad.\n"},
      {"evidence Turkey support Assad",
       "Turkey -[supports]-> Bashar al-Assad: 1 statement in 1 article\n"
       "  polarity  article                       source       date        sentence  note  text\n"
       "  denied    Allies rally behind Damascus  news/a1.txt  2024-01-05         2        "
       "Turkey denied backing Assad.\n"},
      {"evidence Iran opposes Assad",
       "Iran -[opposes]-> Bashar al-Assad: 0 statements in 0 articles\n"
       "  (none)\n"},
      {"entity hts",
       "Hayat Tahrir al-Sham\n"
       "  type: ORG\n"
       "  aliases: HTS\n"
       "  id: " + std::to_string(NewsSession().graph().entity_id(
                      *NewsSession().graph().FindVertex("Hayat Tahrir al-Sham"))) + "\n"
       "  degree: 1 out, 1 in\n"
       "edges:\n"
       "  relation  out  in  denied_out  denied_in\n"
       "  opposes     1   1           0          0\n"},
      {"find assad",
       "2 names matching \"assad\"\n"
       "  name             entity           type    match\n"
       "  Assad            Bashar al-Assad  PERSON  exact\n"
       "  Bashar al-Assad  Bashar al-Assad  PERSON  substring\n"},
      {"find Hezbolah",
       "1 name matching \"Hezbolah\"\n"
       "  name       entity     type  match\n"
       "  Hezbollah  Hezbollah  ORG   near\n"},
      {"find zzz", "0 names matching \"zzz\"\n  (none)\n"},
      {"relations",
       "3 relations\n"
       "  relation  edges  asserted  denied  articles\n"
       "  supports      5         4       1         6\n"
       "  opposes       3         3       0         3\n"
       "  met_with      1         1       0         1\n"},
      {"set", "format table\n"},
      {"# only a comment", ""},
      {"", ""},
  };
  for (const OutputCase& c : cases) {
    EXPECT_EQ(RunLine(c.line), c.expected) << c.line;
  }
}

TEST(CommandsTest, StatsCountsTheStore) {
  const std::string out = RunLine("stats");
  EXPECT_EQ(out.rfind("store " + NewsSession().db_path() + " (read-only, as of ", 0), 0u) << out;
  EXPECT_NE(out.find("  articles            3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  graph vertices      7\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  graph edges         9\n"), std::string::npos) << out;
  const nlohmann::json json = RunJson("stats");
  EXPECT_EQ(json["store"], NewsSession().db_path());
  EXPECT_EQ(json["counts"][0], (nlohmann::json{{"item", "articles"}, {"count", 3}}));
}

TEST(CommandsTest, JsonOutput) {
  nlohmann::json who = RunJson("who supports Assad");
  EXPECT_EQ(who["query"], "who");
  EXPECT_EQ(who["entity"], "Bashar al-Assad");
  EXPECT_EQ(who["relation"], "supports");
  ASSERT_EQ(who["asserted"].size(), 3u);
  EXPECT_EQ(who["asserted"][0],
            (nlohmann::json{{"subject", "Iran"}, {"type", "GPE"}, {"articles", 2}, {"statements", 2}}));
  ASSERT_EQ(who["denied"].size(), 1u);
  EXPECT_EQ(who["denied"][0]["subject"], "Turkey");

  // The denied section is present, and empty, in JSON even when the table
  // view leaves it out.
  EXPECT_EQ(RunJson("who opposes Assad")["denied"], nlohmann::json::array());

  nlohmann::json path = RunJson("path Iran Turkey");
  EXPECT_EQ(path["from"], "Iran");
  EXPECT_EQ(path["to"], "Turkey");
  ASSERT_EQ(path["paths"].size(), 1u);
  EXPECT_EQ(path["paths"][0]["length"], 2);
  EXPECT_EQ(path["paths"][0]["hops"][1],
            (nlohmann::json{{"from", "Bashar al-Assad"}, {"relation", "supports"}, {"to", "Turkey"},
                            {"forward", false}, {"negative", true}, {"articles", 1}}));
  EXPECT_FALSE(path.contains("cost"));
  EXPECT_DOUBLE_EQ(RunJson("path Iran Hezbollah weighted")["paths"][0]["cost"].get<double>(), 0.5);

  nlohmann::json evidence = RunJson("evidence Iran supports Assad");
  ASSERT_EQ(evidence["evidence"].size(), 2u);
  EXPECT_EQ(evidence["evidence"][1]["article"], "Opposition gains ground");
  EXPECT_EQ(evidence["evidence"][1]["sentence"], 0);
  EXPECT_EQ(evidence["evidence"][1]["text"], "Iran again backed Bashar al-Assad.");

  nlohmann::json entity = RunJson("entity Bashar al-Assad");
  EXPECT_EQ(entity["name"], "Bashar al-Assad");
  EXPECT_EQ(entity["aliases"], nlohmann::json::array({"Assad"}));
  EXPECT_EQ(entity["in_degree"], 6);

  nlohmann::json neighbors = RunJson("neighbors Russia depth 2");
  EXPECT_EQ(neighbors["entity"], "Russia");
  EXPECT_EQ(neighbors["truncated"], false);
  EXPECT_EQ(neighbors["entities"].size(), 6u);

  nlohmann::json find = RunJson("find iran");
  EXPECT_EQ(find["total"], 1);
  EXPECT_EQ(find["matches"][0]["entity"], "Iran");
}

TEST(CommandsTest, TsvOutput) {
  EXPECT_EQ(RunLine("what does Iran support", OutputFormat::kTsv),
            "object\ttype\tarticles\tstatements\n"
            "Bashar al-Assad\tPERSON\t2\t2\n"
            "Hezbollah\tORG\t1\t1\n"
            "\n"
            "object\ttype\tarticles\tstatements\n");
}

TEST(CommandsTest, SetFormatChangesLaterCommands) {
  Session& session = NewsSession();
  std::ostringstream out;
  ASSERT_TRUE(session.Execute("set format json", out).ok());
  EXPECT_EQ(session.format(), OutputFormat::kJson);
  ASSERT_TRUE(session.Execute("relations", out).ok());
  ASSERT_TRUE(session.Execute("set format table", out).ok());
  EXPECT_EQ(nlohmann::json::parse(out.str())["relations"][0]["relation"], "supports");
}

struct ErrorCase {
  std::string line;
  Status::Code code;
  std::string message;
};

TEST(CommandsTest, Errors) {
  using Code = Status::Code;
  const ErrorCase cases[] = {
      {"nieghbors Iran", Code::kInvalidArgument,
       "unknown command \"nieghbors\"; did you mean \"neighbors\"? (type help for the list)"},
      {"frobnicate", Code::kInvalidArgument, "unknown command \"frobnicate\" (type help for the list)"},
      {"who supports Asad", Code::kNotFound, "unknown entity \"Asad\"; did you mean \"Assad\"?"},
      {"entity Irn", Code::kNotFound, "unknown entity \"Irn\"; did you mean \"Iran\"?"},
      {"who suports Assad", Code::kNotFound,
       "unknown relation \"suports\"; did you mean \"supports\"? (see `relations`)"},
      {"who supports", Code::kInvalidArgument, "too few arguments; usage: who RELATION ENTITY"},
      {"stats now", Code::kInvalidArgument, "too many arguments; usage: stats"},
      {"what is Iran doing", Code::kInvalidArgument,
       "expected \"does\" after \"what\"; usage: what does ENTITY RELATION"},
      {"neighbors Iran depth x", Code::kInvalidArgument,
       "depth must be a whole number from 0 to 20, not \"x\""},
      {"neighbors Iran depth 99", Code::kInvalidArgument,
       "depth must be a whole number from 0 to 20, not \"99\""},
      {"neighbors Iran depth", Code::kInvalidArgument, "\"depth\" needs a value"},
      {"neighbors Iran rel backs", Code::kNotFound,
       "unknown relation \"backs\" (see `relations`)"},
      {"path Iran", Code::kInvalidArgument,
       "too few arguments; usage: path FROM TO [all] [k N] [max-len N] [rel R,...] [weighted] "
       "[in|out|both]"},
      {"path Iran Atlantis", Code::kNotFound, "unknown entity \"Atlantis\""},
      {"path Irn Turkey", Code::kNotFound, "unknown entity \"Irn\"; did you mean \"Iran\"?"},
      {"path Iran k 0 Turkey", Code::kNotFound, "unknown entity \"k 0 Turkey\""},
      {"path Bashar al Assad Turkey", Code::kNotFound,
       "cannot read \"Bashar al Assad Turkey\" as two known entities; quote multi-word names"},
      {"evidence Iran backs Assad", Code::kNotFound, "unknown relation \"backs\" (see `relations`)"},
      {"evidence Iran supports Asad", Code::kNotFound,
       "unknown entity \"Asad\"; did you mean \"Assad\"?"},
      {"set format csv", Code::kInvalidArgument, "unknown format \"csv\"; choose table, tsv or json"},
      {"set colour red", Code::kInvalidArgument, "unknown setting \"colour\"; settings: format"},
      {"help nope", Code::kInvalidArgument, "unknown command \"nope\" (type help for the list)"},
      {"dot stats", Code::kInvalidArgument,
       "dot draws the answer of neighbors, path, who or what, not \"stats\""},
      {"render who supports Assad out.txt", Code::kInvalidArgument,
       "the last argument must be an image file ending in .svg, .png or .pdf; usage: render QUERY "
       "FILE.svg|FILE.png|FILE.pdf"},
      {"who supports \"Bashar", Code::kInvalidArgument, "unterminated \" quote (column 14)"},
      {"stats > /nonexistent-kg-dir/out.txt", Code::kIOError,
       "cannot write \"/nonexistent-kg-dir/out.txt\": No such file or directory"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.line);
    std::string output;
    Status status = RunFailing(c.line, &output);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), c.code);
    EXPECT_EQ(status.message(), c.message);
    EXPECT_EQ(output, "");
  }
}

TEST(CommandsTest, HelpComesFromTheTable) {
  const std::string help = RunLine("help");
  for (const Command& command : CommandTable()) {
    EXPECT_NE(help.find("  " + std::string(command.usage) + "\n      " + std::string(command.summary)),
              std::string::npos)
        << command.name;
  }
  EXPECT_EQ(RunLine("help who").rfind("usage: who RELATION ENTITY\n", 0), 0u);
  EXPECT_EQ(RunLine("HELP Stats"), "usage: stats\n  counts of articles, entities, triples and evidence\n");
}

TEST(CommandsTest, RedirectsToFile) {
  testing::TempDir dir;
  const std::string path = dir.File("who.txt");
  EXPECT_EQ(RunLine("who supports Assad > " + path), "");
  EXPECT_EQ(testing::ReadFile(path), kWhoSupportsAssad);
  EXPECT_EQ(RunLine("set >> " + path), "");
  EXPECT_EQ(testing::ReadFile(path), std::string(kWhoSupportsAssad) + "format table\n");
  // A directory is not writable as a file.
  Status status = RunFailing("stats > " + dir.path().string());
  EXPECT_EQ(status.code(), Status::Code::kIOError);
  EXPECT_EQ(status.message().rfind("cannot write \"" + dir.path().string() + "\": ", 0), 0u)
      << status.message();
  // An unknown command does not create (or truncate) the file.
  const std::string untouched = dir.File("untouched.txt");
  EXPECT_FALSE(RunFailing("stast > " + untouched).ok());
  EXPECT_FALSE(std::filesystem::exists(untouched));
}

TEST(CommandsTest, QuitRequestsExit) {
  Result<std::unique_ptr<Session>> session = Session::Open(NewsSession().db_path());
  ASSERT_TRUE(session.ok()) << session.status().message();
  std::ostringstream out;
  EXPECT_FALSE((*session)->quit_requested());
  ASSERT_TRUE((*session)->Execute("exit", out).ok());
  EXPECT_TRUE((*session)->quit_requested());
}

TEST(CommandsTest, ReloadKeepsAnswering) {
  Result<std::unique_ptr<Session>> session = Session::Open(NewsSession().db_path());
  ASSERT_TRUE(session.ok()) << session.status().message();
  std::ostringstream out;
  ASSERT_TRUE((*session)->Execute("reload", out).ok());
  EXPECT_EQ(out.str().rfind("reloaded " + NewsSession().db_path() + " as of ", 0), 0u) << out.str();
  EXPECT_NE(out.str().find(": 7 entities, 9 edges\n"), std::string::npos) << out.str();
}

TEST(CommandsTest, CancelledQueryStops) {
  Session& session = NewsSession();
  session.cancellation().Cancel();
  std::ostringstream out;
  Status status = session.Execute("neighbors Iran depth 3", out);
  session.cancellation().Reset();
  EXPECT_TRUE(status.IsCancelled()) << status.message();
}

// Runs `dot -Tcanon` on `text`; true when it parses.
bool DotParses(const std::string& text, const std::string& dir) {
  const std::string input = dir + "/graph.dot";
  testing::WriteFile(input, text);
  const std::string command = "dot -Tcanon '" + input + "' > /dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

TEST(CommandsTest, DotOutputParses) {
  if (!graph::GraphvizAvailable()) GTEST_SKIP() << "graphviz `dot` is not installed";
  testing::TempDir dir;
  const std::string queries[] = {"dot who supports Assad", "dot what does Iran support",
                                 "dot neighbors Russia depth 2", "dot path Iran Turkey k 3"};
  for (const std::string& query : queries) {
    SCOPED_TRACE(query);
    const std::string text = RunLine(query);
    EXPECT_EQ(text.rfind("digraph ", 0), 0u) << text;
    EXPECT_TRUE(DotParses(text, dir.path().string())) << text;
  }
  const std::string who = RunLine("dot who supports Assad");
  EXPECT_NE(who.find("label=\"not supports (1)\""), std::string::npos) << who;
  // dot > FILE writes the same text.
  const std::string file = dir.File("who.dot");
  RunLine("dot who supports Assad > " + file);
  EXPECT_EQ(testing::ReadFile(file), who);
}

TEST(CommandsTest, RenderWritesImage) {
  if (!graph::GraphvizAvailable()) GTEST_SKIP() << "graphviz `dot` is not installed";
  testing::TempDir dir;
  const std::string file = dir.File("iran.svg");
  EXPECT_EQ(RunLine("render neighbors Iran " + file),
            "wrote " + file + " (3 entities, 2 edges)\n");
  EXPECT_NE(testing::ReadFile(file).find("<svg"), std::string::npos);
  Status status = RunFailing("render path Iran Turkey out " + dir.File("none.svg"));
  EXPECT_EQ(status.message(), "no path from Iran to Turkey to draw");
}

}  // namespace
}  // namespace kg::shell
