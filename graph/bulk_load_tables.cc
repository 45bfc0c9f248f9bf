// The bulk load's table side: each family's rows sorted in key order,
// written as one table file per family, and all files ingested at once.
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "graph/bulk_load_internal.h"
#include "graph/keys.h"

namespace kg::graph::bulk_internal {

using keys::Family;
using store_internal::Db;
using store_internal::FromRocks;

std::string TableDirectory(const Db& db) { return *db.path + "/bulk.tmp"; }

namespace {

namespace fs = std::filesystem;

// One family's table file. RocksDB's writer refuses keys out of order, so a
// sort that disagreed with the family's comparator fails here, loudly.
//
// The file is written with direct I/O where the file system allows it: the
// gigabytes of a large import then go from the writer's buffer to the disk
// without first being copied into the page cache, whose fresh pages cost as
// much to fault in as the copy. Nothing reads the files back during the
// import (the graph is built from memory), and the block cache reads what a
// query needs later.
class TableFile {
 public:
  TableFile(const Db& db, Family family)
      : db_(db),
        family_(family),
        path_(TableDirectory(db) + "/" + keys::FamilyName(family) + ".sst") {}

  Status Open() {
    rocksdb::EnvOptions direct;
    direct.use_direct_writes = true;
    writer_ = NewWriter(direct);
    if (writer_->Open(path_).ok()) return Status::Ok();
    // No O_DIRECT here (tmpfs, some network file systems): buffered writes.
    writer_ = NewWriter(rocksdb::EnvOptions());
    return Check(writer_->Open(path_));
  }
  Status Put(std::string_view key, std::string_view value) {
    ++rows_;
    return Check(writer_->Put(rocksdb::Slice(key.data(), key.size()),
                              rocksdb::Slice(value.data(), value.size())));
  }
  // Syncs the file; a family without rows has no file.
  Status Finish() { return rows_ == 0 ? Status::Ok() : Check(writer_->Finish()); }

  Family family() const { return family_; }
  const std::string& path() const { return path_; }
  bool empty() const { return rows_ == 0; }

 private:
  Status Check(const rocksdb::Status& status) const {
    if (status.ok()) return Status::Ok();  // once per row: no message built
    return FromRocks(status, *db_.path).WithContext(std::string("bulk load: ") +
                                                    keys::FamilyName(family_));
  }

  // The family's own options, so the file is what a flush would write.
  std::unique_ptr<rocksdb::SstFileWriter> NewWriter(const rocksdb::EnvOptions& env) const {
    return std::make_unique<rocksdb::SstFileWriter>(env, db_.db->GetOptions(db_.Handle(family_)),
                                                    db_.Handle(family_));
  }

