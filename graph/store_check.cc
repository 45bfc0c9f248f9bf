// CheckStore and the reports of check and repair.
#include "graph/store_check.h"

#include <exception>
#include <mutex>
#include <string>
#include <utility>

#include "graph/store_check_internal.h"
#include "graph/store_internal.h"

namespace kg::graph {

namespace {

constexpr std::array<const char*, kProblemKindCount> kProblemKindNames = {
    "undecodable",     "key mismatch",        "missing index row",   "index value",
    "extra index row", "missing entity",      "orphan evidence",     "evidence without article",
    "wrong count",     "dangling alias",      "missing own name",    "broken merge",
    "merge cycle"};

std::string Plural(uint64_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// The lines, the "... more" line when some were not kept, and the summary.
std::string FormatLines(const std::vector<std::string>& lines, uint64_t total, const char* what,
                        const std::string& summary) {
  std::string out;
  for (const std::string& line : lines) out += line + '\n';
  if (total > lines.size()) {
    out += "... and " + std::to_string(total - lines.size()) + " more " + what + '\n';
  }
  return out + summary + '\n';
}

}  // namespace

const char* ProblemKindName(ProblemKind kind) {
  return kProblemKindNames[static_cast<int>(kind)];
}

void CheckReport::Add(ProblemKind kind, std::string line) {
  ++counts[static_cast<int>(kind)];
  if (lines.size() < kMaxLines) lines.push_back(std::move(line));
}

uint64_t CheckReport::problems() const {
  uint64_t total = 0;
  for (const uint64_t count : counts) total += count;
  return total;
}

std::string CheckReport::Summary() const {
  const std::string records_text = Plural(records, "record", "records");
  if (clean()) return "store " + store_path + ": ok, " + records_text + " checked";
  std::string kinds;
  for (int kind = 0; kind < kProblemKindCount; ++kind) {
    if (counts[kind] == 0) continue;
    if (!kinds.empty()) kinds += ", ";
    kinds += std::to_string(counts[kind]) + " " + kProblemKindNames[kind];
  }
  return "store " + store_path + ": " + Plural(problems(), "problem", "problems") + " in " +
         records_text + " (" + kinds + ")";
}

std::string CheckReport::Format() const {
  return FormatLines(lines, problems(), "problems", Summary());
}

void RepairReport::Add(std::string line) {
  ++changes;
  if (lines.size() < kMaxLines) lines.push_back(std::move(line));
}

std::string RepairReport::Summary() const {
  std::string out = "store " + store_path + ": ";
  if (changes == 0) {
    out += "nothing to repair";
  } else {
    out += Plural(changes, "change", "changes") + " (" +
           Plural(rows_written, "row", "rows") + " written, " + std::to_string(rows_deleted) +
           " deleted)";
  }
  if (left_unrepaired > 0) {
    out += "; " + Plural(left_unrepaired, "problem", "problems") + " left for a person to fix";
  }
  return out;
}

std::string RepairReport::Format() const {
  return FormatLines(lines, changes, "changes", Summary());
}

Result<CheckReport> CheckStore(const Store& store, const Cancellation* cancel) {
  try {
    // A read-only store sees one moment; a writable one could see a commit
    // land between two families, so commits wait for the check.
    std::unique_lock<std::mutex> lock;
    if (!store.read_only()) lock = std::unique_lock(store_internal::Access::WriteMutex(store));
    Result<store_check_internal::Findings> findings =
        store_check_internal::ScanStore(store_internal::Access::DbOf(store), cancel);
    if (!findings.ok()) return findings.status();
    return std::move(findings->report);
  } catch (const std::exception& error) {
    return Status::Internal("store " + store.path() + ": checking: " + error.what());
  }
}

}  // namespace kg::graph
