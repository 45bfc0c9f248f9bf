// RepairStore: applies the fixes the check's scan pairs with its problems,
// as one WriteBatch.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <exception>
#include <mutex>
#include <string>
#include <utility>

#include "graph/store_check.h"
#include "graph/store_check_internal.h"
#include "graph/store_internal.h"

namespace kg::graph {

namespace {

using store_check_internal::RowWrites;
using store_internal::Db;
using store_internal::FromRocks;

// Writes every row change at once: RocksDB applies the batch atomically, so
// an interrupted repair changes nothing. The batch holds only rows that
// change, so its size follows the damage, not the store.
Status WriteRows(const Db& db, const RowWrites& writes, RepairReport* report) {
  rocksdb::WriteBatch batch;
  for (const auto& [row, value] : writes) {
    const auto& [family, key] = row;
    const rocksdb::Status status =
        value.has_value() ? batch.Put(db.Handle(family), key, *value)
                          : batch.Delete(db.Handle(family), key);
    KG_RETURN_IF_ERROR(FromRocks(status, *db.path));
    ++(value.has_value() ? report->rows_written : report->rows_deleted);
  }
  if (writes.empty()) return Status::Ok();
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(db.db->Write(sync, &batch), *db.path);
}

}  // namespace

Result<RepairReport> RepairStore(Store& store, const Cancellation* cancel) {
  if (store.read_only()) {
    return Status::InvalidArgument("store " + store.path() + " is open read-only");
  }
  try {
    std::lock_guard<std::mutex> lock(store_internal::Access::WriteMutex(store));
    const Db db = store_internal::Access::DbOf(store);
    Result<store_check_internal::Findings> findings =
        store_check_internal::ScanStore(db, cancel);
    if (!findings.ok()) return findings.status();
    KG_RETURN_IF_ERROR(CheckCancelled(cancel, "store repair"));
    RepairReport report;
    report.store_path = store.path();
    report.left_unrepaired = findings->unrepairable;
    for (std::string& change : findings->changes) report.Add(std::move(change));
    KG_RETURN_IF_ERROR(WriteRows(db, findings->writes, &report));
    return report;
  } catch (const std::exception& error) {
    return Status::Internal("store " + store.path() + ": repairing: " + error.what());
  }
}

}  // namespace kg::graph
