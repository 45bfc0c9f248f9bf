#include "shell/command_parser.h"

#include <gtest/gtest.h>

namespace kg::shell {
namespace {

struct ParseCase {
  std::string line;
  std::vector<std::string> words;
  std::string redirect;  // empty: none
  bool append = false;
};

std::vector<std::string> Texts(const ParsedLine& parsed) {
  std::vector<std::string> texts;
  for (const Word& word : parsed.words) texts.push_back(word.text);
  return texts;
}

TEST(CommandParserTest, SplitsWords) {
  const ParseCase cases[] = {
      {"", {}, ""},
      {"   \t ", {}, ""},
      {"# a comment", {}, ""},
      {"stats", {"stats"}, ""},
      {"  who   supports  Iran  ", {"who", "supports", "Iran"}, ""},
      {"who supports \"Bashar al-Assad\"", {"who", "supports", "Bashar al-Assad"}, ""},
      {"who supports 'Bashar al-Assad'", {"who", "supports", "Bashar al-Assad"}, ""},
      {"find 'it''s'", {"find", "its"}, ""},
      {"find \"say \\\"hi\\\"\"", {"find", "say \"hi\""}, ""},
      {"find \"a\\\\b\"", {"find", "a\\b"}, ""},
      {"find \"C:\\dir\"", {"find", "C:\\dir"}, ""},
      {"find 'no \\escape'", {"find", "no \\escape"}, ""},
      {"find Bashar\\ al-Assad", {"find", "Bashar al-Assad"}, ""},
      {"find O\\'Brien", {"find", "O'Brien"}, ""},
      {"find al\"-\"Assad", {"find", "al-Assad"}, ""},
      {"find \"\"", {"find", ""}, ""},
      {"stats # counts", {"stats"}, ""},
      {"find C#", {"find", "C#"}, ""},
      {"find \"#1\"", {"find", "#1"}, ""},
      {"dot neighbors Iran > out.dot", {"dot", "neighbors", "Iran"}, "out.dot"},
      {"dot neighbors Iran >out.dot", {"dot", "neighbors", "Iran"}, "out.dot"},
      {"dot neighbors Iran>out.dot", {"dot", "neighbors", "Iran"}, "out.dot"},
      {"dot path A B >> \"my file.dot\"", {"dot", "path", "A", "B"}, "my file.dot", true},
      {"find \"a > b\"", {"find", "a > b"}, ""},
      {"find a\\>b", {"find", "a>b"}, ""},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.line);
    Result<ParsedLine> parsed = ParseLine(c.line);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(Texts(*parsed), c.words);
    if (c.redirect.empty()) {
      EXPECT_FALSE(parsed->redirect.has_value());
    } else {
      ASSERT_TRUE(parsed->redirect.has_value());
      EXPECT_EQ(parsed->redirect->path, c.redirect);
      EXPECT_EQ(parsed->redirect->append, c.append);
    }
  }
}

TEST(CommandParserTest, RemembersQuoting) {
  Result<ParsedLine> parsed = ParseLine("path \"in\" out 'x' a\\ b");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->words.size(), 5u);
  EXPECT_FALSE(parsed->words[0].quoted);
  EXPECT_TRUE(parsed->words[1].quoted);
  EXPECT_FALSE(parsed->words[2].quoted);
  EXPECT_TRUE(parsed->words[3].quoted);
  EXPECT_TRUE(parsed->words[4].quoted);
}

TEST(CommandParserTest, ReportsErrors) {
  const std::pair<std::string, std::string> cases[] = {
      {"who supports \"Bashar al-Assad", "unterminated \" quote (column 14)"},
      {"find 'abc", "unterminated ' quote (column 6)"},
      {"find abc\\", "backslash at end of line (column 9)"},
      {"stats >", "expected a file name after '>' (column 7)"},
      {"stats > >", "expected a file name after '>' (column 7)"},
      {"stats > a b", "unexpected \"b\" after the redirection target (column 11)"},
      {"> file", "redirection without a command (column 1)"},
  };
  for (const auto& [line, message] : cases) {
    SCOPED_TRACE(line);
    Result<ParsedLine> parsed = ParseLine(line);
    ASSERT_FALSE(parsed.ok());
    EXPECT_TRUE(parsed.status().IsInvalidArgument());
    EXPECT_EQ(parsed.status().message(), message);
  }
}

TEST(CommandParserTest, QuoteWordRoundTrips) {
  const std::string texts[] = {"Iran", "Bashar al-Assad", "say \"hi\"", "a\\b", "O'Brien", "#1",
                               "a>b", ""};
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    Result<ParsedLine> parsed = ParseLine("find " + QuoteWord(text));
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    ASSERT_EQ(parsed->words.size(), 2u);
    EXPECT_EQ(parsed->words[1].text, text);
  }
  EXPECT_EQ(QuoteWord("Iran"), "Iran");
  EXPECT_EQ(QuoteWord("Bashar al-Assad"), "\"Bashar al-Assad\"");
}

}  // namespace
}  // namespace kg::shell
