#include "tests/shell/shell_testlib.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "graph/store.h"

namespace kg::shell::testing {
namespace {

namespace fs = std::filesystem;

struct Statement {
  std::string subject, subject_type, relation, object, object_type;
  bool negative = false;
  int sentence = 0;
};

struct TestArticle {
  std::string title, source, date;
  std::vector<std::string> sentences;
  std::vector<Statement> statements;
  std::vector<std::pair<std::string, std::string>> aliases;
};

graph::ArticleUpdate MakeUpdate(const TestArticle& input) {
  graph::ArticleUpdate update;
  std::string text;
  for (const std::string& sentence : input.sentences) {
    pb::SentenceSpan* span = update.article.add_sentences();
    if (!text.empty()) text += ' ';
    span->set_begin(static_cast<uint32_t>(text.size()));
    text += sentence;
    span->set_end(static_cast<uint32_t>(text.size()));
  }
  update.article.set_id(graph::ArticleIdFor(text));
  update.article.set_title(input.title);
  update.article.set_source(input.source);
  update.article.set_date(input.date);
  update.article.set_text(text);
  for (const Statement& s : input.statements) {
    graph::TripleStatement triple;
    triple.subject = s.subject;
    triple.subject_type = s.subject_type;
    triple.relation = s.relation;
    triple.object = s.object;
    triple.object_type = s.object_type;
    triple.polarity = s.negative ? pb::POLARITY_NEGATIVE : pb::POLARITY_POSITIVE;
    const pb::SentenceSpan& span = update.article.sentences(s.sentence);
    triple.evidence.set_sentence_index(static_cast<uint32_t>(s.sentence));
    triple.evidence.set_begin(span.begin());
    triple.evidence.set_end(span.end());
    triple.evidence.set_sentence(input.sentences[static_cast<size_t>(s.sentence)]);
    triple.evidence.set_raw_relation(s.relation);
    update.triples.push_back(std::move(triple));
  }
  update.aliases = input.aliases;
  return update;
}

const std::vector<TestArticle>& NewsArticles() {
  static const std::vector<TestArticle> articles = {
      {"Allies rally behind Damascus", "news/a1.txt", "2024-01-05",
       {"Iran has pledged support to Bashar al-Assad.", "Russia also backs Bashar al-Assad.",
        "Turkey denied backing Assad.", "Hezbollah fighters support Bashar al-Assad."},
       {{"Iran", "GPE", "supports", "Bashar al-Assad", "PERSON", false, 0},
        {"Russia", "GPE", "supports", "Bashar al-Assad", "PERSON", false, 1},
        {"Turkey", "GPE", "supports", "Bashar al-Assad", "PERSON", true, 2},
        {"Hezbollah", "ORG", "supports", "Bashar al-Assad", "PERSON", false, 3}},
       {{"Assad", "Bashar al-Assad"}}},
      {"Opposition gains ground", "news/a2.txt", "2024-02-10",
       {"Iran again backed Bashar al-Assad.", "Iran funds Hezbollah.",
        "The United States opposes Bashar al-Assad.", "Hayat Tahrir al-Sham fights Bashar al-Assad."},
       {{"Iran", "GPE", "supports", "Bashar al-Assad", "PERSON", false, 0},
        {"Iran", "GPE", "supports", "Hezbollah", "ORG", false, 1},
        {"United States", "GPE", "opposes", "Bashar al-Assad", "PERSON", false, 2},
        {"Hayat Tahrir al-Sham", "ORG", "opposes", "Bashar al-Assad", "PERSON", false, 3}},
       {{"HTS", "Hayat Tahrir al-Sham"}}},
      {"Talks in Sochi", "news/a3.txt", "2024-03-01",
       {"Russia met with Turkey in Sochi.", "Turkey opposes Hayat Tahrir al-Sham."},
       {{"Russia", "GPE", "met_with", "Turkey", "GPE", false, 0},
        {"Turkey", "GPE", "opposes", "Hayat Tahrir al-Sham", "ORG", false, 1}},
       {}},
  };
  return articles;
}

}  // namespace

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("kg_shell_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code error;
  fs::remove_all(path_, error);
}

void WriteNewsStore(const std::string& path) {
  Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  for (const TestArticle& article : NewsArticles()) {
    Result<graph::CommitOutcome> outcome = (*store)->CommitArticle(MakeUpdate(article));
    ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  }
}

Session& NewsSession() {
  // Statics die in reverse order: the session closes before its directory
  // is removed.
  static TempDir dir;
  static std::unique_ptr<Session> session = [] {
    const std::string path = dir.File("news");
    WriteNewsStore(path);
    Result<std::unique_ptr<Session>> opened = Session::Open(path);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }();
  if (session == nullptr) {
    ADD_FAILURE() << "the news store could not be opened";
    std::abort();
  }
  return *session;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace kg::shell::testing
