// IngestWriter: the ordered, single-threaded side of an ingest run.
//
// Reading an article makes an IngestItem (its id, its word count, whether
// the store already holds it); analysing it fills in the ArticleUpdate; the
// writer then takes the items one at a time, in reading order, and commits
// each as one WriteBatch. Whatever depends on earlier articles happens here
// and nowhere else: the store resolves names through the aliases earlier
// articles wrote (surnames, acronyms, first owner wins) and creates the
// entities they name, and near spellings of names already known are folded
// onto them, so the same input gives the same store however many threads
// analysed it. Reader warnings travel as items too, so that they
// are printed in the same place among the article warnings either way.
//
// Threads: ReadItem and the IngestWriter belong to one thread (the one that
// reads); AnalyzeItem may run on any thread, one item per call.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "graph/status.h"
#include "graph/store.h"
#include "ingest/document.h"
#include "ingest/entity_registry.h"
#include "ingest/pipeline.h"
#include "ingest/progress.h"

namespace kg::ingest {

// One article on its way to the store, or one reader warning.
struct IngestItem {
  std::string warning;     // not empty: a reader warning, passed on in order
  std::string source;
  std::string id;          // graph::ArticleIdFor(text)
  uint64_t words = 0;
  Status lookup;           // the store's error when checking the id
  bool known = false;      // stored already when read: not analysed
  Document document;       // the input of the analysis, consumed by it
  Status analysis;         // the pipeline's error
  graph::ArticleUpdate update;  // the analysis' result when it is ok

  bool NeedsAnalysis() const { return warning.empty() && lookup.ok() && !known; }
};

// The item for a document just read: checks the store for its id (so that
// a re-run analyses nothing). Store errors are kept in `lookup`, to be
// reported in order by the writer.
IngestItem ReadItem(Document&& document, const graph::Store& store);

// The item for a reader warning.
IngestItem WarningItem(std::string warning);

// Runs `pipeline` on the item's document within `limits` when
// NeedsAnalysis(), filling `analysis` and `update` and adding what the limits
// cut to `cut` (not null); frees the document. Never throws.
void AnalyzeItem(IngestItem& item, const Pipeline& pipeline, const AnalysisLimits& limits,
                 LimitReport* cut);

class IngestWriter {
 public:
  // Warnings go to `warnings`, one line each; the progress line to stderr
  // when `show_progress`. `store` and `warnings` must outlive the writer.
  IngestWriter(graph::Store& store, bool show_progress, std::ostream& warnings);
  IngestWriter(const IngestWriter&) = delete;
  IngestWriter& operator=(const IngestWriter&) = delete;

  // Prints `message` as a warning line and counts it.
  void Warn(const std::string& message);

  // Counts the item and commits its update; a failed analysis is a warning
  // ("...; article skipped") unless an earlier copy of the same text was
  // stored meanwhile, which makes it a duplicate. Returns the store's
  // error, naming the article's source; every earlier item stays committed.
  Status Take(IngestItem&& item);

  // Records that the run was cut short by the user.
  void MarkInterrupted() { interrupted_ = true; }
  // Erases the progress line before the summary is printed.
  void ClearProgress() { progress_.Clear(); }

  const IngestCounts& counts() const { return counts_; }
  bool interrupted() const { return interrupted_; }
  double elapsed_seconds() const { return progress_.elapsed_seconds(); }

 private:
  Status Commit(graph::ArticleUpdate& update, const std::string& source);
  Status TakeArticle(IngestItem& item);
  // Registers the names of the entities already stored (once per run).
  Status SeedNames();
  // The name a statement should carry: unchanged when the store already
  // knows it (its own name or an alias), else the stored or earlier name it
  // is a near spelling of ("Katiab Hezbollah" -> "Kataib Hezbollah"), else
  // itself, remembered for the articles that follow.
  Result<std::string> CanonicalName(const std::string& name);

  graph::Store& store_;
  std::ostream& warnings_;
  Progress progress_;
  IngestCounts counts_;
  bool interrupted_ = false;
  // Near spellings across articles. Used only here, in input order, so the
  // result does not depend on how many threads analysed the articles.
  EntityRegistry names_;
  bool names_seeded_ = false;
};

}  // namespace kg::ingest
