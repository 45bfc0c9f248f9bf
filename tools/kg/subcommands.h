// The kg subcommands: each opens the store it needs, calls the libraries and
// returns the process exit status (0 ok, 1 failure with a one-line message on
// stderr).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kg::tools {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string alias_file;
  std::string models_dir;
  std::vector<std::string> stages;  // empty: the default pipeline
  int threads = 0;                  // analysis threads; 0: one per core
  // Resource limits; 0 keeps the defaults (see ingest/pipeline.h, reader.h).
  size_t max_article_bytes = 0;
  size_t max_sentence_tokens = 0;
  size_t max_name_bytes = 0;
  bool graph_snapshot = true;  // load the graph once at the end (see below)
};

// After a run that stored something, import and ingest load the graph once
// so that its snapshot (graph/graph_snapshot.h) is ready: the first shell
// on a large store then starts as fast as the later ones.
struct ImportArgs {
  std::string path;
  std::string alias_file;
  bool graph_snapshot = true;
};

struct ExportArgs {
  std::string format = "tsv";
  std::string output;
};

struct ShellArgs {
  std::string command;
  std::string script;
  bool keep_going = false;
  std::string history_path;
  std::string init_path;
};

struct ExtractArgs {
  std::string carb_path;   // one PTB-tokenised sentence a line (CaRB's dev.txt)
  std::string models_dir;  // empty: the default models
  std::string output;      // empty: stdout
};

int RunIngestCommand(const std::string& store_path, const IngestArgs& args);
int RunImportCommand(const std::string& store_path, const ImportArgs& args);
int RunExportCommand(const std::string& store_path, const ExportArgs& args);
int RunShellCommand(const std::string& store_path, const ShellArgs& args);
int RunStatsCommand(const std::string& store_path);
// Writes CaRB system tuples (ingest/carb_extractor.h) for args.carb_path;
// needs no store.
int RunExtractCommand(const ExtractArgs& args);

}  // namespace kg::tools
