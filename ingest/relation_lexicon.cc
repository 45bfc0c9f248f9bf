#include "ingest/relation_lexicon.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "graph/names.h"
#include "graph/text.h"
#include "ingest/knowledge_files.h"

namespace kg::ingest {
namespace {

struct KindName {
  const char* name;
  CueClass cue;  // kNone for the pattern and declaration kinds
};

constexpr KindName kCueKinds[] = {
    {"negation", CueClass::kNegation}, {"denial", CueClass::kDenial},
    {"refusal", CueClass::kRefusal},   {"hedge", CueClass::kHedge},
    {"attribution", CueClass::kAttribution},
};
constexpr const char* kAllKinds[] = {"relation", "class",  "verb",   "noun",   "modifier",
                                     "negation", "denial", "refusal", "hedge", "attribution"};

// Words that carry no meaning inside a relation phrase: "launch an attack
// on" and "pledge their support to" mean what "launch attack on" and
// "pledge support to" do.
bool IsFillerWord(std::string_view word) {
  static const char* const kFillers[] = {"a",   "an",  "the",   "its",  "their", "his",
                                         "her", "our", "your",  "my",   "this",  "that",
                                         "these", "those"};
  return std::any_of(std::begin(kFillers), std::end(kFillers),
                     [&](const char* filler) { return word == filler; });
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, size_t skip = std::string::npos) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i == skip) continue;
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

// " (did you mean 'supports'?)" for the nearest of `choices`, or "".
template <typename Range>
std::string Suggest(std::string_view wrong, const Range& choices) {
  std::string best;
  size_t best_distance = wrong.size() / 2 + 2;
  for (const auto& choice : choices) {
    const size_t distance = EditDistance(wrong, choice);
    if (distance < best_distance) {
      best_distance = distance;
      best = choice;
    }
  }
  return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Iran - backed" -> "Iran-backed": the tokenizer splits hyphens off.
std::string CloseHyphens(std::string_view word) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (word[i] == ' ' && ((i + 1 < word.size() && word[i + 1] == '-') ||
                           (!out.empty() && out.back() == '-'))) {
      continue;
    }
    out += word[i];
  }
  return out;
}

}  // namespace

const char* CueClassName(CueClass cue) {
  switch (cue) {
    case CueClass::kNone: return "none";
    case CueClass::kNegation: return "negation";
    case CueClass::kDenial: return "denial";
    case CueClass::kRefusal: return "refusal";
    case CueClass::kHedge: return "hedge";
    case CueClass::kAttribution: return "attribution";
  }
  return "none";
}

std::string RelationKey(std::string_view phrase) {
  std::vector<std::string> kept;
  for (std::string& word : SplitWords(FoldedKey(phrase))) {
    if (!IsFillerWord(word)) kept.push_back(std::move(word));
  }
  return JoinWords(kept);
}

Result<RelationLexicon> RelationLexicon::Parse(std::istream& in, const std::string& display_name) {
  RelationLexicon lexicon;
  KG_RETURN_IF_ERROR(lexicon.AddStream(in, display_name));
  return lexicon;
}

Result<RelationLexicon> RelationLexicon::Load(const std::string& path) {
  RelationLexicon lexicon;
  KG_RETURN_IF_ERROR(lexicon.AddFile(path));
  return lexicon;
}

Result<RelationLexicon> RelationLexicon::LoadDefault(const std::string& data_dir,
                                                     const std::vector<std::string>& extra_files) {
  auto lexicon = Load(KnowledgeFilePath("relations.tsv", data_dir));
  if (!lexicon.ok()) return lexicon.status();
  for (const std::string& path : extra_files) KG_RETURN_IF_ERROR(lexicon->AddFile(path));
  return lexicon;
}

Status RelationLexicon::AddFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open relation lexicon");
  return AddStream(in, path);
}

Status RelationLexicon::AddStream(std::istream& in, const std::string& display_name) {
  auto lines = ReadKnowledgeLines(in, display_name);
  if (!lines.ok()) return lines.status();
  for (const KnowledgeLine& line : *lines) KG_RETURN_IF_ERROR(AddLine(line.fields, line.where));
  return Status::Ok();
}

