#include "ingest/language/analyzer.h"

#include <cstdlib>
#include <exception>

namespace kg::ingest {

Analyzer::Analyzer(std::unique_ptr<Tagger> tagger, std::unique_ptr<Lemmatizer> lemmatizer,
                   std::unique_ptr<Parser> parser)
    : tagger_(std::move(tagger)), lemmatizer_(std::move(lemmatizer)), parser_(std::move(parser)) {
  // The parser keeps its own tag table; translate once instead of per word.
  for (int t = 0; t < tagger_->num_tags(); ++t) {
    parser_tag_.push_back(parser_->TagId(tagger_->upos(t), tagger_->xpos(t)));
  }
}

std::string Analyzer::DefaultModelsDir() {
  const char* dir = std::getenv("KG_MODELS");
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string(KG_MODELS_DIR);
}

Result<std::unique_ptr<Analyzer>> Analyzer::LoadDefault() { return Load(DefaultModelsDir()); }

Result<std::unique_ptr<Analyzer>> Analyzer::Load(const std::string& models_dir) {
  auto tagger = Tagger::Load(models_dir + "/tagger.bin");
  if (!tagger.ok()) return tagger.status();
  auto lemmatizer = Lemmatizer::Load(models_dir + "/lemmatizer.bin");
  if (!lemmatizer.ok()) return lemmatizer.status();
  auto parser = Parser::Load(models_dir + "/parser.bin");
  if (!parser.ok()) return parser.status();
  return std::make_unique<Analyzer>(std::move(tagger.value()), std::move(lemmatizer.value()),
                                    std::move(parser.value()));
}

namespace {

void FormsOf(const Sentence& sentence, std::vector<std::string_view>* forms) {
  forms->clear();
  for (const Token& t : sentence.tokens) forms->push_back(t.form);
}

}  // namespace

void Analyzer::AnnotateSentence(Sentence* sentence) const { AnnotateSentences({sentence}); }

void Analyzer::AnnotateSentences(const std::vector<Sentence*>& sentences) const {
  std::vector<std::string_view> forms;
  // The parser's tag ids of each sentence, between the two stages.
  std::vector<std::vector<int>> parser_tags(sentences.size());
  for (size_t k = 0; k < sentences.size(); ++k) {
    Sentence& sentence = *sentences[k];
    FormsOf(sentence, &forms);
    std::vector<int>& tags = parser_tags[k];
    tagger_->Tag(forms, &tags);
    for (size_t i = 0; i < tags.size(); ++i) {
      Token& token = sentence.tokens[i];
      token.upos = tagger_->upos(tags[i]);
      token.xpos = tagger_->xpos(tags[i]);
      token.feats.assign(1, '_');  // not = "_": GCC 12 warns falsely (-Wrestrict)
      token.lemma = lemmatizer_->Lemmatize(token.form, token.upos, token.xpos);
      tags[i] = parser_tag_[tags[i]];
    }
  }
  std::vector<int> heads, labels;
  for (size_t k = 0; k < sentences.size(); ++k) {
    Sentence& sentence = *sentences[k];
    FormsOf(sentence, &forms);
    parser_->Parse(forms, parser_tags[k], &heads, &labels);
    for (size_t i = 0; i < heads.size(); ++i) {
      sentence.tokens[i].head = heads[i];
      sentence.tokens[i].deprel = parser_->label(labels[i]);
    }
  }
}

Status Analyzer::Analyze(Document& document) const {
  try {
    splitter_.SplitDocument(&document);
    std::vector<Sentence*> sentences;
    sentences.reserve(document.sentences.size());
    for (Sentence& sentence : document.sentences) sentences.push_back(&sentence);
    AnnotateSentences(sentences);
  } catch (const std::exception& e) {
    return Status::Internal(document.source + ": language analysis failed: " + e.what());
  }
  return Status::Ok();
}

}  // namespace kg::ingest
