// Exporting the canonical triples of a store as TSV or JSON lines.
#pragma once

#include <ostream>
#include <string_view>

#include "graph/status.h"
#include "graph/store.h"

namespace kg::graph {

enum class ExportFormat { kTsv, kJsonLines };

// Parses "tsv" or "jsonl"; InvalidArgument naming the valid choices otherwise.
Result<ExportFormat> ParseExportFormat(std::string_view name);

// Writes every canonical triple as the graph shows it (merged entities
// folded into their survivors, see graph/curation.h), one per line, sorted by subject, relation,
// object and polarity names so that two stores with the same content export
// the same bytes. TSV starts with the header
// `subject relation object polarity articles` (tab-separated; polarity `+` or
// `-`; articles = supporting articles). Tabs and line breaks inside names are
// written as spaces so every record stays on one line. Returns the store's
// error if a scan fails, IOError if the stream fails.
Status ExportTriples(const Store& store, ExportFormat format, std::ostream& out);

}  // namespace kg::graph
