// The first import into a store goes through a bulk load; these tests check
// that it stores what committing article by article stores.
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "graph/keys.h"
#include "graph/store.h"
#include "graph/store_check.h"
#include "graph/triple_export.h"
#include "ingest/tsv_importer.h"
#include "tests/ingest/temp_dir_testlib.h"

namespace kg::ingest {
namespace {

const std::string kImportDir = std::string(KG_TESTDATA_DIR) + "/import/";

std::unique_ptr<graph::Store> OpenStore(const std::string& path) {
  Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

std::string Hex(const google::protobuf::MessageLite& message) {
  return graph::keys::HexOf(message.SerializeAsString());
}

// Every record the store's reads give, serialised, with each article's
// time of storing cleared; the index families are left to CheckStore.
std::vector<std::string> Dump(const graph::Store& store) {
  std::vector<std::string> rows;
  EXPECT_TRUE(store.ForEachAlias([&](std::string_view alias, uint64_t id) {
    rows.push_back("alias " + std::string(alias) + " " + std::to_string(id));
    return true;
  }).ok());
  EXPECT_TRUE(store.ForEachEntity([&](const pb::Entity& entity) {
    rows.push_back("entity " + Hex(entity));
    return true;
  }).ok());
  EXPECT_TRUE(store.ForEachArticle([&](const pb::Article& article) {
    pb::Article copy = article;
    copy.set_ingested_unix_seconds(0);
    rows.push_back("article " + Hex(copy));
    return true;
  }).ok());
  std::vector<pb::Triple> triples;
  EXPECT_TRUE(store.ForEachTriple([&](const pb::Triple& triple) {
    triples.push_back(triple);
    rows.push_back("triple " + Hex(triple));
    return true;
  }).ok());
  for (const pb::Triple& triple : triples) {
    EXPECT_TRUE(store.ForEachEvidence(triple, [&](const pb::Evidence& evidence) {
      rows.push_back("evidence " + Hex(evidence));
      return true;
    }).ok());
  }
  return rows;
}

std::string Export(const graph::Store& store, graph::ExportFormat format) {
  std::ostringstream out;
  EXPECT_TRUE(graph::ExportTriples(store, format, out).ok());
  return out.str();
}

void ExpectClean(const graph::Store& store) {
  Result<graph::CheckReport> report = graph::CheckStore(store);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->clean()) << report->Format();
}

std::string Summary(const ImportSummary& s) {
  std::string text = std::to_string(s.lines_read) + " read, " + std::to_string(s.lines_skipped) +
                     " skipped, " + std::to_string(s.triples_imported) + " imported, " +
                     std::to_string(s.articles_stored) + " stored, " +
                     std::to_string(s.articles_skipped) + " already stored";
  for (const std::string& warning : s.warnings) text += "\n" + warning;
  return text;
}

// A file of `lines` statements over a few names written many ways, from
// `sources` sources in an interleaved order, with some lines repeated.
std::string Generated(uint32_t seed, int lines, int sources) {
  const char* names[] = {"Iran", "IRAN", " iran ", "Bashar  al-Assad", "bashar al-assad",
                         "Hezbollah", "Hizbullah", "\u00D6calan", "O\u0308calan", "PKK",
                         "Turkey", "T\u00FCrkiye", "HTS", "Hayat Tahrir al-Sham"};
  const char* relations[] = {"supports", "opposes", "funds", "attacks", "meets"};
  std::mt19937 rng(seed);
  std::string text = "subject\trelation\tobject\tpolarity\tsource\tsentence\n";
  for (int i = 0; i < lines; ++i) {
    const std::string subject = names[rng() % std::size(names)];
    const std::string object = names[rng() % std::size(names)];
    const std::string relation = relations[rng() % std::size(relations)];
    const std::string polarity = rng() % 5 == 0 ? "-" : "+";
    const std::string source = "src-" + std::to_string(rng() % sources);
    const std::string line = subject + "\t" + relation + "\t" + object + "\t" + polarity + "\t" +
                             source + (rng() % 3 == 0 ? "\t\"" + subject + " did it.\"" : "");
    text += line + "\n";
    if (rng() % 10 == 0) text += line + "\n";  // a duplicate line
    if (rng() % 50 == 0) text += subject + "\t\t" + object + "\n";  // malformed
  }
  return text;
}

struct Case {
  const char* label;
  std::string file;  // a path, or empty to write `text`
  std::string text;
};

std::vector<Case> Cases() {
  return {
      {"good.tsv", kImportDir + "good.tsv", ""},
      {"sources.tsv", kImportDir + "sources.tsv", ""},
      {"bad_lines.tsv", kImportDir + "bad_lines.tsv", ""},
      {"names differing in case and spacing", "",
       "Iran\tsupports\tHezbollah\t+\ta\n"
       "  IRAN \tsupports\thezbollah\tpositive\tb\n"
       "iran\tsupports\tHEZBOLLAH  \n"
       "Iran\tsupports\tHezbollah\t-\ta\n"
       "iran\tsupports\tHezbollah\tnegative\ta\n"},
      {"duplicate lines and quoted sentences", "",
       "\xEF\xBB\xBFRussia\tsupports\tBashar al-Assad\t+\ta\t\"Moscow backs Assad.\"\r\n"
       "Russia\tsupports\tBashar al-Assad\t+\ta\t\"Moscow backs Assad.\"\r\n"
       "Russia\tsupports\tBashar al-Assad\t+\ta\n"
       "# a comment\n"
       "\n"
       "Russia\tsupports\n"
       "Russia\tsupports\tX\tmaybe\n"
       "Ir\xff" "an\tsupports\tX\n"
       "Qatar\tfunds\tHTS\t+\tb\tQatar \"funds\" HTS, says a report\n"},
      {"sources equal up to spacing", "",
       "A\tr\tB\t+\ts 1\n"
       "A\tr\tB\t+\ts  1\n"
       "A\tr\tC\t+\ts 2\n"},
      {"generated", "", Generated(7, 3000, 40)},
  };
}

class TsvBulkImportTest : public testing::Test {
 protected:
  // Imports `c` into a new store, with or without the bulk load.
  std::unique_ptr<graph::Store> Import(const Case& c, bool bulk, ImportSummary* summary) {
    std::unique_ptr<graph::Store> store = OpenStore(dir_.path() + "/" + std::to_string(next_++));
    if (store == nullptr) return nullptr;
    *summary = ImportOrDie(c, *store, bulk);
    return store;
  }

