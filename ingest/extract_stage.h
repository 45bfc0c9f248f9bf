// ExtractStage: the "extract" pipeline stage: triples from parsed sentences.
//
// Wraps a TripleExtractor over the shipped knowledge tables (countries,
// titles, heads and the relation lexicon; see docs/relations.md). Requires
// tokens, tags, lemmas and dependencies; assigns Document::triples and
// Document::aliases (acronyms the article defines).
//
// Threads: immutable after construction; one instance serves every thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/knowledge_base.h"
#include "ingest/stage.h"
#include "ingest/triple_extractor.h"

namespace kg::ingest {

class ExtractStage : public Stage {
 public:
  static constexpr std::string_view kName = "extract";

  explicit ExtractStage(std::unique_ptr<KnowledgeBase> knowledge);

  // Loads the knowledge tables from KnowledgeDir(data_dir) (see
  // knowledge_files.h) plus `user_lexicons`. The first loading error,
  // naming its FILE:LINE.
  static Result<std::unique_ptr<Stage>> Load(const std::string& data_dir = {},
                                             const std::vector<std::string>& user_lexicons = {});

  std::string_view name() const override { return kName; }
  std::vector<std::string_view> required() const override {
    return {annotation::kTokens, annotation::kTags, annotation::kLemmas, annotation::kDeps};
  }
  std::vector<std::string_view> assigned() const override { return {annotation::kTriples}; }

  // Replaces document.triples and appends the article's acronyms to
  // document.aliases. Internal only if a library call throws.
  Status Process(Document& document) const override;

  const TripleExtractor& extractor() const { return *extractor_; }

 private:
  std::unique_ptr<KnowledgeBase> knowledge_;
  std::unique_ptr<TripleExtractor> extractor_;  // borrows *knowledge_
};

}  // namespace kg::ingest
