#include "ingest/language/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kg::ingest {
namespace {

// Joins the tokens' forms, and separately their surfaces (text at the
// offsets), with '|', so that a case reads like the expected split.
std::string Forms(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) out += (out.empty() ? "" : "|") + t.form;
  return out;
}

std::string Surfaces(std::string_view text, const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    out += (out.empty() ? "" : "|") + std::string(text.substr(t.begin, t.end - t.begin));
  }
  return out;
}

struct Case {
  const char* input;
  const char* forms;
  const char* surfaces;  // nullptr: same as forms
};

TEST(TokenizerTest, FollowsTreebankConventions) {
  const Case cases[] = {
      // Headline, dateline.
      {"AMMAN/BEIRUT.", "AMMAN|/|BEIRUT|.", nullptr},
      {"Rebel Victory in Aleppo", "Rebel|Victory|in|Aleppo", nullptr},
      // Abbreviations and initials keep their period.
      {"The U.S. Army met Gen. Smith on Dec. 5.", "The|U.S.|Army|met|Gen.|Smith|on|Dec.|5|.",
       nullptr},
      {"Mr. and Mrs. Jones, e.g. George W. Bush, etc.",
       "Mr.|and|Mrs.|Jones|,|e.g.|George|W.|Bush|,|etc.", nullptr},
      {"No. 5 but no.", "No.|5|but|no|.", nullptr},
      {"in Jan. 2016", "in|Jan.|2016", nullptr},
      // Numbers with commas, decimals, times, money, percentages.
      {"1,000,000 people paid $3.50 (12.5%) at 5:30.",
       "1,000,000|people|paid|$|3.50|(|12.5|%|)|at|5:30|.", nullptr},
      {"in 2016, 300", "in|2016|,|300", nullptr},
      // Quotes, straight and curly; forms are made ASCII.
      {"\u201cHell to Pay\u201d", "\"|Hell|to|Pay|\"", "\u201c|Hell|to|Pay|\u201d"},
      {"\"No,\" he said.", "\"|No|,|\"|he|said|.", nullptr},
      {"\u2018quoted\u2019", "'|quoted|'", "\u2018|quoted|\u2019"},
      // Dashes.
      {"rebels \u2014 figures", "rebels|--|figures", "rebels|\u2014|figures"},
      {"2010\u20132015", "2010|-|2015", "2010|\u2013|2015"},
      {"yes--no", "yes|--|no", nullptr},
      // Possessives and clitics.
      {"Syria\u2019s army", "Syria|'s|army", "Syria|\u2019s|army"},
      {"Syria's army", "Syria|'s|army", nullptr},
      {"don't won't can't I'm we're they'll I've she'd",
       "do|n't|wo|n't|ca|n't|I|'m|we|'re|they|'ll|I|'ve|she|'d", nullptr},
      {"cannot gonna", "can|not|gon|na", nullptr},
      {"the parents' house", "the|parents|'|house", nullptr},
      {"Shi\u2019ite fighters", "Shi'ite|fighters", "Shi\u2019ite|fighters"},
      // Hyphenated compounds: a hyphen token, except after kept prefixes.
      {"Iran-backed al-Assad second-largest", "Iran|-|backed|al|-|Assad|second|-|largest",
       nullptr},
      {"e-mail pro-Assad non-stop Mid-October", "e-mail|pro-Assad|non-stop|Mid-October", nullptr},
      {"call 713-853-3989 or 345-9945 for 1969-1970",
       "call|713-853-3989|or|345-9945|for|1969|-|1970", nullptr},
      {"U.S.-backed", "U.S.|-|backed", nullptr},
      // Slashes: split between words, kept in dates and short forms.
      {"and/or on 9/11 b/c", "and|/|or|on|9/11|b/c", nullptr},
      // URLs and e-mail addresses stay whole, without trailing punctuation.
      {"See http://www.example.com/a-b?x=1.", "See|http://www.example.com/a-b?x=1|.", nullptr},
      {"(www.reuters.com)", "(|www.reuters.com|)", nullptr},
      {"Mail jane.doe@example.org, now", "Mail|jane.doe@example.org|,|now", nullptr},
      // Runs of sentence punctuation stay together; ellipses.
      {"What?! Really... Yes\u2026", "What|?!|Really|...|Yes|...", "What|?!|Really|...|Yes|\u2026"},
      {"Great :)", "Great|:)", nullptr},
      // Non-English letters are word characters.
      {"Pe\u00f1aflor ay naging editor-in-chief", "Pe\u00f1aflor|ay|naging|editor|-|in|-|chief",
       nullptr},
      {"", "", nullptr},
      {"  \n\t ", "", nullptr},
  };
  Tokenizer tokenizer;
  for (const Case& c : cases) {
    std::vector<Token> tokens = tokenizer.Tokenize(c.input);
    EXPECT_EQ(Forms(tokens), c.forms) << "input: " << c.input;
    EXPECT_EQ(Surfaces(c.input, tokens), c.surfaces ? c.surfaces : c.forms)
        << "input: " << c.input;
  }
}

TEST(TokenizerTest, OffsetsAreBytesIntoTheOriginal) {
  const std::string text = "\u201cIran\u2019s  U.S.-backed\u201d";
  Tokenizer tokenizer;
  std::vector<Token> tokens = tokenizer.Tokenize(text);
  struct Expected {
    const char* form;
    uint32_t begin;
    uint32_t end;
  };
  const Expected expected[] = {{"\"", 0, 3},   {"Iran", 3, 7},   {"'s", 7, 11}, {"U.S.", 13, 17},
                               {"-", 17, 18},  {"backed", 18, 24}, {"\"", 24, 27}};
  ASSERT_EQ(tokens.size(), std::size(expected));
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].form, expected[i].form) << i;
    EXPECT_EQ(tokens[i].begin, expected[i].begin) << i;
    EXPECT_EQ(tokens[i].end, expected[i].end) << i;
  }
}

TEST(TokenizerTest, MarksCliticsAsPartsOfOneSurfaceToken) {
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  std::vector<bool> continues;
  const std::string text = "Bush's team didn't go-ahead";
  tokenizer.Tokenize(text, 0, static_cast<uint32_t>(text.size()), &tokens, &continues);
  ASSERT_EQ(Forms(tokens), "Bush|'s|team|did|n't|go|-|ahead");
  const std::vector<bool> expected = {false, true, false, false, true, false, false, false};
  EXPECT_EQ(continues, expected);
}

TEST(TokenizerTest, TokenizesARangeAndSurvivesInvalidUtf8) {
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  const std::string text = "skip this. Keep \xff\xfe that";
  tokenizer.Tokenize(text, 11, 1000, &tokens);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].form, "Keep");
  EXPECT_EQ(tokens[0].begin, 11u);
  EXPECT_EQ(tokens[3].form, "that");
}

}  // namespace
}  // namespace kg::ingest
