// kg: the command-line front end. It only parses options and dispatches each
// subcommand to the libraries; every subcommand prints a one-line message and
// exits non-zero on failure.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "tools/kg/check_commands.h"
#include "tools/kg/subcommands.h"

namespace {

std::string DefaultStorePath() {
  const char* from_env = std::getenv("KG_DB");
  return (from_env != nullptr && *from_env != '\0') ? from_env : "kg.db";
}

void AddStoreOption(CLI::App& command, std::string& store_path) {
  command.add_option("--db", store_path, "store directory (default: $KG_DB, else ./kg.db)")
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kg: build a knowledge graph from news articles and query it"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "kg 0.1.0");

  std::string store_path = DefaultStorePath();
  kg::tools::IngestArgs ingest_args;
  kg::tools::ImportArgs import_args;
  kg::tools::ExportArgs export_args;
  kg::tools::ShellArgs shell_args;
  kg::tools::ExtractArgs extract_args;

  CLI::App* ingest = app.add_subcommand("ingest", "read articles and store them (and their triples)");
  AddStoreOption(*ingest, store_path);
  ingest->add_option("paths", ingest_args.paths, "files, folders (recursively) or - for stdin")
      ->required();
  ingest->add_option("--aliases", ingest_args.alias_file, "TSV of alias, canonical name");
  ingest->add_flag("!--no-graph-snapshot", ingest_args.graph_snapshot,
                   "do not load the graph at the end to save its snapshot for the shell");
  ingest->add_option("--models", ingest_args.models_dir, "language models directory");
  ingest->add_option("--stages", ingest_args.stages,
                     "pipeline stages in order (default: analyze,extract; split stores sentences only)")
      ->delimiter(',');
  ingest->add_option("--threads", ingest_args.threads,
                     "threads analysing articles (default: one per core; 1: no pool)")
      ->check(CLI::Range(1, 1024));
  ingest->add_option("--max-article-bytes", ingest_args.max_article_bytes,
                     "skip (and count) files and JSON lines larger than this (default 512 KiB)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 34));
  ingest->add_option("--max-sentence-tokens", ingest_args.max_sentence_tokens,
                     "leave longer sentences unanalysed, counted (default 250)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  ingest->add_option("--max-name-bytes", ingest_args.max_name_bytes,
                     "drop triples naming a longer entity, counted (default 256)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));

  CLI::App* import = app.add_subcommand("import", "load ready-made triples from a TSV file");
  AddStoreOption(*import, store_path);
  import->add_option("file", import_args.path, "TSV: subject relation object [polarity [source]]")
      ->required();
  import->add_option("--aliases", import_args.alias_file, "TSV of alias, canonical name");
  import->add_flag("!--no-graph-snapshot", import_args.graph_snapshot,
                   "do not load the graph at the end to save its snapshot for the shell");

  CLI::App* export_command = app.add_subcommand("export", "write every canonical triple");
  AddStoreOption(*export_command, store_path);
  export_command->add_option("--format", export_args.format, "tsv or jsonl")
      ->check(CLI::IsMember({"tsv", "jsonl"}))
      ->capture_default_str();
  export_command->add_option("-o,--output", export_args.output, "file to write (default stdout)");

  CLI::App* shell = app.add_subcommand("shell", "query the graph interactively or from a script");
  AddStoreOption(*shell, store_path);
  auto* command_option = shell->add_option("-c,--command", shell_args.command, "run one command");
  shell->add_option("-f,--file", shell_args.script, "run a script of commands")
      ->excludes(command_option);
  shell->add_flag("--keep-going", shell_args.keep_going, "with -f: go on after a failing line");
  shell->add_option("--history", shell_args.history_path, "history file (default ~/.kg_history)");
  shell->add_option("--init", shell_args.init_path, "commands to run at start (default ~/.kgrc)");

  CLI::App* stats = app.add_subcommand("stats", "count articles, entities, triples and evidence");
  AddStoreOption(*stats, store_path);

  CLI::App* check =
      app.add_subcommand("check", "verify that the store's records agree (exit 1 on problems)");
  AddStoreOption(*check, store_path);

  CLI::App* repair = app.add_subcommand(
      "repair", "rebuild indexes and counts from the primary records, then check");
  AddStoreOption(*repair, store_path);

  CLI::App* extract = app.add_subcommand("extract", "print open triples of sentences (benchmark modes)");
  extract->add_option("--carb", extract_args.carb_path,
                      "PTB-tokenised sentences, one a line; prints CaRB system tuples")
      ->required();
  extract->add_option("--models", extract_args.models_dir, "language models directory");
  extract->add_option("-o,--output", extract_args.output, "file to write (default stdout)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }

  if (ingest->parsed()) return kg::tools::RunIngestCommand(store_path, ingest_args);
  if (import->parsed()) return kg::tools::RunImportCommand(store_path, import_args);
  if (export_command->parsed()) return kg::tools::RunExportCommand(store_path, export_args);
  if (shell->parsed()) return kg::tools::RunShellCommand(store_path, shell_args);
  if (extract->parsed()) return kg::tools::RunExtractCommand(extract_args);
  if (check->parsed()) return kg::tools::RunCheckCommand(store_path);
  if (repair->parsed()) return kg::tools::RunRepairCommand(store_path);
  return kg::tools::RunStatsCommand(store_path);
}
