// RunIngest: reads articles, analyses them and commits them to the store.
//
// For each article, in reading order: skip it when the store already holds
// its id (nothing is analysed twice), run the pipeline, convert the result
// with ToArticleUpdate and commit it as one WriteBatch. With more than one
// thread the analysis runs on a pool of workers, a few articles ahead of the
// commits, while the calling thread still commits one article at a time in
// reading order (see ingest_writer.h): the store ends up the same whatever
// the thread count, and so do the warnings and the summary.
//
// Problems with inputs are warnings written to `warnings`, one line each, and
// the run goes on: an unreadable or broken file, a broken JSON line, a
// repaired text, an article a stage failed on (dropped, not stored
// half-analysed), what the resource limits cut (an article over the size
// limit, a sentence over the token limit, a triple with an overlong name).
// The summary counts each kind of cut. The run fails only when nothing
// could be read at all or the store fails; a store failure stops the run
// at once, and every article committed before it stays.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "graph/cancellation.h"
#include "graph/status.h"
#include "graph/store.h"
#include "ingest/document.h"
#include "ingest/pipeline.h"
#include "ingest/progress.h"
#include "ingest/reader.h"

namespace kg::ingest {

struct IngestOptions {
  ReaderOptions reader;
  // Draw a progress line on stderr when it is a terminal.
  bool show_progress = true;
  // Checked between articles: Ctrl-C ends the run after the article being
  // committed (articles analysed ahead of it are dropped whole), and the
  // summary says so. May be null; must outlive the run.
  const graph::Cancellation* cancel = nullptr;
  // Threads analysing articles: 0 = one per core; 1 = everything on the
  // calling thread, one article after the other.
  int threads = 0;
  // What analysing one article may cost (the article size limit is
  // reader.max_article_bytes).
  AnalysisLimits limits;
};

struct IngestSummary {
  IngestCounts counts;
  ReaderCounts reader;  // what the reader skipped, repaired and converted
  LimitCounts cut;      // what the analysis limits cut
  // The limits `reader.too_large` and `cut` refer to.
  size_t max_article_bytes = 0;
  AnalysisLimits limits;
  double seconds = 0;
  bool has_extractor = false;  // false: kNoExtractorMessage was printed
  bool interrupted = false;    // stopped early by `cancel`
};

// Reads `paths` (see Reader), runs `pipeline` and commits to `store`.
// Returns the counts, or: InvalidArgument/NotFound when no article could be
// read from any path; the store's error, naming the article's source, when a
// lookup or commit fails.
Result<IngestSummary> RunIngest(const std::vector<std::string>& paths, graph::Store& store,
                                const Pipeline& pipeline, const IngestOptions& options,
                                std::ostream& warnings);

// Runs `pipeline` on one document within the default limits and converts
// it for the store. The pipeline's error (naming the stage and the source)
// when a stage fails. Safe to call from several threads at once.
Result<graph::ArticleUpdate> AnalyzeArticle(Document document, const Pipeline& pipeline);

// As above within `limits`, adding what they cut to `report` (not null).
Result<graph::ArticleUpdate> AnalyzeArticle(Document document, const Pipeline& pipeline,
                                            const AnalysisLimits& limits, LimitReport* report);

// The one-line summary of a finished run ("ingested N articles ..."),
// prefixed with "interrupted: " when the run was cut short and followed by
// what was cut and repaired, when anything was: "; skipped 1 article over
// 512 KiB, 2 sentences over 250 tokens, 1 triple with a name over 256 bytes;
// repaired 1 text (invalid UTF-8 or NUL bytes); converted 1 text from
// UTF-16".
std::string FormatSummary(const IngestSummary& summary);

}  // namespace kg::ingest
