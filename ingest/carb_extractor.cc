#include "ingest/carb_extractor.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <istream>
#include <ostream>
#include <utility>

namespace kg::ingest {

CarbExtractor::CarbExtractor(std::unique_ptr<Analyzer> analyzer,
                             std::unique_ptr<KnowledgeBase> knowledge)
    : analyzer_(std::move(analyzer)),
      knowledge_(std::move(knowledge)),
      extractor_(std::make_unique<TripleExtractor>(*knowledge_)) {}

Result<std::unique_ptr<CarbExtractor>> CarbExtractor::Load(const std::string& models_dir,
                                                           const std::string& data_dir) {
  auto analyzer = Analyzer::Load(models_dir.empty() ? Analyzer::DefaultModelsDir() : models_dir);
  if (!analyzer.ok()) return analyzer.status();
  auto knowledge = KnowledgeBase::Load(data_dir, {});
  if (!knowledge.ok()) return knowledge.status();
  return std::make_unique<CarbExtractor>(std::move(analyzer).value(), std::move(knowledge).value());
}

Result<std::vector<CarbTuple>> CarbExtractor::ExtractLine(std::string_view line,
                                                          const std::string& where) const {
  Result<Document> document = PtbSentenceDocument(line, where);
  if (!document.ok()) return document.status();
  std::vector<CarbTuple> tuples;
  try {
    // The line is tokenised already: annotating its tokens keeps every
    // phrase in the benchmark's own tokens.
    analyzer_->AnnotateSentence(&document->sentences.front());
    Extraction extraction = extractor_->Extract(*document, {.open = true});
    for (OpenStatement& statement : extraction.open) {
      tuples.push_back({document->text, statement.confidence, std::move(statement.relation),
                        std::move(statement.arguments)});
    }
  } catch (const std::exception& e) {
    return Status::Internal(where + ": extraction failed: " + e.what());
  }
  std::stable_sort(tuples.begin(), tuples.end(), [](const CarbTuple& a, const CarbTuple& b) {
    return a.confidence > b.confidence;
  });
  return tuples;
}

Result<CarbRunSummary> CarbExtractor::Run(std::istream& in, const std::string& name,
                                          std::ostream& out, std::ostream& warnings) const {
  const auto start = std::chrono::steady_clock::now();
  CarbRunSummary summary;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<std::vector<CarbTuple>> tuples = ExtractLine(line, name + ":" + std::to_string(number));
    if (!tuples.ok()) {
      warnings << tuples.status().message() << "; line skipped\n";
      ++summary.skipped;
      continue;
    }
    ++summary.sentences;
    for (const CarbTuple& tuple : *tuples) out << FormatCarbTuple(tuple) << '\n';
    summary.tuples += tuples->size();
  }
  if (!out) return Status::IOError("writing the tuples failed");
  if (summary.sentences == 0 && summary.skipped == 0) {
    return Status::InvalidArgument(name + ": no sentence to read (the file is empty)");
  }
  if (summary.sentences == 0) {
    return Status::InvalidArgument(name + ": no line could be read (" +
                                   std::to_string(summary.skipped) + " skipped)");
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace kg::ingest
