// Fuzzes model loading: the container (magic, version, sizes, checksum,
// zstd frame) and each model's payload decoder on arbitrary bytes. The first
// byte picks what the rest is fed to. A damaged model file must be a
// Corruption naming it, never a crash or a huge allocation.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/language/lemmatizer.h"
#include "ingest/language/model_io.h"
#include "ingest/language/parser.h"
#include "ingest/language/tagger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string name = "fuzz.bin";
  switch (data[0] % 4) {
    case 0: {
      using kg::ingest::ModelKind;
      for (ModelKind kind : {ModelKind::kTagger, ModelKind::kParser, ModelKind::kLemmatizer}) {
        (void)kg::ingest::DecodeModel(bytes, kind, name);
      }
      break;
    }
    case 1:
      (void)kg::ingest::Tagger::Decode(bytes, name);
      break;
    case 2:
      (void)kg::ingest::Parser::Decode(bytes, name);
      break;
    case 3:
      (void)kg::ingest::DecodeLemmatizerModel(bytes, name);
      break;
  }
  return 0;
}
