// TSV importer: loads hand-curated triples without running the pipeline.
//
// Format: UTF-8, one statement per line, tab-separated
//
//   subject <TAB> relation <TAB> object [<TAB> polarity [<TAB> source [<TAB> sentence]]]
//
// polarity is "+", "-", "positive", "negative" or empty (= "+"). Blank lines,
// lines starting with '#' and a header line starting with
// "subject<TAB>relation<TAB>object" (before the first statement) are skipped.
//
// The lines that share a source (no source: the file itself) form one
// Article whose text is those lines, so importing the same file again stores
// nothing new. Into a store that holds no articles yet the articles go
// through one bulk load (graph/bulk_load.h): the same records as committing
// them one by one, made visible in one step when the import ends. Into any
// other store each goes through Store::CommitArticle, like ingested articles.
// The file is read as a stream; what stays in memory is the lines' text
// (the articles' text) and a few words per line. Each line is one piece of evidence: its sentence index is the
// line number minus one (so evidence leads back to FILE:LINE) and its
// sentence text is the quoted sentence when given, else "subject relation
// object". Article.sentences holds one
// span per imported line of that article, in file order.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg::ingest {

struct ImportSummary {
  uint64_t lines_read = 0;        // every line of the input, blank ones too
  uint64_t lines_skipped = 0;     // malformed lines, one warning each
  uint64_t triples_imported = 0;  // statements in newly stored articles
  uint64_t articles_stored = 0;
  uint64_t articles_skipped = 0;  // already stored: a re-import
  std::vector<std::string> warnings;  // "FILE:LINE: message"
  // With ImportOptions::build_graph, after a bulk load: the graph the store
  // now holds. Null otherwise, and when the store holds merged entities.
  std::shared_ptr<graph::KnowledgeGraph> graph;
};

struct ImportOptions {
  // Use a bulk load when the store holds no articles yet; false commits
  // every article on its own whatever the store holds (the same records).
  bool bulk = true;
  // After a bulk load, build the graph the store then holds from the load's
  // memory (ImportSummary::graph), instead of leaving the caller to read it
  // back from the store.
  bool build_graph = false;
};

// Imports the file at `path` into `store`. A malformed line (fewer than three
// fields, more than six, an empty field, an unknown polarity, invalid UTF-8
// or a control character) is skipped with a warning and the rest is
// imported. Errors: IOError naming the path when the file cannot be read;
// the store's error, naming the file, when a commit fails (articles committed
// before it stay; after a failed bulk load the store is as it was).
Result<ImportSummary> ImportTsv(const std::string& path, graph::Store& store,
                                const ImportOptions& options = {});

// The same for an open stream (stdin, tests); `display_name` stands for the
// file in warnings and as the article source ("<stdin>").
Result<ImportSummary> ImportTsv(std::istream& input, const std::string& display_name,
                                graph::Store& store, const ImportOptions& options = {});

}  // namespace kg::ingest
