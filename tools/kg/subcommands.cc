#include "tools/kg/subcommands.h"

#include <malloc.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

#include "graph/cancellation.h"
#include "graph/graph_snapshot.h"
#include "graph/knowledge_graph.h"
#include "graph/loader.h"
#include "graph/store.h"
#include "graph/triple_export.h"
#include "ingest/alias_file.h"
#include "ingest/carb_extractor.h"
#include "ingest/ingest_runner.h"
#include "ingest/pipeline.h"
#include "ingest/stages.h"
#include "ingest/tsv_importer.h"
#include "shell/shell_main.h"

namespace kg::tools {
namespace {

int Fail(const Status& status) {
  std::cerr << "kg: " << status.message() << '\n';
  return 1;
}

void PrintWarnings(const std::vector<std::string>& warnings) {
  for (const std::string& warning : warnings) std::cerr << "warning: " << warning << '\n';
}

// Reads the alias file (when given) and stores its aliases before anything
// else, so that the names in what follows resolve through them.
Status ApplyAliasFile(const std::string& path, graph::Store& store) {
  if (path.empty()) return Status::Ok();
  auto aliases = ingest::ReadAliasFile(path);
  if (!aliases.ok()) return aliases.status();
  PrintWarnings(aliases->warnings);
  return ingest::ApplyAliases(*aliases, store);
}

graph::Cancellation& IngestCancellation() {
  static graph::Cancellation cancellation;
  return cancellation;
}

// Ctrl-C during an ingest finishes the article being committed and stops;
// everything committed stays stored, articles analysed ahead are dropped.
void InstallIngestInterruptHandler() {
  std::signal(SIGINT, [](int) { IngestCancellation().Cancel(); });
}

// Saves the graph of the store at `store_path` as its snapshot, for the
// shell: `built` when the import made it from its own memory, else the
// graph loaded from the store (LoadGraph writes the snapshot). The writable
// store must be closed first: closing it flushes its log into tables, which
// changes the state a snapshot is made for. A snapshot is only a cache, so
// a failure is a warning. The time is told only when it is long enough to
// be noticed.
void PrepareGraphSnapshot(const std::string& store_path,
                          const graph::KnowledgeGraph* built = nullptr) {
  auto start = std::chrono::steady_clock::now();
  auto store = graph::Store::Open(store_path, {.read_only = true});
  const auto warn = [](const Status& status) {
    std::cerr << "warning: no graph snapshot for the shell: " << status.message() << '\n';
  };
  if (!store.ok()) return warn(store.status());
  size_t vertices = 0;
  size_t edges = 0;
  if (built != nullptr) {
    Result<graph::SnapshotKey> key = graph::SnapshotKeyOf(**store);
    if (!key.ok()) return warn(key.status());
    const Status saved =
        graph::WriteGraphSnapshot(*built, graph::SnapshotPath(store_path), *key);
    if (!saved.ok()) return warn(saved);
    vertices = built->vertex_count();
    edges = built->edge_count();
  } else {
    Result<std::unique_ptr<graph::KnowledgeGraph>> graph = graph::LoadGraph(**store);
    if (!graph.ok()) return warn(graph.status());
    vertices = (*graph)->vertex_count();
    edges = (*graph)->edge_count();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (seconds >= 1.0) {
    std::cerr << "graph of " << vertices << " entities and " << edges
              << " edges saved for the shell in " << std::fixed << std::setprecision(1)
              << seconds << " s\n";
  }
}

// An import of millions of triples allocates and frees gigabytes in
// blocks of every size. By default glibc hands the top of the heap back to
// the system as soon as 128 KiB of it is free, and grows it again 128 KiB
// at a time, so the same memory is unmapped, faulted in and zeroed by the
// kernel over and over (a fifth of a 10M-triple import). A command that
// exits when done keeps its heap instead; the graph load that follows trims
// it once (LoadGraph calls malloc_trim).
void KeepHeapWhileImporting() {
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
}

}  // namespace

int RunIngestCommand(const std::string& store_path, const IngestArgs& args) {
  ingest::StageContext context;
  context.models_dir = args.models_dir;
  const std::vector<std::string> stages =
      args.stages.empty() ? ingest::DefaultStageNames() : args.stages;
  auto pipeline = ingest::Pipeline::Build(stages, ingest::DefaultStageRegistry(), context);
  if (!pipeline.ok()) return Fail(pipeline.status());

  auto store = graph::Store::Open(store_path);
  if (!store.ok()) return Fail(store.status());
  if (Status status = ApplyAliasFile(args.alias_file, **store); !status.ok()) return Fail(status);

  InstallIngestInterruptHandler();
  ingest::IngestOptions options;
  options.cancel = &IngestCancellation();
  options.threads = args.threads;
  if (args.max_article_bytes > 0) options.reader.max_article_bytes = args.max_article_bytes;
  if (args.max_sentence_tokens > 0) options.limits.max_sentence_tokens = args.max_sentence_tokens;
  if (args.max_name_bytes > 0) options.limits.max_name_bytes = args.max_name_bytes;
  auto summary = ingest::RunIngest(args.paths, **store, *pipeline, options, std::cerr);
  if (!summary.ok()) return Fail(summary.status());
  std::cout << ingest::FormatSummary(*summary) << '\n';
  if (summary->interrupted) return 130;
  store->reset();
  if (args.graph_snapshot && summary->counts.stored > 0) PrepareGraphSnapshot(store_path);
  return 0;
}

int RunImportCommand(const std::string& store_path, const ImportArgs& args) {
  KeepHeapWhileImporting();
  auto store = graph::Store::Open(store_path);
  if (!store.ok()) return Fail(store.status());
  if (Status status = ApplyAliasFile(args.alias_file, **store); !status.ok()) return Fail(status);

  // A bulk load builds the graph from what it holds: no reading it back.
  auto summary = ingest::ImportTsv(args.path, **store, {.build_graph = args.graph_snapshot});
  if (!summary.ok()) return Fail(summary.status());
  PrintWarnings(summary->warnings);
  std::cout << "imported " << summary->triples_imported << " triples from " << args.path << " ("
            << summary->articles_stored << " sources stored, " << summary->articles_skipped
            << " already stored, " << summary->lines_skipped << " lines skipped)\n";
  store->reset();
  if (args.graph_snapshot && summary->articles_stored > 0) {
    PrepareGraphSnapshot(store_path, summary->graph.get());
  }
  return 0;
}

int RunExportCommand(const std::string& store_path, const ExportArgs& args) {
  auto format = graph::ParseExportFormat(args.format);
  if (!format.ok()) return Fail(format.status());
  auto store = graph::Store::Open(store_path, {.read_only = true});
  if (!store.ok()) return Fail(store.status());

  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(Status::IOError(args.output + ": cannot open for writing"));
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  Status status = graph::ExportTriples(**store, *format, out);
  if (!status.ok()) return Fail(args.output.empty() ? status : status.WithContext(args.output));
  return 0;
}

int RunShellCommand(const std::string& store_path, const ShellArgs& args) {
  shell::ShellOptions options;
  options.db_path = store_path;
  if (!args.command.empty()) options.command = args.command;
  if (!args.script.empty()) options.script = args.script;
  options.keep_going = args.keep_going;
  options.history_path = args.history_path;
  options.init_path = args.init_path;
  return shell::RunShell(options, std::cout, std::cerr);
}

int RunStatsCommand(const std::string& store_path) {
  auto store = graph::Store::Open(store_path, {.read_only = true});
  if (!store.ok()) return Fail(store.status());
  auto counts = (*store)->Counts();
  if (!counts.ok()) return Fail(counts.status());
  std::cout << "store     " << store_path << '\n'
            << "articles  " << counts->articles << '\n'
            << "entities  " << counts->entities << '\n'
            << "aliases   " << counts->aliases << '\n'
            << "triples   " << counts->triples << '\n'
            << "evidence  " << counts->evidence << '\n';
  return 0;
}

int RunExtractCommand(const ExtractArgs& args) {
  std::ifstream in(args.carb_path, std::ios::binary);
  if (!in) return Fail(Status::IOError(args.carb_path + ": cannot open"));
  auto extractor = ingest::CarbExtractor::Load(args.models_dir);
  if (!extractor.ok()) return Fail(extractor.status());

  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(Status::IOError(args.output + ": cannot open for writing"));
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  auto summary = (*extractor)->Run(in, args.carb_path, out, std::cerr);
  if (!summary.ok()) return Fail(summary.status());
  std::cerr << "extracted " << summary->tuples << " tuples from " << summary->sentences
            << " sentences (" << summary->skipped << " lines skipped) in " << summary->seconds
            << " s\n";
  return 0;
}

}  // namespace kg::tools
