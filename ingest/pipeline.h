// Pipeline: runs named stages over each Document, in order.
//
// Stages come from a StageRegistry by name, so that a configuration is a list
// of names ("split", "tag", "lemma", "parse", "extract") and new stages are
// added by registering a factory, not by editing the pipeline. Building a
// pipeline checks every stage's requirements against what the stages before
// it assign, and fails with a message naming the stage and what is missing.
//
// Every run keeps within AnalysisLimits, so that text which is not prose
// (ten thousand names in one sentence, ten thousand nested brackets, a
// 100,000-letter "name") costs milliseconds, not minutes, and is reported
// rather than stored: stages that parse honour the sentence limit (see
// BoundedStage), and the pipeline drops triples whose names are too long.
//
// Threads: a built Pipeline is immutable; Process may run on many threads at
// once, each with its own Document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"
#include "ingest/stage.h"

namespace kg::ingest {

// The work one article may cost. Zero turns a limit off.
struct AnalysisLimits {
  // Sentences with more tokens keep their span (the text is stored) but are
  // not tagged, parsed or searched for triples. The longest sentence in UD
  // English EWT has 159 tokens and news sentences rarely pass 100, while the
  // parser's time grows faster than the length: 30,000 tokens take 30 s.
  size_t max_sentence_tokens = 250;
  // Triples and aliases naming an entity longer than this are dropped: the
  // longest real names ("Organisation for the Prohibition of Chemical
  // Weapons") are a fifth of it.
  size_t max_name_bytes = 256;
};

// What the limits cut from articles.
struct LimitCounts {
  uint64_t sentences_skipped = 0;  // over max_sentence_tokens: not analysed
  uint64_t triples_dropped = 0;    // naming an entity over max_name_bytes
  uint64_t aliases_dropped = 0;    // an alias or its entity over max_name_bytes

  void Add(const LimitCounts& other) {
    sentences_skipped += other.sentences_skipped;
    triples_dropped += other.triples_dropped;
    aliases_dropped += other.aliases_dropped;
  }
  bool empty() const { return sentences_skipped + triples_dropped + aliases_dropped == 0; }
};

// What the limits cut from one article: the counts, and one line per kind
// of cut naming the article ("a.txt: 1 sentence over the limit of 250
// tokens not analysed (sentence 2, 20003 tokens: "((((((...")").
struct LimitReport {
  LimitCounts counts;
  std::vector<std::string> notes;
};

// A stage whose cost depends on the limits (the "analyze" stage). The
// pipeline calls ProcessWithin with the run's limits; Process, for callers
// that run the stage alone, applies the default limits.
class BoundedStage : public Stage {
 public:
  Status Process(Document& document) const final;

  // As Process, keeping within `limits`; adds what it cut to `report`
  // (which is never null).
  virtual Status ProcessWithin(Document& document, const AnalysisLimits& limits,
                               LimitReport* report) const = 0;
};

// `text` cut to at most `max_bytes` on a character boundary, control
// characters as spaces, with "..." (after any trailing space) when cut: a
// safe excerpt of arbitrary input for a one-line message.
std::string Excerpt(std::string_view text, size_t max_bytes = 40);

// What a stage factory may use to build its stage.
struct StageContext {
  std::string models_dir;  // where trained models are read from
};

// Stage factories by name, in registration order.
class StageRegistry {
 public:
  using Factory = std::function<Result<std::unique_ptr<Stage>>(const StageContext&)>;

  // Registers `factory` under `name`. InvalidArgument when the name is empty
  // or already taken.
  Status Add(std::string name, std::string description, Factory factory);

  // Builds the stage called `name`. NotFound, listing the valid names and a
  // close match, when no stage has that name; otherwise the factory's error
  // (a missing model file, say) prefixed with the stage name.
  Result<std::unique_ptr<Stage>> Make(std::string_view name, const StageContext& context) const;

  bool Contains(std::string_view name) const;
  // Registered names, in registration order.
  std::vector<std::string> names() const;
  // The one-line description of `name`; empty when unknown.
  std::string Describe(std::string_view name) const;

 private:
  struct Entry {
    std::string name;
    std::string description;
    Factory factory;
  };
  std::vector<Entry> entries_;
};

class Pipeline {
 public:
  // The line a run prints once when no stage assigns triples.
  static constexpr std::string_view kNoExtractorMessage =
      "no extractor is configured: articles and sentences stored, no triples";

  // A pipeline of `stages`, in order. InvalidArgument when a stage is null,
  // two stages share a name, or a stage requires an annotation no earlier
  // stage assigns ("stage 'parse' requires 'tags', which no stage before it
  // assigns; ...").
  static Result<Pipeline> Create(std::vector<std::unique_ptr<Stage>> stages);

  // Makes each named stage with `registry` and then behaves as Create.
  static Result<Pipeline> Build(const std::vector<std::string>& names,
                                const StageRegistry& registry, const StageContext& context);

  Pipeline(Pipeline&&) = default;
  Pipeline& operator=(Pipeline&&) = default;
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Runs every stage on `document` within the default AnalysisLimits. On
  // the first failure returns that stage's error as "stage 'NAME' failed on
  // SOURCE: message", keeping its code; the document is then partly
  // annotated and should be dropped.
  Status Process(Document& document) const;

  // As Process, within `limits`; what they cut is added to `report` when it
  // is not null.
  Status Process(Document& document, const AnalysisLimits& limits, LimitReport* report) const;

  // True when some stage assigns triples.
  bool has_extractor() const { return has_extractor_; }
  // Stage names in running order.
  std::vector<std::string> stage_names() const;
  // Whether the annotation is assigned by some stage (or is "text").
  bool Provides(std::string_view annotation) const;

 private:
  Pipeline() = default;

  std::vector<std::unique_ptr<Stage>> stages_;
  std::vector<const BoundedStage*> bounded_;  // per stage: itself when bounded, else null
  bool has_extractor_ = false;
};

}  // namespace kg::ingest
