#include "graph/graph_snapshot.h"

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "graph/huge_pages.h"
#include "graph/store_internal.h"

namespace kg::graph {

namespace {

constexpr char kMagic[8] = {'k', 'g', 'G', 'R', 'A', 'P', 'H', '\n'};
// Raise whenever the layout below or the name index's hashing changes.
constexpr uint32_t kFormatVersion = 3;
constexpr uint32_t kByteOrderMark = 0x01020304;

struct HashState {
  HashState() : state(XXH64_createState()) { XXH64_reset(state, 0); }
  ~HashState() { XXH64_freeState(state); }
  HashState(const HashState&) = delete;
  HashState& operator=(const HashState&) = delete;
  XXH64_state_t* state;
};

// Writes values and arrays through a FILE, hashing every byte.
class SnapshotWriter {
 public:
  explicit SnapshotWriter(std::FILE* file) : file_(file) {}

  void Bytes(const void* data, size_t size) {
    if (size == 0 || !ok_) return;
    XXH64_update(hash_.state, data, size);
    ok_ = std::fwrite(data, 1, size, file_) == size;
  }
  template <typename T>
  void Value(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    Bytes(&value, sizeof(T));
  }
  template <typename T>
  void Array(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    Value<uint64_t>(values.size());
    Bytes(values.data(), values.size() * sizeof(T));
  }
  // A list of strings as one arena and its offsets.
  template <typename Strings>
  void StringList(const Strings& strings) {
    std::vector<uint64_t> offsets = {0};
    for (const auto& s : strings) offsets.push_back(offsets.back() + s.size());
    Array(offsets);
    Value<uint64_t>(offsets.back());  // the arena, as Array<char> reads it
    for (const auto& s : strings) Bytes(s.data(), s.size());
  }
  void Finish() { Value<uint64_t>(XXH64_digest(hash_.state)); }
  bool ok() const { return ok_; }

 private:
  std::FILE* file_;
  HashState hash_;
  bool ok_ = true;
};

// Reads what SnapshotWriter wrote. A read past the end or an array longer
// than what is left of the file marks the reader failed instead of
// allocating, and every later read yields nothing.
class SnapshotReader {
 public:
  SnapshotReader(std::FILE* file, uint64_t size) : file_(file), left_(size) {}

  bool Bytes(void* data, size_t size) {
    if (!ok_ || size > left_) return ok_ = false;
    if (size == 0) return true;
    if (std::fread(data, 1, size, file_) != size) return ok_ = false;
    XXH64_update(hash_.state, data, size);
    left_ -= size;
    return true;
  }
  template <typename T>
  T Value() {
    T value{};
    if (!Bytes(&value, sizeof(T))) return T{};
    return value;
  }
  // An array of T, into a std::vector<T> or (for char) a std::string.
  // The arrays are the loaded graph's, read in random order by every query:
  // large ones go on huge pages.
  template <typename T, typename Container = std::vector<T>>
  Container Array() {
    const uint64_t count = Value<uint64_t>();
    if (!ok_ || count > left_ / sizeof(T)) {
      ok_ = false;
      return {};
    }
    Container values;
    ReserveOnHugePages(values, count);
    values.resize(count);
    Bytes(values.data(), count * sizeof(T));
    return values;
  }
  // Strings saved by StringList; false (and nothing) when malformed.
  std::vector<std::string> StringList() {
    const std::vector<uint64_t> offsets = Array<uint64_t>();
    const std::vector<char> arena = Array<char>();
    if (!ok_ || offsets.empty() || offsets.front() != 0 || offsets.back() != arena.size()) {
      ok_ = false;
      return {};
    }
    std::vector<std::string> strings;
    strings.reserve(offsets.size() - 1);
    for (size_t i = 0; i + 1 < offsets.size(); ++i) {
      if (offsets[i + 1] < offsets[i]) {
        ok_ = false;
        return {};
      }
      strings.emplace_back(arena.data() + offsets[i], offsets[i + 1] - offsets[i]);
    }
    return strings;
  }
  // Whether the trailing checksum matches and nothing follows it.
  bool CheckSum() {
    const uint64_t expected = XXH64_digest(hash_.state);
    uint64_t stored = 0;
    if (!ok_ || left_ != sizeof(stored)) return false;
    if (std::fread(&stored, 1, sizeof(stored), file_) != sizeof(stored)) return false;
    return stored == expected;
  }
  bool ok() const { return ok_; }
  void Fail() { ok_ = false; }

