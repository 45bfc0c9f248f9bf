// The stages kg ships, by name, and the pipeline `kg ingest` runs by default.
#pragma once

#include <string>
#include <vector>

#include "ingest/pipeline.h"

namespace kg::ingest {

// A registry holding every stage this build provides: "split" (rules only)
// and "analyze" (split, tag, lemmatise and parse with the trained models).
StageRegistry DefaultStageRegistry();

// The stage names of the default pipeline, in running order: {"split"}
// until the models and an extractor are part of every build.
std::vector<std::string> DefaultStageNames();

}  // namespace kg::ingest
