// End-to-end tests of the kg executable: each runs the real binary on a fresh
// store and checks its exit status and what it printed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "graph/graph_snapshot.h"
#include "graph/loader.h"
#include "graph/store.h"
#include "tests/tools/cli_testlib.h"

namespace {

using kg::cli_test::Quote;
using kg::cli_test::RunResult;
using kg::cli_test::RunShell;

namespace fs = std::filesystem;

class KgCliTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kg_cli_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = (dir_ / "kg.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `kg ARGS` with the test's store and no terminal.
  RunResult Kg(const std::string& args, const std::string& stdin_text = "") {
    const std::string command = "cd " + Quote(KG_SOURCE_DIR) + " && KG_DB=" + Quote(store_) +
                                " HOME=" + Quote(dir_.string()) + " " +
                                Quote(std::string(KG_BINARY_DIR) + "/kg") + " " + args +
                                " < " + (stdin_text.empty() ? "/dev/null" : Quote(WriteFile("stdin.txt", stdin_text))) +
                                " 2>&1";
    return RunShell(command);
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  fs::path dir_;
  std::string store_;
};

TEST_F(KgCliTest, HelpListsEverySubcommand) {
  RunResult result = Kg("--help");
  EXPECT_EQ(result.exit_code, 0);
  for (const char* name : {"ingest", "import", "export", "shell", "stats"}) {
    EXPECT_NE(result.output.find(name), std::string::npos) << name;
  }
}

TEST_F(KgCliTest, ImportThenWhoSupportsAnswersFromTheStore) {
  RunResult import = Kg("import samples/triples.tsv --aliases samples/aliases.tsv");
  ASSERT_EQ(import.exit_code, 0) << import.output;
  RunResult answer = Kg("shell -c " + Quote("who supports Assad"));
  ASSERT_EQ(answer.exit_code, 0) << answer.output;
  EXPECT_NE(answer.output.find("Iran"), std::string::npos) << answer.output;
  EXPECT_NE(answer.output.find("Russia"), std::string::npos) << answer.output;
  EXPECT_NE(answer.output.find("Hezbollah"), std::string::npos) << answer.output;
}

TEST_F(KgCliTest, ReimportChangesNothing) {
  ASSERT_EQ(Kg("import samples/triples.tsv").exit_code, 0);
  RunResult first = Kg("export");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(Kg("import samples/triples.tsv").exit_code, 0);
  RunResult second = Kg("export");
  EXPECT_EQ(first.output, second.output);
  EXPECT_EQ(first.output.rfind("subject\trelation\tobject\tpolarity\tarticles\n", 0), 0u);
  EXPECT_NE(first.output.find("Iran\tsupports\tBashar al-Assad\t+\t3\n"), std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("Kataib Hezbollah\tsupports\tBashar al-Assad\t-\t1\n"),
            std::string::npos);
}

TEST_F(KgCliTest, ExportAsJsonLines) {
  ASSERT_EQ(Kg("import samples/triples.tsv").exit_code, 0);
  RunResult result = Kg("export --format jsonl");
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find(
                R"({"subject":"Iran","relation":"supports","object":"Bashar al-Assad","polarity":"+","articles":3,)"),
            std::string::npos)
      << result.output;
}

TEST_F(KgCliTest, UnknownExportFormatIsRejected) {
  RunResult result = Kg("export --format xml");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("xml"), std::string::npos) << result.output;
}

TEST_F(KgCliTest, StatsCountsTheStore) {
  ASSERT_EQ(Kg("import samples/triples.tsv").exit_code, 0);
  RunResult result = Kg("stats");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("articles"), std::string::npos);
  EXPECT_NE(result.output.find("triples"), std::string::npos);
}

TEST_F(KgCliTest, StoreThatIsAFileFailsWithOneLine) {
  const std::string file = WriteFile("not-a-store", "hello");
  RunResult result = Kg("stats --db " + Quote(file));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find(file), std::string::npos) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
}

TEST_F(KgCliTest, ShellOnMissingStoreFails) {
  RunResult result = Kg("shell -c stats");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find(store_), std::string::npos) << result.output;
}

TEST_F(KgCliTest, ScriptErrorNamesFileAndLine) {
  ASSERT_EQ(Kg("import samples/triples.tsv").exit_code, 0);
  const std::string script = WriteFile("bad.kgq", "# a comment\nstats\nfrobnicate Iran\nstats\n");
  RunResult result = Kg("shell -f " + Quote(script));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(script + ":3:"), std::string::npos) << result.output;
}