Status RelationLexicon::AddLine(const std::vector<std::string>& fields, const std::string& where) {
  const std::string& kind = fields[0];
  if (fields.size() < 2 || fields[1].empty()) {
    return Status::InvalidArgument(where + ": '" + kind + "' needs a pattern in field 2");
  }
  if (kind == "relation") {
    const std::string symmetry = fields.size() > 2 ? fields[2] : "directed";
    if (symmetry != "directed" && symmetry != "symmetric") {
      return Status::InvalidArgument(where + ": relation '" + fields[1] +
                                     "' must be 'directed' or 'symmetric', not '" + symmetry + "'");
    }
    if (relations_.emplace(fields[1], symmetry == "symmetric").second) {
      relation_order_.push_back(fields[1]);
    } else {
      relations_[fields[1]] = symmetry == "symmetric";
    }
    return Status::Ok();
  }
  if (kind == "class") {
    if (fields.size() < 3) {
      return Status::InvalidArgument(where + ": class '" + fields[1] + "' lists no members");
    }
    auto& members = classes_[fields[1]];
    members.clear();
    for (const std::string& member : SplitValues(fields[2])) members.push_back(RelationKey(member));
    return Status::Ok();
  }
  if (kind == "verb") return AddPattern(PatternKind::kVerb, fields, where);
  if (kind == "noun") return AddPattern(PatternKind::kNoun, fields, where);
  if (kind == "modifier") return AddPattern(PatternKind::kModifier, fields, where);
  for (const KindName& cue_kind : kCueKinds) {
    if (kind != cue_kind.name) continue;
    for (const std::string& phrase : SplitValues(fields[1])) {
      const std::string key = RelationKey(phrase);
      cues_[key] = {cue_kind.cue, phrase};
      max_cue_words_ = std::max(max_cue_words_, SplitWords(key).size());
    }
    return Status::Ok();
  }
  return Status::InvalidArgument(where + ": unknown kind '" + kind + "'" +
                                 Suggest(kind, kAllKinds));
}

Status RelationLexicon::AddPattern(PatternKind kind, const std::vector<std::string>& fields,
                                   const std::string& where) {
  if (fields.size() < 3 || fields[2].empty()) {
    return Status::InvalidArgument(where + ": '" + fields[1] +
                                   "' needs a relation in field 3 (or '-')");
  }
  if (fields.size() > 4) {
    return Status::InvalidArgument(where + ": expected at most 4 fields, found " +
                                   std::to_string(fields.size()));
  }
  Entry entry;
  entry.where = where;
  if (fields[2] != "-") {
    if (relations_.count(fields[2]) == 0) {
      return Status::InvalidArgument(where + ": relation '" + fields[2] +
                                     "' is not declared" + Suggest(fields[2], relation_order_));
    }
    entry.relation = fields[2];
  }
  if (fields.size() == 4 && !fields[3].empty()) {
    if (fields[3] != "forward" && fields[3] != "inverse") {
      return Status::InvalidArgument(where + ": direction must be 'forward' or 'inverse', not '" +
                                     fields[3] + "'");
    }
    entry.inverse = fields[3] == "inverse";
  }

  // Expand {class} references into one pattern per member.
  std::vector<std::string> patterns = SplitValues(fields[1]);
  for (size_t i = 0; i < patterns.size(); ++i) {
    const size_t open = patterns[i].find('{');
    if (open == std::string::npos) continue;
    const size_t close = patterns[i].find('}', open);
    if (close == std::string::npos) {
      return Status::InvalidArgument(where + ": '{' without '}' in '" + patterns[i] + "'");
    }
    const std::string name = patterns[i].substr(open + 1, close - open - 1);
    const auto members = classes_.find(name);
    if (members == classes_.end()) {
      std::vector<std::string> known;
      for (const auto& [class_name, unused] : classes_) known.push_back(class_name);
      return Status::InvalidArgument(where + ": class '{" + name + "}' is not defined" +
                                     Suggest(name, known));
    }
    const std::string before = patterns[i].substr(0, open);
    const std::string after = patterns[i].substr(close + 1);
    for (const std::string& member : members->second) patterns.push_back(before + member + after);
    patterns[i].clear();
  }

  for (const std::string& pattern : patterns) {
    if (pattern.empty()) continue;
    Entry expanded = entry;
    expanded.pattern = pattern;
    if (kind != PatternKind::kModifier) {
      auto& map = kind == PatternKind::kVerb ? verbs_ : nouns_;
      map[RelationKey(pattern)] = std::move(expanded);
      continue;
    }
    const std::string lower = Lower(CloseHyphens(pattern));
    Modifier modifier;
    if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "-x") == 0) {
      modifier.prefix = true;
      modifier.affix = lower.substr(0, lower.size() - 1);
    } else if (lower.size() > 2 && lower.compare(0, 2, "x-") == 0) {
      modifier.affix = lower.substr(1);
    } else {
      return Status::InvalidArgument(where + ": modifier pattern '" + pattern +
                                     "' must look like 'X-backed' or 'pro-X'");
    }
    modifier.entry = std::move(expanded);
    auto same = std::find_if(modifiers_.begin(), modifiers_.end(), [&](const Modifier& m) {
      return m.prefix == modifier.prefix && m.affix == modifier.affix;
    });
    if (same != modifiers_.end()) {
      *same = std::move(modifier);
    } else {
      modifiers_.push_back(std::move(modifier));
    }
  }
  return Status::Ok();
}

