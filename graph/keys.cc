#include "graph/keys.h"

namespace kg::graph::keys {
namespace {

constexpr char kTerminator = '\0';

Status Malformed(std::string_view what, std::string_view key) {
  return Status::Corruption("malformed " + std::string(what) + " key " + HexOf(key));
}

bool ValidPolarity(uint8_t byte) {
  return byte == pb::POLARITY_POSITIVE || byte == pb::POLARITY_NEGATIVE;
}

// Reads bytes up to the next terminator and consumes the terminator too.
bool ConsumeTerminated(std::string_view* in, std::string* out) {
  const size_t end = in->find(kTerminator);
  if (end == std::string_view::npos) return false;
  out->assign(in->substr(0, end));
  in->remove_prefix(end + 1);
  return true;
}

bool ConsumePolarity(std::string_view* in, pb::Polarity* polarity) {
  if (in->empty()) return false;
  const auto byte = static_cast<uint8_t>(in->front());
  if (!ValidPolarity(byte)) return false;
  *polarity = static_cast<pb::Polarity>(byte);
  in->remove_prefix(1);
  return true;
}

void AppendRelation(std::string* out, std::string_view relation) {
  out->append(relation);
  out->push_back(kTerminator);
}

}  // namespace

void AppendBigEndian64(std::string* out, uint64_t value) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (56 - 8 * i)) & 0xFF);
  out->append(bytes, sizeof bytes);
}

void AppendBigEndian32(std::string* out, uint32_t value) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xFF);
  out->append(bytes, sizeof bytes);
}

