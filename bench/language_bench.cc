// Speed of kg's language core on one core: the raw-text pipeline (split,
// tokenise, tag, lemmatise, parse) and each stage alone, over the raw text
// of UD English EWT dev (or the sample articles when the treebank is
// absent). items_per_second is words per second of CPU time.
//
//   language_bench [--benchmark_filter=RawText]
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/language/analyzer.h"
#include "ingest/language/conllu.h"
#include "ingest/language/text_eval.h"

namespace kg::ingest {
namespace {

const std::string kDev = std::string(KG_SHARED_DATA_DIR) + "/ud-english-ewt/en_ewt-ud-dev.conllu";

// Loaded once; a failure is reported by each benchmark.
struct Fixture {
  std::unique_ptr<Analyzer> analyzer;
  std::string error;
  std::string text;
  std::vector<Sentence> sentences;  // the analysed text, for per-stage runs
  size_t words = 0;

  Fixture() {
    auto loaded = Analyzer::Load(Analyzer::DefaultModelsDir());
    if (!loaded.ok()) {
      error = loaded.status().message();
      return;
    }
    analyzer = std::move(loaded.value());
    auto gold = ReadConlluFile(kDev);
    if (gold.ok()) {
      text = RebuildRawText(*gold);
    } else {
      for (const auto& entry : std::filesystem::directory_iterator(std::string(KG_SOURCE_DIR) + "/samples")) {
        std::ifstream in(entry.path());
        std::ostringstream body;
        body << in.rdbuf();
        text += body.str() + "\n\n";
      }
    }
    Document document;
    document.text = text;
    (void)analyzer->Analyze(document);
    sentences = document.sentences;
    for (const Sentence& s : sentences) words += s.tokens.size();
  }
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_RawTextPipeline(benchmark::State& state) {
  Fixture& f = Shared();
  if (!f.analyzer) return state.SkipWithError(f.error.c_str());
  for (auto _ : state) {
    Document document;
    document.text = f.text;
    benchmark::DoNotOptimize(f.analyzer->Analyze(document));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.words));
}

void BM_SplitAndTokenize(benchmark::State& state) {
  Fixture& f = Shared();
  if (!f.analyzer) return state.SkipWithError(f.error.c_str());
  SentenceSplitter splitter;
  for (auto _ : state) benchmark::DoNotOptimize(splitter.Split(f.text));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.words));
}

void BM_Tag(benchmark::State& state) {
  Fixture& f = Shared();
  if (!f.analyzer) return state.SkipWithError(f.error.c_str());
  std::vector<Sentence> sentences = f.sentences;
  for (auto _ : state) {
    for (Sentence& s : sentences) f.analyzer->tagger().TagSentence(&s);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.words));
}

void BM_Parse(benchmark::State& state) {
  Fixture& f = Shared();
  if (!f.analyzer) return state.SkipWithError(f.error.c_str());
  std::vector<Sentence> sentences = f.sentences;
  for (auto _ : state) {
    for (Sentence& s : sentences) f.analyzer->parser().ParseSentence(&s);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.words));
}

void BM_LoadModels(benchmark::State& state) {
  for (auto _ : state) {
    auto analyzer = Analyzer::Load(Analyzer::DefaultModelsDir());
    if (!analyzer.ok()) return state.SkipWithError(analyzer.status().message().c_str());
    benchmark::DoNotOptimize(analyzer);
  }
}

BENCHMARK(BM_RawTextPipeline)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_SplitAndTokenize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Tag)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadModels)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace kg::ingest

BENCHMARK_MAIN();
