#include "ingest/ingest_runner.h"

#include <ostream>
#include <utility>

#include "ingest/ingest_writer.h"
#include "ingest/parallel_ingest.h"
#include "ingest/store_writer.h"

namespace kg::ingest {
namespace {

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& path : paths) {
    if (!out.empty()) out += ", ";
    out += path;
  }
  return out.empty() ? "no paths" : out;
}

}  // namespace

Result<graph::ArticleUpdate> AnalyzeArticle(Document document, const Pipeline& pipeline) {
  KG_RETURN_IF_ERROR(pipeline.Process(document));
  return ToArticleUpdate(document);
}

Result<IngestSummary> RunIngest(const std::vector<std::string>& paths, graph::Store& store,
                                const Pipeline& pipeline, const IngestOptions& options,
                                std::ostream& warnings) {
  IngestWriter writer(store, options.show_progress && StderrIsTerminal(), warnings);
  if (!pipeline.has_extractor()) warnings << Pipeline::kNoExtractorMessage << '\n';
  const int threads = AnalysisThreads(options.threads);
  Status status = threads == 1
                      ? IngestOneByOne(paths, store, pipeline, options, writer)
                      : IngestInParallel(paths, store, pipeline, options, threads, writer);
  if (!status.ok() && !writer.interrupted()) return status;
  const IngestCounts& counts = writer.counts();
  if (counts.articles == 0 && !writer.interrupted()) {
    if (counts.warnings == 0) {
      return Status::NotFound("no articles found in " + JoinPaths(paths) +
                              " (folders are searched for .txt, .md and .jsonl files)");
    }
    return Status::InvalidArgument("no article could be read from " + JoinPaths(paths) +
                                   " (" + std::to_string(counts.warnings) +
                                   " problems reported)");
  }
  writer.ClearProgress();
  IngestSummary summary;
  summary.counts = counts;
  summary.seconds = writer.elapsed_seconds();
  summary.has_extractor = pipeline.has_extractor();
  summary.interrupted = writer.interrupted();
  return summary;
}

std::string FormatSummary(const IngestSummary& summary) {
  std::string line = FormatSummary(summary.counts, summary.seconds);
  return summary.interrupted ? "interrupted: " + line : line;
}

}  // namespace kg::ingest
