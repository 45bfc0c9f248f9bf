#include "tests/graph/raw_store_testlib.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

namespace kg::graph::testing {

namespace {

Status FromRocks(const rocksdb::Status& status) {
  if (status.ok()) return Status::Ok();
  if (status.IsNotFound()) return Status::NotFound(status.ToString());
  return Status::IOError(status.ToString());
}

}  // namespace

Result<std::unique_ptr<RawStore>> RawStore::Open(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : keys::kFamilyNames) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::unique_ptr<RawStore> raw(new RawStore());
  KG_RETURN_IF_ERROR(FromRocks(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &raw->families_, &raw->db_)));
  return raw;
}

RawStore::~RawStore() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : families_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
  delete db_;
}

Status RawStore::Put(keys::Family family, std::string_view key, std::string_view value) {
  return FromRocks(db_->Put(rocksdb::WriteOptions(), families_[static_cast<int>(family)],
                            rocksdb::Slice(key), rocksdb::Slice(value)));
}

Status RawStore::Delete(keys::Family family, std::string_view key) {
  return FromRocks(db_->Delete(rocksdb::WriteOptions(), families_[static_cast<int>(family)],
                               rocksdb::Slice(key)));
}

Result<std::string> RawStore::Get(keys::Family family, std::string_view key) const {
  std::string value;
  KG_RETURN_IF_ERROR(FromRocks(db_->Get(rocksdb::ReadOptions(),
                                        families_[static_cast<int>(family)],
                                        rocksdb::Slice(key), &value)));
  return value;
}

std::vector<std::string> RawStore::Keys(keys::Family family) const {
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), families_[static_cast<int>(family)]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) out.push_back(it->key().ToString());
  return out;
}

}  // namespace kg::graph::testing