bool ConsumeBigEndian64(std::string_view* in, uint64_t* value) {
  if (in->size() < 8) return false;
  uint64_t result = 0;
  for (int i = 0; i < 8; ++i) result = (result << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(8);
  *value = result;
  return true;
}

bool ConsumeBigEndian32(std::string_view* in, uint32_t* value) {
  if (in->size() < 4) return false;
  uint32_t result = 0;
  for (int i = 0; i < 4; ++i) result = (result << 8) | static_cast<uint8_t>((*in)[i]);
  in->remove_prefix(4);
  *value = result;
  return true;
}

std::string EntityKey(uint64_t id) {
  std::string out;
  AppendBigEndian64(&out, id);
  return out;
}

Result<uint64_t> DecodeEntityKey(std::string_view key) {
  std::string_view in = key;
  uint64_t id = 0;
  if (!ConsumeBigEndian64(&in, &id) || !in.empty()) return Malformed("entity", key);
  return id;
}

Status ValidateRelation(std::string_view relation) {
  if (relation.empty()) return Status::InvalidArgument("empty relation");
  if (relation.find(kTerminator) != std::string_view::npos) {
    return Status::InvalidArgument("relation contains a NUL byte");
  }
  return Status::Ok();
}

TripleKey TripleKeyOf(const pb::Triple& triple) {
  return TripleKey{triple.subject_id(), triple.relation(), triple.object_id(),
                   triple.polarity()};
}

void AppendSroKey(std::string* out, uint64_t subject_id, std::string_view relation,
                  uint64_t object_id, pb::Polarity polarity) {
  AppendBigEndian64(out, subject_id);
  AppendRelation(out, relation);
  AppendBigEndian64(out, object_id);
  out->push_back(static_cast<char>(polarity));
}

void AppendRosKey(std::string* out, uint64_t subject_id, std::string_view relation,
                  uint64_t object_id, pb::Polarity polarity) {
  AppendRelation(out, relation);
  AppendBigEndian64(out, object_id);
  AppendBigEndian64(out, subject_id);
  out->push_back(static_cast<char>(polarity));
}

void AppendOsrKey(std::string* out, uint64_t subject_id, std::string_view relation,
                  uint64_t object_id, pb::Polarity polarity) {
  AppendBigEndian64(out, object_id);
  AppendBigEndian64(out, subject_id);
  AppendRelation(out, relation);
  out->push_back(static_cast<char>(polarity));
}

namespace {

Result<std::string> EncodeTripleKey(const TripleKey& key, TripleKeyAppender append) {
  KG_RETURN_IF_ERROR(ValidateRelation(key.relation));
  std::string out;
  out.reserve(key.relation.size() + 18);
  append(&out, key.subject_id, key.relation, key.object_id, key.polarity);
  return out;
}

}  // namespace

Result<std::string> EncodeSroKey(const TripleKey& key) {
  return EncodeTripleKey(key, AppendSroKey);
}
Result<std::string> EncodeRosKey(const TripleKey& key) {
  return EncodeTripleKey(key, AppendRosKey);
}
Result<std::string> EncodeOsrKey(const TripleKey& key) {
  return EncodeTripleKey(key, AppendOsrKey);
}

Result<TripleKey> DecodeSroKey(std::string_view key) {
  std::string_view in = key;
  TripleKey out;
  if (!ConsumeBigEndian64(&in, &out.subject_id) || !ConsumeTerminated(&in, &out.relation) ||
      out.relation.empty() || !ConsumeBigEndian64(&in, &out.object_id) ||
      !ConsumePolarity(&in, &out.polarity) || !in.empty()) {
    return Malformed("triples_sro", key);
  }
  return out;
}

Result<TripleKey> DecodeRosKey(std::string_view key) {
  std::string_view in = key;
  TripleKey out;
  if (!ConsumeTerminated(&in, &out.relation) || out.relation.empty() ||
      !ConsumeBigEndian64(&in, &out.object_id) || !ConsumeBigEndian64(&in, &out.subject_id) ||
      !ConsumePolarity(&in, &out.polarity) || !in.empty()) {
    return Malformed("triples_ros", key);
  }
  return out;
}

Result<TripleKey> DecodeOsrKey(std::string_view key) {
  std::string_view in = key;
  TripleKey out;
  if (!ConsumeBigEndian64(&in, &out.object_id) || !ConsumeBigEndian64(&in, &out.subject_id) ||
      !ConsumeTerminated(&in, &out.relation) || out.relation.empty() ||
      !ConsumePolarity(&in, &out.polarity) || !in.empty()) {
    return Malformed("triples_osr", key);
  }
  return out;
}

std::string SroSubjectPrefix(uint64_t subject_id) { return EntityKey(subject_id); }

Result<std::string> SroSubjectRelationPrefix(uint64_t subject_id, std::string_view relation) {
  KG_RETURN_IF_ERROR(ValidateRelation(relation));
  std::string out = EntityKey(subject_id);
  AppendRelation(&out, relation);
  return out;
}

Result<std::string> RosRelationObjectPrefix(std::string_view relation, uint64_t object_id) {
  KG_RETURN_IF_ERROR(ValidateRelation(relation));
  std::string out;
  AppendRelation(&out, relation);
  AppendBigEndian64(&out, object_id);
  return out;
}

std::string OsrObjectPrefix(uint64_t object_id) { return EntityKey(object_id); }

Status ValidateArticleId(std::string_view article_id) {
  if (article_id.empty()) return Status::InvalidArgument("empty article id");
  if (article_id.find(kTerminator) != std::string_view::npos) {
    return Status::InvalidArgument("article id contains a NUL byte");
  }
  return Status::Ok();
}

void AppendEvidenceSuffix(std::string* out, std::string_view article_id, uint32_t sentence_index,
                          uint32_t begin) {
  out->append(article_id);
  out->push_back(kTerminator);
  AppendBigEndian32(out, sentence_index);
  AppendBigEndian32(out, begin);
}

Result<std::string> EncodeEvidenceKey(const EvidenceKey& key) {
  KG_RETURN_IF_ERROR(ValidateArticleId(key.article_id));
  Result<std::string> sro = EncodeSroKey(key.triple);
  if (!sro.ok()) return sro.status();
  std::string out = std::move(sro).value();
  AppendEvidenceSuffix(&out, key.article_id, key.sentence_index, key.begin);
  return out;
}

Result<EvidenceKey> DecodeEvidenceKey(std::string_view key) {
  std::string_view in = key;
  EvidenceKey out;
  TripleKey& triple = out.triple;
  if (!ConsumeBigEndian64(&in, &triple.subject_id) ||
      !ConsumeTerminated(&in, &triple.relation) || triple.relation.empty() ||
      !ConsumeBigEndian64(&in, &triple.object_id) ||
      !ConsumePolarity(&in, &triple.polarity) || !ConsumeTerminated(&in, &out.article_id) ||
      out.article_id.empty() || !ConsumeBigEndian32(&in, &out.sentence_index) ||
      !ConsumeBigEndian32(&in, &out.begin) || !in.empty()) {
    return Malformed("evidence", key);
  }
  return out;
}

std::string PrefixUpperBound(std::string_view prefix) {
  std::string bound(prefix);
  while (!bound.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(bound.back());
    if (last != 0xFF) {
      ++last;
      return bound;
    }
    bound.pop_back();
  }
  return bound;
}

std::string HexOf(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<uint8_t>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0F]);
  }
  return out;
}

}  // namespace kg::graph::keys
