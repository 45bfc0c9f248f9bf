#include "ingest/tsv_importer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;

const std::string kImportDir = std::string(KG_TESTDATA_DIR) + "/import/";

// A store in a fresh temporary directory, removed afterwards.
class TsvImporterTest : public testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = (fs::path(testing::TempDir()) /
            ("kg_tsv_" + std::to_string(getpid()) + "_" + std::to_string(counter++)))
               .string();
    fs::remove_all(dir_);
    Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  ImportSummary ImportOrDie(const std::string& path) {
    Result<ImportSummary> summary = ImportTsv(path, *store_);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return summary.ok() ? *summary : ImportSummary{};
  }

  ImportSummary ImportText(const std::string& text, const std::string& name = "<stdin>") {
    std::istringstream input(text);
    Result<ImportSummary> summary = ImportTsv(input, name, *store_);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return summary.ok() ? *summary : ImportSummary{};
  }

  graph::StoreCounts Counts() {
    Result<graph::StoreCounts> counts = store_->Counts();
    EXPECT_TRUE(counts.ok());
    return counts.ok() ? *counts : graph::StoreCounts{};
  }

  std::string Name(uint64_t id) {
    Result<pb::Entity> entity = store_->GetEntity(id);
    return entity.ok() ? entity->name() : "?";
  }

  // Every edge as "subject relation object" ("not relation" when denied).
  std::map<std::string, pb::Triple> Triples() {
    std::map<std::string, pb::Triple> out;
    EXPECT_TRUE(store_->ForEachTriple([&](const pb::Triple& t) {
      const std::string negation = t.polarity() == pb::POLARITY_NEGATIVE ? "not " : "";
      out[Name(t.subject_id()) + " " + negation + t.relation() + " " + Name(t.object_id())] = t;
      return true;
    }).ok());
    return out;
  }

  std::vector<pb::Evidence> Evidence(const pb::Triple& triple) {
    std::vector<pb::Evidence> out;
    EXPECT_TRUE(store_->ForEachEvidence(triple, [&](const pb::Evidence& e) {
      out.push_back(e);
      return true;
    }).ok());
    return out;
  }

  std::string dir_;
  std::unique_ptr<graph::Store> store_;
};

TEST_F(TsvImporterTest, ImportsGoodFile) {
  const std::string path = kImportDir + "good.tsv";
  const ImportSummary summary = ImportOrDie(path);
  EXPECT_EQ(summary.lines_read, 10u);
  EXPECT_EQ(summary.lines_skipped, 0u);
  EXPECT_TRUE(summary.warnings.empty());
  EXPECT_EQ(summary.triples_imported, 6u);
  EXPECT_EQ(summary.articles_stored, 1u);
  EXPECT_EQ(summary.articles_skipped, 0u);

  const std::map<std::string, pb::Triple> triples = Triples();
  const std::set<std::string> expected = {
      "Iran supports Bashar al-Assad", "Russia supports Bashar al-Assad",
      "Hezbollah fights Hayat Tahrir al-Sham", "Turkey not supports Syrian Democratic Forces",
      "\u00D6calan leads PKK"};
  std::set<std::string> names;
  for (const auto& [name, triple] : triples) names.insert(name);
  EXPECT_EQ(names, expected);

  const pb::Triple& iran = triples.at("Iran supports Bashar al-Assad");
  EXPECT_EQ(iran.article_count(), 1u);
  EXPECT_EQ(iran.evidence_count(), 2u) << "lines 3 and 9";
  const std::vector<pb::Evidence> evidence = Evidence(iran);
  ASSERT_EQ(evidence.size(), 2u);
  EXPECT_EQ(evidence[0].sentence_index(), 2u) << "line 3";
  EXPECT_EQ(evidence[0].sentence(), "Iran supports Bashar al-Assad");
  EXPECT_EQ(evidence[1].sentence_index(), 8u) << "line 9";
  EXPECT_EQ(evidence[1].sentence(), "iran supports bashar al-assad");

  Result<pb::Article> article = store_->GetArticle(evidence[0].article_id());
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->source(), path);
  EXPECT_EQ(article->triple_count(), 6u);
  ASSERT_EQ(article->sentences_size(), 6);
  const pb::SentenceSpan& span = article->sentences(0);
  EXPECT_EQ(article->text().substr(span.begin(), span.end() - span.begin()),
            "Iran\tsupports\tBashar al-Assad\t+");
  EXPECT_EQ(article->text().substr(evidence[1].begin(), evidence[1].end() - evidence[1].begin()),
            "iran\tsupports\tbashar al-assad\tpositive");
}

TEST_F(TsvImporterTest, ReimportIsANoOp) {
  const std::string path = kImportDir + "good.tsv";
  ImportOrDie(path);
  const graph::StoreCounts before = Counts();
  const ImportSummary again = ImportOrDie(path);
  EXPECT_EQ(again.articles_stored, 0u);
  EXPECT_EQ(again.articles_skipped, 1u);
  EXPECT_EQ(again.triples_imported, 0u);
  const graph::StoreCounts after = Counts();
  EXPECT_EQ(after.articles, before.articles);
  EXPECT_EQ(after.triples, before.triples);
  EXPECT_EQ(after.evidence, before.evidence);
  EXPECT_EQ(after.entities, before.entities);
  EXPECT_EQ(Triples().at("Iran supports Bashar al-Assad").evidence_count(), 2u);
}

