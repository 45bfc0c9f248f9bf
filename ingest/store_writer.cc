#include "ingest/store_writer.h"

namespace kg::ingest {

graph::ArticleUpdate ToArticleUpdate(const Document& document) {
  graph::ArticleUpdate update;
  pb::Article& article = update.article;
  article.set_id(graph::ArticleIdFor(document.text));
  article.set_source(document.source.empty() ? document.url : document.source);
  article.set_title(document.title);
  article.set_date(document.date);
  article.set_text(document.text);
  for (const Sentence& sentence : document.sentences) {
    pb::SentenceSpan* span = article.add_sentences();
    span->set_begin(sentence.begin);
    span->set_end(sentence.end);
  }

  const std::string_view text = document.text;
  update.triples = document.triples;
  for (graph::TripleStatement& statement : update.triples) {
    pb::Evidence& evidence = statement.evidence;
    if (evidence.sentence_index() >= document.sentences.size()) continue;
    const Sentence& sentence = document.sentences[evidence.sentence_index()];
    // Spans come from the splitter; guard anyway so that a bad offset cannot
    // read past the text.
    if (sentence.begin <= sentence.end && sentence.end <= text.size()) {
      evidence.set_sentence(std::string(sentence.TextIn(text)));
    }
    if (evidence.begin() == 0 && evidence.end() == 0) {
      evidence.set_begin(sentence.begin);
      evidence.set_end(sentence.end);
    }
  }
  update.aliases = document.aliases;
  return update;
}

Result<graph::CommitOutcome> WriteDocument(const Document& document, graph::Store& store) {
  return store.CommitArticle(ToArticleUpdate(document));
}

}  // namespace kg::ingest
