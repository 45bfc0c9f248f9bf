// CarbExtractor: the `kg extract --carb` mode. Reads PTB-tokenised
// sentences (one a line, as in CaRB's dev.txt), analyses each with kg's
// language models, runs the TripleExtractor with open statements on and
// writes them as CaRB system tuples (carb.h): relation and arguments are the
// sentence's own tokens, the sentence column the input line as given.
//
// Threads: immutable after Load; ExtractLine may run on many threads.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "ingest/carb.h"
#include "ingest/knowledge_base.h"
#include "ingest/language/analyzer.h"
#include "ingest/triple_extractor.h"

namespace kg::ingest {

struct CarbRunSummary {
  size_t sentences = 0;  // lines analysed
  size_t skipped = 0;    // lines skipped with a warning (invalid UTF-8, ...)
  size_t tuples = 0;     // tuples written
  double seconds = 0;
};

class CarbExtractor {
 public:
  CarbExtractor(std::unique_ptr<Analyzer> analyzer, std::unique_ptr<KnowledgeBase> knowledge);
  CarbExtractor(const CarbExtractor&) = delete;
  CarbExtractor& operator=(const CarbExtractor&) = delete;

  // Loads the models from `models_dir` (Analyzer::DefaultModelsDir() when
  // empty) and the knowledge tables from KnowledgeDir(data_dir). The first
  // error, naming the missing or bad file.
  static Result<std::unique_ptr<CarbExtractor>> Load(const std::string& models_dir,
                                                     const std::string& data_dir = {});

  // The tuples of one sentence line, best first. InvalidArgument naming
  // `where` for a line that is not valid UTF-8 or holds no word; Internal
  // if a library call throws.
  Result<std::vector<CarbTuple>> ExtractLine(std::string_view line, const std::string& where) const;

  // Reads `in` (called `name` in messages) line by line and writes every
  // tuple to `out`. A bad line is skipped with a one-line warning
  // "NAME:LINE: ...; line skipped" on `warnings`; blank lines are skipped
  // silently. InvalidArgument when `in` holds no sentence at all; IOError
  // when writing fails.
  Result<CarbRunSummary> Run(std::istream& in, const std::string& name, std::ostream& out,
                             std::ostream& warnings) const;

 private:
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<KnowledgeBase> knowledge_;
  std::unique_ptr<TripleExtractor> extractor_;  // borrows *knowledge_
};

}  // namespace kg::ingest
