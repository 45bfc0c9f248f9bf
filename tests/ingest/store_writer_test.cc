#include "ingest/store_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;

Sentence SentenceAt(uint32_t begin, uint32_t end) {
  Sentence sentence;
  sentence.begin = begin;
  sentence.end = end;
  return sentence;
}

graph::TripleStatement Statement(const std::string& subject, const std::string& relation,
                                 const std::string& object, uint32_t sentence) {
  graph::TripleStatement statement;
  statement.subject = subject;
  statement.relation = relation;
  statement.object = object;
  statement.evidence.set_sentence_index(sentence);
  return statement;
}

// "Iran backs Assad. Russia denies it." with its two sentences and triples.
Document SampleDocument() {
  Document document;
  document.source = "samples/a.txt";
  document.title = "Allies";
  document.date = "2024-05-01";
  document.url = "https://example.org/a";
  document.text = "Iran backs Assad. Russia denies it.";
  document.sentences = {SentenceAt(0, 17), SentenceAt(18, 35)};
  document.triples = {Statement("Iran", "supports", "Assad", 0),
                      Statement("Russia", "supports", "Assad", 1)};
  document.triples[1].polarity = pb::POLARITY_NEGATIVE;
  document.triples[1].evidence.set_begin(18);
  document.triples[1].evidence.set_end(24);
  document.aliases = {{"IR", "Iran"}};
  return document;
}

TEST(ToArticleUpdateTest, CopiesArticleAndFillsEvidence) {
  const Document document = SampleDocument();
  const graph::ArticleUpdate update = ToArticleUpdate(document);
  const pb::Article& article = update.article;
  EXPECT_EQ(article.id(), graph::ArticleIdFor(document.text));
  EXPECT_EQ(article.source(), "samples/a.txt");
  EXPECT_EQ(article.title(), "Allies");
  EXPECT_EQ(article.date(), "2024-05-01");
  EXPECT_EQ(article.text(), document.text);
  ASSERT_EQ(article.sentences_size(), 2);
  EXPECT_EQ(article.sentences(1).begin(), 18u);
  EXPECT_EQ(article.sentences(1).end(), 35u);

  ASSERT_EQ(update.triples.size(), 2u);
  struct Expected {
    std::string sentence;
    uint32_t begin;
    uint32_t end;
  };
  const Expected expected[] = {
      {"Iran backs Assad.", 0, 17},   // span defaults to the sentence
      {"Russia denies it.", 18, 24},  // the extractor's span is kept
  };
  for (size_t i = 0; i < 2; ++i) {
    const pb::Evidence& evidence = update.triples[i].evidence;
    EXPECT_EQ(evidence.sentence(), expected[i].sentence) << i;
    EXPECT_EQ(evidence.begin(), expected[i].begin) << i;
    EXPECT_EQ(evidence.end(), expected[i].end) << i;
  }
  EXPECT_EQ(update.triples[1].polarity, pb::POLARITY_NEGATIVE);
  EXPECT_EQ(update.aliases, document.aliases);
}

TEST(ToArticleUpdateTest, UrlStandsInForMissingSource) {
  Document document = SampleDocument();
  document.source.clear();
  EXPECT_EQ(ToArticleUpdate(document).article.source(), "https://example.org/a");
}

TEST(ToArticleUpdateTest, ToleratesBadSentenceReferences) {
  Document document = SampleDocument();
  document.triples[0].evidence.set_sentence_index(7);        // past the last sentence
  document.sentences[1] = SentenceAt(18, 99);                 // past the end of the text
  const graph::ArticleUpdate update = ToArticleUpdate(document);
  EXPECT_EQ(update.triples[0].evidence.sentence(), "");
  EXPECT_EQ(update.triples[1].evidence.sentence(), "");
}

TEST(WriteDocumentTest, CommitsOnceAndSkipsTheSameText) {
  const std::string dir =
      (fs::path(testing::TempDir()) / ("kg_store_writer_" + std::to_string(getpid()))).string();
  fs::remove_all(dir);
  {
    Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().message();
    Document document = SampleDocument();
    Result<graph::CommitOutcome> first = WriteDocument(document, **store);
    ASSERT_TRUE(first.ok()) << first.status().message();
    EXPECT_EQ(*first, graph::CommitOutcome::kStored);

    document.source = "elsewhere/a-copy.txt";
    document.text = "Iran backs Assad.  Russia denies it.\n";  // same text, other spacing
    Result<graph::CommitOutcome> second = WriteDocument(document, **store);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*second, graph::CommitOutcome::kSkippedDuplicate);

    Result<graph::StoreCounts> counts = (*store)->Counts();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->articles, 1u);
    EXPECT_EQ(counts->triples, 2u);
    EXPECT_EQ(counts->evidence, 2u);
    EXPECT_EQ((*store)->FindEntity("ir")->name(), "Iran");

    Result<pb::Article> article = (*store)->GetArticle(graph::ArticleIdFor(document.text));
    ASSERT_TRUE(article.ok());
    EXPECT_EQ(article->source(), "samples/a.txt");
    EXPECT_EQ(article->triple_count(), 2u);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kg::ingest
