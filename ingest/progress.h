// Progress: the live counts of an ingest run and how they are shown.
//
// On a terminal, a single status line on stderr is redrawn in place, at most
// ten times a second, so that printing it never slows the run. When stderr
// is not a terminal (a pipe, a log file, a test) nothing is drawn. The
// one-line summary at the end is printed either way, by the caller.
//
// Threads: a Progress is used by one thread (the one that commits).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace kg::ingest {

struct IngestCounts {
  uint64_t articles = 0;    // articles read (stored, duplicate or failed)
  uint64_t stored = 0;      // articles newly committed
  uint64_t duplicates = 0;  // articles already in the store (or read twice)
  uint64_t failed = 0;      // articles dropped because a stage failed on them
  uint64_t warnings = 0;    // problems reported: skipped files, lines, articles
  uint64_t sentences = 0;   // sentences of the stored articles
  uint64_t triples = 0;     // triple statements of the stored articles
  uint64_t words = 0;       // white-space separated words of the articles read
};

// True when stderr is a terminal.
bool StderrIsTerminal();

// "12 articles, 340 sentences, 0 triples (4.1 articles/s, 2300 words/s)".
std::string FormatProgress(const IngestCounts& counts, double seconds);

// "ingested N articles (M skipped as duplicates, W with warnings): S
// sentences, T triples in X.Ys", where N counts every article read.
std::string FormatSummary(const IngestCounts& counts, double seconds);

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // The minimum time between two redraws.
  static constexpr std::chrono::milliseconds kRedrawInterval{100};

  // Draws on `out` when `enabled` (normally StderrIsTerminal()). `clock` is
  // for tests; `out` must outlive the Progress.
  Progress(std::ostream& out, bool enabled, Clock clock = &std::chrono::steady_clock::now);

  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  // Redraws the line with `counts` unless the last redraw was less than
  // kRedrawInterval ago.
  void Update(const IngestCounts& counts);
  // Erases the line, so that a warning or the summary starts on a clean line.
  void Clear();

  double elapsed_seconds() const;
  int redraws() const { return redraws_; }

 private:
  std::ostream& out_;
  const bool enabled_;
  Clock clock_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;  // a line is on screen now
  int redraws_ = 0;
};

}  // namespace kg::ingest
