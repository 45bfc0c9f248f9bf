// CaRB files (Bhardwaj et al., EMNLP 2019, the Open IE benchmark): the
// tokenised sentence lines a system reads and the tuples it writes, in the
// benchmark's own formats (see docs/carb.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"

namespace kg::ingest {

// The form the language models were trained on for a Penn Treebank token:
// the treebank's quote and bracket escapes become the characters they stand
// for; any other token is returned unchanged.
std::string ModelFormOfPtbToken(std::string_view token);

// A one-sentence document for one line of PTB tokens: `text` is the line as
// given (a trailing "\r" dropped), every token's offsets point at its bytes
// in it and its form is ModelFormOfPtbToken. The tokens are not annotated.
// InvalidArgument naming `where` when the line is not valid UTF-8 (with the
// byte offset) or holds no token.
Result<Document> PtbSentenceDocument(std::string_view line, const std::string& where);

struct CarbTuple {
  std::string sentence;
  double confidence = 0;
  std::string relation;
  std::vector<std::string> arguments;  // subject first
};

// The tuple as one system-format line, without the newline. Tabs and line
// breaks inside fields become spaces so that the columns stay intact.
std::string FormatCarbTuple(const CarbTuple& tuple);

}  // namespace kg::ingest
