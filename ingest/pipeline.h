// Pipeline: runs named stages over each Document, in order.
//
// Stages come from a StageRegistry by name, so that a configuration is a list
// of names ("split", "tag", "lemma", "parse", "extract") and new stages are
// added by registering a factory, not by editing the pipeline. Building a
// pipeline checks every stage's requirements against what the stages before
// it assign, and fails with a message naming the stage and what is missing.
//
// Threads: a built Pipeline is immutable; Process may run on many threads at
// once, each with its own Document.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"
#include "ingest/stage.h"

namespace kg::ingest {

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

  // Runs every stage on `document`. On the first failure returns that
  // stage's error as "stage 'NAME' failed on SOURCE: message", keeping its
  // code; the document is then partly annotated and should be dropped.
  Status Process(Document& document) const;

  // True when some stage assigns triples.
  bool has_extractor() const { return has_extractor_; }
  // Stage names in running order.
  std::vector<std::string> stage_names() const;
  // Whether the annotation is assigned by some stage (or is "text").
  bool Provides(std::string_view annotation) const;

 private:
  Pipeline() = default;

  std::vector<std::unique_ptr<Stage>> stages_;
  bool has_extractor_ = false;
};

}  // namespace kg::ingest
