// Helpers for the tests that run kg processes against one store at once
// (crash_consistency_test.cc, store_lock_test.cc): starting and killing the
// real binary, writing small news articles, and reading a store back as
// what each article contributed, to compare with a clean run.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kg::cli_test {

// How a process ended.
struct ProcessEnd {
  bool finished = false;  // false: still running when the wait gave up
  int exit_code = -1;     // when it exited
  int signal = 0;         // when a signal killed it
};

// `kg ARGS...` started with posix_spawn from the source tree, with
// stdout and stderr in a log file and stdin from a pipe the test writes
// (closed at once unless `keep_stdin`). Killed and reaped when destroyed.
class KgProcess {
 public:
  // Fails the calling test (returns null) when the process cannot start.
  static std::unique_ptr<KgProcess> Start(const std::vector<std::string>& args,
                                          const std::filesystem::path& log,
                                          bool keep_stdin = false);
  KgProcess(const KgProcess&) = delete;
  KgProcess& operator=(const KgProcess&) = delete;
  ~KgProcess();

  pid_t pid() const { return pid_; }
  // Writes to the process's stdin; false when the pipe is closed.
  bool WriteStdin(const std::string& text);
  void CloseStdin();
  void Kill();  // SIGKILL
  // Waits at most `timeout` for the process to end.
  ProcessEnd Wait(std::chrono::milliseconds timeout);
  // What the process wrote so far.
  std::string Log() const;

 private:
  KgProcess() = default;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::filesystem::path log_;
  ProcessEnd end_;
};

// Runs `kg ARGS...` to the end (at most `timeout`); its output in `*output`.
ProcessEnd RunKg(const std::vector<std::string>& args, const std::filesystem::path& log,
                 std::string* output,
                 std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Writes `count` short news articles (.txt, a title line and a few
// sentences about people, organisations and places drawn with `seed`)
// into `dir`. Names vary in spelling and acronyms are defined and used
// later, so that articles share entities, aliases and near spellings.
void WriteNewsArticles(const std::filesystem::path& dir, int count, uint32_t seed);

// A store read back through the public API, for comparing runs.
struct StoreContents {
  // Article id -> one line for the article record and one per evidence
  // row ("Iran|supports|Assad|+|s2@10-31|backs"), sorted.
  std::map<std::string, std::vector<std::string>> articles;
  // Entity id -> "name|type|alias,alias"; alias -> entity id.
  std::map<uint64_t, std::string> entities;
  std::map<std::string, uint64_t> aliases;
  std::string export_tsv;     // graph::ExportTriples as TSV
  std::string check_summary;  // CheckStore's summary line
  bool check_clean = false;
  std::vector<std::string> problems;  // what the contents above cannot show
};

// Opens `store` read-only and reads it. Problems (empty when consistent):
// the store cannot be opened or read, an evidence row of an article that is
// not stored, a triple without evidence.
StoreContents ReadStoreContents(const std::string& store);

// How `partial` (a store some run left) differs from `complete` (a clean
// run's): an article that is not stored whole and as the clean run stored
// it, an entity or alias the clean run does not have, or the check failing.
// Empty when every stored article is complete.
std::vector<std::string> PartialStoreDifferences(const StoreContents& partial,
                                                 const StoreContents& complete);

// How `actual` (a store a run finished) differs from `expected` (a clean
// run's): what PartialStoreDifferences reports, articles it lacks, entities
// or aliases that differ either way, and the first line where the exports
// differ. Empty when the stores hold the same.
std::vector<std::string> StoreDifferences(const StoreContents& actual,
                                          const StoreContents& expected);

}  // namespace kg::cli_test
