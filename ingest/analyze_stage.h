// AnalyzeStage: the "analyze" pipeline stage: full language analysis.
//
// Wraps the Analyzer (ingest/language/analyzer.h): sentences, tokens, tags,
// lemmas and dependencies. Requires "text"; assigns "sentences", "tokens",
// "tags", "lemmas" and "deps", so an extractor can follow it directly.
//
// It keeps within AnalysisLimits: a sentence with more tokens than
// max_sentence_tokens keeps its span but loses its tokens, so that neither
// the tagger and parser here nor the extractor after spend time on it, and
// the report says which sentence it was.
//
// Threads: immutable after construction; one instance serves every thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/language/analyzer.h"
#include "ingest/language/sentence_splitter.h"
#include "ingest/pipeline.h"
#include "ingest/stage.h"

namespace kg::ingest {

class AnalyzeStage : public BoundedStage {
 public:
  static constexpr std::string_view kName = "analyze";

  explicit AnalyzeStage(std::unique_ptr<Analyzer> analyzer) : analyzer_(std::move(analyzer)) {}

  // Loads the models from `models_dir` (Analyzer::DefaultModelsDir() when
  // empty). The Analyzer's error, naming the missing or bad model file.
  static Result<std::unique_ptr<Stage>> Load(const std::string& models_dir);

  std::string_view name() const override { return kName; }
  std::vector<std::string_view> required() const override { return {annotation::kText}; }
  std::vector<std::string_view> assigned() const override {
    return {annotation::kSentences, annotation::kTokens, annotation::kTags, annotation::kLemmas,
            annotation::kDeps};
  }

  // Replaces document.sentences with annotated ones, leaving the sentences
  // over the token limit without tokens (counted and noted in `report`).
  // InvalidArgument when the text is too long for 32-bit offsets; Internal
  // if the analyser throws.
  Status ProcessWithin(Document& document, const AnalysisLimits& limits,
                       LimitReport* report) const override;

 private:
  // The same rules the Analyzer splits with: splitting here lets the
  // limit act between splitting and parsing.
  SentenceSplitter splitter_;
  std::unique_ptr<Analyzer> analyzer_;
};

}  // namespace kg::ingest
