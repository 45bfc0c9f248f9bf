// kg-train: builds the lemmatiser, tagger and parser models from UD English
// EWT, with word classes learned from unlabelled text (--unlabelled, by
// default ../shared/data/news; the treebank's own text when it is absent).
//
//   kg-train [--data DIR] [--out DIR] [--unlabelled DIR]
//            [--only lemmatizer|tagger|parser|parser-tuning|all] ...
//
// `--only parser-tuning` keeps the parser in --out as trained and tunes only
// its decoding weights on dev (seconds, where training takes minutes).
//
// Deterministic for a given seed. Prints progress per epoch and the dev
// figures of the kept models.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "ingest/language/cluster_trainer.h"
#include "ingest/language/conllu.h"
#include "ingest/language/lemmatizer.h"
#include "ingest/language/lemmatizer_trainer.h"
#include "ingest/language/parser.h"
#include "ingest/language/parser_trainer.h"
#include "ingest/language/tagger.h"
#include "ingest/language/tagger_trainer.h"
#include "ingest/language/tokenizer.h"
#include "ingest/language/word_features.h"
#include "tools/kg-train/unlabelled_text.h"

namespace {

using kg::Status;
namespace fs = std::filesystem;
using namespace kg::ingest;

void Log(const std::string& line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct Options {
  std::string data = std::string(KG_MODELS_DIR) + "/../../shared/data/ud-english-ewt";
  std::string unlabelled = std::string(KG_MODELS_DIR) + "/../../shared/data/news";
  std::string out = KG_MODELS_DIR;
  std::string only = "all";
  int tagger_epochs = 10;
  int parser_epochs = 10;
  int jackknife = 4;
  int beam = 4;
  uint64_t seed = 1;
  size_t train_limit = 0;
  float prune = 0.0f;
  int fine_classes = 512;
  int coarse_classes = 64;
  bool relabel_on_parses = true;
};

kg::Result<std::vector<ConlluSentence>> ReadSplit(const Options& o, const std::string& split,
                                                  size_t limit) {
  auto sentences = ReadConlluFile(o.data + "/en_ewt-ud-" + split + ".conllu");
  if (sentences.ok() && limit > 0 && sentences->size() > limit) sentences->resize(limit);
  return sentences;
}

std::vector<std::string> NormalisedWords(const std::vector<std::string_view>& forms) {
  std::vector<std::string> words;
  words.reserve(forms.size());
  for (std::string_view form : forms) words.push_back(NormaliseWord(form));
  return words;
}

// Word classes from the treebank's training text and the unlabelled text
// (when the folder exists): the tagger and parser use them as features.
WordClusters TrainClusters(const Options& o, const std::vector<ConlluSentence>& train) {
  auto start = std::chrono::steady_clock::now();
  ClusterTrainer trainer;
  for (const ConlluSentence& s : train) {
    std::vector<std::string_view> forms;
    for (const ConlluWord& w : s.words) forms.push_back(w.form);
    trainer.AddSentence(NormalisedWords(forms));
  }
  Tokenizer tokenizer;
  auto files = kg::tools::ForEachUnlabelledParagraph(o.unlabelled, [&](std::string_view text) {
    std::vector<Token> tokens = tokenizer.Tokenize(text);
    std::vector<std::string_view> forms;
    for (const Token& t : tokens) forms.push_back(t.form);
    trainer.AddSentence(NormalisedWords(forms));
  });
  Log("clusters: " + std::to_string(trainer.tokens()) + " words of text (" +
      (files.ok() ? std::to_string(*files) + " files in " + o.unlabelled : "treebank only: " + files.status().message()) +
      "), " + std::to_string(trainer.vocabulary()) + " distinct");
  ClusterTrainerOptions options;
  options.fine_classes = o.fine_classes;
  options.coarse_classes = o.coarse_classes;
  options.log = Log;
  WordClusters clusters = trainer.Train(options);
  Log("clusters: " + std::to_string(clusters.size()) + " words in classes after " +
      std::to_string(Seconds(start)) + " s");
  return clusters;
}

// Tunes the decoding weights of the parser saved in --out, tagging dev with
// the tagger saved beside it.
int TuneSavedParser(const Options& o, const std::vector<ConlluSentence>& dev) {
  auto tagger = Tagger::Load(o.out + "/tagger.bin");
  auto parser = tagger.ok() ? Parser::Load(o.out + "/parser.bin")
                            : kg::Result<std::unique_ptr<Parser>>(tagger.status());
  if (!parser.ok()) {
    std::fprintf(stderr, "kg-train: %s\n", parser.status().message().c_str());
    return 1;
  }
  ParserTrainerOptions options;
  options.log = Log;
  TuneDecodingWeights(**parser, **tagger, dev, options);
  Status s = (*parser)->Save(o.out + "/parser.bin");
  if (!s.ok()) {
    std::fprintf(stderr, "kg-train: %s\n", s.message().c_str());
    return 1;
  }
  Log("parser: label margin weight " + std::to_string((*parser)->label_margin_weight()) +
      ", relabel weight " + std::to_string((*parser)->relabel_weight()) + ", saved " + o.out +
      "/parser.bin");
  return 0;
}

int Run(const Options& o) {
  if (!fs::exists(o.data + "/en_ewt-ud-train.conllu")) {
    std::printf("kg-train: no treebank at %s (pass --data DIR); nothing to do\n", o.data.c_str());
    return 0;
  }
  auto train = ReadSplit(o, "train", o.train_limit);
  auto dev = ReadSplit(o, "dev", 0);
  if (!train.ok() || !dev.ok()) {
    std::fprintf(stderr, "kg-train: %s\n",
                 (!train.ok() ? train.status() : dev.status()).message().c_str());
    return 1;
  }
  std::error_code ec;
  fs::create_directories(o.out, ec);
  auto start = std::chrono::steady_clock::now();
  if (o.only == "all" || o.only == "lemmatizer") {
    auto lemmatizer = TrainLemmatizer(*train);
    Status s = lemmatizer.ok() ? (*lemmatizer)->Save(o.out + "/lemmatizer.bin") : lemmatizer.status();
    if (!s.ok()) {
      std::fprintf(stderr, "kg-train: %s\n", s.message().c_str());
      return 1;
    }
    Log("lemmatizer: saved " + o.out + "/lemmatizer.bin");
  }
  std::unique_ptr<Tagger> tagger;
  if (o.only == "all" || o.only == "tagger") {
    TaggerTrainerOptions options;
    options.epochs = o.tagger_epochs;
    options.seed = o.seed;
    options.prune = o.prune;
    options.log = Log;
    WordClusters clusters;
    if (o.fine_classes > 0) clusters = TrainClusters(o, *train);
    if (!clusters.empty()) options.clusters = &clusters;
    auto trained = TrainTagger(*train, *dev, options);
    if (!trained.ok()) {
      std::fprintf(stderr, "kg-train: %s\n", trained.status().message().c_str());
      return 1;
    }
    tagger = std::move(trained.value());
    Status s = tagger->Save(o.out + "/tagger.bin");
    if (!s.ok()) {
      std::fprintf(stderr, "kg-train: %s\n", s.message().c_str());
      return 1;
    }
    Log("tagger: dev joint accuracy " + std::to_string(TaggerAccuracy(*tagger, *dev)) + ", " +
        std::to_string(tagger->model().num_features()) + " features, saved " + o.out +
        "/tagger.bin after " + std::to_string(Seconds(start)) + " s");
  }
  if (o.only == "all" || o.only == "parser") {
    if (!tagger) {
      auto loaded = Tagger::Load(o.out + "/tagger.bin");
      if (!loaded.ok()) {
        std::fprintf(stderr, "kg-train: %s\n", loaded.status().message().c_str());
        return 1;
      }
      tagger = std::move(loaded.value());
    }
    ParserTrainerOptions options;
    options.epochs = o.parser_epochs;
    options.seed = o.seed;
    options.jackknife = o.jackknife;
    options.beam = o.beam;
    options.tagger_epochs = o.tagger_epochs;
    options.prune = o.prune;
    options.relabel_on_parses = o.relabel_on_parses;
    options.log = Log;
    auto parser = TrainParser(*train, *dev, *tagger, options);
    if (!parser.ok()) {
      std::fprintf(stderr, "kg-train: %s\n", parser.status().message().c_str());
      return 1;
    }
    Status s = (*parser)->Save(o.out + "/parser.bin");
    if (!s.ok()) {
      std::fprintf(stderr, "kg-train: %s\n", s.message().c_str());
      return 1;
    }
    Log("parser: saved " + o.out + "/parser.bin after " + std::to_string(Seconds(start)) + " s");
  }
  if (o.only == "parser-tuning") return TuneSavedParser(o, *dev);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train kg's lemmatiser, tagger and dependency parser on UD English EWT"};
  Options o;
  app.add_option("--data", o.data, "folder holding en_ewt-ud-{train,dev}.conllu")
      ->capture_default_str();
  app.add_option("--unlabelled", o.unlabelled,
                 "folder of unlabelled text (*.txt, Reuters *.sgm) for the word classes")
      ->capture_default_str();
  app.add_option("--classes", o.fine_classes, "word classes (0 = none)")->capture_default_str();
  app.add_option("--coarse-classes", o.coarse_classes, "groups of word classes")
      ->capture_default_str();
  app.add_option("--out", o.out, "folder to write lemmatizer.bin, tagger.bin and parser.bin")
      ->capture_default_str();
  app.add_option("--only", o.only, "which models to train")
      ->check(CLI::IsMember({"all", "lemmatizer", "tagger", "parser", "parser-tuning"}))
      ->capture_default_str();
  app.add_option("--tagger-epochs", o.tagger_epochs)->capture_default_str();
  app.add_option("--parser-epochs", o.parser_epochs)->capture_default_str();
  app.add_option("--jackknife", o.jackknife,
                 "folds for the predicted tags the parser trains on (0 = gold tags)")
      ->capture_default_str();
  app.add_option("--beam", o.beam, "parser beam width (1 = greedy)")->capture_default_str();
  app.add_option("--seed", o.seed)->capture_default_str();
  app.add_option("--prune", o.prune, "drop averaged weights smaller than this")
      ->capture_default_str();
  app.add_flag("--relabel-on-parses,!--no-relabel-on-parses", o.relabel_on_parses,
               "also train the relabeller on the beam's own parses")
      ->capture_default_str();
  app.add_option("--train-limit", o.train_limit, "use only the first N training sentences")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return Run(o);
}
