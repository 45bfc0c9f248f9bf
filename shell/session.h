// Session: one open store, its loaded graph and the shell's settings.
//
// Every way of running commands (the REPL, `kg shell -c`, scripts and the
// start-up file) goes through Session::Execute, so a line behaves the same
// wherever it comes from.
//
// The store is opened read-only and the graph is built once: the session
// answers from a snapshot taken when it was opened (or last reloaded), and
// writes by another process show up only after `reload`. The curation
// commands open it writable just for their write, then reload.
//
// Threads: one thread at a time, except cancellation().Cancel(), which a
// signal handler may call.
#pragma once

#include <ctime>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/cancellation.h"
#include "graph/knowledge_graph.h"
#include "graph/status.h"
#include "graph/store.h"
#include "shell/format.h"

namespace kg::shell {

class Session {
 public:
  // Opens the store at `db_path` read-only and loads its graph. Errors are
  // the store's (each naming the path) or the loader's.
  static Result<std::unique_ptr<Session>> Open(const std::string& db_path);

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  // Parses and runs one line, writing results to `out` (or to the line's
  // `> FILE`). A blank or comment line is ok and prints nothing. Errors are
  // one line without a trailing newline: a parse error, an unknown command
  // (with suggestions), a usage error, an unknown entity or relation (with
  // suggestions), Cancelled after Ctrl-C, IOError for an unwritable FILE.
  Status Execute(std::string_view line, std::ostream& out);

  // Reopens the store and rebuilds the graph; on error the old snapshot
  // stays in use.
  Status Reload();

  // Opens the store writable for one change (the curation commands), runs
  // `change` on it, closes it and reloads, so the change shows at once.
  // Errors: the store's (Busy "store PATH is locked by process N"
  // while an ingest holds the write lock; nothing changes then), `change`'s
  // (it writes all or nothing), or the reload's (the change is stored; the
  // old snapshot stays in use until a reload succeeds).
  Status Update(const std::function<Status(graph::Store&)>& change);

  const graph::Store& store() const { return *store_; }
  const graph::KnowledgeGraph& graph() const { return *graph_; }
  const std::string& db_path() const { return db_path_; }
  // When the snapshot was taken (seconds since the epoch).
  std::time_t loaded_at() const { return loaded_at_; }

  OutputFormat format() const { return format_; }
  void set_format(OutputFormat format) { format_ = format; }

  graph::Cancellation& cancellation() { return cancellation_; }
  const graph::Cancellation* cancel() const { return &cancellation_; }

  // `quit` and `exit` set this; the REPL and scripts stop when it is set.
  bool quit_requested() const { return quit_requested_; }
  void RequestQuit() { quit_requested_ = true; }

  // The scripts being run, outermost first (canonical paths), so that
  // `source` can refuse to re-enter one of them.
  std::vector<std::string>& script_stack() { return script_stack_; }

  // Every entity name and alias with its normalised key, for `find`; built
  // on first use.
  const std::vector<std::pair<std::string, std::string>>& normalized_names();

  // Writes `report` in the current format.
  void Write(const Report& report, std::ostream& out) const { WriteReport(report, format_, out); }

 private:
  Session() = default;
  Status Load(const std::string& db_path);

  std::string db_path_;
  std::unique_ptr<graph::Store> store_;
  std::unique_ptr<graph::KnowledgeGraph> graph_;
  std::time_t loaded_at_ = 0;
  OutputFormat format_ = OutputFormat::kTable;
  graph::Cancellation cancellation_;
  bool quit_requested_ = false;
  std::vector<std::string> script_stack_;
  std::vector<std::pair<std::string, std::string>> normalized_names_;  // {key, display}
};

}  // namespace kg::shell
