#include "ingest/language/lemmatizer.h"

#include <algorithm>
#include <cstdlib>

#include "ingest/language/model_io.h"

namespace kg::ingest {
namespace {

// Version of the payload layout inside the model container.
constexpr uint32_t kPayloadVersion = 1;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

template <typename Map>
std::vector<typename Map::const_iterator> SortedEntries(const Map& map) {
  std::vector<typename Map::const_iterator> entries;
  entries.reserve(map.size());
  for (auto it = map.begin(); it != map.end(); ++it) entries.push_back(it);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a->first < b->first; });
  return entries;
}

}  // namespace

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

char CaseShape(std::string_view form) {
  int upper = 0;
  int lower = 0;
  for (char c : form) {
    upper += IsUpper(c);
    lower += IsLower(c);
  }
  if (upper == 0) return 'l';
  if (lower == 0 && upper >= 2) return 'A';
  return IsUpper(form[0]) ? 'C' : 'l';
}

std::string ApplyCaseAction(std::string_view form, char action) {
  std::string out(form);
  switch (action) {
    case LemmatizerModel::kLower:
      return LowerAscii(form);
    case LemmatizerModel::kTitle:
      out = LowerAscii(form);
      [[fallthrough]];
    case LemmatizerModel::kUpperFirst:
      if (!out.empty() && IsLower(out[0])) out[0] = static_cast<char>(out[0] - 'a' + 'A');
      return out;
    default:
      return out;
  }
}

std::string Lemmatizer::Lemmatize(std::string_view form, std::string_view upos,
                                  std::string_view xpos) const {
  if (form.empty()) return std::string();
  // One key buffer per thread: lookups do not allocate once it has grown.
  thread_local std::string key;
  key.assign(form);
  key.push_back('\t');
  key.append(upos);
  if (!xpos.empty()) {
    size_t size = key.size();
    key.push_back('\t');
    key.append(xpos);
    if (auto it = model_.lexicon.find(key); it != model_.lexicon.end()) return it->second;
    key.resize(size);
  }
  if (auto it = model_.lexicon.find(key); it != model_.lexicon.end()) return it->second;

  key.assign(upos);
  key.push_back('\t');
  key.push_back(CaseShape(form));
  auto rule = model_.case_rules.find(key);
  char action = rule == model_.case_rules.end() ? static_cast<char>(LemmatizerModel::kKeep)
                                                : rule->second;
  std::string cased = ApplyCaseAction(form, action);
  if (cased != form) {
    key.assign(cased);
    key.push_back('\t');
    key.append(upos);
    if (auto it = model_.lexicon.find(key); it != model_.lexicon.end()) return it->second;
  }

  std::string lowered = LowerAscii(form);
  size_t longest = std::min<size_t>(lowered.size(), model_.max_suffix);
  for (size_t length = longest + 1; length-- > 0;) {
    key.assign(upos);
    key.push_back('\t');
    key.append(lowered, lowered.size() - length, length);
    auto it = model_.rules.find(key);
    if (it == model_.rules.end()) continue;
    const LemmatizerModel::Script& script = it->second;
    if (script.strip >= cased.size()) continue;
    cased.resize(cased.size() - script.strip);
    cased += script.append;
    return cased;
  }
  return cased;
}

void Lemmatizer::Annotate(Sentence* sentence) const {
  for (Token& token : sentence->tokens) token.lemma = Lemmatize(token.form, token.upos, token.xpos);
}

std::string EncodeLemmatizerModel(const LemmatizerModel& model) {
  PayloadWriter out;
  out.U32(kPayloadVersion);
  out.U32(model.max_suffix);
  out.U64(model.lexicon.size());
  for (const auto& it : SortedEntries(model.lexicon)) {
    out.String(it->first);
    out.String(it->second);
  }
  out.U64(model.rules.size());
  for (const auto& it : SortedEntries(model.rules)) {
    out.String(it->first);
    out.U8(it->second.strip);
    out.String(it->second.append);
  }
  out.U64(model.case_rules.size());
  for (const auto& it : SortedEntries(model.case_rules)) {
    out.String(it->first);
    out.U8(static_cast<uint8_t>(it->second));
  }
  return out.Take();
}

Result<LemmatizerModel> DecodeLemmatizerModel(std::string_view payload, const std::string& name) {
  PayloadReader in(payload, name);
  uint32_t version = 0;
  KG_RETURN_IF_ERROR(in.U32(&version));
  if (version != kPayloadVersion) {
    return Status::VersionMismatch(name + ": lemmatizer payload version " +
                                   std::to_string(version) + ", expected " +
                                   std::to_string(kPayloadVersion));
  }
  LemmatizerModel model;
  KG_RETURN_IF_ERROR(in.U32(&model.max_suffix));
  uint64_t count = 0;
  KG_RETURN_IF_ERROR(in.U64(&count));
  if (count > in.remaining()) return in.Truncated();
  model.lexicon.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string key;
    std::string lemma;
    KG_RETURN_IF_ERROR(in.String(&key));
    KG_RETURN_IF_ERROR(in.String(&lemma));
    model.lexicon.emplace(std::move(key), std::move(lemma));
  }
  KG_RETURN_IF_ERROR(in.U64(&count));
  if (count > in.remaining()) return in.Truncated();
  model.rules.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string key;
    LemmatizerModel::Script script;
    KG_RETURN_IF_ERROR(in.String(&key));
    KG_RETURN_IF_ERROR(in.U8(&script.strip));
    KG_RETURN_IF_ERROR(in.String(&script.append));
    model.rules.emplace(std::move(key), std::move(script));
  }
  KG_RETURN_IF_ERROR(in.U64(&count));
  if (count > in.remaining()) return in.Truncated();
  for (uint64_t i = 0; i < count; ++i) {
    std::string key;
    uint8_t action = 0;
    KG_RETURN_IF_ERROR(in.String(&key));
    KG_RETURN_IF_ERROR(in.U8(&action));
    model.case_rules.emplace(std::move(key), static_cast<char>(action));
  }
  KG_RETURN_IF_ERROR(in.ExpectEnd());
  return model;
}

Result<std::unique_ptr<Lemmatizer>> Lemmatizer::Load(const std::string& path) {
  Result<std::string> payload = ReadModelFile(path, ModelKind::kLemmatizer);
  if (!payload.ok()) return payload.status();
  Result<LemmatizerModel> model = DecodeLemmatizerModel(*payload, path);
  if (!model.ok()) return model.status();
  return std::make_unique<Lemmatizer>(std::move(model).value());
}

Result<std::unique_ptr<Lemmatizer>> Lemmatizer::LoadDefault() {
  const char* dir = std::getenv("KG_MODELS");
  std::string base = dir != nullptr && *dir != '\0' ? dir : KG_MODELS_DIR;
  return Load(base + "/lemmatizer.bin");
}

Status Lemmatizer::Save(const std::string& path) const {
  return WriteModelFile(path, ModelKind::kLemmatizer, EncodeLemmatizerModel(model_));
}

}  // namespace kg::ingest
