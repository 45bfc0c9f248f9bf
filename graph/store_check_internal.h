// Internal to the integrity check and repair: the one scan both run. Not
// part of the store's contract; include graph/store_check.h instead.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph/cancellation.h"
#include "graph/keys.h"
#include "graph/status.h"
#include "graph/store_check.h"
#include "graph/store_internal.h"

namespace kg::graph::store_check_internal {

// A row repair would write: family and key, then the new value or nullopt to
// delete it. A map, so that each row is written once, in key order.
using RowWrites =
    std::map<std::pair<keys::Family, std::string>, std::optional<std::string>>;

struct Findings {
  CheckReport report;
  RowWrites writes;                  // what repair writes
  std::vector<std::string> changes;  // one line per change, in scan order
  uint64_t unrepairable = 0;         // problems with no entry in writes
};

// Reads every family of the store `db` names and collects its problems with
// their fixes. Errors: read failures, Cancelled.
Result<Findings> ScanStore(const store_internal::Db& db, const Cancellation* cancel);

}  // namespace kg::graph::store_check_internal
