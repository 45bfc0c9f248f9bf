#include "tools/kg/check_commands.h"

#include <iostream>

#include "graph/store.h"
#include "graph/store_check.h"

namespace kg::tools {
namespace {

int Fail(const Status& status) {
  std::cerr << "kg: " << status.message() << '\n';
  return 1;
}

}  // namespace

int RunCheckCommand(const std::string& store_path) {
  graph::StoreOptions options;
  options.read_only = true;
  auto store = graph::Store::Open(store_path, options);
  if (!store.ok()) return Fail(store.status());
  auto report = graph::CheckStore(**store);
  if (!report.ok()) return Fail(report.status());
  std::cout << report->Format();
  return report->clean() ? 0 : 1;
}

int RunRepairCommand(const std::string& store_path) {
  graph::StoreOptions options;
  options.create_if_missing = false;
  auto store = graph::Store::Open(store_path, options);
  if (!store.ok()) return Fail(store.status());
  auto repair = graph::RepairStore(**store);
  if (!repair.ok()) return Fail(repair.status());
  std::cout << repair->Format();
  // The second check is what the user acts on: it lists what repair left.
  auto report = graph::CheckStore(**store);
  if (!report.ok()) return Fail(report.status());
  std::cout << report->Format();
  return report->clean() ? 0 : 1;
}

}  // namespace kg::tools
