#include "ingest/triple_extractor.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/knowledge_base.h"
#include "ingest/language/analyzer.h"
#include "ingest/language/conllu.h"
#include "tests/ingest/extract_testlib.h"

namespace kg::ingest {
namespace {

const std::string kConstructions = std::string(KG_TESTDATA_DIR) + "/extract/constructions.conllu";

const KnowledgeBase& Knowledge() {
  static const std::unique_ptr<KnowledgeBase> knowledge = [] {
    Result<std::unique_ptr<KnowledgeBase>> loaded = KnowledgeBase::Load();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return loaded.ok() ? std::move(loaded).value() : std::make_unique<KnowledgeBase>();
  }();
  return *knowledge;
}

const Analyzer* SharedAnalyzer() {
  static const std::unique_ptr<Analyzer> analyzer = [] {
    Result<std::unique_ptr<Analyzer>> loaded = Analyzer::Load(Analyzer::DefaultModelsDir());
    return loaded.ok() ? std::move(loaded).value() : nullptr;
  }();
  return analyzer.get();
}

std::string Listing(const std::vector<graph::TripleStatement>& triples) {
  std::string out;
  for (const auto& triple : triples) out += "\n  " + TripleText(triple);
  return out.empty() ? " (none)" : out;
}

// A statement is never both asserted and denied.
void ExpectNoContradiction(const std::vector<graph::TripleStatement>& triples) {
  for (const auto& a : triples) {
    for (const auto& b : triples) {
      if (a.subject == b.subject && a.relation == b.relation && a.object == b.object) {
        EXPECT_EQ(a.polarity, b.polarity) << "both polarities for " << TripleText(a);
      }
    }
  }
}

// Every construction, on hand-checked parses: the extractor alone, whatever
// the parser of the day does.
TEST(TripleExtractorTest, ConstructionsOnCheckedParses) {
  Result<std::vector<ConlluSentence>> sentences = ReadConlluFile(kConstructions);
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  ASSERT_GE(sentences.value().size(), 20u);
  TripleExtractor extractor(Knowledge());
  for (const ConlluSentence& sentence : sentences.value()) {
    const std::vector<std::string> names = CommentValues(sentence, "case");
    SCOPED_TRACE((names.empty() ? std::string("?") : names[0]) + ": " + sentence.text);
    const Document document = DocumentFromConllu(sentence);
    const Extraction extraction = extractor.Extract(document);
    const auto& triples = extraction.triples;
    for (const std::string& expected : CommentValues(sentence, "expect")) {
      if (expected == "none") {
        EXPECT_TRUE(triples.empty()) << "expected no triple, got" << Listing(triples);
      } else {
        EXPECT_TRUE(HasTriple(triples, expected)) << "missing " << expected << "; got" << Listing(triples);
      }
    }
    for (const std::string& rejected : CommentValues(sentence, "reject")) {
      EXPECT_FALSE(HasTriple(triples, rejected)) << "unwanted " << rejected << "; got" << Listing(triples);
    }
    ExpectNoContradiction(triples);
  }
}

TEST(TripleExtractorTest, EvidenceCarriesSpanSentenceAndWording) {
  Result<std::vector<ConlluSentence>> sentences = ReadConlluFile(kConstructions);
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  TripleExtractor extractor(Knowledge());
  for (const ConlluSentence& sentence : sentences.value()) {
    if (sentence.text != "Russia and Iran pledged support to Assad.") continue;
    const Document document = DocumentFromConllu(sentence);
    const Extraction extraction = extractor.Extract(document);
    ASSERT_FALSE(extraction.triples.empty());
    for (const auto& triple : extraction.triples) {
      const pb::Evidence& evidence = triple.evidence;
      EXPECT_EQ(evidence.sentence_index(), 0u);
      EXPECT_EQ(evidence.sentence(), sentence.text);
      EXPECT_EQ(evidence.raw_relation(), "pledged support to");
      ASSERT_LT(evidence.begin(), evidence.end());
      const std::string span = document.text.substr(evidence.begin(), evidence.end() - evidence.begin());
      EXPECT_NE(span.find(triple.subject), std::string::npos) << span;
      EXPECT_NE(span.find("Assad"), std::string::npos) << span;
    }
    return;
  }
  FAIL() << "fixture sentence not found in " << kConstructions;
}

TEST(TripleExtractorTest, UnparsedSentencesGiveNothing) {
  TripleExtractor extractor(Knowledge());
  Document document;
  document.text = "Iran backed Assad.";
  Sentence sentence;
  sentence.end = static_cast<uint32_t>(document.text.size());
  for (const char* form : {"Iran", "backed", "Assad", "."}) {
    Token token;
    token.form = form;
    sentence.tokens.push_back(token);
  }
  document.sentences.push_back(sentence);
  EXPECT_TRUE(extractor.Extract(document).triples.empty());
}

struct AnalyzedCase {
  const char* text;
  std::vector<std::string> expected;
  std::vector<std::string> rejected;
};

// The same constructions through the real analyser, on sentences its
// parses are expected to get right.
TEST(TripleExtractorTest, AnalyzedSentences) {
  const Analyzer* analyzer = SharedAnalyzer();
  if (analyzer == nullptr) GTEST_SKIP() << "models absent in " << Analyzer::DefaultModelsDir();
  const std::vector<AnalyzedCase> cases = {
      {"Iran backed Assad.", {"Iran|supports|Assad|+"}, {}},
      {"Russia and Iran pledged support to Assad.",
       {"Russia|supports|Assad|+", "Iran|supports|Assad|+"}, {}},
      {"Turkey did not support Assad.", {"Turkey|supports|Assad|-"}, {"Turkey|supports|Assad|+"}},
      {"Iran reportedly supports Hamas.", {"Iran|supports|Hamas|+|mod=reportedly"}, {}},
      {"They support Assad.", {}, {}},
      {"The Popular Mobilization Forces denied that they had crossed into Syria.",
       {"Popular Mobilization Forces|cross into|Syria|-"},
       {"Popular Mobilization Forces|cross into|Syria|+"}},
      {"Syrian rebels were backed by Turkey.", {"Turkey|supports|Syrian rebels|+"}, {}},
      {"Iraqi fighters backed by Iran entered Syria.",
       {"Iran|supports|Iraqi fighters|+", "Iraqi fighters|enter|Syria|+"}, {}},
      // Surname resolution within the article.
      {"Syrian President Bashar al-Assad met Russian officials. Iran backed Assad.",
       {"Iran|supports|Bashar al-Assad|+", "Bashar al-Assad|leads|Syria|+"},
       {"Iran|supports|Assad|+"}},
      // From samples/articles: a denial is negative, never positive.
      {"Hezbollah has not been requested to intervene in Syria.",
       {}, {"Hezbollah|intervene in|Syria|+"}},
      // Sentences in another language give nothing (stop-word test).
      {"Ang mga sundalo ay pumasok sa lungsod ng Maynila noong Lunes.", {}, {}},
      {"El gobierno de Venezuela apoya a los rebeldes en la frontera.", {}, {}},
      // A transitive "deploy X in Y" places X, not the subject.
      {"Hamas deployed fighters in Rafah.", {"Hamas|deploy in|Rafah|+"},
       {"Hamas|located_in|Rafah|+"}},
      // An attempt is not its outcome.
      {"The Houthis tried to seize Marib.", {}, {"Houthis|controls|Marib|+"}},
      {"Ankara offered to send troops to Libya.", {}, {"Turkey|send to|Libya|+"}},
      {"Officials praised NATO's commitment to defending Estonia.", {},
       {"NATO|supports|Estonia|+"}},
      // Members' acts are their organisation's; a country of origin is not.
      {"Militants from groups such as Hamas and Islamic Jihad attacked Israel.",
       {"Hamas|attacks|Israel|+", "Islamic Jihad|attacks|Israel|+"}, {}},
      {"Fighters from Iraq crossed into Syria to support Assad.", {}, {"Iraq|supports|Assad|+"}},
      // A negated subject denies the clause, also when the parser hangs the
      // passive on the reporting verb; the pronoun is the named speaker.
      {"Turkey said, though they added no decision had been made to send troops.",
       {"Turkey|send|troops|-"}, {"Turkey|send|troops|+"}},
      {"The Kremlin said no decision was made to send troops to Belarus.",
       {"Kremlin|send to|Belarus|-"}, {"Kremlin|send to|Belarus|+"}},
      {"Hamas said they had made no decision to send fighters to Lebanon.",
       {"Hamas|send to|Lebanon|-"}, {"Hamas|send to|Lebanon|+"}},
      // A phrase deep inside what a speaker says is on the speaker's word.
      {"Lavrov said Moscow would help, stressing the role of Wagner fighters defending Assad.",
       {"Wagner fighters|supports|Assad|+|attr=Lavrov said"}, {}},
      // "X, such as Y" read as an apposition still lists Y as an X.
      {"Officials blamed anti-Israel groups, such as Hamas, for the attack.",
       {"Hamas|opposes|Israel|+"}, {}},
      // A pronoun subject of an attached clause is the main clause's named
      // subject when its type is known and agrees; "they", a disagreeing
      // pronoun and a name of unknown type stay open.
      {"Qatar denied any role, but it supports Hamas.", {"Qatar|supports|Hamas|+"}, {}},
      {"President Macron flew to Kyiv because he backs Zelensky.",
       {"Macron|supports|Zelensky|+"}, {}},
      {"Macron flew to Kyiv because it backs Zelensky.", {}, {"Macron|supports|Zelensky|+"}},
      {"Egypt closed the crossing, although they back Hamas.", {}, {"Egypt|supports|Hamas|+"}},
      // A report that goes on from a named speaker's keeps the speaker,
      // however the parser attaches it (conj, advcl or parataxis).
      {"Iran said on Monday, and they added that they support Assad.", {"Iran|supports|Assad|+"}, {}},
      {"Iran said, though they added that they support Assad.", {"Iran|supports|Assad|+"}, {}},
  };
  TripleExtractor extractor(Knowledge());
  for (const AnalyzedCase& c : cases) {
    SCOPED_TRACE(c.text);
    Document document;
    document.text = c.text;
    ASSERT_TRUE(analyzer->Analyze(document).ok());
    const Extraction extraction = extractor.Extract(document);
    if (c.expected.empty() && c.rejected.empty()) {
      EXPECT_TRUE(extraction.triples.empty()) << Listing(extraction.triples);
    }
    for (const std::string& expected : c.expected) {
      EXPECT_TRUE(HasTriple(extraction.triples, expected))
          << "missing " << expected << "; got" << Listing(extraction.triples);
    }
    for (const std::string& rejected : c.rejected) {
      EXPECT_FALSE(HasTriple(extraction.triples, rejected))
          << "unwanted " << rejected << "; got" << Listing(extraction.triples);
    }
    ExpectNoContradiction(extraction.triples);
  }
}

// Surnames of the article's people become aliases for the store, so that
// an article that only says the surname finds the person; a surname two
// people of the article share is nobody's.
TEST(TripleExtractorTest, SurnameAliasesForTheStore) {
  const Analyzer* analyzer = SharedAnalyzer();
  if (analyzer == nullptr) GTEST_SKIP() << "models absent in " << Analyzer::DefaultModelsDir();
  struct Case {
    const char* text;
    std::vector<std::pair<std::string, std::string>> expected;
    std::vector<std::string> unaliased;
  };
  const std::vector<Case> cases = {
      {"Iraqi Prime Minister Mohammed Shia al-Sudani met King Abdullah II in Amman.",
       {{"Sudani", "Mohammed Shia al-Sudani"}}, {}},
      {"Former President Hafez al-Assad ruled Syria. President Bashar al-Assad rules it now.",
       {}, {"Assad"}},
      // Only clean full names: a description caught in the mention stays
      // within its article.
      {"Former chat show host Robert Kilroy-Silk quit the party.", {}, {"Kilroy-Silk"}},
  };
  TripleExtractor extractor(Knowledge());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Document document;
    document.text = c.text;
    ASSERT_TRUE(analyzer->Analyze(document).ok());
    const Extraction extraction = extractor.Extract(document);
    for (const auto& pair : c.expected) {
      EXPECT_NE(std::find(extraction.aliases.begin(), extraction.aliases.end(), pair),
                extraction.aliases.end())
          << pair.first << " -> " << pair.second;
    }
    for (const std::string& alias : c.unaliased) {
      for (const auto& pair : extraction.aliases) EXPECT_NE(pair.first, alias) << pair.second;
    }
  }
}

}  // namespace
}  // namespace kg::ingest
