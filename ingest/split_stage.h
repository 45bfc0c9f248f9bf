// SplitStage: the "split" pipeline stage: sentences and their tokens.
//
// Wraps the rule-based SentenceSplitter (ingest/language/sentence_splitter.h),
// which tokenises as it splits. Requires "text"; assigns "sentences" and
// "tokens" (begin, end and form of each token).
//
// Threads: immutable; one instance serves every thread.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "ingest/language/sentence_splitter.h"
#include "ingest/stage.h"

namespace kg::ingest {

class SplitStage : public Stage {
 public:
  static constexpr std::string_view kName = "split";

  explicit SplitStage(SentenceSplitterOptions options = {}) : splitter_(options) {}

  std::string_view name() const override { return kName; }
  std::vector<std::string_view> required() const override { return {annotation::kText}; }
  std::vector<std::string_view> assigned() const override {
    return {annotation::kSentences, annotation::kTokens};
  }

  // Replaces document.sentences. InvalidArgument when the text is too long
  // for 32-bit offsets; otherwise never fails (text without words simply has
  // no sentences).
  Status Process(Document& document) const override;

 private:
  SentenceSplitter splitter_;
};

}  // namespace kg::ingest
