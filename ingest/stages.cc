#include "ingest/stages.h"

#include <memory>

#include "ingest/analyze_stage.h"
#include "ingest/extract_stage.h"
#include "ingest/split_stage.h"

namespace kg::ingest {

StageRegistry DefaultStageRegistry() {
  StageRegistry registry;
  // Adding a fixed, distinct name to an empty registry cannot fail.
  (void)registry.Add(std::string(SplitStage::kName),
                     "sentences and tokens (rule-based splitter and tokeniser)",
                     [](const StageContext&) -> Result<std::unique_ptr<Stage>> {
                       return std::unique_ptr<Stage>(std::make_unique<SplitStage>());
                     });
  (void)registry.Add(std::string(AnalyzeStage::kName),
                     "sentences, tokens, tags, lemmas and dependencies (needs the models)",
                     [](const StageContext& context) { return AnalyzeStage::Load(context.models_dir); });
  (void)registry.Add(std::string(ExtractStage::kName),
                     "triples with polarity and evidence (needs tags, lemmas and dependencies)",
                     [](const StageContext&) { return ExtractStage::Load(); });
  return registry;
}

std::vector<std::string> DefaultStageNames() {
  // The models are committed (models/), so the full analysis is the default;
  // `--stages split` stores articles and sentences without them.
  return {std::string(AnalyzeStage::kName), std::string(ExtractStage::kName)};
}

}  // namespace kg::ingest
