// Analyzer: text in, annotated sentences out. The one entry point the rest
// of kg uses for language analysis.
//
// Runs, in order: sentence splitting and tokenisation (rules), tagging (UPOS
// and XPOS), lemmatisation and dependency parsing. The models are loaded
// once and only read afterwards, so one Analyzer may serve any number of
// threads at once; each call keeps its working state on its own stack.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"
#include "ingest/language/lemmatizer.h"
#include "ingest/language/parser.h"
#include "ingest/language/sentence_splitter.h"
#include "ingest/language/tagger.h"

namespace kg::ingest {

class Analyzer {
 public:
  Analyzer(std::unique_ptr<Tagger> tagger, std::unique_ptr<Lemmatizer> lemmatizer,
           std::unique_ptr<Parser> parser);
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Loads tagger.bin, lemmatizer.bin and parser.bin from `models_dir`.
  // Errors name the file: NotFound when one is missing, Corruption or
  // VersionMismatch when one does not decode (retrain with kg-train).
  static Result<std::unique_ptr<Analyzer>> Load(const std::string& models_dir);

  // Load(DefaultModelsDir()).
  static Result<std::unique_ptr<Analyzer>> LoadDefault();

  // $KG_MODELS when set and not empty, else the compiled-in KG_MODELS_DIR.
  static std::string DefaultModelsDir();

  // Replaces document.sentences with the sentences of document.text, every
  // token annotated: offsets, form, lemma, upos, xpos, head (index in the
  // sentence, -1 for the root) and deprel (UD basic relation). Returns
  // Internal, naming the document source, only if a library call throws.
  Status Analyze(Document& document) const;

  // Annotates the tokens already in `sentence` (their forms are used): for
  // text that is tokenised already, such as a treebank.
  void AnnotateSentence(Sentence* sentence) const;

  // AnnotateSentence for each of `sentences`, with the same result, stage by
  // stage: all are tagged and lemmatised before any is parsed. Each model's
  // tables then stay in the processor's cache for a run of sentences rather
  // than taking turns with the other model's, which makes a document's
  // analysis about 15% faster.
  void AnnotateSentences(const std::vector<Sentence*>& sentences) const;

  const Tagger& tagger() const { return *tagger_; }
  const Lemmatizer& lemmatizer() const { return *lemmatizer_; }
  const Parser& parser() const { return *parser_; }
  // For trying other parser settings (beam width); not thread safe: call
  // before the analyzer is shared.
  Parser& mutable_parser() { return *parser_; }

 private:
  SentenceSplitter splitter_;
  std::unique_ptr<Tagger> tagger_;
  std::unique_ptr<Lemmatizer> lemmatizer_;
  std::unique_ptr<Parser> parser_;
  std::vector<int> parser_tag_;  // tagger tag id -> parser tag id
};

}  // namespace kg::ingest