TEST_F(TsvImporterTest, BadLinesAreSkippedWithWarnings) {
  const std::string path = kImportDir + "bad_lines.tsv";
  const ImportSummary summary = ImportOrDie(path);
  EXPECT_EQ(summary.lines_read, 9u);
  EXPECT_EQ(summary.lines_skipped, 5u);
  EXPECT_EQ(summary.triples_imported, 3u);
  const std::vector<std::string> expected = {
      path + ":3: expected subject, relation and object separated by tabs, found 1 field",
      path + ":4: empty relation",
      path + ":5: unknown polarity 'maybe' (use +, -, positive or negative)",
      path + ":7: expected at most 6 fields (subject, relation, object, polarity, source, "
             "sentence), found 7",
      path + ":8: empty subject",
  };
  EXPECT_EQ(summary.warnings, expected);
  std::set<std::string> names;
  for (const auto& [name, triple] : Triples()) names.insert(name);
  EXPECT_EQ(names, (std::set<std::string>{"Iran supports Bashar al-Assad",
                                          "Turkey not supports SNA", "Hezbollah fights ISIS"}));
}

TEST_F(TsvImporterTest, LineProblemsTable) {
  struct Case {
    const char* label;
    std::string text;
    std::string warning;  // empty: the line imports
  };
  const Case cases[] = {
      {"two fields", "a\tb\n", "x:1: expected subject, relation and object separated by tabs, found 2 fields"},
      {"invalid UTF-8", "Ir\xff" "an\tsupports\tX\n", "x:1: invalid UTF-8 at byte 3"},
      {"NUL byte", std::string("Iran\tsup\0ports\tX\n", 17), "x:1: control character at byte 9"},
      {"empty object", "Iran\tsupports\t \n", "x:1: empty object"},
      {"polarity word", "Iran\tsupports\tX\tNEGATIVE\n", ""},
      {"empty polarity", "Iran\tsupports\tY\t\n", ""},
      {"CRLF", "Iran\tsupports\tZ\r\n", ""},
      {"BOM", "\xEF\xBB\xBFIran\tsupports\tW\n", ""},
      {"header only", "Subject\tRelation\tObject\n", ""},
      {"comment", "  # Iran\tsupports\tX\n", ""},
  };
  for (const Case& c : cases) {
    const ImportSummary summary = ImportText(c.text, "x");
    if (c.warning.empty()) {
      EXPECT_TRUE(summary.warnings.empty()) << c.label << ": " << summary.warnings[0];
    } else {
      ASSERT_EQ(summary.warnings.size(), 1u) << c.label;
      EXPECT_EQ(summary.warnings[0], c.warning) << c.label;
      EXPECT_EQ(summary.triples_imported, 0u) << c.label;
    }
  }
  const std::map<std::string, pb::Triple> triples = Triples();
  EXPECT_EQ(triples.size(), 4u);
  EXPECT_TRUE(triples.count("Iran not supports X"));
  EXPECT_TRUE(triples.count("Iran supports Y"));
  EXPECT_TRUE(triples.count("Iran supports Z"));
  EXPECT_TRUE(triples.count("Iran supports W"));
}

TEST_F(TsvImporterTest, HeaderOnlyCountsBeforeTheFirstStatement) {
  const ImportSummary summary = ImportText("A\tb\tC\nsubject\trelation\tobject\n", "x");
  EXPECT_EQ(summary.triples_imported, 2u);
  EXPECT_TRUE(Triples().count("subject relation object"));
}

TEST_F(TsvImporterTest, GroupsLinesBySource) {
  const std::string path = kImportDir + "sources.tsv";
  const ImportSummary summary = ImportOrDie(path);
  EXPECT_EQ(summary.articles_stored, 3u);
  EXPECT_EQ(summary.triples_imported, 4u);
  std::map<std::string, int> statements_by_source;
  ASSERT_TRUE(store_->ForEachArticle([&](const pb::Article& article) {
    statements_by_source[article.source()] = static_cast<int>(article.triple_count());
    return true;
  }).ok());
  EXPECT_EQ(statements_by_source,
            (std::map<std::string, int>{
                {"https://example.org/a", 2}, {"https://example.org/b", 1}, {path, 1}}));
  const std::vector<pb::Evidence> evidence = Evidence(Triples().at("Israel attacks Hezbollah"));
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].sentence_index(), 3u) << "line 4";
  EXPECT_EQ(ImportOrDie(path).articles_skipped, 3u);
}

TEST_F(TsvImporterTest, MissingFileNamesThePath) {
  const std::string path = kImportDir + "no_such_file.tsv";
  Result<ImportSummary> summary = ImportTsv(path, *store_);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), Status::Code::kIOError);
  EXPECT_EQ(summary.status().message(),
            "cannot import " + path + ": No such file or directory");

  Result<ImportSummary> directory = ImportTsv(kImportDir, *store_);
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().message(), "cannot import " + kImportDir + ": is a directory");
}

TEST_F(TsvImporterTest, EmptyInputImportsNothing) {
  const ImportSummary summary = ImportText("");
  EXPECT_EQ(summary.lines_read, 0u);
  EXPECT_EQ(summary.articles_stored, 0u);
  EXPECT_EQ(Counts().articles, 0u);
}

}  // namespace
}  // namespace kg::ingest

namespace kg::ingest {
namespace {

TEST_F(TsvImporterTest, SixthFieldIsTheEvidenceSentence) {
  ImportText(
      "Iran\tsupports\tBashar al-Assad\t+\ta.txt\tIran has expressed its full support for Assad.\n"
      "Russia\tsupports\tBashar al-Assad\t+\ta.txt\n");
  const std::vector<pb::Evidence> quoted = Evidence(Triples().at("Iran supports Bashar al-Assad"));
  ASSERT_EQ(quoted.size(), 1u);
  EXPECT_EQ(quoted[0].sentence(), "Iran has expressed its full support for Assad.");
  const std::vector<pb::Evidence> plain = Evidence(Triples().at("Russia supports Bashar al-Assad"));
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].sentence(), "Russia supports Bashar al-Assad");
}

}  // namespace
}  // namespace kg::ingest
