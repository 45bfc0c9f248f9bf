// Keys: the byte encoding of every RocksDB key kg writes.
//
// Keys are ordered byte strings: ids are fixed-width big-endian, so that byte
// order is numeric order, and relation names end in a 0x00 byte, so that a
// prefix scan on (subject, relation) never runs into a longer relation that
// starts with the same bytes. docs/storage.md describes the full layout; this
// header is its only implementation.
//
// Encoders that take a relation or an article id reject empty ones and ones
// that contain NUL (InvalidArgument). Decoders return Corruption for bytes
// that do not have the expected shape; callers add the family and the key.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "graph/status.h"
#include "proto/kg.pb.h"

namespace kg::graph::keys {

// The column families, in the order Store opens them.
enum class Family : int {
  kDefault = 0,  // meta: kSchemaKey -> pb::StoreInfo
  kArticles,     // article id -> pb::Article
  kEntities,     // BE64 entity id -> pb::Entity
  kAliases,      // NormalizeName(alias) -> BE64 entity id
  kTriplesSro,   // SRO key -> pb::Triple
  kTriplesRos,   // ROS key -> empty (index)
  kTriplesOsr,   // OSR key -> empty (index)
  kEvidence,     // evidence key -> pb::Evidence
};
inline constexpr int kFamilyCount = 8;

// RocksDB names of the families, indexed by Family.
inline constexpr std::array<const char*, kFamilyCount> kFamilyNames = {
    "default", "articles", "entities", "aliases",
    "triples_sro", "triples_ros", "triples_osr", "evidence"};

inline const char* FamilyName(Family family) {
  return kFamilyNames[static_cast<int>(family)];
}

// Key of the StoreInfo record in the default family.
inline constexpr std::string_view kSchemaKey = "schema";

// --- fixed-width integers ----------------------------------------------------

void AppendBigEndian64(std::string* out, uint64_t value);
void AppendBigEndian32(std::string* out, uint32_t value);
// Reads 8 (4) bytes from the front of `in` and advances it; false when short.
bool ConsumeBigEndian64(std::string_view* in, uint64_t* value);
bool ConsumeBigEndian32(std::string_view* in, uint32_t* value);

// --- entities and aliases ----------------------------------------------------

// BE64(id). Used as the entities key and as the aliases value.
std::string EntityKey(uint64_t id);
// The id in an entities key or an aliases value; Corruption unless 8 bytes.
Result<uint64_t> DecodeEntityKey(std::string_view key);

// --- triples -----------------------------------------------------------------

// The identity of a canonical edge. Polarity is part of it: a denied
// "supports" is a different edge from an asserted one.
struct TripleKey {
  uint64_t subject_id = 0;
  std::string relation;
  uint64_t object_id = 0;
  pb::Polarity polarity = pb::POLARITY_POSITIVE;

  bool operator==(const TripleKey&) const = default;
};

// InvalidArgument when `relation` is empty or contains a NUL byte.
Status ValidateRelation(std::string_view relation);

TripleKey TripleKeyOf(const pb::Triple& triple);

// SRO: BE64 subject | relation | 0x00 | BE64 object | polarity byte
// ROS: relation | 0x00 | BE64 object | BE64 subject | polarity byte
// OSR: BE64 object | BE64 subject | relation | 0x00 | polarity byte
// The polarity byte is the pb::Polarity value (0 asserted, 1 denied).
Result<std::string> EncodeSroKey(const TripleKey& key);
Result<std::string> EncodeRosKey(const TripleKey& key);
Result<std::string> EncodeOsrKey(const TripleKey& key);
Result<TripleKey> DecodeSroKey(std::string_view key);
Result<TripleKey> DecodeRosKey(std::string_view key);
Result<TripleKey> DecodeOsrKey(std::string_view key);

// The same encodings appended to `out`, for writers of many keys that reuse
// one buffer. The relation must already be valid (ValidateRelation).
using TripleKeyAppender = void (*)(std::string* out, uint64_t subject_id,
                                   std::string_view relation, uint64_t object_id,
                                   pb::Polarity polarity);
void AppendSroKey(std::string* out, uint64_t subject_id, std::string_view relation,
                  uint64_t object_id, pb::Polarity polarity);
void AppendRosKey(std::string* out, uint64_t subject_id, std::string_view relation,
                  uint64_t object_id, pb::Polarity polarity);
void AppendOsrKey(std::string* out, uint64_t subject_id, std::string_view relation,
                  uint64_t object_id, pb::Polarity polarity);

// Prefixes for the scans the store offers.
std::string SroSubjectPrefix(uint64_t subject_id);  // what X relates to
Result<std::string> SroSubjectRelationPrefix(uint64_t subject_id,
                                             std::string_view relation);  // what X supports
Result<std::string> RosRelationObjectPrefix(std::string_view relation,
                                            uint64_t object_id);  // who supports X
std::string OsrObjectPrefix(uint64_t object_id);  // what relates to X

// --- evidence ----------------------------------------------------------------

struct EvidenceKey {
  TripleKey triple;
  std::string article_id;
  uint32_t sentence_index = 0;
  uint32_t begin = 0;

  bool operator==(const EvidenceKey&) const = default;
};

// SRO key | article id | 0x00 | BE32 sentence index | BE32 begin.
// The evidence of one triple is the prefix scan on its SRO key.
Result<std::string> EncodeEvidenceKey(const EvidenceKey& key);
// What follows the SRO key in an evidence key, appended to `out`; the
// article id must already be valid (ValidateArticleId).
void AppendEvidenceSuffix(std::string* out, std::string_view article_id, uint32_t sentence_index,
                          uint32_t begin);
Result<EvidenceKey> DecodeEvidenceKey(std::string_view key);

// --- articles ----------------------------------------------------------------

// InvalidArgument when `article_id` is empty or contains a NUL byte. The
// articles key is the id's bytes as they are.
Status ValidateArticleId(std::string_view article_id);

// --- scans and messages ------------------------------------------------------

// The smallest key greater than every key that starts with `prefix`, for
// ReadOptions::iterate_upper_bound; empty when there is none (all 0xFF).
std::string PrefixUpperBound(std::string_view prefix);

// Lower-case hex of `bytes`, for error messages that name a key.
std::string HexOf(std::string_view bytes);

}  // namespace kg::graph::keys
