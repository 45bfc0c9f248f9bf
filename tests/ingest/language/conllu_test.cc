#include "ingest/language/conllu.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace kg::ingest {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::string kRoundTrip = std::string(KG_TESTDATA_DIR) + "/language/roundtrip.conllu";

TEST(ConlluTest, ReadsCommentsWordsMultiwordsAndEmptyNodes) {
  auto sentences = ReadConlluFile(kRoundTrip);
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  ASSERT_EQ(sentences->size(), 2u);
  const ConlluSentence& first = (*sentences)[0];
  EXPECT_EQ(first.text, "I don't know.");
  EXPECT_EQ(first.sent_id, "doc-1-0001");
  EXPECT_TRUE(first.new_doc);
  EXPECT_TRUE(first.new_par);
  EXPECT_EQ(first.line, 1);
  ASSERT_EQ(first.words.size(), 5u);
  EXPECT_EQ(first.words[2].form, "n't");
  EXPECT_EQ(first.words[2].lemma, "not");
  EXPECT_EQ(first.words[2].head, 4);
  EXPECT_EQ(first.words[3].head, 0);
  ASSERT_EQ(first.multiwords.size(), 1u);
  EXPECT_EQ(first.multiwords[0].form, "don't");
  EXPECT_EQ(first.multiwords[0].first, 2);
  EXPECT_EQ(first.multiwords[0].last, 3);
  EXPECT_TRUE(first.NoSpaceAfter(4));
  EXPECT_FALSE(first.NoSpaceAfter(2));
  const ConlluSentence& second = (*sentences)[1];
  EXPECT_FALSE(second.new_doc);
  EXPECT_EQ(second.words.size(), 6u);  // the empty node 5.1 is not a word
  ASSERT_EQ(second.empty_nodes.size(), 1u);
  EXPECT_EQ(second.empty_nodes[0].after, 5);
}

TEST(ConlluTest, WriteGivesBackTheSameBytes) {
  auto sentences = ReadConlluFile(kRoundTrip);
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  std::ostringstream out;
  WriteConllu(*sentences, out);
  EXPECT_EQ(out.str(), ReadAll(kRoundTrip));
}

TEST(ConlluTest, MissingFileIsNotFound) {
  auto sentences = ReadConlluFile("/nonexistent/x.conllu");
  ASSERT_FALSE(sentences.ok());
  EXPECT_TRUE(sentences.status().IsNotFound());
  EXPECT_NE(sentences.status().message().find("/nonexistent/x.conllu"), std::string::npos);
}

struct MalformedCase {
  const char* name;
  std::string text;
  std::string message;  // expected message, "FILE:LINE: ..."
};

TEST(ConlluTest, MalformedInputNamesFileAndLine) {
  const std::string ok1 = "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n";
  const MalformedCase cases[] = {
      {"columns", "# text = A b\n1\tA\ta\tDET\n", "t.conllu:2: expected 10 tab-separated columns, found 4"},
      {"bad id", "x\tA\ta\tDET\tDT\t_\t0\troot\t_\t_\n", "t.conllu:1: bad word id 'x'"},
      {"sequence", ok1 + "3\tb\tb\tNOUN\tNN\t_\t0\troot\t_\t_\n",
       "t.conllu:2: word id 3 out of sequence, expected 2"},
      {"bad head", "1\tA\ta\tDET\tDT\t_\tz\tdet\t_\t_\n", "t.conllu:1: bad head 'z'"},
      {"head past end", "\n" + ok1, "t.conllu:2: word 1 has head 2 beyond the sentence end"},
      {"multiword", "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n", "t.conllu:1: bad multiword token id '2-3'"},
      {"comment inside", ok1 + "# x\n", "t.conllu:2: comment inside a sentence"},
      {"no words", "# text = nothing\n\n", "t.conllu:1: sentence without words"},
  };
  for (const MalformedCase& c : cases) {
    std::istringstream in(c.text);
    auto sentences = ReadConllu(in, "t.conllu");
    ASSERT_FALSE(sentences.ok()) << c.name;
    EXPECT_TRUE(sentences.status().IsInvalidArgument()) << c.name;
    EXPECT_EQ(sentences.status().message(), c.message) << c.name;
  }
}

TEST(ConlluTest, AcceptsCrlfAndMissingFinalBlankLine) {
  std::istringstream in("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\r\n\r\n1\tYo\tyo\tINTJ\tUH\t_\t0\troot\t_\t_");
  auto sentences = ReadConllu(in, "t.conllu");
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  ASSERT_EQ(sentences->size(), 2u);
  EXPECT_EQ((*sentences)[1].words[0].misc, "_");
  EXPECT_EQ((*sentences)[1].line, 3);
}

}  // namespace
}  // namespace kg::ingest
