#include "ingest/progress.h"

#include <chrono>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace kg::ingest {
namespace {

using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

IngestCounts SomeCounts() {
  IngestCounts counts;
  counts.articles = 12;
  counts.stored = 9;
  counts.duplicates = 3;
  counts.warnings = 2;
  counts.sentences = 340;
  counts.triples = 17;
  counts.words = 4600;
  return counts;
}

TEST(ProgressTest, FormatsLineAndSummary) {
  EXPECT_EQ(FormatProgress(SomeCounts(), 2.0),
            "12 articles, 340 sentences, 17 triples (6.0 articles/s, 2300 words/s)");
  EXPECT_EQ(FormatProgress(IngestCounts{}, 0.0),
            "0 articles, 0 sentences, 0 triples (0.0 articles/s, 0 words/s)");
  EXPECT_EQ(FormatSummary(SomeCounts(), 3.14159),
            "ingested 12 articles (3 skipped as duplicates, 2 with warnings): "
            "340 sentences, 17 triples in 3.1s");
}

TEST(ProgressTest, DrawsNothingWhenNotATerminal) {
  std::ostringstream out;
  {
    Progress progress(out, /*enabled=*/false);
    progress.Update(SomeCounts());
    progress.Clear();
  }
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressTest, RedrawsAtMostTenTimesASecond) {
  TimePoint now{};
  std::ostringstream out;
  Progress progress(out, /*enabled=*/true, [&] { return now; });
  struct Step {
    int advance_ms;
    int redraws;  // after the update
  };
  const Step steps[] = {{0, 1}, {50, 1}, {49, 1}, {1, 2}, {99, 2}, {150, 3}, {0, 3}};
  for (const Step& step : steps) {
    now += milliseconds(step.advance_ms);
    progress.Update(SomeCounts());
    EXPECT_EQ(progress.redraws(), step.redraws) << "at " << progress.elapsed_seconds() << "s";
  }
  // Each redraw erases the line and writes it again in place.
  EXPECT_EQ(out.str().rfind("\r\033[K12 articles, ", 0), 0u);
  out.str("");
  progress.Clear();
  EXPECT_EQ(out.str(), "\r\033[K");
  out.str("");
  progress.Clear();  // nothing on screen: nothing to erase
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace kg::ingest
