// kg-eval: scores kg's language core on a CoNLL-U treebank file.
//
//   kg-eval [FILE.conllu] [--models DIR] [--output SYSTEM.conllu]
//
// Prints tokeniser and sentence-splitter F1 on the file's raw text, then
// UPOS, XPOS, lemma accuracy, UAS and LAS on its gold tokenisation (CoNLL
// 2018 definitions), the model load time and the speeds on one core.
#include <chrono>
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "ingest/language/analyzer.h"
#include "ingest/language/conllu.h"
#include "ingest/language/evaluator.h"
#include "ingest/language/text_eval.h"

namespace {

using namespace kg::ingest;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of this thread: on a shared machine the honest "one core" clock.
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int Fail(const kg::Status& status) {
  std::fprintf(stderr, "kg-eval: %s\n", status.message().c_str());
  return 1;
}

// Words per CPU second of the whole raw-text pipeline over `text`.
double RawTextSpeed(const Analyzer& analyzer, const std::string& text, size_t* words) {
  Document document;
  document.source = "<treebank raw text>";
  document.text = text;
  double start = ThreadCpuSeconds();
  if (!analyzer.Analyze(document).ok()) return 0;
  double seconds = ThreadCpuSeconds() - start;
  *words = 0;
  for (const Sentence& s : document.sentences) *words += s.tokens.size();
  return seconds > 0 ? *words / seconds : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Evaluate kg's tokeniser, tagger, lemmatiser and parser on a CoNLL-U file"};
  std::string file = std::string(KG_MODELS_DIR) + "/../../shared/data/ud-english-ewt/en_ewt-ud-test.conllu";
  std::string models = Analyzer::DefaultModelsDir();
  std::string output;
  int beam = 0;
  float relabel_weight = -1;
  float label_margin_weight = -1;
  app.add_option("file", file, "gold CoNLL-U file")->capture_default_str();
  app.add_option("--models", models, "folder with tagger.bin, lemmatizer.bin, parser.bin")
      ->capture_default_str();
  app.add_option("--output", output, "write the system's CoNLL-U (gold tokenisation) here");
  app.add_option("--beam", beam, "parse with this beam width instead of the model's");
  app.add_option("--relabel-weight", relabel_weight,
                 "weigh the relabeller's scores by this instead of the model's weight (0 = off)")
      ->check(CLI::Range(0.0f, 1000.0f));
  app.add_option("--label-margin-weight", label_margin_weight,
                 "favour parses with clear relations by this instead of the model's weight (0 = off)")
      ->check(CLI::Range(0.0f, 1000.0f));
  CLI11_PARSE(app, argc, argv);

  if (!std::filesystem::exists(file)) {
    std::printf("kg-eval: %s not found (give a CoNLL-U file); nothing to evaluate\n", file.c_str());
    return 0;
  }
  auto gold = ReadConlluFile(file);
  if (!gold.ok()) return Fail(gold.status());
  auto load_start = Clock::now();
  double load_cpu = ThreadCpuSeconds();
  auto analyzer = Analyzer::Load(models);
  if (!analyzer.ok()) return Fail(analyzer.status());
  load_cpu = ThreadCpuSeconds() - load_cpu;
  double load_seconds = Since(load_start);
  if (beam > 0) (*analyzer)->mutable_parser().set_beam_width(beam);
  if (relabel_weight >= 0) (*analyzer)->mutable_parser().set_relabel_weight(relabel_weight);
  if (label_margin_weight >= 0) {
    (*analyzer)->mutable_parser().set_label_margin_weight(label_margin_weight);
  }

  std::printf("file: %s (%zu sentences)\nmodels: %s (loaded in %.3f s, %.3f s CPU)\n",
              file.c_str(), gold->size(), models.c_str(), load_seconds, load_cpu);
  auto tokenization = EvaluateTokenization(*gold, SentenceSplitter(), file);
  if (tokenization.ok()) {
    std::printf("raw text:  tokens F1 %.2f  words F1 %.2f  sentences F1 %.2f\n",
                100 * tokenization->tokens.F1(), 100 * tokenization->words.F1(),
                100 * tokenization->sentences.F1());
  } else {
    std::printf("raw text:  not scored: %s\n", tokenization.status().message().c_str());
  }
  double seconds = 0;
  double cpu = ThreadCpuSeconds();
  std::vector<ConlluSentence> system = AnnotateGoldTokens(**analyzer, *gold, &seconds);
  cpu = ThreadCpuSeconds() - cpu;
  auto scores = CompareAnnotation(*gold, system);
  if (!scores.ok()) return Fail(scores.status());
  scores->seconds = cpu;
  std::printf("gold tokenisation (%zu words):\n", scores->words);
  std::printf("  UPOS   %.2f\n  XPOS   %.2f\n  lemma  %.2f\n  UAS    %.2f\n  LAS    %.2f"
              "  (with subtypes %.2f)\n",
              scores->upos, scores->xpos, scores->lemma, scores->uas, scores->las,
              scores->las_full);
  auto raw = EvaluateRawText(**analyzer, *gold);
  if (raw.ok()) {
    std::printf("raw text, %zu of %zu system words aligned to %zu gold words (F1 %.2f):\n  UPOS   %.2f\n  XPOS   %.2f\n"
                "  lemma  %.2f\n  UAS    %.2f\n  LAS    %.2f  (with subtypes %.2f)\n",
                raw->aligned, raw->system_words, raw->words,
                200.0 * raw->aligned / std::max<size_t>(1, raw->words + raw->system_words), raw->upos,
                raw->xpos, raw->lemma, raw->uas, raw->las, raw->las_full);
  } else {
    std::printf("raw text: not scored: %s\n", raw.status().message().c_str());
  }
  size_t raw_words = 0;
  double raw_speed = RawTextSpeed(**analyzer, RebuildRawText(*gold), &raw_words);
  std::printf("speed, one core (words per CPU second): tag+lemmatise+parse %.0f; raw text "
              "pipeline (split+tokenise+tag+lemmatise+parse) %.0f over %zu words\n",
              scores->WordsPerSecond(), raw_speed, raw_words);
  if (!output.empty()) {
    kg::Status s = WriteConlluFile(system, output);
    if (!s.ok()) return Fail(s);
  }
  return 0;
}
