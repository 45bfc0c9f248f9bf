// Model files: a versioned, checksummed, zstd-compressed container.
//
// Layout (little-endian):
//   8 bytes  magic "KGMODEL\0"
//   u32      format version (kModelFormatVersion)
//   u32      model kind (ModelKind)
//   u64      payload size before compression
//   u64      XXH64 of the uncompressed payload (seed 0)
//   ...      zstd frame holding the payload
// Each model defines its own payload; PayloadWriter/PayloadReader encode the
// usual pieces (integers, floats, strings, arrays) so payloads stay simple.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace kg::ingest {

enum class ModelKind : uint32_t {
  kTagger = 1,
  kParser = 2,
  kLemmatizer = 3,
  kTokenizer = 4,
  kSentenceSplitter = 5,
};

inline constexpr uint32_t kModelFormatVersion = 2;

// "tagger", "parser", ... for messages.
const char* ModelKindName(ModelKind kind);

// Compresses `payload` and writes the container to `path`, replacing it.
// Returns IOError when the file cannot be written.
Status WriteModelFile(const std::string& path, ModelKind kind, std::string_view payload);

// Reads the container at `path` and returns the payload. Errors name the file:
// NotFound when missing, Corruption for a bad magic, truncated data, failed
// decompression or checksum mismatch, VersionMismatch for another format
// version, InvalidArgument when the file holds another kind of model.
Result<std::string> ReadModelFile(const std::string& path, ModelKind expected_kind);

// Same as above for a container already in memory; `name` is used in errors.
Result<std::string> DecodeModel(std::string_view bytes, ModelKind expected_kind,
                                const std::string& name);
std::string EncodeModel(ModelKind kind, std::string_view payload, int zstd_level = 19);

// Appends fixed-width little-endian values to a byte string.
class PayloadWriter {
 public:
  void U8(uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void I32(int32_t v) { Raw(&v, sizeof v); }
  void F32(float v) { Raw(&v, sizeof v); }
  void String(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    bytes_.append(s.data(), s.size());
  }
  void Strings(const std::vector<std::string>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (const std::string& s : v) String(s);
  }
  // A length-prefixed array of trivially copyable values.
  template <typename T>
  void Array(const std::vector<T>& v) {
    U64(v.size());
    Raw(v.data(), v.size() * sizeof(T));
  }
  void Raw(const void* data, size_t size) {
    bytes_.append(static_cast<const char*>(data), size);
  }
  // A LEB128 unsigned integer: small values take one byte.
  void Varint(uint32_t v) {
    while (v >= 0x80) {
      bytes_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    bytes_.push_back(static_cast<char>(v));
  }

  const std::string& bytes() const { return bytes_; }
  std::string Take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Reads what PayloadWriter wrote. Every read returns Corruption (naming the
// model) instead of running past the end.
class PayloadReader {
 public:
  PayloadReader(std::string_view bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}

  Status U8(uint8_t* v) { return Raw(v, sizeof *v); }
  Status U32(uint32_t* v) { return Raw(v, sizeof *v); }
  Status U64(uint64_t* v) { return Raw(v, sizeof *v); }
  Status I32(int32_t* v) { return Raw(v, sizeof *v); }
  Status F32(float* v) { return Raw(v, sizeof *v); }
  Status String(std::string* s);
  Status Strings(std::vector<std::string>* v);
  template <typename T>
  Status Array(std::vector<T>* v) {
    uint64_t n = 0;
    KG_RETURN_IF_ERROR(U64(&n));
    if (n > remaining() / sizeof(T)) return Truncated();
    v->resize(n);
    return Raw(v->data(), n * sizeof(T));
  }
  // A LEB128 unsigned integer of at most 32 bits.
  Status Varint(uint32_t* v) {
    uint32_t result = 0;
    for (int shift = 0; shift < 35 && pos_ < bytes_.size(); shift += 7) {
      uint8_t byte = static_cast<uint8_t>(bytes_[pos_++]);
      result |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *v = result;
        return Status::Ok();
      }
    }
    return Truncated();
  }
  // `n` varints into out[0..n): one check for the whole run, not per value.
  Status Varints(size_t n, uint32_t* out) {
    const uint8_t* p = reinterpret_cast<const uint8_t*>(bytes_.data()) + pos_;
    const uint8_t* end = reinterpret_cast<const uint8_t*>(bytes_.data()) + bytes_.size();
    for (size_t i = 0; i < n; ++i) {
      uint32_t result = 0;
      int shift = 0;
      while (true) {
        if (p == end || shift > 28) return Truncated();
        uint8_t byte = *p++;
        result |= static_cast<uint32_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) break;
        shift += 7;
      }
      out[i] = result;
    }
    pos_ = static_cast<size_t>(p - reinterpret_cast<const uint8_t*>(bytes_.data()));
    return Status::Ok();
  }
  Status Raw(void* out, size_t size) {
    if (size > remaining()) return Truncated();
    // An empty array has no buffer: memcpy must not see its null pointer.
    if (size == 0) return Status::Ok();
    std::memcpy(out, bytes_.data() + pos_, size);
    pos_ += size;
    return Status::Ok();
  }

  size_t remaining() const { return bytes_.size() - pos_; }
  // Corruption unless every byte was read.
  Status ExpectEnd() const;
  Status Truncated() const;
  // Corruption "NAME: what".
  Status Corrupt(const std::string& what) const;

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  std::string name_;
};

}  // namespace kg::ingest
