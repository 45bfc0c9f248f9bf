#include "ingest/language/sentence_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kg::ingest {
namespace {

// The sentences' surfaces (from their offsets) joined with " || ".
std::string Sentences(std::string_view text, const std::vector<Sentence>& sentences) {
  std::string out;
  for (const Sentence& s : sentences) {
    if (!out.empty()) out += " || ";
    out += std::string(s.TextIn(text));
  }
  return out;
}

struct Case {
  const char* input;
  const char* expected;
};

TEST(SentenceSplitterTest, SplitsNewsText) {
  const Case cases[] = {
      // Headlines and section titles stand on their own lines.
      {"Rebels Take Aleppo\nRebels took the city on Monday. Iran sent fighters.",
       "Rebels Take Aleppo || Rebels took the city on Monday. || Iran sent fighters."},
      {"Humanitarian Impact\n\nCivilians suffer", "Humanitarian Impact || Civilians suffer"},
      // Datelines.
      {"AMMAN/BEIRUT. Hundreds of fighters crossed.",
       "AMMAN/BEIRUT. || Hundreds of fighters crossed."},
      // Abbreviations and initials do not end sentences...
      {"Gen. Smith met Mr. Jones on Jan. 5 in the U.S. capital.",
       "Gen. Smith met Mr. Jones on Jan. 5 in the U.S. capital."},
      {"President George W. Bush spoke.", "President George W. Bush spoke."},
      // ...unless a typical opener follows one that can end a sentence.
      {"He moved to the U.S. The move was slow.", "He moved to the U.S. || The move was slow."},
      // Quotes and brackets after the period stay in the sentence.
      {"\u201cWe will fight.\u201d The group said so.",
       "\u201cWe will fight.\u201d || The group said so."},
      {"He left (finally.) Then rain.", "He left (finally.) || Then rain."},
      {"\"Go!\" he said.", "\"Go!\" he said."},
      // Ellipses end a sentence only before a capital.
      {"Well... maybe not. Wait... What?", "Well... maybe not. || Wait... || What?"},
      // Questions and exclamations.
      {"Why? Because! Fine", "Why? || Because! || Fine"},
      {"Numbers like 3.5 stay. 2016 was hard.", "Numbers like 3.5 stay. || 2016 was hard."},
      {"", ""},
  };
  SentenceSplitter splitter;
  for (const Case& c : cases) {
    EXPECT_EQ(Sentences(c.input, splitter.Split(c.input)), c.expected) << "input: " << c.input;
  }
}

TEST(SentenceSplitterTest, SingleLineBreaksCanBeIgnored) {
  SentenceSplitterOptions options;
  options.line_break_ends_sentence = false;
  SentenceSplitter splitter(options);
  const std::string text = "a hard-wrapped\nline goes on.\n\nNew paragraph";
  EXPECT_EQ(Sentences(text, splitter.Split(text)),
            "a hard-wrapped\nline goes on. || New paragraph");
}

TEST(SentenceSplitterTest, FillsTheDocumentWithTokensAndOffsets) {
  Document document;
  document.text = "Iran\u2019s move.\nNext line";
  SentenceSplitter splitter;
  splitter.SplitDocument(&document);
  ASSERT_EQ(document.sentences.size(), 2u);
  const Sentence& first = document.sentences[0];
  EXPECT_EQ(first.begin, 0u);
  EXPECT_EQ(first.end, 14u);  // "’" is three bytes
  ASSERT_EQ(first.tokens.size(), 4u);
  EXPECT_EQ(first.tokens[1].form, "'s");
  EXPECT_EQ(document.sentences[1].tokens[0].begin, 15u);
}

TEST(SentenceSplitterTest, NonEnglishParagraphDoesNotBreakAnything) {
  const std::string text =
      "Israel reiterated its commitment.\n"
      "Si Venus L Pe\u00f1aflor ay naging editor-in-chief ng Newsworld. "
      "Kasali siya sa DesignCrowd sa rank na #305 sa 640,000 graphic designers.";
  SentenceSplitter splitter;
  std::vector<Sentence> sentences = splitter.Split(text);
  ASSERT_EQ(sentences.size(), 3u);
  EXPECT_EQ(sentences[2].tokens.back().form, ".");
  EXPECT_EQ(sentences[2].end, text.size());
}

}  // namespace
}  // namespace kg::ingest
