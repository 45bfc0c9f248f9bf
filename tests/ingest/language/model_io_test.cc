#include "ingest/language/model_io.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace kg::ingest {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("kg_model_io_" + name)).string();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(ModelIoTest, FileRoundTrip) {
  std::string path = TempPath("roundtrip.bin");
  std::string payload(10000, 'x');
  payload += "tail";
  ASSERT_TRUE(WriteModelFile(path, ModelKind::kParser, payload).ok());
  auto read = ReadModelFile(path, ModelKind::kParser);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, payload);
  EXPECT_LT(std::filesystem::file_size(path), 1000u);  // compressed
  std::filesystem::remove(path);
}

struct DamageCase {
  const char* name;
  size_t offset;       // byte to change, or npos to truncate instead
  size_t keep;         // bytes kept when truncating
  Status::Code code;
  const char* message_part;
};

TEST(ModelIoTest, DamagedContainersGiveClearErrors) {
  std::string good = EncodeModel(ModelKind::kTagger, "payload bytes of a tagger model");
  const size_t npos = std::string::npos;
  const DamageCase cases[] = {
      {"magic", 0, 0, Status::Code::kCorruption, "not a kg model file"},
      {"version", 8, 0, Status::Code::kVersionMismatch, "model format version"},
      {"kind", 12, 0, Status::Code::kInvalidArgument, "expected a tagger model"},
      {"checksum", 24, 0, Status::Code::kCorruption, "checksum mismatch"},
      {"frame", 40, 0, Status::Code::kCorruption, "decompression failed"},
      {"short header", npos, 20, Status::Code::kCorruption, "bad magic"},
      {"truncated frame", npos, 45, Status::Code::kCorruption, "decompression failed"},
  };
  for (const DamageCase& c : cases) {
    std::string bytes = good;
    if (c.offset == npos) {
      bytes.resize(c.keep);
    } else {
      bytes[c.offset] = static_cast<char>(bytes[c.offset] ^ 0x5A);
    }
    auto payload = DecodeModel(bytes, ModelKind::kTagger, "m.bin");
    ASSERT_FALSE(payload.ok()) << c.name;
    EXPECT_EQ(payload.status().code(), c.code) << c.name << ": " << payload.status().message();
    EXPECT_NE(payload.status().message().find(c.message_part), std::string::npos)
        << c.name << ": " << payload.status().message();
    EXPECT_EQ(payload.status().message().rfind("m.bin: ", 0), 0u) << c.name;
  }
}

TEST(ModelIoTest, MissingAndWrongKindFiles) {
  auto missing = ReadModelFile(TempPath("absent.bin"), ModelKind::kTagger);
  EXPECT_TRUE(missing.status().IsNotFound());
  std::string path = TempPath("lemma.bin");
  WriteBytes(path, EncodeModel(ModelKind::kLemmatizer, "x"));
  auto wrong = ReadModelFile(path, ModelKind::kParser);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(),
            path + ": holds a lemmatizer model, expected a parser model");
  std::filesystem::remove(path);
}

TEST(ModelIoTest, PayloadReaderStopsAtTheEnd) {
  PayloadWriter w;
  w.U32(7);
  w.String("abc");
  w.Array(std::vector<float>{1.5f, -2.0f});
  std::string bytes = w.Take();
  PayloadReader r(bytes, "p");
  uint32_t v = 0;
  std::string s;
  std::vector<float> a;
  ASSERT_TRUE(r.U32(&v).ok());
  ASSERT_TRUE(r.String(&s).ok());
  ASSERT_TRUE(r.Array(&a).ok());
  EXPECT_EQ(v, 7u);
  EXPECT_EQ(s, "abc");
  EXPECT_EQ(a, (std::vector<float>{1.5f, -2.0f}));
  EXPECT_TRUE(r.ExpectEnd().ok());
  Status past = r.U32(&v);
  EXPECT_EQ(past.code(), Status::Code::kCorruption);
  EXPECT_EQ(past.message(), "p: model payload is truncated");
  PayloadReader short_reader(std::string_view(bytes).substr(0, 9), "q");
  ASSERT_TRUE(short_reader.U32(&v).ok());
  EXPECT_FALSE(short_reader.String(&s).ok());
}

// Issue 6 (fuzzing): a damaged header that claims a huge payload is refused
// before the payload is allocated, naming both sizes.
TEST(ModelIoTest, Issue6HeaderSizeMustMatchTheFrame) {
  std::string bytes = EncodeModel(ModelKind::kTagger, "payload bytes");
  const uint64_t claimed = uint64_t{1} << 29;
  std::memcpy(bytes.data() + 16, &claimed, sizeof claimed);
  auto payload = DecodeModel(bytes, ModelKind::kTagger, "m.bin");
  ASSERT_FALSE(payload.ok());
  EXPECT_EQ(payload.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(payload.status().message(),
            "m.bin: decompression failed (the frame holds 13 bytes, the header says 536870912)");
}

// Issue 6 (fuzzing): a header beyond 1 GiB is refused outright, and a frame
// cut short is refused before its claimed size is allocated.
TEST(ModelIoTest, Issue6AbsurdSizesAndTruncatedFrames) {
  std::string huge = EncodeModel(ModelKind::kTagger, "payload bytes");
  const uint64_t claimed = (uint64_t{1} << 30) + 1;
  std::memcpy(huge.data() + 16, &claimed, sizeof claimed);
  EXPECT_EQ(DecodeModel(huge, ModelKind::kTagger, "m.bin").status().message(),
            "m.bin: payload size out of range");

  std::string cut = EncodeModel(ModelKind::kTagger, std::string(1000, 'x'));
  cut.resize(cut.size() - 3);
  auto payload = DecodeModel(cut, ModelKind::kTagger, "m.bin");
  ASSERT_FALSE(payload.ok());
  EXPECT_EQ(payload.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(payload.status().message().rfind("m.bin: decompression failed (", 0), 0u)
      << payload.status().message();
}

// Issue 6 (fuzzing): an empty array, and reading nothing from an empty
// payload, copied from or into a null buffer (undefined behaviour that
// UBSan reports).
TEST(ModelIoTest, Issue6EmptyArraysAndEmptyPayloads) {
  PayloadWriter w;
  w.Array(std::vector<int32_t>{});
  const std::string bytes = w.Take();
  PayloadReader r(bytes, "p");
  std::vector<int32_t> empty = {1, 2};
  ASSERT_TRUE(r.Array(&empty).ok());
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(r.ExpectEnd().ok());

  PayloadReader nothing(std::string_view(), "n");
  EXPECT_TRUE(nothing.Raw(nullptr, 0).ok());
  uint32_t v = 0;
  EXPECT_EQ(nothing.U32(&v).message(), "n: model payload is truncated");
}

}  // namespace
}  // namespace kg::ingest
