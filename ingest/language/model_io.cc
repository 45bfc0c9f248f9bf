#include "ingest/language/model_io.h"

#include <xxhash.h>
#include <zstd.h>

#include <fstream>

namespace kg::ingest {
namespace {

constexpr char kMagic[8] = {'K', 'G', 'M', 'O', 'D', 'E', 'L', '\0'};
constexpr size_t kHeaderSize = 8 + 4 + 4 + 8 + 8;
// Refuse absurd sizes from a corrupt header before allocating: the largest
// shipped payload (the parser's) is about 21 MB, so 1 GiB leaves ample room.
constexpr uint64_t kMaxPayload = uint64_t{1} << 30;

template <typename T>
T Load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

const char* ModelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::kTagger: return "tagger";
    case ModelKind::kParser: return "parser";
    case ModelKind::kLemmatizer: return "lemmatizer";
    case ModelKind::kTokenizer: return "tokenizer";
    case ModelKind::kSentenceSplitter: return "sentence splitter";
  }
  return "unknown";
}

std::string EncodeModel(ModelKind kind, std::string_view payload, int zstd_level) {
  PayloadWriter header;
  header.Raw(kMagic, sizeof kMagic);
  header.U32(kModelFormatVersion);
  header.U32(static_cast<uint32_t>(kind));
  header.U64(payload.size());
  header.U64(XXH64(payload.data(), payload.size(), 0));
  std::string out = header.Take();
  size_t bound = ZSTD_compressBound(payload.size());
  out.resize(kHeaderSize + bound);
  size_t n = ZSTD_compress(out.data() + kHeaderSize, bound, payload.data(), payload.size(),
                           zstd_level);
  // Compression into a buffer of ZSTD_compressBound bytes cannot fail.
  out.resize(kHeaderSize + (ZSTD_isError(n) ? 0 : n));
  return out;
}

Result<std::string> DecodeModel(std::string_view bytes, ModelKind expected_kind,
                                const std::string& name) {
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return Status::Corruption(name + ": not a kg model file (bad magic)");
  }
  uint32_t version = Load<uint32_t>(bytes.data() + 8);
  uint32_t kind = Load<uint32_t>(bytes.data() + 12);
  uint64_t size = Load<uint64_t>(bytes.data() + 16);
  uint64_t checksum = Load<uint64_t>(bytes.data() + 24);
  if (version != kModelFormatVersion) {
    return Status::VersionMismatch(name + ": model format version " + std::to_string(version) +
                                   ", this build reads version " +
                                   std::to_string(kModelFormatVersion) + "; retrain with kg-train");
  }
  if (kind != static_cast<uint32_t>(expected_kind)) {
    return Status::InvalidArgument(name + ": holds a " +
                                   ModelKindName(static_cast<ModelKind>(kind)) + " model, expected a " +
                                   ModelKindName(expected_kind) + " model");
  }
  if (size > kMaxPayload) return Status::Corruption(name + ": payload size out of range");
  // Check the frame before allocating `size` bytes: a damaged header must
  // not cost gigabytes of zeroes. EncodeModel writes one frame that records
  // its content size; when that frame is the whole input, the sizes agree.
  const char* frames = bytes.data() + kHeaderSize;
  const size_t frames_size = bytes.size() - kHeaderSize;
  const unsigned long long framed = ZSTD_getFrameContentSize(frames, frames_size);
  if (framed == ZSTD_CONTENTSIZE_ERROR) {
    return Status::Corruption(name + ": decompression failed (not a zstd frame)");
  }
  const size_t frame_size = ZSTD_findFrameCompressedSize(frames, frames_size);
  if (ZSTD_isError(frame_size)) {
    return Status::Corruption(name + ": decompression failed (" + ZSTD_getErrorName(frame_size) +
                              ")");
  }
  const bool one_frame = frame_size == frames_size;
  if (framed != ZSTD_CONTENTSIZE_UNKNOWN && (framed > size || (one_frame && framed != size))) {
    return Status::Corruption(name + ": decompression failed (the frame holds " +
                              std::to_string(framed) + " bytes, the header says " +
                              std::to_string(size) + ")");
  }
  std::string payload(size, '\0');
  size_t n = ZSTD_decompress(payload.data(), payload.size(), frames, frames_size);
  if (ZSTD_isError(n)) {
    return Status::Corruption(name + ": decompression failed (" + ZSTD_getErrorName(n) + ")");
  }
  if (n != size) return Status::Corruption(name + ": payload shorter than its header says");
  if (XXH64(payload.data(), payload.size(), 0) != checksum) {
    return Status::Corruption(name + ": checksum mismatch");
  }
  return payload;
}

Status WriteModelFile(const std::string& path, ModelKind kind, std::string_view payload) {
  std::string bytes = EncodeModel(kind, payload);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError(path + ": cannot open for writing");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return Status::IOError(path + ": write failed");
  return Status::Ok();
}

Result<std::string> ReadModelFile(const std::string& path, ModelKind expected_kind) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::NotFound(path + ": model file not found");
  std::string bytes(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) return Status::IOError(path + ": read failed");
  return DecodeModel(bytes, expected_kind, path);
}

Status PayloadReader::String(std::string* s) {
  uint32_t n = 0;
  KG_RETURN_IF_ERROR(U32(&n));
  if (n > remaining()) return Truncated();
  s->assign(bytes_.data() + pos_, n);
  pos_ += n;
  return Status::Ok();
}

Status PayloadReader::Strings(std::vector<std::string>* v) {
  uint32_t n = 0;
  KG_RETURN_IF_ERROR(U32(&n));
  if (n > remaining() / 4) return Truncated();
  v->resize(n);
  for (std::string& s : *v) KG_RETURN_IF_ERROR(String(&s));
  return Status::Ok();
}

Status PayloadReader::ExpectEnd() const {
  if (remaining() != 0) {
    return Status::Corruption(name_ + ": " + std::to_string(remaining()) +
                              " unexpected bytes after the model payload");
  }
  return Status::Ok();
}

Status PayloadReader::Corrupt(const std::string& what) const {
  return Status::Corruption(name_ + ": " + what);
}

Status PayloadReader::Truncated() const {
  return Status::Corruption(name_ + ": model payload is truncated");
}

}  // namespace kg::ingest
