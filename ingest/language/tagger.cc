#include "ingest/language/tagger.h"

#include <algorithm>

#include "ingest/language/model_io.h"

namespace kg::ingest {

Tagger::Tagger(TaggerLexicon lexicon, LinearModel model, LinearModel refine)
    : lexicon_(std::move(lexicon)), model_(std::move(model)), refine_(std::move(refine)) {}

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
  // The second-pass model is optional so one-pass files stay readable.
  LinearModel refine;
  if (s.ok() && in.remaining() > 0) s = refine.Load(&in);
  if (s.ok()) s = in.ExpectEnd();
  if (!s.ok()) return s;
  if (model.num_classes() != lexicon.num_tags() ||
      (refine.num_classes() > 0 && refine.num_classes() != lexicon.num_tags())) {
    return Status::Corruption(name + ": tagger weights and tag set disagree");
  }
  return std::make_unique<Tagger>(std::move(lexicon), std::move(model), std::move(refine));
}

std::string Tagger::Encode() const {
  PayloadWriter out;
  lexicon_.Save(&out);
  model_.Save(&out);
  if (two_pass()) refine_.Save(&out);
  return out.Take();
}

Status Tagger::Save(const std::string& path) const {
  return WriteModelFile(path, ModelKind::kTagger, Encode());
}

void Tagger::Pass(const TaggerInput& input, const std::vector<int>* first,
                  std::vector<int>* tags) const {
  const LinearModel& model = first == nullptr ? model_ : refine_;
  tags->assign(input.size(), 0);
  std::vector<uint64_t> features;
  std::vector<float> scores(num_tags());
  int prev = -1, prev2 = -1;
  for (int i = 0; i < input.size(); ++i) {
    int tag = input.known_tag(i);
    if (tag < 0) {
      if (first == nullptr) {
        input.Features(i, prev, prev2, &features);
      } else {
        input.RefineFeatures(i, prev, prev2, *first, &features);
      }
      std::fill(scores.begin(), scores.end(), 0.0f);
      model.Score(features.data(), features.size(), scores.data());
      tag = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
    }
    (*tags)[i] = tag;
    prev2 = prev;
    prev = tag;
  }
}

void Tagger::Tag(const std::vector<std::string_view>& forms, std::vector<int>* tags) const {
  TaggerInput input(lexicon_, forms);
  if (!two_pass()) {
    Pass(input, nullptr, tags);
    return;
  }
  std::vector<int> first;
  Pass(input, nullptr, &first);
  Pass(input, &first, tags);
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
