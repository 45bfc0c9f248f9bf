#include "ingest/ingest_runner.h"

#include <iostream>
#include <ostream>
#include <utility>

#include "ingest/store_writer.h"

namespace kg::ingest {
namespace {

uint64_t CountWords(std::string_view text) {
  uint64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& path : paths) {
    if (!out.empty()) out += ", ";
    out += path;
  }
  return out.empty() ? "no paths" : out;
}

// One run's state: the counts, the progress line and where warnings go.
class Run {
 public:
  Run(graph::Store& store, const Pipeline& pipeline, const IngestOptions& options,
      std::ostream& warnings)
      : store_(store),
        pipeline_(pipeline),
        options_(options),
        warnings_(warnings),
        progress_(std::cerr, options.show_progress && StderrIsTerminal()) {}

  void Warn(const std::string& message) {
    progress_.Clear();  // the warning gets its own line, not the tail of the progress line
    warnings_ << message << '\n';
    ++counts_.warnings;
  }

  Status Ingest(Document&& document) {
    if (options_.cancel != nullptr && options_.cancel->cancelled()) {
      interrupted_ = true;
      return Status::Cancelled("ingest interrupted");
    }
    ++counts_.articles;
    counts_.words += CountWords(document.text);
    const std::string source = document.source;
    // Checking first means a re-run over the same files analyses nothing.
    Result<bool> known = store_.HasArticle(graph::ArticleIdFor(document.text));
    if (!known.ok()) return known.status().WithContext(source);
    if (*known) {
      ++counts_.duplicates;
    } else {
      Result<graph::ArticleUpdate> update = AnalyzeArticle(std::move(document), pipeline_);
      if (!update.ok()) {
        ++counts_.failed;
        Warn(update.status().message() + "; article skipped");
      } else {
        KG_RETURN_IF_ERROR(Commit(*update, source));
      }
    }
    progress_.Update(counts_);
    return Status::Ok();
  }

  IngestSummary Finish() {
    progress_.Clear();
    IngestSummary summary;
    summary.counts = counts_;
    summary.seconds = progress_.elapsed_seconds();
    summary.has_extractor = pipeline_.has_extractor();
    summary.interrupted = interrupted_;
    return summary;
  }

  bool interrupted() const { return interrupted_; }
  const IngestCounts& counts() const { return counts_; }

 private:
  Status Commit(const graph::ArticleUpdate& update, const std::string& source) {
    Result<graph::CommitOutcome> outcome = store_.CommitArticle(update);
    if (!outcome.ok()) return outcome.status().WithContext(source);
    if (*outcome == graph::CommitOutcome::kSkippedDuplicate) {
      ++counts_.duplicates;
      return Status::Ok();
    }
    ++counts_.stored;
    counts_.sentences += static_cast<uint64_t>(update.article.sentences_size());
    counts_.triples += update.triples.size();
    return Status::Ok();
  }

  graph::Store& store_;
  const Pipeline& pipeline_;
  const IngestOptions& options_;
  std::ostream& warnings_;
  Progress progress_;
  IngestCounts counts_;
  bool interrupted_ = false;
};

}  // namespace

Result<graph::ArticleUpdate> AnalyzeArticle(Document document, const Pipeline& pipeline) {
  KG_RETURN_IF_ERROR(pipeline.Process(document));
  return ToArticleUpdate(document);
}

Result<IngestSummary> RunIngest(const std::vector<std::string>& paths, graph::Store& store,
                                const Pipeline& pipeline, const IngestOptions& options,
                                std::ostream& warnings) {
  Run run(store, pipeline, options, warnings);
  if (!pipeline.has_extractor()) warnings << Pipeline::kNoExtractorMessage << '\n';
  Reader reader(options.reader, [&run](const std::string& warning) { run.Warn(warning); });
  Status status = reader.Read(paths, [&run](Document&& document) {
    return run.Ingest(std::move(document));
  });
  if (!status.ok() && !run.interrupted()) return status;
  if (run.counts().articles == 0 && !run.interrupted()) {
    if (run.counts().warnings == 0) {
      return Status::NotFound("no articles found in " + JoinPaths(paths) +
                              " (folders are searched for .txt, .md and .jsonl files)");
    }
    return Status::InvalidArgument("no article could be read from " + JoinPaths(paths) +
                                   " (" + std::to_string(run.counts().warnings) +
                                   " problems reported)");
  }
  return run.Finish();
}

std::string FormatSummary(const IngestSummary& summary) {
  std::string line = FormatSummary(summary.counts, summary.seconds);
  return summary.interrupted ? "interrupted: " + line : line;
}

}  // namespace kg::ingest
