#include "ingest/progress.h"

#include <unistd.h>

#include <cstdio>
#include <ostream>

namespace kg::ingest {
namespace {

// Carriage return and "erase to end of line": the next text overwrites the
// old line in place.
constexpr const char* kEraseLine = "\r\033[K";

double Rate(uint64_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0.0;
}

}  // namespace

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string FormatProgress(const IngestCounts& counts, double seconds) {
  char line[256];
  std::snprintf(line, sizeof line,
                "%llu articles, %llu sentences, %llu triples (%.1f articles/s, %.0f words/s)",
                static_cast<unsigned long long>(counts.articles),
                static_cast<unsigned long long>(counts.sentences),
                static_cast<unsigned long long>(counts.triples), Rate(counts.articles, seconds),
                Rate(counts.words, seconds));
  return line;
}

std::string FormatSummary(const IngestCounts& counts, double seconds) {
  char line[256];
  std::snprintf(line, sizeof line,
                "ingested %llu articles (%llu skipped as duplicates, %llu with warnings): "
                "%llu sentences, %llu triples in %.1fs",
                static_cast<unsigned long long>(counts.articles),
                static_cast<unsigned long long>(counts.duplicates),
                static_cast<unsigned long long>(counts.warnings),
                static_cast<unsigned long long>(counts.sentences),
                static_cast<unsigned long long>(counts.triples), seconds);
  return line;
}

Progress::Progress(std::ostream& out, bool enabled, Clock clock)
    : out_(out), enabled_(enabled), clock_(std::move(clock)), start_(clock_()) {}

Progress::~Progress() { Clear(); }

void Progress::Update(const IngestCounts& counts) {
  if (!enabled_) return;
  auto now = clock_();
  if (redraws_ > 0 && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  ++redraws_;
  out_ << kEraseLine << FormatProgress(counts, elapsed_seconds()) << std::flush;
  drawn_ = true;
}

void Progress::Clear() {
  if (!drawn_) return;
  out_ << kEraseLine << std::flush;
  drawn_ = false;
}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(clock_() - start_).count();
}

}  // namespace kg::ingest
