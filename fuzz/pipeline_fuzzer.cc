// Fuzzes the whole analysis: the bytes go through the reader as standard
// input (so invalid UTF-8, NUL bytes and the like are handled exactly as in
// `kg ingest`), then every article runs through the default pipeline (the
// committed models, loaded once) and the conversion for the store.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <sstream>
#include <string>
#include <utility>

#include "fuzz/fuzz_support.h"
#include "ingest/ingest_runner.h"
#include "ingest/pipeline.h"
#include "ingest/reader.h"
#include "ingest/stages.h"

namespace {

const kg::ingest::Pipeline& DefaultPipeline() {
  static const kg::ingest::Pipeline* pipeline = [] {
    kg::ingest::StageContext context;
    context.models_dir = kg::fuzz::SourcePath("models");
    auto built = kg::ingest::Pipeline::Build(kg::ingest::DefaultStageNames(),
                                             kg::ingest::DefaultStageRegistry(), context);
    if (!built.ok()) {
      std::fprintf(stderr, "pipeline_fuzzer: %s\n", built.status().message().c_str());
      std::abort();
    }
    return new kg::ingest::Pipeline(std::move(built).value());
  }();
  return *pipeline;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kg::ingest::Pipeline& pipeline = DefaultPipeline();
  std::istringstream in{std::string(reinterpret_cast<const char*>(data), size)};
  kg::ingest::ReaderOptions options;
  options.stdin_stream = &in;
  kg::ingest::Reader reader(options);
  const kg::Status status = reader.Read({"-"}, [&](kg::ingest::Document&& document) {
    // A stage may refuse an article (that is a reported skip); it must not
    // crash, and what it accepts must convert.
    (void)kg::ingest::AnalyzeArticle(std::move(document), pipeline);
    return kg::Status::Ok();
  });
  if (!status.ok()) std::abort();
  return 0;
}
