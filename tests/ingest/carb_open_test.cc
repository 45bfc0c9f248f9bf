// The open statements of the extractor (ExtractOptions::open) on
// hand-checked parses, so that they test the extractor alone, whatever the
// parser of the day does. Each "# open = RELATION|ARG1|ARG2..." line must be
// among the sentence's open statements, word for word.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/knowledge_base.h"
#include "ingest/language/conllu.h"
#include "ingest/triple_extractor.h"
#include "tests/ingest/extract_testlib.h"

namespace kg::ingest {
namespace {

constexpr const char* kParses = R"(# text = Iran backed Assad .
# open = backed|Iran|Assad
1	Iran	Iran	PROPN	NNP	_	2	nsubj	_	_
2	backed	back	VERB	VBD	_	0	root	_	_
3	Assad	Assad	PROPN	NNP	_	2	obj	_	_
4	.	.	PUNCT	.	_	2	punct	_	_

# text = Ms. Okafor found a gap under the fence that led to a field .
# open = found|Ms. Okafor|a gap under the fence
# open = led to|a gap under the fence|a field
1	Ms.	Ms.	PROPN	NNP	_	2	compound	_	_
2	Okafor	Okafor	PROPN	NNP	_	3	nsubj	_	_
3	found	find	VERB	VBD	_	0	root	_	_
4	a	a	DET	DT	_	5	det	_	_
5	gap	gap	NOUN	NN	_	3	obj	_	_
6	under	under	ADP	IN	_	8	case	_	_
7	the	the	DET	DT	_	8	det	_	_
8	fence	fence	NOUN	NN	_	5	nmod	_	_
9	that	that	PRON	WDT	_	10	nsubj	_	_
10	led	lead	VERB	VBD	_	5	acl:relcl	_	_
11	to	to	ADP	IN	_	13	case	_	_
12	a	a	DET	DT	_	13	det	_	_
13	field	field	NOUN	NN	_	10	obl	_	_
14	.	.	PUNCT	.	_	3	punct	_	_

# text = The company is not profitable .
# open = is not|The company|profitable
1	The	the	DET	DT	_	2	det	_	_
2	company	company	NOUN	NN	_	5	nsubj	_	_
3	is	be	AUX	VBZ	_	5	cop	_	_
4	not	not	PART	RB	_	5	advmod	_	_
5	profitable	profitable	ADJ	JJ	_	0	root	_	_
6	.	.	PUNCT	.	_	5	punct	_	_

# text = He was born in Paris in 1950 and died in Rome .
# open = was born in|He|Paris|in 1950
# open = died in|He|Rome
1	He	he	PRON	PRP	_	3	nsubj:pass	_	_
2	was	be	AUX	VBD	_	3	aux:pass	_	_
3	born	bear	VERB	VBN	_	0	root	_	_
4	in	in	ADP	IN	_	5	case	_	_
5	Paris	Paris	PROPN	NNP	_	3	obl	_	_
6	in	in	ADP	IN	_	7	case	_	_
7	1950	1950	NUM	CD	_	3	obl	_	_
8	and	and	CCONJ	CC	_	9	cc	_	_
9	died	die	VERB	VBD	_	3	conj	_	_
10	in	in	ADP	IN	_	11	case	_	_
11	Rome	Rome	PROPN	NNP	_	9	obl	_	_
12	.	.	PUNCT	.	_	3	punct	_	_

# text = This survey showed that small firms could raise prices .
# open = showed that|This survey|small firms could raise prices
# open = could raise|small firms|prices
1	This	this	DET	DT	_	2	det	_	_
2	survey	survey	NOUN	NN	_	3	nsubj	_	_
3	showed	show	VERB	VBD	_	0	root	_	_
4	that	that	SCONJ	IN	_	8	mark	_	_
5	small	small	ADJ	JJ	_	6	amod	_	_
6	firms	firm	NOUN	NNS	_	8	nsubj	_	_
7	could	could	AUX	MD	_	8	aux	_	_
8	raise	raise	VERB	VB	_	3	ccomp	_	_
9	prices	price	NOUN	NNS	_	8	obj	_	_
10	.	.	PUNCT	.	_	3	punct	_	_

# text = Hezbollah , an ally of Assad 's government , sent fighters .
# open = be|Hezbollah|an ally of Assad 's government
# open = has|Assad|government
# open = sent|Hezbollah|fighters
1	Hezbollah	Hezbollah	PROPN	NNP	_	10	nsubj	_	_
2	,	,	PUNCT	,	_	4	punct	_	_
3	an	a	DET	DT	_	4	det	_	_
4	ally	ally	NOUN	NN	_	1	appos	_	_
5	of	of	ADP	IN	_	8	case	_	_
6	Assad	Assad	PROPN	NNP	_	8	nmod:poss	_	_
7	's	's	PART	POS	_	6	case	_	_
8	government	government	NOUN	NN	_	4	nmod	_	_
9	,	,	PUNCT	,	_	4	punct	_	_
10	sent	send	VERB	VBD	_	0	root	_	_
11	fighters	fighter	NOUN	NNS	_	10	obj	_	_
12	.	.	PUNCT	.	_	10	punct	_	_

# text = It was an influence on Maria Lindqvist and Tomas Berg .
# open = was an influence on|It|Maria Lindqvist
# open = was an influence on|It|Tomas Berg
1	It	it	PRON	PRP	_	4	nsubj	_	_
2	was	be	AUX	VBD	_	4	cop	_	_
3	an	a	DET	DT	_	4	det	_	_
4	influence	influence	NOUN	NN	_	0	root	_	_
5	on	on	ADP	IN	_	6	case	_	_
6	Maria	Maria	PROPN	NNP	_	4	nmod	_	_
7	Lindqvist	Lindqvist	PROPN	NNP	_	6	flat	_	_
8	and	and	CCONJ	CC	_	9	cc	_	_
9	Tomas	Tomas	PROPN	NNP	_	6	conj	_	_
10	Berg	Berg	PROPN	NNP	_	9	flat	_	_
11	.	.	PUNCT	.	_	4	punct	_	_
)";

const KnowledgeBase& Knowledge() {
  static const std::unique_ptr<KnowledgeBase> knowledge = [] {
    Result<std::unique_ptr<KnowledgeBase>> loaded = KnowledgeBase::Load();
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return loaded.ok() ? std::move(loaded).value() : std::make_unique<KnowledgeBase>();
  }();
  return *knowledge;
}

std::vector<ConlluSentence> Parses() {
  std::istringstream in(kParses);
  Result<std::vector<ConlluSentence>> sentences = ReadConllu(in, "carb_open_test");
  EXPECT_TRUE(sentences.ok()) << sentences.status().message();
  return sentences.ok() ? std::move(sentences).value() : std::vector<ConlluSentence>{};
}

std::string OpenText(const OpenStatement& statement) {
  std::string text = statement.relation;
  for (const std::string& argument : statement.arguments) text += "|" + argument;
  return text;
}

TEST(CarbOpenTest, SurfaceStatementsOnCheckedParses) {
  const std::vector<ConlluSentence> sentences = Parses();
  ASSERT_EQ(sentences.size(), 7u);
  TripleExtractor extractor(Knowledge());
  for (const ConlluSentence& sentence : sentences) {
    SCOPED_TRACE(sentence.text);
    const Extraction extraction = extractor.Extract(DocumentFromConllu(sentence), {.open = true});
    std::string listing;
    for (const OpenStatement& statement : extraction.open) {
      listing += "\n  " + OpenText(statement);
      EXPECT_GT(statement.confidence, 0.0f);
      EXPECT_LE(statement.confidence, 1.0f);
    }
    for (const std::string& expected : CommentValues(sentence, "open")) {
      bool found = false;
      for (const OpenStatement& statement : extraction.open) found = found || OpenText(statement) == expected;
      EXPECT_TRUE(found) << "missing " << expected << "; got" << listing;
    }
  }
}

// An inferred subject ("died" shares "He") ranks below a stated one.
TEST(CarbOpenTest, InferredSubjectsRankLower) {
  const std::vector<ConlluSentence> sentences = Parses();
  ASSERT_EQ(sentences.size(), 7u);
  TripleExtractor extractor(Knowledge());
  const Extraction extraction = extractor.Extract(DocumentFromConllu(sentences[3]), {.open = true});
  float born = -1, died = -1;
  for (const OpenStatement& statement : extraction.open) {
    if (statement.relation == "was born in") born = statement.confidence;
    if (statement.relation == "died in") died = statement.confidence;
  }
  ASSERT_GT(born, 0.0f);
  ASSERT_GT(died, 0.0f);
  EXPECT_LT(died, born);
}

// Implied relations ("be", "has") rank below what a verb states.
TEST(CarbOpenTest, ImpliedRelationsRankBelowVerbs) {
  const std::vector<ConlluSentence> sentences = Parses();
  ASSERT_EQ(sentences.size(), 7u);
  TripleExtractor extractor(Knowledge());
  const Extraction extraction = extractor.Extract(DocumentFromConllu(sentences[5]), {.open = true});
  float sent = -1, be = -1, has = -1;
  for (const OpenStatement& statement : extraction.open) {
    if (statement.relation == "sent") sent = statement.confidence;
    if (statement.relation == "be") be = statement.confidence;
    if (statement.relation == "has") has = statement.confidence;
  }
  ASSERT_GT(has, 0.0f);
  EXPECT_LT(be, sent);
  EXPECT_LT(has, be);
}

// Open statements are opt-in: the canonical extraction is what it was.
TEST(CarbOpenTest, OffByDefaultAndCanonicalTriplesUnchanged) {
  const std::vector<ConlluSentence> sentences = Parses();
  ASSERT_FALSE(sentences.empty());
  TripleExtractor extractor(Knowledge());
  const Document document = DocumentFromConllu(sentences[0]);
  const Extraction plain = extractor.Extract(document);
  const Extraction with_open = extractor.Extract(document, {.open = true});
  EXPECT_TRUE(plain.open.empty());
  EXPECT_FALSE(with_open.open.empty());
  ASSERT_EQ(plain.triples.size(), with_open.triples.size());
  for (size_t i = 0; i < plain.triples.size(); ++i) {
    EXPECT_EQ(TripleText(plain.triples[i]), TripleText(with_open.triples[i]));
  }
  EXPECT_TRUE(HasTriple(plain.triples, "Iran|supports|Assad|+"));
}

}  // namespace
}  // namespace kg::ingest
