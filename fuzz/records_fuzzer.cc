// Fuzzes the decoding of stored records: a store imported once from the
// samples gets one value replaced by the input (the family and the key are
// chosen by the first bytes), then everything that reads records runs over
// it (the graph loader, the integrity check, counts and scans), and the
// original value is put back. A damaged value must give an error, not a
// crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rocksdb/db.h>

#include "fuzz/fuzz_support.h"
#include "graph/keys.h"
#include "graph/loader.h"
#include "graph/store.h"
#include "graph/store_check.h"
#include "graph/store_internal.h"
#include "ingest/alias_file.h"
#include "ingest/tsv_importer.h"

namespace {

using kg::graph::keys::Family;
using kg::graph::store_internal::Access;
using kg::graph::store_internal::Db;

struct SampleStore {
  std::unique_ptr<kg::graph::Store> store;
  // Every key of every family, by family.
  std::vector<std::vector<std::string>> keys;
};

void Die(const char* what, const kg::Status& status) {
  std::fprintf(stderr, "records_fuzzer: %s: %s\n", what, status.message().c_str());
  std::abort();
}

SampleStore& Sample() {
  static SampleStore* sample = [] {
    auto* made = new SampleStore;
    auto opened = kg::graph::Store::Open(kg::fuzz::ScratchDir() + "/records.db");
    if (!opened.ok()) Die("open", opened.status());
    made->store = std::move(opened).value();
    auto imported = kg::ingest::ImportTsv(kg::fuzz::SourcePath("samples/triples.tsv"),
                                          *made->store);
    if (!imported.ok()) Die("import", imported.status());
    // Some sample aliases name entities of their own; those are refused,
    // the others give the alias family its records.
    auto aliases = kg::ingest::ReadAliasFile(kg::fuzz::SourcePath("samples/aliases.tsv"));
    if (!aliases.ok()) Die("aliases", aliases.status());
    for (const kg::ingest::AliasEntry& entry : aliases->entries) {
      (void)made->store->AddAlias(entry.alias, entry.canonical);
    }
    const Db db = Access::DbOf(*made->store);
    made->keys.resize(kg::graph::keys::kFamilyCount);
    for (int f = 0; f < kg::graph::keys::kFamilyCount; ++f) {
      std::unique_ptr<rocksdb::Iterator> it(
          db.db->NewIterator(rocksdb::ReadOptions(), db.Handle(static_cast<Family>(f))));
      for (it->SeekToFirst(); it->Valid(); it->Next()) made->keys[f].push_back(it->key().ToString());
    }
    return made;
  }();
  return *sample;
}

// Runs every reader of stored records; their errors are fine, crashes not.
void ReadEverything(const kg::graph::Store& store) {
  (void)kg::graph::LoadGraph(store);
  (void)kg::graph::CheckStore(store);
  (void)store.Counts();
  (void)store.ForEachArticle([](const kg::pb::Article&) { return true; });
  (void)store.ForEachAlias([](std::string_view, uint64_t) { return true; });
  (void)store.ForEachEntity([](const kg::pb::Entity&) { return true; });
  (void)store.ForEachTriple([&store](const kg::pb::Triple& triple) {
    (void)store.ForEachEvidence(triple, [](const kg::pb::Evidence&) { return true; });
    return true;
  });
  (void)store.FindEntity("Iran");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  SampleStore& sample = Sample();
  const int family = data[0] % kg::graph::keys::kFamilyCount;
  const std::vector<std::string>& keys = sample.keys[family];
  if (keys.empty()) return 0;
  const std::string& key = keys[data[1] % keys.size()];
  const std::string_view value(reinterpret_cast<const char*>(data) + 2, size - 2);

  const Db db = Access::DbOf(*sample.store);
  rocksdb::ColumnFamilyHandle* handle = db.Handle(static_cast<Family>(family));
  std::string original;
  if (!db.db->Get(rocksdb::ReadOptions(), handle, key, &original).ok()) std::abort();
  rocksdb::WriteOptions write;
  write.disableWAL = true;
  if (!db.db->Put(write, handle, key, rocksdb::Slice(value.data(), value.size())).ok()) {
    std::abort();
  }
  ReadEverything(*sample.store);
  if (!db.db->Put(write, handle, key, original).ok()) std::abort();
  return 0;
}
