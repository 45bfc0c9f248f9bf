#include "ingest/language/word_clusters.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace kg::ingest {

void WordClusters::Save(PayloadWriter* out) const {
  // Sorted so that the same map always gives the same bytes.
  std::vector<std::pair<uint64_t, ClusterIds>> sorted(ids_.begin(), ids_.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out->U64(sorted.size());
  for (const auto& [key, ids] : sorted) {
    out->U64(key);
    out->Varint(ids.fine);
    out->Varint(ids.coarse);
  }
}

Status WordClusters::Load(PayloadReader* in) {
  uint64_t n = 0;
  KG_RETURN_IF_ERROR(in->U64(&n));
  if (n > in->remaining() / 10) return in->Truncated();
  ids_.clear();
  ids_.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t key = 0;
    uint32_t fine = 0, coarse = 0;
    KG_RETURN_IF_ERROR(in->U64(&key));
    KG_RETURN_IF_ERROR(in->Varint(&fine));
    KG_RETURN_IF_ERROR(in->Varint(&coarse));
    if (fine == 0 || fine > 0xFFFF || coarse == 0 || coarse > 0xFFFF) {
      return in->Corrupt("word class out of range");
    }
    ids_.emplace(key, ClusterIds{static_cast<uint16_t>(fine), static_cast<uint16_t>(coarse)});
  }
  return Status::Ok();
}

}  // namespace kg::ingest
