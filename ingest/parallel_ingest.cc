#include "ingest/parallel_ingest.h"

#include <exception>
#include <thread>
#include <utility>

#include "ingest/ordered_pool.h"
#include "ingest/reader.h"

namespace kg::ingest {
namespace {

// Checked before each article is taken, as the one-by-one run always did:
// Ctrl-C ends the run after the article being committed.
Status CheckInterrupt(const IngestOptions& options, IngestWriter& writer) {
  if (options.cancel == nullptr || !options.cancel->cancelled()) return Status::Ok();
  writer.MarkInterrupted();
  return Status::Cancelled("ingest interrupted");
}

// An item on its way to the writer, with what the analysis limits cut from
// its article: that is reported when the item is taken, so in reading order.
struct LimitedItem {
  IngestItem item;
  LimitReport cut;
};

// Reports and counts what the limits cut (unless the article failed and is
// dropped whole anyway), then hands the item to the writer.
Status Take(LimitedItem&& entry, IngestWriter& writer, IngestTally& tally) {
  if (entry.item.analysis.ok()) {
    for (const std::string& note : entry.cut.notes) writer.Warn(note);
    tally.limits.Add(entry.cut.counts);
  }
  return writer.Take(std::move(entry.item));
}

// The owner's side of a parallel run: submits what the reader gives and
// passes finished items to the writer, oldest first.
class ParallelRun {
 public:
  ParallelRun(graph::Store& store, const Pipeline& pipeline, const IngestOptions& options,
              int threads, IngestWriter& writer, IngestTally& tally)
      : store_(store),
        options_(options),
        writer_(writer),
        tally_(tally),
        pool_(threads, static_cast<size_t>(threads) * kArticlesInFlightPerThread,
              [&pipeline, &options](LimitedItem& entry) {
                AnalyzeItem(entry.item, pipeline, options.limits, &entry.cut);
              }) {}

  // A reader warning waits its turn behind the articles read before it.
  void Warn(const std::string& warning) { pool_.Submit({WarningItem(warning), {}}, false); }

  Status Add(Document&& document) {
    KG_RETURN_IF_ERROR(CheckInterrupt(options_, writer_));
    // Commit what is ready, then make room: the window never grows past
    // its capacity, however long the input.
    KG_RETURN_IF_ERROR(Drain(/*wait=*/false));
    while (pool_.full()) KG_RETURN_IF_ERROR(TakeOldest());
    IngestItem item = ReadItem(std::move(document), store_);
    const bool needs_analysis = item.NeedsAnalysis();
    pool_.Submit({std::move(item), {}}, needs_analysis);
    return Status::Ok();
  }

  // Takes every item still in flight, waiting for their analysis.
  Status Finish() { return Drain(/*wait=*/true); }

 private:
  Status Drain(bool wait) {
    while (!pool_.empty() && (wait || pool_.OldestReady())) KG_RETURN_IF_ERROR(TakeOldest());
    return Status::Ok();
  }

  Status TakeOldest() {
    KG_RETURN_IF_ERROR(CheckInterrupt(options_, writer_));
    return Take(pool_.PopOldest(), writer_, tally_);
  }

  graph::Store& store_;
  const IngestOptions& options_;
  IngestWriter& writer_;
  IngestTally& tally_;
  // Last, so that it is destroyed first: its workers stop (dropping the
  // items in flight) while everything they use is still alive.
  OrderedPool<LimitedItem> pool_;
};

}  // namespace

int AnalysisThreads(int requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

Status IngestOneByOne(const std::vector<std::string>& paths, graph::Store& store,
                      const Pipeline& pipeline, const IngestOptions& options, IngestWriter& writer,
                      IngestTally& tally) {
  Reader reader(options.reader, [&writer](const std::string& warning) { writer.Warn(warning); });
  Status status = reader.Read(paths, [&](Document&& document) {
    KG_RETURN_IF_ERROR(CheckInterrupt(options, writer));
    LimitedItem entry{ReadItem(std::move(document), store), {}};
    AnalyzeItem(entry.item, pipeline, options.limits, &entry.cut);
    return Take(std::move(entry), writer, tally);
  });
  tally.reader = reader.counts();
  return status;
}

Status IngestInParallel(const std::vector<std::string>& paths, graph::Store& store,
                        const Pipeline& pipeline, const IngestOptions& options, int threads,
                        IngestWriter& writer, IngestTally& tally) {
  ParallelRun run(store, pipeline, options, threads, writer, tally);
  Reader reader(options.reader, [&run](const std::string& warning) { run.Warn(warning); });
  Status status =
      reader.Read(paths, [&run](Document&& document) { return run.Add(std::move(document)); });
  tally.reader = reader.counts();
  KG_RETURN_IF_ERROR(status);
  return run.Finish();
}

}  // namespace kg::ingest
