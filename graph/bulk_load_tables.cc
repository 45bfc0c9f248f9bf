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
#include <mutex>
#include <numeric>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "graph/bulk_load_internal.h"
#include "graph/keys.h"

namespace kg::graph::bulk_internal {

using keys::Family;
using store_internal::Db;
using store_internal::FromRocks;

char* ByteArena::Allocate(size_t size) {
  if (capacity_ - used_ < size) {
    capacity_ = std::max(kBlockSize, size);
    blocks_.push_back(std::make_unique<char[]>(capacity_));
    used_ = 0;
  }
  char* out = blocks_.back().get() + used_;
  used_ += size;
  return out;
}

std::string TableDirectory(const Db& db) { return *db.path + "/bulk.tmp"; }

namespace {

namespace fs = std::filesystem;

// One family's table file. RocksDB's writer refuses keys out of order, so a
// sort that disagreed with the family's comparator fails here, loudly.
class TableFile {
 public:
  TableFile(const Db& db, Family family)
      : db_(db),
        family_(family),
        path_(TableDirectory(db) + "/" + keys::FamilyName(family) + ".sst"),
        // The family's own options, so the file is what a flush would write;
        // the pages stay cached for the reads after the import.
        writer_(rocksdb::EnvOptions(), db.db->GetOptions(db.Handle(family)), db.Handle(family),
                /*invalidate_page_cache=*/false) {}

  Status Open() { return Check(writer_.Open(path_)); }
  Status Put(std::string_view key, std::string_view value) {
    ++rows_;
    return Check(writer_.Put(rocksdb::Slice(key.data(), key.size()),
                             rocksdb::Slice(value.data(), value.size())));
  }
  // Syncs the file; a family without rows has no file.
  Status Finish() { return rows_ == 0 ? Status::Ok() : Check(writer_.Finish()); }

  Family family() const { return family_; }
  const std::string& path() const { return path_; }
  bool empty() const { return rows_ == 0; }

 private:
  Status Check(const rocksdb::Status& status) const {
    return FromRocks(status, *db_.path).WithContext(std::string("bulk load: ") +
                                                    keys::FamilyName(family_));
  }