 private:
  std::FILE* file_;
  uint64_t left_;
  HashState hash_;
  bool ok_ = true;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

void WriteKey(SnapshotWriter& out, const SnapshotKey& key) {
  out.Bytes(kMagic, sizeof(kMagic));
  out.Value(kFormatVersion);
  out.Value(kByteOrderMark);
  out.Value(kSchemaVersion);
  out.Value(key.sequence);
  out.Value(key.files_digest);
  out.Array(std::vector<char>(key.db_identity.begin(), key.db_identity.end()));
}

// Corruption, or VersionMismatch for a whole header of another format or
// another state of the store.
Status ReadKey(SnapshotReader& in, const SnapshotKey& key, const std::string& path) {
  char magic[sizeof(kMagic)] = {};
  in.Bytes(magic, sizeof(magic));
  if (!in.ok() || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
    return Status::Corruption(path + ": not a graph snapshot");
  }
  const uint32_t format = in.Value<uint32_t>();
  const uint32_t order = in.Value<uint32_t>();
  const uint32_t schema = in.Value<uint32_t>();
  if (!in.ok()) return Status::Corruption(path + ": truncated graph snapshot");
  if (format != kFormatVersion || order != kByteOrderMark || schema != kSchemaVersion) {
    return Status::VersionMismatch(path + ": graph snapshot of another format");
  }
  SnapshotKey stored;
  stored.sequence = in.Value<uint64_t>();
  stored.files_digest = in.Value<uint64_t>();
  const std::vector<char> identity = in.Array<char>();
  stored.db_identity.assign(identity.begin(), identity.end());
  if (!in.ok()) return Status::Corruption(path + ": truncated graph snapshot");
  if (!(stored == key)) {
    return Status::VersionMismatch(path + ": graph snapshot of another state of the store");
  }
  return Status::Ok();
}

template <typename T>
bool StrictlyIncreasingBelow(const std::vector<T>& values, size_t bound) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] >= bound || (i > 0 && values[i] <= values[i - 1])) return false;
  }
  return true;
}

}  // namespace

// Reads and restores KnowledgeGraph's arrays (a friend of the class).
struct GraphSnapshotAccess {
  static void Write(const KnowledgeGraph& g, SnapshotWriter& out) {
    out.Array(g.entity_ids_);
    out.StringList(g.names_);
    out.Array(g.type_ids_);
    out.StringList(g.type_names_);
    out.Array(g.alias_owners_);
    std::vector<uint32_t> sizes;
    std::vector<std::string_view> flat;
    for (const auto& list : g.alias_lists_) {
      sizes.push_back(static_cast<uint32_t>(list.size()));
      flat.insert(flat.end(), list.begin(), list.end());
    }
    out.Array(sizes);
    out.StringList(flat);
    out.Array(g.merged_owners_);
    sizes.clear();
    std::vector<uint64_t> merged;
    for (const auto& list : g.merged_lists_) {
      sizes.push_back(static_cast<uint32_t>(list.size()));
      merged.insert(merged.end(), list.begin(), list.end());
    }
    out.Array(sizes);
    out.Array(merged);
    out.Array(g.entity_order_);
    out.Array(g.csr_.m_forward.m_rowstart);
    out.Array(g.csr_.m_forward.m_column);
    out.Array(g.heads_);
    out.Array(g.counts_);
    out.StringList(g.relation_names_);
    out.Value<uint64_t>(g.key_arena_.size());  // as Array<char> reads it
    out.Bytes(g.key_arena_.data(), g.key_arena_.size());
    out.Array(g.key_slots_);
  }

