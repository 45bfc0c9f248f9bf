#include "shell/format.h"

#include <gtest/gtest.h>

#include <sstream>

#include "shell/suggest.h"

namespace kg::shell {
namespace {

Report SampleReport() {
  Report report;
  report.heading = "two rows";
  report.fields = {{"query", "sample"}};
  Table table("rows", {{"name"}, {"count", true}, {"note"}});
  table.rows = {{"Iran", "12", "a\tb"}, {"Bashar al-Assad", "3", ""}, {"Türkiye", "-", "x"}};
  report.tables.push_back(std::move(table));
  report.notes.push_back("(end)");
  return report;
}

std::string Render(const Report& report, OutputFormat format) {
  std::ostringstream out;
  WriteReport(report, format, out);
  return out.str();
}

TEST(FormatTest, TableAlignsColumnsByCodePoints) {
  EXPECT_EQ(Render(SampleReport(), OutputFormat::kTable),
            "two rows\n"
            "  name             count  note\n"
            "  Iran                12  a\tb\n"
            "  Bashar al-Assad      3\n"
            "  Türkiye              -  x\n"
            "(end)\n");
}

TEST(FormatTest, TsvEscapesAndSkipsHeading) {
  EXPECT_EQ(Render(SampleReport(), OutputFormat::kTsv),
            "name\tcount\tnote\n"
            "Iran\t12\ta\\tb\n"
            "Bashar al-Assad\t3\t\n"
            "Türkiye\t-\tx\n");
}

TEST(FormatTest, JsonHasFieldsAndTypedRows) {
  const nlohmann::json json = nlohmann::json::parse(Render(SampleReport(), OutputFormat::kJson));
  EXPECT_EQ(json["query"], "sample");
  ASSERT_EQ(json["rows"].size(), 3u);
  EXPECT_EQ(json["rows"][0]["count"], 12);
  EXPECT_EQ(json["rows"][0]["note"], "a\tb");
  EXPECT_EQ(json["rows"][2]["count"], "-");
}

TEST(FormatTest, EmptyTableSaysNone) {
  Report report;
  Table table("rows", {{"name"}}, "matches");
  report.tables.push_back(table);
  EXPECT_EQ(Render(report, OutputFormat::kTable), "matches:\n  (none)\n");
  EXPECT_EQ(Render(report, OutputFormat::kTsv), "name\n");
  EXPECT_EQ(Render(report, OutputFormat::kJson), "{\n  \"rows\": []\n}\n");
}

TEST(FormatTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("tsv"), OutputFormat::kTsv);
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  Result<OutputFormat> bad = ParseOutputFormat("csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unknown format \"csv\"; choose table, tsv or json");
}

TEST(FormatTest, FormatsPaths) {
  EXPECT_EQ(FormatPath("Iran", {}), "Iran");
  EXPECT_EQ(FormatPath("Iran", {{"Iran", "supports", "Bashar al-Assad", false, false},
                                {"Bashar al-Assad", "opposes", "United States", true, false},
                                {"United States", "supports", "Turkey", false, true}}),
            "Iran -[supports]-> Bashar al-Assad <-[opposes]- United States -[not supports]-> Turkey");
}

TEST(SuggestTest, EditDistance) {
  const std::tuple<std::string, std::string, size_t> cases[] = {
      {"", "", 0},          {"abc", "", 3},           {"Assad", "assad", 0},
      {"Asad", "Assad", 1}, {"neighbours", "neighbors", 1}, {"kitten", "sitting", 3},
  };
  for (const auto& [a, b, distance] : cases) {
    EXPECT_EQ(EditDistance(a, b), distance) << a << " / " << b;
  }
}

TEST(SuggestTest, SuggestsNearestWithinLimit) {
  const std::vector<std::string> names = {"Assad", "Bashar al-Assad", "Iran", "Iraq", "Israel"};
  EXPECT_EQ(Suggest("Asad", names), std::vector<std::string>{"Assad"});
  EXPECT_EQ(Suggest("Irn", names), std::vector<std::string>{"Iran"});
  EXPECT_EQ(Suggest("Irag", names), (std::vector<std::string>{"Iran", "Iraq"}));  // ties in input order
  EXPECT_TRUE(Suggest("Venezuela", names).empty());
  EXPECT_EQ(DidYouMean({}), "");
  EXPECT_EQ(DidYouMean({"a"}), "; did you mean \"a\"?");
  EXPECT_EQ(DidYouMean({"a", "b", "c"}), "; did you mean \"a\", \"b\" or \"c\"?");
}

}  // namespace
}  // namespace kg::shell