RelationMatch RelationLexicon::FromEntry(const Entry& entry, const std::string& phrase) const {
  RelationMatch match;
  match.entry = entry.pattern;
  match.where = entry.where;
  if (entry.relation.empty()) {
    match.relation = phrase;
    return match;
  }
  match.relation = entry.relation;
  match.canonical = true;
  match.inverse = entry.inverse;
  match.symmetric = IsSymmetric(entry.relation);
  return match;
}

const RelationLexicon::Entry* RelationLexicon::FindExact(PatternKind kind,
                                                         const std::string& key) const {
  const auto& map = kind == PatternKind::kVerb ? verbs_ : nouns_;
  const auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

RelationMatch RelationLexicon::NormalizeIn(const std::vector<PatternKind>& kinds,
                                           std::string_view phrase) const {
  const std::string key = RelationKey(phrase);
  for (PatternKind kind : kinds) {
    if (const Entry* entry = FindExact(kind, key)) return FromEntry(*entry, key);
  }
  // One inner modifier too many ("pledge military support to"): the first
  // and last words carry the frame, so only inner words may go.
  const std::vector<std::string> words = SplitWords(key);
  if (words.size() >= 3) {
    for (PatternKind kind : kinds) {
      for (size_t skip = 1; skip + 1 < words.size(); ++skip) {
        if (const Entry* entry = FindExact(kind, JoinWords(words, skip))) {
          return FromEntry(*entry, key);
        }
      }
    }
  }
  RelationMatch kept;
  kept.relation = key;
  return kept;
}

RelationMatch RelationLexicon::Normalize(std::string_view lemma_phrase) const {
  return NormalizeIn({PatternKind::kVerb, PatternKind::kNoun}, lemma_phrase);
}

RelationMatch RelationLexicon::NormalizeVerb(std::string_view lemma_phrase) const {
  return NormalizeIn({PatternKind::kVerb}, lemma_phrase);
}

RelationMatch RelationLexicon::NormalizeNoun(std::string_view lemma_phrase) const {
  return NormalizeIn({PatternKind::kNoun}, lemma_phrase);
}

std::optional<ModifierMatch> RelationLexicon::MatchModifier(std::string_view word) const {
  const std::string closed = CloseHyphens(word);
  const std::string lower = Lower(closed);
  const Modifier* best = nullptr;
  for (const Modifier& modifier : modifiers_) {
    const std::string& affix = modifier.affix;
    if (lower.size() <= affix.size()) continue;
    const bool hit = modifier.prefix
                         ? lower.compare(0, affix.size(), affix) == 0
                         : lower.compare(lower.size() - affix.size(), affix.size(), affix) == 0;
    if (hit && (best == nullptr || affix.size() > best->affix.size())) best = &modifier;
  }
  if (best == nullptr) return std::nullopt;
  ModifierMatch match;
  match.argument = best->prefix ? closed.substr(best->affix.size())
                                : closed.substr(0, closed.size() - best->affix.size());
  match.relation = FromEntry(best->entry, RelationKey(closed));
  return match;
}

CueClass RelationLexicon::Cue(std::string_view lemma_phrase) const {
  const auto it = cues_.find(RelationKey(lemma_phrase));
  return it == cues_.end() ? CueClass::kNone : it->second.first;
}

std::optional<CueMatch> RelationLexicon::CueAt(const std::vector<std::string>& lemmas,
                                               size_t start) const {
  if (start >= lemmas.size()) return std::nullopt;
  const size_t longest = std::min(max_cue_words_ + 2, lemmas.size() - start);
  for (size_t count = longest; count >= 1; --count) {
    std::string phrase = lemmas[start];
    for (size_t i = start + 1; i < start + count; ++i) phrase += " " + lemmas[i];
    const auto it = cues_.find(RelationKey(phrase));
    if (it != cues_.end()) return CueMatch{it->second.first, count, it->second.second};
  }
  return std::nullopt;
}

bool RelationLexicon::IsCanonical(std::string_view name) const {
  return relations_.count(std::string(name)) != 0;
}

bool RelationLexicon::IsSymmetric(std::string_view name) const {
  const auto it = relations_.find(std::string(name));
  return it != relations_.end() && it->second;
}

size_t RelationLexicon::PatternCount(PatternKind kind) const {
  switch (kind) {
    case PatternKind::kVerb: return verbs_.size();
    case PatternKind::kNoun: return nouns_.size();
    case PatternKind::kModifier: return modifiers_.size();
  }
  return 0;
}

}  // namespace kg::ingest
