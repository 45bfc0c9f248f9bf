// Raw access to a store's RocksDB families, for tests that damage a store
// on purpose. Open it only while no Store has the same path open.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/keys.h"
#include "graph/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace kg::graph::testing {

class RawStore {
 public:
  // Opens the store at `path` with kg's families. IOError when it cannot.
  static Result<std::unique_ptr<RawStore>> Open(const std::string& path);

  RawStore(const RawStore&) = delete;
  RawStore& operator=(const RawStore&) = delete;
  ~RawStore();

  Status Put(keys::Family family, std::string_view key, std::string_view value);
  Status Delete(keys::Family family, std::string_view key);
  // NotFound when the key is absent.
  Result<std::string> Get(keys::Family family, std::string_view key) const;
  // Every key of `family`, in order.
  std::vector<std::string> Keys(keys::Family family) const;

 private:
  RawStore() = default;

  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
};

}  // namespace kg::graph::testing
