#include "ingest/ingest_runner.h"

#include <ostream>
#include <utility>

#include "ingest/ingest_writer.h"
#include "ingest/parallel_ingest.h"
#include "ingest/store_writer.h"
#include "ingest/text_decoding.h"

namespace kg::ingest {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string JoinPaths(const std::vector<std::string>& paths) {
  return paths.empty() ? "no paths" : Join(paths);
}

// "; skipped 1 article over 512 KiB, ..." for what was cut; empty when nothing was.
std::string CutSummary(const IngestSummary& summary) {
  std::vector<std::string> skipped;
  if (summary.reader.too_large > 0) {
    skipped.push_back(CountOf(summary.reader.too_large, "article") + " over " +
                      FormatBytes(summary.max_article_bytes));
  }
  const LimitCounts& cut = summary.cut;
  const AnalysisLimits& limits = summary.limits;
  if (cut.sentences_skipped > 0) {
    skipped.push_back(CountOf(cut.sentences_skipped, "sentence") + " over " +
                      std::to_string(limits.max_sentence_tokens) + " tokens");
  }
  const std::string long_name =
      " with a name over " + std::to_string(limits.max_name_bytes) + " bytes";
  if (cut.triples_dropped > 0) {
    skipped.push_back(CountOf(cut.triples_dropped, "triple") + long_name);
  }
  if (cut.aliases_dropped > 0) {
    skipped.push_back(CountOf(cut.aliases_dropped, "alias") + long_name);
  }
  std::string out;
  if (!skipped.empty()) out += "; skipped " + Join(skipped);
  if (summary.reader.repaired > 0) {
    out += "; repaired " + CountOf(summary.reader.repaired, "text") +
           " (invalid UTF-8 or NUL bytes)";
  }
  if (summary.reader.converted > 0) {
    out += "; converted " + CountOf(summary.reader.converted, "text") + " from UTF-16";
  }
  return out;
}

}  // namespace

Result<graph::ArticleUpdate> AnalyzeArticle(Document document, const Pipeline& pipeline) {
  LimitReport ignored;
  return AnalyzeArticle(std::move(document), pipeline, AnalysisLimits{}, &ignored);
}

Result<graph::ArticleUpdate> AnalyzeArticle(Document document, const Pipeline& pipeline,
                                            const AnalysisLimits& limits, LimitReport* report) {
  KG_RETURN_IF_ERROR(pipeline.Process(document, limits, report));
  return ToArticleUpdate(document);
}

Result<IngestSummary> RunIngest(const std::vector<std::string>& paths, graph::Store& store,
                                const Pipeline& pipeline, const IngestOptions& options,
                                std::ostream& warnings) {
  IngestWriter writer(store, options.show_progress && StderrIsTerminal(), warnings);
  if (!pipeline.has_extractor()) warnings << Pipeline::kNoExtractorMessage << '\n';
  const int threads = AnalysisThreads(options.threads);
  IngestTally tally;
  Status status = threads == 1
                      ? IngestOneByOne(paths, store, pipeline, options, writer, tally)
                      : IngestInParallel(paths, store, pipeline, options, threads, writer, tally);
  if (!status.ok() && !writer.interrupted()) return status;
  const IngestCounts& counts = writer.counts();
  if (counts.articles == 0 && !writer.interrupted()) {
    if (counts.warnings == 0) {
      return Status::NotFound("no articles found in " + JoinPaths(paths) +
                              " (folders are searched for .txt, .md and .jsonl files)");
    }
    return Status::InvalidArgument("no article could be read from " + JoinPaths(paths) + " (" +
                                   CountOf(counts.warnings, "problem") + " reported)");
  }
  writer.ClearProgress();
  IngestSummary summary;
  summary.counts = counts;
  summary.reader = tally.reader;
  summary.cut = tally.limits;
  summary.max_article_bytes = options.reader.max_article_bytes;
  summary.limits = options.limits;
  summary.seconds = writer.elapsed_seconds();
  summary.has_extractor = pipeline.has_extractor();
  summary.interrupted = writer.interrupted();
  return summary;
}

std::string FormatSummary(const IngestSummary& summary) {
  std::string line = FormatSummary(summary.counts, summary.seconds) + CutSummary(summary);
  return summary.interrupted ? "interrupted: " + line : line;
}

}  // namespace kg::ingest