TEST_F(KgCliTest, IngestStoresArticlesAndIsIdempotent) {
  RunResult first = Kg("ingest samples/articles");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  RunResult second = Kg("ingest samples/articles");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("5 skipped"), std::string::npos) << second.output;
}

// Everything of a graph a reader sees, as text: vertices with their ids,
// names, types and aliases; edges with their ends, relation and counts.
std::string Describe(const kg::graph::KnowledgeGraph& graph) {
  std::ostringstream out;
  for (kg::graph::VertexId v = 0; v < graph.vertex_count(); ++v) {
    out << v << ' ' << graph.entity_id(v) << ' ' << graph.name(v) << " (" << graph.type(v) << ")";
    for (const std::string& alias : graph.aliases(v)) out << " | " << alias;
    out << '\n';
  }
  for (kg::graph::EdgeId e = 0; e < graph.edge_count(); ++e) {
    const kg::graph::Edge edge = graph.edge(e);
    out << edge.source << " -" << graph.relation_name(edge.relation) << (edge.negative ? "/not" : "")
        << "-> " << edge.target << ' ' << edge.article_count << ' ' << edge.evidence_count << '\n';
  }
  return out.str();
}

// The snapshot the import leaves beside the store is the graph of the store
// as it now is, so the first shell reads it instead of the whole store. The
// import builds it from its own memory; it must be the graph a load from
// the store gives, with or without an alias file applied first.
TEST_F(KgCliTest, ImportLeavesAGraphSnapshotOfTheStoreAsItIs) {
  for (const std::string args : {"import samples/triples.tsv",
                                 "import samples/triples.tsv --aliases samples/aliases.tsv"}) {
    SCOPED_TRACE(args);
    fs::remove_all(store_);
    RunResult import = Kg(args);
    ASSERT_EQ(import.exit_code, 0) << import.output;
    auto store = kg::graph::Store::Open(store_, {.read_only = true});
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto key = kg::graph::SnapshotKeyOf(**store);
    ASSERT_TRUE(key.ok()) << key.status().message();
    auto saved = kg::graph::ReadGraphSnapshot(kg::graph::SnapshotPath(store_), *key);
    ASSERT_TRUE(saved.ok()) << saved.status().message();
    auto loaded = kg::graph::LoadGraph(**store, nullptr, {.use_snapshot = false});
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_GT((*loaded)->edge_count(), 0u);
    EXPECT_EQ(Describe(**saved), Describe(**loaded));
  }
}

TEST_F(KgCliTest, IngestLeavesAGraphSnapshotUnlessToldNot) {
  RunResult without = Kg("ingest samples/articles --no-graph-snapshot");
  ASSERT_EQ(without.exit_code, 0) << without.output;
  EXPECT_FALSE(fs::exists(kg::graph::SnapshotPath(store_)));
  // Nothing new stored: nothing to load.
  RunResult again = Kg("ingest samples/articles");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_FALSE(fs::exists(kg::graph::SnapshotPath(store_)));
  fs::remove_all(store_);
  RunResult with = Kg("ingest samples/articles");
  ASSERT_EQ(with.exit_code, 0) << with.output;
  EXPECT_TRUE(fs::exists(kg::graph::SnapshotPath(store_))) << with.output;
}

TEST_F(KgCliTest, IngestOfMissingPathFails) {
  RunResult result = Kg("ingest /nonexistent/articles");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("/nonexistent/articles"), std::string::npos) << result.output;
}

}  // namespace

namespace {

TEST_F(KgCliTest, IngestWithUnknownStageSuggestsTheRegisteredOnes) {
  RunResult result = Kg("ingest samples/articles --stages analyse,extract");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.output.find("analyse"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("analyze"), std::string::npos) << result.output;
}

TEST_F(KgCliTest, IngestWithTheExtractorStoresTriples) {
  RunResult result = Kg("ingest samples/articles --stages analyze,extract");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.find("no extractor is configured"), std::string::npos) << result.output;
  RunResult exported = Kg("export");
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("\tsupports\tBashar al-Assad\t+\t"), std::string::npos)
      << exported.output;
}

}  // namespace
