#include "ingest/language/tagger.h"

#include <algorithm>

#include "ingest/language/model_io.h"

namespace kg::ingest {

Tagger::Tagger(TaggerLexicon lexicon, LinearModel model)
    : lexicon_(std::move(lexicon)), model_(std::move(model)) {}

Result<std::unique_ptr<Tagger>> Tagger::Load(const std::string& path) {
  Result<std::string> payload = ReadModelFile(path, ModelKind::kTagger);
  if (!payload.ok()) return payload.status();
  return Decode(*payload, path);
}

Result<std::unique_ptr<Tagger>> Tagger::Decode(std::string_view payload, const std::string& name) {
  PayloadReader in(payload, name);
  TaggerLexicon lexicon;
  LinearModel model;
  Status s = lexicon.Load(&in);
  if (s.ok()) s = model.Load(&in);
  if (s.ok()) s = in.ExpectEnd();
  if (!s.ok()) return s;
  if (model.num_classes() != lexicon.num_tags()) {
    return Status::Corruption(name + ": tagger weights and tag set disagree");
  }
  return std::make_unique<Tagger>(std::move(lexicon), std::move(model));
}

std::string Tagger::Encode() const {
  PayloadWriter out;
  lexicon_.Save(&out);
  model_.Save(&out);
  return out.Take();
}

Status Tagger::Save(const std::string& path) const {
  return WriteModelFile(path, ModelKind::kTagger, Encode());
}

void Tagger::Tag(const std::vector<std::string_view>& forms, std::vector<int>* tags) const {
  TaggerInput input(lexicon_, forms);
  tags->assign(forms.size(), 0);
  std::vector<uint64_t> features;
  std::vector<float> scores(num_tags());
  int prev = -1, prev2 = -1;
  for (int i = 0; i < input.size(); ++i) {
    int tag = input.known_tag(i);
    if (tag < 0) {
      input.Features(i, prev, prev2, &features);
      std::fill(scores.begin(), scores.end(), 0.0f);
      model_.Score(features.data(), features.size(), scores.data());
      tag = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
    }
    (*tags)[i] = tag;
    prev2 = prev;
    prev = tag;
  }
}

void Tagger::TagSentence(Sentence* sentence) const {
  std::vector<std::string_view> forms;
  forms.reserve(sentence->tokens.size());
  for (const Token& t : sentence->tokens) forms.push_back(t.form);
  std::vector<int> tags;
  Tag(forms, &tags);
  for (size_t i = 0; i < tags.size(); ++i) {
    sentence->tokens[i].upos = upos(tags[i]);
    sentence->tokens[i].xpos = xpos(tags[i]);
  }
}

}  // namespace kg::ingest
