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

void Analyzer::AnnotateSentence(Sentence* sentence) const {
  std::vector<std::string_view> forms;
  forms.reserve(sentence->tokens.size());
  for (const Token& t : sentence->tokens) forms.push_back(t.form);
  std::vector<int> tags, heads, labels;
  tagger_->Tag(forms, &tags);
  for (size_t i = 0; i < tags.size(); ++i) {
    Token& token = sentence->tokens[i];
    token.upos = tagger_->upos(tags[i]);
    token.xpos = tagger_->xpos(tags[i]);
    token.feats.assign(1, '_');  // not = "_": GCC 12 warns falsely (-Wrestrict)
    token.lemma = lemmatizer_->Lemmatize(token.form, token.upos, token.xpos);
    tags[i] = parser_tag_[tags[i]];
  }
  parser_->Parse(forms, tags, &heads, &labels);
  for (size_t i = 0; i < heads.size(); ++i) {
    sentence->tokens[i].head = heads[i];
    sentence->tokens[i].deprel = parser_->label(labels[i]);
  }
}

Status Analyzer::Analyze(Document& document) const {
  try {
    splitter_.SplitDocument(&document);
    for (Sentence& sentence : document.sentences) AnnotateSentence(&sentence);
  } catch (const std::exception& e) {
    return Status::Internal(document.source + ": language analysis failed: " + e.what());
  }
  return Status::Ok();
}

}  // namespace kg::ingest
