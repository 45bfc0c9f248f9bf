// The two ways RunIngest reads, analyses and commits: one article at a time
// on the calling thread, or with the analysis on a pool of worker threads.
// Both hand every article and reader warning to the same IngestWriter in
// reading order, so they store the same graph and print the same lines.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"
#include "ingest/ingest_runner.h"
#include "ingest/ingest_writer.h"
#include "ingest/pipeline.h"
#include "ingest/reader.h"

namespace kg::ingest {

// Articles in flight per worker thread: enough to keep every worker busy
// while the writer waits on a slow article, few enough that memory stays
// bounded by the thread count, not by the corpus.
inline constexpr size_t kArticlesInFlightPerThread = 4;

// What a run counts besides the writer's IngestCounts.
struct IngestTally {
  ReaderCounts reader;  // the reader's counts at the end of the run
  LimitCounts limits;   // what the analysis limits cut from the articles taken
};

// The number of analysis threads for `requested`: itself when positive,
// else the number of cores (at least 1).
int AnalysisThreads(int requested);

// Reads `paths` and, for each article, analyses it within options.limits
// and gives it to `writer` before reading the next; what the limits cut is
// reported through writer.Warn just before the article it was cut from, and
// counted in `tally`. Returns what Reader::Read returns: ok, the writer's
// error, or Cancelled when options.cancel was set between two articles (the
// writer is then marked interrupted).
Status IngestOneByOne(const std::vector<std::string>& paths, graph::Store& store,
                      const Pipeline& pipeline, const IngestOptions& options, IngestWriter& writer,
                      IngestTally& tally);

// As IngestOneByOne, with the analysis on `threads` worker threads and at
// most threads * kArticlesInFlightPerThread articles in flight. The writer
// still takes the items in reading order, on the calling thread. When the
// run stops early (Ctrl-C or a store error) the articles in flight are
// dropped whole: nothing of them is committed.
Status IngestInParallel(const std::vector<std::string>& paths, graph::Store& store,
                        const Pipeline& pipeline, const IngestOptions& options, int threads,
                        IngestWriter& writer, IngestTally& tally);

}  // namespace kg::ingest
