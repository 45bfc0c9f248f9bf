// Store integrity: checking that a store's records agree with each other, and
// repairing the data that can be rebuilt from the primary records.
//
// Primary records are articles, entities, triples_sro values (a triple's
// attributes) and evidence rows; derived data is the triples_ros and
// triples_osr indexes, every triple's article_count and evidence_count, and
// the fields of a record that repeat its key. docs/storage.md ("Check and
// repair") lists every problem kind and what repair does about it.
//
// Both read every record once and keep the keys of triples, entities and
// articles in memory: memory grows with the store, time is one scan.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/cancellation.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg::graph {

// The kinds of problem a check reports; ProblemKindName gives their names.
enum class ProblemKind : int {
  kUndecodable = 0,        // a key or value that does not parse
  kKeyMismatch,            // a record whose fields disagree with its key
  kMissingIndexRow,        // a triples_sro record without its ROS or OSR twin
  kIndexValue,             // an index row with a value (index rows are empty)
  kExtraIndexRow,          // an index row without a triples_sro record
  kMissingEntity,          // triples refer to an entity that is not stored
  kOrphanEvidence,         // evidence of a triple that is not stored
  kEvidenceWithoutArticle, // evidence that points to an article not stored
  kWrongCount,             // a triple's counts disagree with its evidence
  kDanglingAlias,          // an alias row naming an entity not stored
  kMissingOwnName,         // an entity without the alias row of its own name
  kBrokenMerge,            // merged_into names an entity not stored
  kMergeCycle,             // a chain of merges that comes back on itself
};
inline constexpr int kProblemKindCount = 13;

// "missing index row", "wrong count", ...
const char* ProblemKindName(ProblemKind kind);

// What a check found: one line per problem, at most kMaxLines of them.
struct CheckReport {
  static constexpr size_t kMaxLines = 200;

  std::string store_path;
  uint64_t records = 0;                // rows read, over all families
  std::vector<std::string> lines;      // the first kMaxLines problems, in scan order
  std::array<uint64_t, kProblemKindCount> counts{};  // problems per kind

  void Add(ProblemKind kind, std::string line);
  uint64_t problems() const;
  bool clean() const { return problems() == 0; }
  // "store kg.db: ok, 123 records checked" or "store kg.db: 4 problems in
  // 123 records (1 wrong count, 3 orphan evidence)".
  std::string Summary() const;
  // The lines, "... and N more problems" when capped, then the summary; each
  // ends in a newline.
  std::string Format() const;
};

// Reads every record of `store` and reports each problem (a damaged record
// is a line of the report, not an error). On a writable store, commits
// through it wait while the check runs. Errors: RocksDB read failures,
// Cancelled when `cancel` is set.
Result<CheckReport> CheckStore(const Store& store, const Cancellation* cancel = nullptr);

// What a repair changed: one line per change, at most kMaxLines of them.
struct RepairReport {
  static constexpr size_t kMaxLines = 200;

  std::string store_path;
  uint64_t rows_written = 0;
  uint64_t rows_deleted = 0;
  std::vector<std::string> lines;
  uint64_t changes = 0;         // lines, counting the ones not kept
  uint64_t left_unrepaired = 0; // problems repair cannot fix (see storage.md)

  void Add(std::string line);
  // "store kg.db: 5 changes (7 rows written, 2 deleted); 1 problem left"
  // or "store kg.db: nothing to repair".
  std::string Summary() const;
  std::string Format() const;  // as CheckReport::Format
};

// Checks `store` and rebuilds what can be rebuilt from its primary records,
// in one WriteBatch holding only the rows that change: index rows from
// triples_sro, counts from evidence, record fields from their keys; drops
// index rows and evidence that belong to nothing; restores missing entities
// that triples or aliases refer to as placeholder records, the alias row of
// an entity's own name, and clears merges into missing entities or around
// a cycle. Never deletes an article or entity record. Commits through this
// store wait while it runs. Errors: InvalidArgument when `store` is open
// read-only; read and write failures; Cancelled (nothing is written).
Result<RepairReport> RepairStore(Store& store, const Cancellation* cancel = nullptr);

}  // namespace kg::graph
