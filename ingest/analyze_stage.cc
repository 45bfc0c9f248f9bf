#include "ingest/analyze_stage.h"

#include <cstdint>
#include <exception>
#include <limits>
#include <vector>

#include "ingest/text_decoding.h"

namespace kg::ingest {

Result<std::unique_ptr<Stage>> AnalyzeStage::Load(const std::string& models_dir) {
  auto analyzer = Analyzer::Load(models_dir.empty() ? Analyzer::DefaultModelsDir() : models_dir);
  if (!analyzer.ok()) return analyzer.status();
  return std::unique_ptr<Stage>(std::make_unique<AnalyzeStage>(std::move(*analyzer)));
}

Status AnalyzeStage::ProcessWithin(Document& document, const AnalysisLimits& limits,
                                   LimitReport* report) const {
  // Offsets are stored as uint32: a longer text would wrap them silently.
  if (document.text.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("text of " + std::to_string(document.text.size()) +
                                   " bytes is too long for 32-bit offsets");
  }
  const size_t max_tokens = limits.max_sentence_tokens;
  uint64_t skipped = 0;
  std::string first;  // which sentence was skipped first, for the note
  try {
    splitter_.SplitDocument(&document);
    std::vector<Sentence*> within_limits;
    within_limits.reserve(document.sentences.size());
    for (size_t i = 0; i < document.sentences.size(); ++i) {
      Sentence& sentence = document.sentences[i];
      if (max_tokens == 0 || sentence.tokens.size() <= max_tokens) {
        within_limits.push_back(&sentence);
        continue;
      }
      if (skipped++ == 0) {
        first = "sentence " + std::to_string(i + 1) + ", " +
                std::to_string(sentence.tokens.size()) + " tokens: \"" +
                Excerpt(sentence.TextIn(document.text)) + "\"";
      }
      std::vector<Token>().swap(sentence.tokens);  // the memory goes too
    }
    analyzer_->AnnotateSentences(within_limits);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("language analysis failed: ") + e.what());
  }
  if (skipped == 0) return Status::Ok();
  report->counts.sentences_skipped += skipped;
  report->notes.push_back((document.source.empty() ? "<unnamed>" : document.source) + ": " +
                          CountOf(skipped, "sentence") + " over the limit of " +
                          std::to_string(max_tokens) + " tokens not analysed (" +
                          (skipped == 1 ? "" : "first: ") + first + ")");
  return Status::Ok();
}

}  // namespace kg::ingest