  // The graph, or nullptr when the file is malformed.
  static std::unique_ptr<KnowledgeGraph> Read(SnapshotReader& in) {
    std::unique_ptr<KnowledgeGraph> g(new KnowledgeGraph());
    g->entity_ids_ = in.Array<uint64_t>();
    g->names_ = in.StringList();
    g->type_ids_ = in.Array<uint32_t>();
    g->type_names_ = in.StringList();
    g->alias_owners_ = in.Array<VertexId>();
    std::vector<uint32_t> sizes = in.Array<uint32_t>();
    std::vector<std::string> aliases = in.StringList();
    if (!Split(sizes, std::move(aliases), g->alias_owners_.size(), &g->alias_lists_)) in.Fail();
    g->merged_owners_ = in.Array<VertexId>();
    sizes = in.Array<uint32_t>();
    std::vector<uint64_t> merged = in.Array<uint64_t>();
    if (!Split(sizes, std::move(merged), g->merged_owners_.size(), &g->merged_lists_)) in.Fail();
    g->entity_order_ = in.Array<VertexId>();
    g->csr_.m_forward.m_rowstart = in.Array<EdgeId>();
    g->csr_.m_forward.m_column = in.Array<VertexId>();
    g->heads_ = in.Array<KnowledgeGraph::EdgeHead>();
    g->counts_ = in.Array<KnowledgeGraph::EdgeCounts>();
    g->relation_names_ = in.StringList();
    g->key_arena_ = in.Array<char, std::string>();
    g->key_slots_ = in.Array<uint64_t>();
    if (!in.ok() || !Consistent(*g)) return nullptr;
    g->IndexInEdges();
    g->IndexRelations();
    return g;
  }

  template <typename T>
  static bool Split(const std::vector<uint32_t>& sizes, std::vector<T> flat, size_t owners,
                    std::vector<std::vector<T>>* lists) {
    if (sizes.size() != owners) return false;
    size_t at = 0;
    for (uint32_t size : sizes) {
      if (size == 0 || size > flat.size() - at) return false;
      lists->emplace_back(std::make_move_iterator(flat.begin() + at),
                          std::make_move_iterator(flat.begin() + at + size));
      at += size;
    }
    return at == flat.size();
  }

  // Whether every index is in range, so that no accessor can read out of
  // bounds and no probe of the name table can loop for ever.
  static bool Consistent(const KnowledgeGraph& g) {
    const size_t n = g.entity_ids_.size();
    if (g.names_.size() != n || g.type_ids_.size() != n || g.entity_order_.size() != n) {
      return false;
    }
    for (uint32_t t : g.type_ids_) {
      if (t >= g.type_names_.size()) return false;
    }
    if (!StrictlyIncreasingBelow(g.alias_owners_, n) ||
        !StrictlyIncreasingBelow(g.merged_owners_, n)) {
      return false;
    }
    for (size_t i = 0; i < n; ++i) {
      if (g.entity_order_[i] >= n) return false;
      if (i > 0 && g.entity_ids_[g.entity_order_[i]] <= g.entity_ids_[g.entity_order_[i - 1]]) {
        return false;  // also makes entity_order_ a permutation
      }
    }
    const std::vector<EdgeId>& rowstart = g.csr_.m_forward.m_rowstart;
    const size_t m = g.csr_.m_forward.m_column.size();
    if (rowstart.size() != n + 1 || rowstart.front() != 0 || rowstart.back() != m ||
        g.heads_.size() != m || g.counts_.size() != m) {
      return false;
    }
    for (VertexId v = 0; v < n; ++v) {
      if (rowstart[v + 1] < rowstart[v]) return false;
      for (EdgeId e = rowstart[v]; e < rowstart[v + 1]; ++e) {
        if (g.heads_[e].source != v || g.csr_.m_forward.m_column[e] >= n ||
            (g.heads_[e].label >> 1) >= g.relation_names_.size()) {
          return false;
        }
      }
    }
    return ConsistentKeys(g);
  }