  ImportSummary ImportOrDie(const Case& c, graph::Store& store, bool bulk = true) {
    const std::string path =
        c.file.empty() ? dir_.Write(std::string("in/") + std::to_string(next_++) + ".tsv", c.text)
                       : c.file;
    Result<ImportSummary> summary = ImportTsv(path, store, {.bulk = bulk});
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return summary.ok() ? *summary : ImportSummary{};
  }

  TempDir dir_;
  int next_ = 0;
};

TEST_F(TsvBulkImportTest, SameStoreAsCommittingEachArticle) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.label);
    ImportSummary committed_summary;
    ImportSummary bulk_summary;
    std::unique_ptr<graph::Store> committed = Import(c, false, &committed_summary);
    std::unique_ptr<graph::Store> bulk = Import(c, true, &bulk_summary);
    ASSERT_NE(committed, nullptr);
    ASSERT_NE(bulk, nullptr);
    EXPECT_GT(bulk_summary.triples_imported, 0u);
    // Warnings name the same FILE:LINE only when the file is the same.
    if (!c.file.empty()) {
      EXPECT_EQ(Summary(bulk_summary), Summary(committed_summary));
    }
    EXPECT_EQ(bulk_summary.warnings.size(), committed_summary.warnings.size());
    EXPECT_EQ(bulk_summary.articles_stored, committed_summary.articles_stored);
    EXPECT_EQ(bulk_summary.articles_skipped, committed_summary.articles_skipped);
    ExpectClean(*bulk);
    EXPECT_EQ(Export(*bulk, graph::ExportFormat::kTsv),
              Export(*committed, graph::ExportFormat::kTsv));
    EXPECT_EQ(Export(*bulk, graph::ExportFormat::kJsonLines),
              Export(*committed, graph::ExportFormat::kJsonLines));
    if (c.file.empty()) continue;  // article sources name the file written
    EXPECT_EQ(Dump(*bulk), Dump(*committed));
  }
}