  Db db_;
  Family family_;
  std::string path_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  uint64_t rows_ = 0;
};

// The order of each triple family's keys as integer tuples: relations by
// their rank among the load's relation names (byte order, as in the keys,
// where a 0x00 ends each relation), ids as numbers (keys hold them
// big-endian), polarity last.
struct TripleOrder {
  uint64_t first;
  uint64_t second;
  uint64_t third;
  uint32_t polarity;
  uint32_t triple;
  bool operator<(const TripleOrder& other) const {
    return std::tie(first, second, third, polarity) <
           std::tie(other.first, other.second, other.third, other.polarity);
  }
};

enum class Ordering { kSro, kRos, kOsr };

std::vector<uint32_t> RanksOf(const std::vector<std::string>& names) {
  std::vector<uint32_t> order(names.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
  std::vector<uint32_t> rank(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  return rank;
}

// What every table writer shares: the records and the relations' order.
struct Tables {
  const Records& records;
  std::vector<uint32_t> relation_rank;      // relation index -> rank
  std::vector<uint32_t> relation_of_rank;   // rank -> relation index
};

const std::string& RelationOfRank(const Tables& tables, uint64_t rank) {
  return tables.records.relation_names[tables.relation_of_rank[rank]];
}

// The triples in the key order of one triple family.
LargeVector<TripleOrder> SortedTriples(const Tables& tables, Ordering ordering) {
  const Records& records = tables.records;
  LargeVector<TripleOrder> order;
  order.reserve(records.triples.size());
  for (uint32_t i = 0; i < records.triples.size(); ++i) {
    const TripleRow& t = records.triples[i];
    const uint64_t relation = tables.relation_rank[t.relation];
    const auto polarity = static_cast<uint32_t>(t.polarity);
    switch (ordering) {
      case Ordering::kSro:
        order.push_back({t.subject_id, relation, t.object_id, polarity, i});
        break;
      case Ordering::kRos:
        order.push_back({relation, t.object_id, t.subject_id, polarity, i});
        break;
      case Ordering::kOsr:
        order.push_back({t.object_id, t.subject_id, relation, polarity, i});
        break;
    }
  }
  std::sort(order.begin(), order.end());
  return order;
}

// An index family's rows straight from its sorted tuples: the key holds
// everything, the value is empty.
Status WriteIndex(TableFile& file, const Tables& tables, Ordering ordering) {
  const LargeVector<TripleOrder> order = SortedTriples(tables, ordering);
  std::string key;
  for (const TripleOrder& o : order) {
    key.clear();
    const auto polarity = static_cast<pb::Polarity>(o.polarity);
    if (ordering == Ordering::kRos) {
      keys::AppendRosKey(&key, o.third, RelationOfRank(tables, o.first), o.second, polarity);
    } else {
      keys::AppendOsrKey(&key, o.second, RelationOfRank(tables, o.third), o.first, polarity);
    }
    KG_RETURN_IF_ERROR(file.Put(key, {}));
  }
  return Status::Ok();
}

void AppendSroKeyOf(const Tables& tables, const TripleOrder& sro, std::string* out) {
  keys::AppendSroKey(out, sro.first, RelationOfRank(tables, sro.second), sro.third,
                     static_cast<pb::Polarity>(sro.polarity));
}

// How many rows ahead a writer that reads records out of their order asks
// for the one it will need: enough to overlap that many cache misses.
constexpr size_t kPrefetchDistance = 16;

// The triples_sro records: what a commit's batch would write.
Status WriteTriples(TableFile& file, const Tables& tables, const LargeVector<TripleOrder>& sro) {
  const Records& records = tables.records;
  pb::Triple triple;
  std::string key;
  std::string value;
  for (size_t i = 0; i < sro.size(); ++i) {
    if (i + kPrefetchDistance < sro.size()) {
      __builtin_prefetch(&records.triples[sro[i + kPrefetchDistance].triple]);
    }
    const TripleOrder& o = sro[i];
    const TripleRow& row = records.triples[o.triple];
    key.clear();
    AppendSroKeyOf(tables, o, &key);
    triple.set_subject_id(row.subject_id);
    triple.set_relation(records.relation_names[row.relation]);
    triple.set_object_id(row.object_id);
    triple.set_polarity(row.polarity);
    triple.set_confidence(row.confidence);
    triple.set_raw_relation(records.words[row.raw_relation]);
    triple.set_modality(records.words[row.modality]);
    triple.set_article_count(row.article_count);
    triple.set_evidence_count(row.evidence_count);
    value.clear();
    triple.SerializeToString(&value);
    KG_RETURN_IF_ERROR(file.Put(key, value));
  }
  return Status::Ok();
}

// Evidence in key order: its triple's SRO key first, then the article id,
// sentence index and begin offset. Each row carries what its key needs, so
// that after the sort the rows and the SRO tuples are read in order.
Status WriteEvidence(TableFile& file, const Tables& tables, const LargeVector<TripleOrder>& sro) {
  const Records& records = tables.records;
  struct Row {
    uint32_t triple_rank;
    uint32_t article_rank;
    uint32_t sentence_index;
    uint32_t begin;
    uint32_t article;
    std::string_view value;
    bool operator<(const Row& other) const {
      return std::tie(triple_rank, article_rank, sentence_index, begin) <
             std::tie(other.triple_rank, other.article_rank, other.sentence_index, other.begin);
    }
  };
  // A counting sort by triple (most triples have one row, so the triple
  // decides the order of nearly every row), then a sort of each triple's
  // few rows: linear where one sort of all the rows is not.
  LargeVector<Row> rows(records.evidence.size());
  {
    LargeVector<uint32_t> triple_rank(records.triples.size());
    for (uint32_t i = 0; i < sro.size(); ++i) triple_rank[sro[i].triple] = i;
    LargeVector<uint32_t> next(sro.size() + 1, 0);  // rank -> where its next row goes
    for (const EvidenceRow& e : records.evidence) ++next[triple_rank[e.triple] + 1];
    for (size_t rank = 1; rank < next.size(); ++rank) next[rank] += next[rank - 1];
    const std::vector<uint32_t> article_rank = RanksOf(records.article_ids);
    for (const EvidenceRow& e : records.evidence) {
      const uint32_t rank = triple_rank[e.triple];
      rows[next[rank]++] = {rank, article_rank[e.article], e.sentence_index, e.begin, e.article,
                            e.value};
    }
  }
  for (size_t begin = 0; begin < rows.size();) {
    size_t end = begin + 1;
    while (end < rows.size() && rows[end].triple_rank == rows[begin].triple_rank) ++end;
    if (end - begin > 1) std::sort(rows.begin() + begin, rows.begin() + end);
    begin = end;
  }
  std::string key;
  for (size_t i = 0; i < rows.size(); ++i) {
    // The values lie in article order, the rows in key order: fetch ahead.
    if (i + kPrefetchDistance < rows.size()) {
      const std::string_view ahead = rows[i + kPrefetchDistance].value;
      __builtin_prefetch(ahead.data());
      __builtin_prefetch(ahead.data() + ahead.size() - 1);  // a value may span two lines
    }
    const Row& row = rows[i];
    key.clear();
    AppendSroKeyOf(tables, sro[row.triple_rank], &key);
    keys::AppendEvidenceSuffix(&key, records.article_ids[row.article], row.sentence_index,
                               row.begin);
    KG_RETURN_IF_ERROR(file.Put(key, row.value));
  }
  return Status::Ok();
}

Status WriteArticles(TableFile& file, const Records& records) {
  std::vector<uint32_t> order(records.article_ids.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return records.article_ids[a] < records.article_ids[b];
  });
  for (const uint32_t i : order) {
    KG_RETURN_IF_ERROR(file.Put(records.article_ids[i], records.articles[i].value));
  }
  return Status::Ok();
}

Status WriteEntities(TableFile& file, const Records& records) {
  std::vector<uint64_t> ids;
  for (const auto& [id, row] : records.entities) {
    if (row.dirty) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  std::string value;
  for (const uint64_t id : ids) {
    value.clear();
    records.entities.at(id).entity.SerializeToString(&value);
    KG_RETURN_IF_ERROR(file.Put(keys::EntityKey(id), value));
  }
  return Status::Ok();
}

Status WriteAliases(TableFile& file, const Records& records) {
  std::vector<std::pair<std::string_view, uint64_t>> rows;
  for (const auto& [alias, row] : records.aliases) {
    if (!row.stored) rows.emplace_back(alias, row.entity_id);
  }
  std::sort(rows.begin(), rows.end());
  for (const auto& [alias, id] : rows) KG_RETURN_IF_ERROR(file.Put(alias, keys::EntityKey(id)));
  return Status::Ok();
}

// Runs `tasks` on up to two threads (the writes are CPU-bound: encoding,
// compression) and returns the first failure.
Status RunTasks(const std::vector<std::function<Status()>>& tasks) {
  std::atomic<size_t> next{0};
  std::mutex mutex;
  Status first;
  const auto work = [&] {
    for (size_t i = next++; i < tasks.size(); i = next++) {
      Status status;
      try {
        status = tasks[i]();
      } catch (const std::exception& error) {
        status = Status::Internal(std::string("bulk load: ") + error.what());
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (!status.ok() && first.ok()) first = status;
    }
  };
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 2u);
  std::vector<std::thread> helpers;
  for (unsigned i = 1; i < threads; ++i) helpers.emplace_back(work);
  work();
  for (std::thread& helper : helpers) helper.join();
  return first;
}

Status WriteTables(const Db& db, Records& records,
                   std::vector<std::unique_ptr<TableFile>>& files) {
  for (const Family family : {Family::kEvidence, Family::kArticles, Family::kTriplesSro,
                              Family::kTriplesRos, Family::kTriplesOsr, Family::kEntities,
                              Family::kAliases}) {
    files.push_back(std::make_unique<TableFile>(db, family));
    KG_RETURN_IF_ERROR(files.back()->Open());
  }
  Tables tables{records, RanksOf(records.relation_names), {}};
  tables.relation_of_rank.resize(tables.relation_rank.size());
  for (uint32_t i = 0; i < tables.relation_rank.size(); ++i) {
    tables.relation_of_rank[tables.relation_rank[i]] = i;
  }
  const LargeVector<TripleOrder> sro = SortedTriples(tables, Ordering::kSro);
  records.triples_in_key_order.resize(sro.size());
  for (size_t i = 0; i < sro.size(); ++i) records.triples_in_key_order[i] = sro[i].triple;
  // In files' order: the largest first, so that two threads end together.
  std::vector<std::function<Status()>> tasks = {
      [&] { return WriteEvidence(*files[0], tables, sro); },
      [&] { return WriteArticles(*files[1], records); },
      [&] { return WriteTriples(*files[2], tables, sro); },
      [&] { return WriteIndex(*files[3], tables, Ordering::kRos); },
      [&] { return WriteIndex(*files[4], tables, Ordering::kOsr); },
      [&] { return WriteEntities(*files[5], records); },
      [&] { return WriteAliases(*files[6], records); },
  };
  for (size_t i = 0; i < tasks.size(); ++i) {
    tasks[i] = [task = std::move(tasks[i]), &file = *files[i]] {
      KG_RETURN_IF_ERROR(task());
      return file.Finish();
    };
  }
  return RunTasks(tasks);
}

Status Ingest(const Db& db, const std::vector<std::unique_ptr<TableFile>>& files) {
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const auto& file : files) {
    if (file->empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = db.Handle(file->family());
    arg.external_files = {file->path()};
    arg.options.move_files = true;           // a hard link: the files are not copied
    arg.options.write_global_seqno = false;  // no write into a file already synced
    args.push_back(std::move(arg));
  }
  if (args.empty()) return Status::Ok();
  // One call for every family: RocksDB records them in the MANIFEST at once.
  return FromRocks(db.db->IngestExternalFiles(args), *db.path).WithContext("bulk load: ingesting");
}

}  // namespace

Status WriteAndIngest(const Db& db, Records& records) {
  const std::string dir = TableDirectory(db);
  std::error_code error;
  fs::remove_all(dir, error);
  fs::create_directories(dir, error);
  if (error) {
    return Status::IOError("store " + *db.path + ": bulk load: " + dir + ": " + error.message());
  }
  Status status;
  {
    std::vector<std::unique_ptr<TableFile>> files;
    status = WriteTables(db, records, files);
    if (status.ok()) status = Ingest(db, files);
  }
  fs::remove_all(dir, error);
  return status;
}

}  // namespace kg::graph::bulk_internal
