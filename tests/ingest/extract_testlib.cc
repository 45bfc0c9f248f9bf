#include "tests/ingest/extract_testlib.h"

#include <algorithm>
#include <sstream>

namespace kg::ingest {
namespace {

std::vector<std::string> SplitBar(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, '|')) parts.push_back(part);
  return parts;
}

}  // namespace

Document DocumentFromConllu(const ConlluSentence& conllu) {
  Document document;
  document.source = "<conllu:" + std::to_string(conllu.line) + ">";
  document.text = conllu.text;
  Sentence sentence;
  sentence.begin = 0;
  sentence.end = static_cast<uint32_t>(document.text.size());
  size_t at = 0;
  for (const ConlluWord& word : conllu.words) {
    Token token;
    const size_t found = document.text.find(word.form, at);
    token.begin = static_cast<uint32_t>(found == std::string::npos ? at : found);
    token.end = static_cast<uint32_t>(found == std::string::npos ? at : found + word.form.size());
    at = token.end;
    token.form = word.form;
    token.lemma = word.lemma;
    token.upos = word.upos;
    token.xpos = word.xpos;
    token.feats = word.feats;
    token.head = word.head - 1;
    token.deprel = word.deprel;
    sentence.tokens.push_back(std::move(token));
  }
  document.sentences.push_back(std::move(sentence));
  return document;
}

std::string TripleText(const graph::TripleStatement& triple) {
  std::string text = triple.subject + "|" + triple.relation + "|" + triple.object + "|" +
                     (triple.polarity == pb::POLARITY_NEGATIVE ? "-" : "+");
  if (!triple.modality.empty()) text += "|mod=" + triple.modality;
  if (!triple.evidence.attribution().empty()) text += "|attr=" + triple.evidence.attribution();
  return text;
}

bool HasTriple(const std::vector<graph::TripleStatement>& triples, const std::string& expected) {
  const std::vector<std::string> want = SplitBar(expected);
  if (want.size() < 4) return false;
  for (const graph::TripleStatement& triple : triples) {
    const std::vector<std::string> have = SplitBar(TripleText(triple));
    if (!std::equal(want.begin(), want.begin() + 4, have.begin())) continue;
    bool extras = true;
    for (size_t i = 4; i < want.size(); ++i) {
      extras = extras && std::find(have.begin() + 4, have.end(), want[i]) != have.end();
    }
    if (extras) return true;
  }
  return false;
}

std::vector<std::string> CommentValues(const ConlluSentence& sentence, const std::string& key) {
  std::vector<std::string> values;
  const std::string prefix = "# " + key + " = ";
  for (const std::string& comment : sentence.comments) {
    if (comment.rfind(prefix, 0) == 0) values.push_back(comment.substr(prefix.size()));
  }
  return values;
}

}  // namespace kg::ingest