TEST_F(TsvBulkImportTest, SameRecordsForTheSameFile) {
  // One written file imported both ways, so that sources and warnings agree.
  for (const Case& c : Cases()) {
    if (!c.file.empty()) continue;
    SCOPED_TRACE(c.label);
    const Case file{c.label, dir_.Write(std::string("same/") + std::to_string(next_++) + ".tsv",
                                        c.text),
                    ""};
    ImportSummary committed_summary;
    ImportSummary bulk_summary;
    std::unique_ptr<graph::Store> committed = Import(file, false, &committed_summary);
    std::unique_ptr<graph::Store> bulk = Import(file, true, &bulk_summary);
    ASSERT_NE(committed, nullptr);
    ASSERT_NE(bulk, nullptr);
    EXPECT_EQ(Summary(bulk_summary), Summary(committed_summary));
    const std::vector<std::string> rows = Dump(*committed);
    EXPECT_FALSE(rows.empty());
    EXPECT_EQ(Dump(*bulk), rows);
  }
}

TEST_F(TsvBulkImportTest, ReimportChangesNothing) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.label);
    const Case file{c.label,
                    c.file.empty() ? dir_.Write("again/" + std::to_string(next_++) + ".tsv", c.text)
                                   : c.file,
                    ""};
    ImportSummary first;
    std::unique_ptr<graph::Store> store = Import(file, true, &first);
    ASSERT_NE(store, nullptr);
    const std::vector<std::string> before = Dump(*store);
    const ImportSummary again = ImportOrDie(file, *store);
    EXPECT_EQ(again.articles_stored, 0u);
    EXPECT_EQ(again.triples_imported, 0u);
    EXPECT_EQ(again.articles_skipped, first.articles_stored + first.articles_skipped);
    EXPECT_EQ(Dump(*store), before);
    ExpectClean(*store);
  }
}

TEST_F(TsvBulkImportTest, LaterImportsCommitOnTopOfABulkLoad) {
  // good.tsv goes in by bulk load (or by commits), then sources.tsv and a
  // generated file by commits: both stores must end up the same.
  const std::vector<Case> cases = Cases();
  const Case second{"sources", kImportDir + "sources.tsv", ""};
  const Case third{"generated", dir_.Write("later.tsv", Generated(11, 500, 7)), ""};
  ImportSummary summary;
  std::unique_ptr<graph::Store> committed = Import(cases[0], false, &summary);
  std::unique_ptr<graph::Store> bulk = Import(cases[0], true, &summary);
  ASSERT_NE(committed, nullptr);
  ASSERT_NE(bulk, nullptr);
  for (const Case* next : {&second, &third}) {
    const ImportSummary a = ImportOrDie(*next, *committed, false);
    const ImportSummary b = ImportOrDie(*next, *bulk);
    EXPECT_EQ(Summary(b), Summary(a));
    EXPECT_GT(b.articles_stored, 0u);
  }
  ExpectClean(*bulk);
  EXPECT_EQ(Dump(*bulk), Dump(*committed));
}

TEST_F(TsvBulkImportTest, AliasesStoredBeforeTheImportResolveNames) {
  const Case c{"aliases", dir_.Write("aliases.tsv",
                                     "HTS\tattacks\tAleppo\nHayat Tahrir al-Sham\tcontrols\tIdlib\n"),
               ""};
  std::unique_ptr<graph::Store> committed = OpenStore(dir_.path() + "/alias-committed");
  std::unique_ptr<graph::Store> bulk = OpenStore(dir_.path() + "/alias-bulk");
  ASSERT_NE(committed, nullptr);
  ASSERT_NE(bulk, nullptr);
  for (graph::Store* store : {committed.get(), bulk.get()}) {
    ASSERT_TRUE(store->AddAlias("HTS", "Hayat Tahrir al-Sham").ok());
  }
  ImportOrDie(c, *committed, false);
  ImportOrDie(c, *bulk);
  const std::vector<std::string> rows = Dump(*committed);
  EXPECT_EQ(Dump(*bulk), rows);
  Result<pb::Entity> hts = bulk->FindEntity("hts");
  ASSERT_TRUE(hts.ok());
  EXPECT_EQ(hts->name(), "Hayat Tahrir al-Sham");
  ExpectClean(*bulk);
}

}  // namespace
}  // namespace kg::ingest
