#include "ingest/analyze_stage.h"

#include <cstdint>
#include <limits>

namespace kg::ingest {

Result<std::unique_ptr<Stage>> AnalyzeStage::Load(const std::string& models_dir) {
  auto analyzer = Analyzer::Load(models_dir.empty() ? Analyzer::DefaultModelsDir() : models_dir);
  if (!analyzer.ok()) return analyzer.status();
  return std::unique_ptr<Stage>(std::make_unique<AnalyzeStage>(std::move(*analyzer)));
}

Status AnalyzeStage::Process(Document& document) const {
  // Offsets are stored as uint32: a longer text would wrap them silently.
  if (document.text.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("text of " + std::to_string(document.text.size()) +
                                   " bytes is too long for 32-bit offsets");
  }
  return analyzer_->Analyze(document);
}

}  // namespace kg::ingest
