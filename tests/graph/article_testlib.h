// Article updates for the store and loader tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "graph/store.h"

namespace kg::graph::testing {

// An update for the article `text` (its id derived from the text, as
// ingest derives it) with the statements `triples`.
inline ArticleUpdate Article(const std::string& text, std::vector<TripleStatement> triples) {
  ArticleUpdate update;
  update.article.set_id(ArticleIdFor(text));
  update.article.set_text(text);
  update.triples = std::move(triples);
  return update;
}

}  // namespace kg::graph::testing