  // The key records tile the arena, each naming a vertex, and every used
  // slot points at the start of one.
  static bool ConsistentKeys(const KnowledgeGraph& g) {
    const size_t size = g.key_arena_.size();
    if (size % 4 != 0) return false;
    std::vector<bool> record_starts(size / 4, false);  // by offset / 4
    size_t keys = 0;
    for (size_t at = 0; at < size; ++keys) {
      if (size - at < KnowledgeGraph::kKeyHeaderBytes) return false;
      const KnowledgeGraph::KeyHeader header = g.KeyHeaderAt(at);
      const size_t room = size - at - KnowledgeGraph::kKeyHeaderBytes;
      if (header.vertex >= g.entity_ids_.size() || header.length > room) return false;
      record_starts[at / 4] = true;
      at += (KnowledgeGraph::kKeyHeaderBytes + header.length + 3) / 4 * 4;
    }
    const size_t slots = g.key_slots_.size();
    if (slots == 0 || (slots & (slots - 1)) != 0) return false;
    size_t used = 0;
    for (uint64_t slot : g.key_slots_) {
      if (slot == 0) continue;
      if (static_cast<uint32_t>(slot) == 0) return false;
      const size_t offset = KnowledgeGraph::SlotRecord(slot);
      if (offset >= size || !record_starts[offset / 4]) return false;
      ++used;
    }
    return used == keys && used < slots;  // an empty slot ends every probe
  }
};

Result<SnapshotKey> SnapshotKeyOf(const Store& store) {
  rocksdb::DB* db = store_internal::Access::DbOf(store).db;
  SnapshotKey key;
  rocksdb::Status status = db->GetDbIdentity(key.db_identity);
  if (!status.ok()) {
    return Status::IOError(store.path() + ": reading the store identity: " + status.ToString());
  }
  key.sequence = db->GetLatestSequenceNumber();
  std::vector<rocksdb::LiveFileMetaData> files;
  db->GetLiveFilesMetaData(&files);
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return std::tie(a.column_family_name, a.name) < std::tie(b.column_family_name, b.name);
  });
  HashState hash;
  for (const rocksdb::LiveFileMetaData& file : files) {
    const uint64_t numbers[] = {file.size, file.smallest_seqno, file.largest_seqno};
    XXH64_update(hash.state, file.column_family_name.data(), file.column_family_name.size() + 1);
    XXH64_update(hash.state, file.name.data(), file.name.size() + 1);
    XXH64_update(hash.state, numbers, sizeof(numbers));
  }
  key.files_digest = XXH64_digest(hash.state);
  return key;
}

std::string SnapshotPath(const std::string& store_path) {
  return (std::filesystem::path(store_path) / "graph.snapshot").string();
}

Result<std::unique_ptr<KnowledgeGraph>> ReadGraphSnapshot(const std::string& path,
                                                          const SnapshotKey& key) {
  File file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    if (errno == ENOENT) return Status::NotFound(path + ": no graph snapshot");
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  std::error_code error;
  const uint64_t size = std::filesystem::file_size(path, error);
  if (error) return Status::IOError(path + ": " + error.message());
  SnapshotReader in(file.get(), size);
  KG_RETURN_IF_ERROR(ReadKey(in, key, path));
  std::unique_ptr<KnowledgeGraph> graph = GraphSnapshotAccess::Read(in);
  if (graph == nullptr) return Status::Corruption(path + ": malformed graph snapshot");
  if (!in.CheckSum()) return Status::Corruption(path + ": graph snapshot checksum mismatch");
  return graph;
}

Status WriteGraphSnapshot(const KnowledgeGraph& graph, const std::string& path,
                          const SnapshotKey& key) {
  static std::atomic<uint64_t> counter{0};
  const std::string temp =
      path + ".tmp." + std::to_string(getpid()) + "." + std::to_string(counter++);
  File file(std::fopen(temp.c_str(), "wb"));
  if (file == nullptr) return Status::IOError(temp + ": " + std::strerror(errno));
  SnapshotWriter out(file.get());
  WriteKey(out, key);
  GraphSnapshotAccess::Write(graph, out);
  out.Finish();
  // No fsync: a file torn by a crash fails its checksum and is replaced by
  // the next load, which is cheaper than syncing on every load.
  const bool written = out.ok() && std::fclose(file.release()) == 0;
  std::error_code error;
  if (written) std::filesystem::rename(temp, path, error);
  if (!written || error) {
    const std::string why = written ? error.message() : std::string("write failed");
    std::filesystem::remove(temp, error);
    return Status::IOError(path + ": writing the graph snapshot: " + why);
  }
  return Status::Ok();
}

}  // namespace kg::graph
