// CaRB files (the Open IE benchmark read from ../shared/data/carb-dev): the
// tokenised sentence lines a system reads and the tuples it writes (see
// docs/carb.md).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"

namespace kg::ingest {

// A Penn Treebank escape ("-LRB-") and the text it stands for ("(").
struct PtbEscape {
  std::string_view escape;
  std::string_view text;
};

// The treebank's quote and bracket escapes, which UD English EWT (and so the
// language models) does not use.
std::span<const PtbEscape> PtbEscapes();

// The form the language models were trained on for a Penn Treebank token:
// an escape becomes the text it stands for; any other token is returned
// unchanged.
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
