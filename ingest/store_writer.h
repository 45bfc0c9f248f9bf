// Store writer: turns an analysed Document into the store's ArticleUpdate.
//
// One Document becomes one ArticleUpdate, which the store commits as one
// WriteBatch; an article whose normalised text is already stored is skipped,
// so writing the same document twice changes nothing.
#pragma once

#include "graph/status.h"
#include "graph/store.h"
#include "ingest/document.h"

namespace kg::ingest {

// The update for `document`: id = ArticleIdFor(text); source (the URL when
// the source is empty), title, date and text; one SentenceSpan per sentence;
// the triples, with each evidence's sentence text taken from the sentence it
// points to (and its span defaulting to that sentence's span when unset);
// the article's aliases. Evidence pointing past the last sentence is kept
// as the extractor wrote it. Never fails.
graph::ArticleUpdate ToArticleUpdate(const Document& document);

// Converts `document` and commits it: kStored or kSkippedDuplicate, or the
// store's error (InvalidArgument for a statement with an empty name).
Result<graph::CommitOutcome> WriteDocument(const Document& document, graph::Store& store);

}  // namespace kg::ingest
