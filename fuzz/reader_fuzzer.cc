// Fuzzes the article readers: the bytes as standard input (plain text), as a
// .jsonl file (one article per line) and as a .md file. Every problem must
// be a warning; Read itself may only fail when the visitor does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "graph/text.h"
#include "ingest/reader.h"

namespace {

void ReadOrDie(const std::vector<std::string>& paths, std::istream* stdin_stream) {
  kg::ingest::ReaderOptions options;
  options.stdin_stream = stdin_stream;
  kg::ingest::Reader reader(options);
  const kg::Status status = reader.Read(paths, [](kg::ingest::Document&& document) {
    // The reader promises valid UTF-8 text, whatever the input was.
    if (!kg::IsValidUtf8(document.text) || !kg::IsValidUtf8(document.title)) std::abort();
    return kg::Status::Ok();
  });
  if (!status.ok()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  std::istringstream in{std::string(bytes)};
  ReadOrDie({"-"}, &in);

  static const std::string jsonl = kg::fuzz::ScratchDir() + "/articles.jsonl";
  static const std::string markdown = kg::fuzz::ScratchDir() + "/article.md";
  kg::fuzz::WriteFile(jsonl, bytes);
  kg::fuzz::WriteFile(markdown, bytes);
  ReadOrDie({jsonl, markdown}, nullptr);
  return 0;
}
