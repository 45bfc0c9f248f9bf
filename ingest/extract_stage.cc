#include "ingest/extract_stage.h"

#include <exception>
#include <utility>

namespace kg::ingest {

ExtractStage::ExtractStage(std::unique_ptr<KnowledgeBase> knowledge)
    : knowledge_(std::move(knowledge)),
      extractor_(std::make_unique<TripleExtractor>(*knowledge_)) {}

Result<std::unique_ptr<Stage>> ExtractStage::Load(const std::string& data_dir,
                                                  const std::vector<std::string>& user_lexicons) {
  Result<std::unique_ptr<KnowledgeBase>> knowledge = KnowledgeBase::Load(data_dir, user_lexicons);
  if (!knowledge.ok()) return knowledge.status();
  return std::unique_ptr<Stage>(std::make_unique<ExtractStage>(std::move(knowledge).value()));
}

Status ExtractStage::Process(Document& document) const {
  try {
    Extraction extraction = extractor_->Extract(document);
    document.triples = std::move(extraction.triples);
    for (auto& alias : extraction.aliases) {
      bool known = false;
      for (const auto& existing : document.aliases) known = known || existing == alias;
      if (!known) document.aliases.push_back(std::move(alias));
    }
  } catch (const std::exception& e) {
    return Status::Internal(std::string("triple extraction threw: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace kg::ingest
