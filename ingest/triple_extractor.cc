#include "ingest/triple_extractor.h"

#include <cctype>

#include "ingest/article_entities.h"
#include "ingest/extract_internal.h"
#include "ingest/extract_mentions.h"

namespace kg::ingest {
namespace extract_internal {

void SentenceExtractor::Run() {
  // Headlines in title case parse too poorly to read clauses from; the
  // facts their noun phrases state ("Iran-Backed Fighters") still hold.
  const bool headline = IsHeadline();
  for (int i = 0; i < view_.size(); ++i) {
    if (headline) {
      if (IsMentionHead(view_, i)) MentionFacts(i);
      continue;
    }
    if (view_.token(i).upos == "VERB") Clause(i);
    if (view_.FirstChild(i, "cop") >= 0) Copula(i);
    for (int appos : view_.ChildrenWith(i, "appos")) Apposition(i, appos);
    if (view_.token(i).upos == "NOUN") PossessiveAct(i);
    if (IsMentionHead(view_, i)) MentionFacts(i);
  }
  if (open_out_ != nullptr) {
    for (int i = 0; i < view_.size(); ++i) OpenStatements(i);
  }
}

bool SentenceExtractor::IsHeadline() const {
  if (view_.size() == 0) return false;
  int words = 0, capitalised = 0;
  for (int i = 0; i < view_.size(); ++i) {
    const std::string& form = view_.token(i).form;
    if (form.empty() || !std::isalpha(static_cast<unsigned char>(form[0]))) continue;
    if (OneOf(Lower(form), {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "as",
                            "at", "by", "with", "from"})) {
      continue;
    }
    ++words;
    if (std::isupper(static_cast<unsigned char>(form[0]))) ++capitalised;
  }
  const std::string& last = view_.token(view_.size() - 1).form;
  const bool terminated = last == "." || last == "!" || last == "?" || last == "\"" || last == "”";
  return words >= 4 && capitalised * 10 >= words * 8 && !terminated;
}

}  // namespace extract_internal

TripleExtractor::TripleExtractor(const KnowledgeBase& knowledge)
    : knowledge_(knowledge),
      normalizer_(knowledge.countries, knowledge.titles, knowledge.heads, &knowledge.relations) {}

Extraction TripleExtractor::Extract(const Document& document, const ExtractOptions& options) const {
  Extraction result;
  ArticleEntities entities(normalizer_);
  // First pass: learn the article's full names and acronyms, so that an
  // early "Assad" finds a later "Bashar al-Assad".
  for (const Sentence& sentence : document.sentences) {
    const SentenceView view(sentence, document.text);
    std::vector<std::string> forms;
    for (const Token& token : sentence.tokens) forms.push_back(token.form);
    entities.ScanSentence(forms);
    for (int i = 0; i < view.size(); ++i) {
      if (!IsMentionHead(view, i) && view.token(i).deprel != "nmod:poss") continue;
      std::vector<int> tokens = MentionTokens(view, i);
      while (tokens.size() > 1 && view.token(tokens.back()).deprel == "case") tokens.pop_back();
      entities.Observe(normalizer_.Analyze(MentionWords(view, tokens)));
    }
  }
  entities.AddSurnameAliases();
  const extract_internal::Context context{knowledge_, normalizer_, entities};
  for (size_t s = 0; s < document.sentences.size(); ++s) {
    const Sentence& sentence = document.sentences[s];
    bool parsed = false;
    for (const Token& token : sentence.tokens) parsed = parsed || !token.deprel.empty();
    if (!parsed) continue;
    std::vector<std::string> forms;
    for (const Token& token : sentence.tokens) forms.push_back(token.form);
    if (extract_internal::IsForeignSentence(forms)) continue;
    const SentenceView view(sentence, document.text);
    extract_internal::SentenceExtractor(view, static_cast<uint32_t>(s), context, &result.triples,
                                        options.open ? &result.open : nullptr)
        .Run();
  }
  result.aliases = entities.aliases();
  return result;
}

}  // namespace kg::ingest
