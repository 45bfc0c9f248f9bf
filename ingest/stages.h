// The stages kg ships, by name, and the pipeline `kg ingest` runs by default.
#pragma once

#include <string>
#include <vector>

#include "ingest/pipeline.h"

namespace kg::ingest {

// A registry holding every stage this build provides: "split" (rules only),
// "analyze" (split, tag, lemmatise and parse with the trained models) and
// "extract" (triples).
StageRegistry DefaultStageRegistry();

// The stage names of the default pipeline, in running order:
// {"analyze", "extract"}.
std::vector<std::string> DefaultStageNames();

}  // namespace kg::ingest