  Db db_;
  Family family_;
  std::string path_;
  rocksdb::SstFileWriter writer_;
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
  int polarity;
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

// The triples' indexes in the key order of one triple family.
std::vector<uint32_t> SortedTriples(const Records& records, const std::vector<uint32_t>& relation_rank,
                                    Ordering ordering) {
  std::vector<TripleOrder> order;
  order.reserve(records.triples.size());
  for (uint32_t i = 0; i < records.triples.size(); ++i) {
    const TripleRow& t = records.triples[i];
    const uint64_t relation = relation_rank[t.relation];
    switch (ordering) {
      case Ordering::kSro:
        order.push_back({t.subject_id, relation, t.object_id, t.polarity, i});
        break;
      case Ordering::kRos:
        order.push_back({relation, t.object_id, t.subject_id, t.polarity, i});
        break;
      case Ordering::kOsr:
        order.push_back({t.object_id, t.subject_id, relation, t.polarity, i});
        break;
    }
  }
  std::sort(order.begin(), order.end());
  std::vector<uint32_t> out;
  out.reserve(order.size());
  for (const TripleOrder& o : order) out.push_back(o.triple);
  return out;
}

keys::TripleKey KeyOf(const Records& records, const TripleRow& row) {
  return {row.subject_id, records.relation_names[row.relation], row.object_id, row.polarity};
}

// The triples_sro record of a row: what a commit's batch would write.
void RecordOf(const Records& records, const TripleRow& row, pb::Triple* out) {
  *out = store_internal::NewTriple(KeyOf(records, row));
  out->set_confidence(row.confidence);
  out->set_raw_relation(records.words[row.raw_relation]);
  out->set_modality(records.words[row.modality]);
  out->set_article_count(row.article_count);
  out->set_evidence_count(row.evidence_count);
}

using KeyEncoder = Result<std::string> (*)(const keys::TripleKey&);

Status WriteTriples(TableFile& file, const Records& records, const std::vector<uint32_t>& sorted,
                    KeyEncoder encode, bool with_value) {
  pb::Triple triple;
  std::string value;
  for (const uint32_t i : sorted) {
    const TripleRow& row = records.triples[i];
    Result<std::string> key = encode(KeyOf(records, row));
    if (!key.ok()) return key.status();
    value.clear();
    if (with_value) {
      RecordOf(records, row, &triple);
      triple.SerializeToString(&value);
    }
    KG_RETURN_IF_ERROR(file.Put(*key, value));
  }
  return Status::Ok();
}

// Evidence in key order: its triple's SRO key first, then the article id,
// sentence index and begin offset.
Status WriteEvidence(TableFile& file, const Records& records, const std::vector<uint32_t>& sro) {
  std::vector<uint32_t> triple_rank(records.triples.size());
  for (uint32_t i = 0; i < sro.size(); ++i) triple_rank[sro[i]] = i;
  const std::vector<uint32_t> article_rank = RanksOf(records.article_ids);
  struct Row {
    uint64_t high;  // triple rank, article rank
    uint64_t low;   // sentence index, begin
    uint32_t row;
  };
  std::vector<Row> order;
  order.reserve(records.evidence.size());
  for (uint32_t i = 0; i < records.evidence.size(); ++i) {
    const EvidenceRow& e = records.evidence[i];
    order.push_back({uint64_t{triple_rank[e.triple]} << 32 | article_rank[e.article],
                     uint64_t{e.sentence_index} << 32 | e.begin, i});
  }
  std::sort(order.begin(), order.end(), [](const Row& a, const Row& b) {
    return std::tie(a.high, a.low) < std::tie(b.high, b.low);
  });
  for (const Row& row : order) {
    const EvidenceRow& e = records.evidence[row.row];
    Result<std::string> key = keys::EncodeEvidenceKey(
        {KeyOf(records, records.triples[e.triple]), records.article_ids[e.article],
         e.sentence_index, e.begin});
    if (!key.ok()) return key.status();
    KG_RETURN_IF_ERROR(file.Put(*key, e.value));
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
  std::vector<uint64_t> ids(records.dirty_entities.begin(), records.dirty_entities.end());
  std::sort(ids.begin(), ids.end());
  std::string value;
  for (const uint64_t id : ids) {
    value.clear();
    records.entities.at(id).SerializeToString(&value);
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

Status WriteTables(const Db& db, const Records& records, std::vector<std::unique_ptr<TableFile>>& files) {
  for (const Family family : {Family::kEvidence, Family::kArticles, Family::kTriplesSro,
                              Family::kTriplesRos, Family::kTriplesOsr, Family::kEntities,
                              Family::kAliases}) {
    files.push_back(std::make_unique<TableFile>(db, family));
    KG_RETURN_IF_ERROR(files.back()->Open());
  }
  const std::vector<uint32_t> relation_rank = RanksOf(records.relation_names);
  const std::vector<uint32_t> sro = SortedTriples(records, relation_rank, Ordering::kSro);
  // In files' order: the largest first, so that two threads end together.
  std::vector<std::function<Status()>> tasks = {
      [&] { return WriteEvidence(*files[0], records, sro); },
      [&] { return WriteArticles(*files[1], records); },
      [&] { return WriteTriples(*files[2], records, sro, keys::EncodeSroKey, true); },
      [&] {
        return WriteTriples(*files[3], records,
                            SortedTriples(records, relation_rank, Ordering::kRos),
                            keys::EncodeRosKey, false);
      },
      [&] {
        return WriteTriples(*files[4], records,
                            SortedTriples(records, relation_rank, Ordering::kOsr),
                            keys::EncodeOsrKey, false);
      },
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
  if (error) return Status::IOError("store " + *db.path + ": bulk load: " + dir + ": " + error.message());
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
