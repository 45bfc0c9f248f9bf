// Stage: one named step of the ingest pipeline (after spaCy's components).
//
// A stage reads some annotations of a Document and adds others. It declares
// both, by the names below, so that a Pipeline can refuse an impossible
// order ("parse" before "tag") when it is built instead of failing on the
// first article. The reader provides "text" (and the metadata) for free.
//
// Threads: Process is const; a stage holds only read-only state (rules,
// models) after construction, so one instance serves every thread at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"

namespace kg::ingest {

// The annotation names stages require and assign.
namespace annotation {
inline constexpr std::string_view kText = "text";            // Document::text (the reader)
inline constexpr std::string_view kSentences = "sentences";  // Document::sentences spans
inline constexpr std::string_view kTokens = "tokens";        // Sentence::tokens, begin/end/form
inline constexpr std::string_view kTags = "tags";            // Token::upos, xpos, feats
inline constexpr std::string_view kLemmas = "lemmas";        // Token::lemma
inline constexpr std::string_view kDeps = "deps";            // Token::head, deprel
inline constexpr std::string_view kTriples = "triples";      // Document::triples, aliases
}  // namespace annotation

class Stage {
 public:
  virtual ~Stage() = default;

  // The name a pipeline is configured with ("split", "tag", ...).
  virtual std::string_view name() const = 0;
  // Annotations that must be present before Process runs.
  virtual std::vector<std::string_view> required() const = 0;
  // Annotations that Process fills in.
  virtual std::vector<std::string_view> assigned() const = 0;

  // Annotates `document` in place. On error the document may be partly
  // annotated and should be dropped; the message need not name the stage or
  // the document, the Pipeline adds both.
  virtual Status Process(Document& document) const = 0;
};

}  // namespace kg::ingest
