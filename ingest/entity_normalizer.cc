#include "ingest/entity_normalizer.h"

#include <algorithm>
#include <cctype>

#include "graph/names.h"
#include "ingest/knowledge_files.h"
#include "ingest/language/tokenizer.h"

namespace kg::ingest {

// The mention's words after the tokenizer's split hyphens are joined back
// ("al", "-", "Assad" -> "al-Assad") and edge punctuation is dropped.
struct EntityNormalizer::Span {
  std::vector<std::string> forms;
  std::vector<std::string> upos;

  size_t size() const { return forms.size(); }
  std::string Join(size_t begin, size_t end) const {
    std::string out;
    for (size_t i = begin; i < end && i < forms.size(); ++i) {
      if (!out.empty() && forms[i] != "'s" && forms[i] != "'") out += ' ';
      out += forms[i];
    }
    return out;
  }
  Span Sub(size_t begin, size_t end) const {
    Span sub;
    sub.forms.assign(forms.begin() + begin, forms.begin() + end);
    sub.upos.assign(upos.begin() + begin, upos.begin() + end);
    return sub;
  }
};

namespace {

const char* const kRelationSelf = "\x01self";  // the mention, filled in last

bool IsPunctuation(const std::string& form) {
  return !form.empty() && std::none_of(form.begin(), form.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  });
}

bool IsPossessiveMarker(const std::string& form) { return form == "'s" || form == "'"; }

bool IsDeterminer(const std::string& form) {
  static const char* const kDeterminers[] = {
      "the", "a", "an", "this", "that", "these", "those", "some", "any", "another", "such",
      "its", "their", "his", "her", "our", "my", "your", "several", "many", "few", "both",
      "all", "most", "other", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "ten", "dozens", "hundreds", "thousands", "of", "dozen", "hundred", "thousand"};
  std::string lower(form);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lower.empty() && std::all_of(lower.begin(), lower.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.';
      })) {
    return true;
  }
  return std::any_of(std::begin(kDeterminers), std::end(kDeterminers),
                     [&](const char* d) { return lower == d; });
}

bool IsDefinite(const std::string& form) {
  std::string lower(form);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "the" || lower == "this" || lower == "that" || lower == "these" ||
         lower == "those" || lower == "its" || lower == "their" || lower == "his" ||
         lower == "her";
}

bool StartsUpper(const std::string& form) {
  return !form.empty() && (std::isupper(static_cast<unsigned char>(form[0])) ||
                           static_cast<unsigned char>(form[0]) >= 0x80);
}

// Hyphen prefixes that qualify a title ("ex-President", "then-Gen.").
bool SplitQualifierPrefix(const std::string& form, std::string* prefix, std::string* rest) {
  for (const char* candidate : {"ex-", "then-", "Ex-", "Then-"}) {
    const std::string_view p(candidate);
    if (form.size() > p.size() && form.compare(0, p.size(), p) == 0) {
      *prefix = std::string(p);
      *rest = form.substr(p.size());
      return true;
    }
  }
  return false;
}

// A word that can end a proper name: capitalised, or with a capital after a
// name particle ("al-Sham", "d'Ivoire"); a tagger's NOUN is never one.
bool NameLike(const std::string& form, const std::string& upos) {
  if (upos == "PROPN") return true;
  if (!upos.empty() && upos != "X" && upos != "ADJ" && upos != "NUM") return false;
  if (StartsUpper(form)) return true;
  for (size_t i = 1; i < form.size(); ++i) {
    if ((form[i - 1] == '-' || form[i - 1] == '\'') &&
        std::isupper(static_cast<unsigned char>(form[i]))) {
      return true;
    }
  }
  return false;
}

// "US" and "U.S" are not the pronoun "us"; "They" and "it" are.
bool HasInnerCapital(const std::string& form) {
  return std::any_of(form.begin() + (form.empty() ? 0 : 1), form.end(),
                     [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
}

void Fill(std::string* field, const std::string& self) {
  if (*field == kRelationSelf) *field = self;
}

}  // namespace

const char* MentionKindName(MentionKind kind) {
  switch (kind) {
    case MentionKind::kNamed: return "named";
    case MentionKind::kCountry: return "country";
    case MentionKind::kGeneric: return "generic";
    case MentionKind::kUnresolved: return "unresolved";
  }
  return "unresolved";
}

EntityNormalizer::EntityNormalizer(const CountryTable& countries, const TitleTable& titles,
                                   const HeadTable& heads, const RelationLexicon* lexicon)
    : countries_(countries), titles_(titles), heads_(heads), lexicon_(lexicon) {}

void EntityNormalizer::AddAlias(std::string_view alias, std::string_view canonical) {
  const std::string key = FoldedKey(alias);
  if (!key.empty() && !canonical.empty()) aliases_[key] = std::string(canonical);
}

void EntityNormalizer::AddAliases(const AliasFile& aliases) {
  for (const AliasEntry& entry : aliases.entries) AddAlias(entry.alias, entry.canonical);
}

std::optional<std::string> EntityNormalizer::UserAlias(std::string_view name) const {
  if (aliases_.empty()) return std::nullopt;
  const auto it = aliases_.find(FoldedKey(name));
  if (it == aliases_.end()) return std::nullopt;
  return it->second;
}

EntityMention EntityNormalizer::Analyze(std::string_view text) const {
  static const Tokenizer kTokenizer;
  std::vector<MentionWord> words;
  for (const Token& token : kTokenizer.Tokenize(text)) words.push_back({token.form, {}, {}});
  return Analyze(words);
}

EntityMention EntityNormalizer::Analyze(const std::vector<MentionWord>& words) const {
  Span span;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& form = words[i].form;
    if (form == "-" && !span.forms.empty() && i + 1 < words.size() &&
        !IsPunctuation(words[i + 1].form)) {
      span.forms.back() += "-" + words[i + 1].form;
      if (words[i + 1].upos == "PROPN") span.upos.back() = "PROPN";
      ++i;
      continue;
    }
    std::string prefix, rest;
    if (SplitQualifierPrefix(form, &prefix, &rest)) {
      span.forms.push_back(prefix);
      span.upos.push_back("ADJ");
      span.forms.push_back(rest);
      span.upos.push_back(words[i].upos);
      continue;
    }
    span.forms.push_back(form == "’s" ? "'s" : form);
    span.upos.push_back(words[i].upos);
  }
  // Edge punctuation (quotes, commas) is not part of a name; "U.S." is kept.
  while (!span.forms.empty() && IsPunctuation(span.forms.back())) {
    span.forms.pop_back();
    span.upos.pop_back();
  }
  size_t first = 0;
  while (first < span.size() && IsPunctuation(span.forms[first])) ++first;
  return AnalyzeSpan(span.Sub(first, span.size()));
}

EntityMention EntityNormalizer::AnalyzeSpan(const Span& span) const {
  EntityMention out;
  if (span.size() == 0) return out;
  // 1. The user's word is final.
  if (auto alias = UserAlias(span.Join(0, span.size()))) {
    out.kind = MentionKind::kNamed;
    out.name = *alias;
    out.surface = span.Join(0, span.size());
    out.from_alias = true;
    return out;
  }
  // 2. Determiners and numbers, unless the whole is a country form ("The
  // Gambia", "The Hague").
  size_t begin = 0;
  bool definite = false;
  if (const auto whole = countries_.Find(span.Join(0, span.size()))) {
    if (!whole->ambiguous && whole->form != CountryForm::kPeople) {
      out.kind = MentionKind::kCountry;
      out.name = whole->country->name;
      out.surface = span.Join(0, span.size());
      out.country = whole->country;
      out.country_form = whole->form;
      return out;
    }
  } else {
    while (begin < span.size() && IsDeterminer(span.forms[begin])) {
      definite = definite || IsDefinite(span.forms[begin]);
      ++begin;
    }
  }
  if (begin == span.size()) return out;
  if (begin > 0) {
    if (auto alias = UserAlias(span.Join(begin, span.size()))) {
      out.kind = MentionKind::kNamed;
      out.name = *alias;
      out.surface = span.Join(begin, span.size());
      out.from_alias = true;
      return out;
    }
  }
  // 3. Possessives: the last marker splits possessor from possessed.
  for (size_t i = span.size() - 1; i > begin; --i) {
    if (IsPossessiveMarker(span.forms[i])) return AnalyzePossessive(span.Sub(begin, span.size()), i - begin);
  }
  // 4. Relational modifiers ("Iran-backed", "pro-Assad").
  std::vector<std::string> modifier_words;
  while (lexicon_ != nullptr && begin < span.size()) {
    const auto modifier = lexicon_->MatchModifier(span.forms[begin]);
    if (!modifier || !modifier->relation.canonical) break;
    const EntityMention argument = Analyze(modifier->argument);
    const std::string other = argument.name.empty() ? modifier->argument : argument.name;
    EntityFact fact;
    fact.relation = modifier->relation.relation;
    fact.wording = span.forms[begin];
    fact.subject = modifier->relation.inverse ? kRelationSelf : other;
    fact.object = modifier->relation.inverse ? other : kRelationSelf;
    out.facts.push_back(std::move(fact));
    modifier_words.push_back(span.forms[begin]);
    ++begin;
  }
  if (begin == span.size()) {
    out.facts.clear();
    return out;
  }

  EntityMention rest;
  AnalyzeRest(span, begin, definite, &rest);
  // A bare generic head keeps its relational modifiers as its name:
  // "pro-Assad militias" and "anti-Assad militias" are not one group.
  if (rest.kind == MentionKind::kGeneric && !modifier_words.empty() &&
      rest.surface == span.Join(begin, span.size()) &&
      heads_.MatchTail(span.forms, begin, span.size()).first == span.size() - begin) {
    std::string joined;
    for (const std::string& word : modifier_words) joined += word + " ";
    rest.name = joined + rest.name;
    rest.surface = joined + rest.surface;
  }
  if (rest.kind == MentionKind::kUnresolved && !modifier_words.empty() && rest.title.empty()) {
    // "the Iran-backed group": a description, not a pronoun-like reference.
    rest.kind = MentionKind::kGeneric;
    rest.surface = span.Join(begin - modifier_words.size(), span.size());
    rest.name = rest.surface;
  }
  for (EntityFact& fact : out.facts) rest.facts.push_back(std::move(fact));
  for (EntityFact& fact : rest.facts) {
    Fill(&fact.subject, rest.name);
    Fill(&fact.object, rest.name);
  }
  if (rest.name.empty()) {
    // Unresolved: facts about "it" would have no subject.
    rest.facts.erase(std::remove_if(rest.facts.begin(), rest.facts.end(),
                                    [](const EntityFact& f) {
                                      return f.subject.empty() || f.object.empty();
                                    }),
                     rest.facts.end());
  }
  return rest;
}

EntityMention EntityNormalizer::AnalyzePossessive(const Span& span, size_t marker) const {
  const EntityMention owner = AnalyzeSpan(span.Sub(0, marker));
  EntityMention owned = AnalyzeSpan(span.Sub(marker + 1, span.size()));
  const std::string owner_name = owner.name.empty() ? owner.surface : owner.name;
  const bool owner_is_state = owner.kind == MentionKind::kCountry;
  EntityMention out = owned;
  for (const EntityFact& fact : owner.facts) out.facts.push_back(fact);
  if (owned.from_alias) return out;

  if (!owned.title.empty()) {
    // "Syria's President Bashar al-Assad", "Hezbollah's leader".
    if (out.affiliation.empty() && !owner_name.empty()) {
      out.affiliation = owner_name;
      if (!out.name.empty()) out.facts.push_back({out.name, out.title_relation, owner_name, out.title});
    }
    return out;
  }
  switch (owned.kind) {
    case MentionKind::kNamed:
      if (owner_is_state) out.facts.push_back({out.name, "located_in", owner_name, "'s"});
      return out;
    case MentionKind::kCountry:
      return out;
    case MentionKind::kGeneric:
    case MentionKind::kUnresolved: {
      const std::string head = span.Join(marker + 1, span.size());
      if (head.empty()) return out;
      const HeadClass head_class = heads_.Classify(head);
      if (owner_is_state && head_class == HeadClass::kState) {
        out = owner;  // "Syria's government" is Syria
        out.surface = span.Join(0, span.size());
        return out;
      }
      out.kind = MentionKind::kGeneric;
      out.name = owner_is_state && owner.country != nullptr
                     ? CountryTable::PreferredAdjective(*owner.country) + " " + head
                     : owner.surface + "'s " + head;
      out.surface = span.Join(0, span.size());
      if (owner_is_state) out.country = owner.country;
      return out;
    }
  }
  return out;
}

bool EntityNormalizer::AnalyzeTitled(const Span& span, size_t begin, const EntityMention& prefix,
                                     EntityMention* out) const {
  const auto title = titles_.MatchAt(span.forms, begin);
  if (!title) return false;
  const size_t after = begin + title->word_count;
  const bool at_end = after == span.size();
  if (!at_end && span.forms[after] == "of" && after + 1 < span.size() && prefix.name.empty()) {
    // "the leader of HTS": a title whose holder is not named here.
    const EntityMention owner = AnalyzeSpan(span.Sub(after + 1, span.size()));
    if (owner.kind != MentionKind::kNamed && owner.kind != MentionKind::kCountry) return false;
    out->kind = MentionKind::kUnresolved;
    out->title = title->title;
    out->title_relation = title->kind == TitleKind::kLeads ? "leads" : "role";
    out->affiliation = owner.name;
    out->country = owner.country;
    out->person = true;
    return true;
  }
  if (!at_end && !StartsUpper(span.forms[after])) return false;  // "major offensive"
  if (!at_end) {
    // "Justice Department": an organisation, not a person with a title.
    const auto tail = heads_.MatchTail(span.forms, after, span.size());
    if (tail.second == HeadClass::kGeneric) return false;
  }
  if (title->kind == TitleKind::kHonorific) {
    if (at_end) return false;
    EntityMention name;
    AnalyzeRest(span, after, false, &name);
    *out = name;
    out->person = true;
    return true;
  }
  out->title = title->title;
  out->title_relation = title->kind == TitleKind::kLeads ? "leads" : "role";
  out->person = true;
  out->affiliation = prefix.name;
  out->country = prefix.country;
  out->country_form = prefix.country_form;
  if (at_end) {
    out->kind = MentionKind::kUnresolved;
    return true;
  }
  // A second title or honorific before the name ("Supreme Leader Ayatollah
  // Ali Khamenei", "Prime Minister Sheikh X") is not part of the name.
  size_t name_begin = after;
  if (auto second = titles_.MatchAt(span.forms, name_begin);
      second && name_begin + second->word_count < span.size() &&
      StartsUpper(span.forms[name_begin + second->word_count])) {
    name_begin += second->word_count;
  }
  out->kind = MentionKind::kNamed;
  out->surface = span.Join(name_begin, span.size());
  out->name = out->surface;
  if (auto alias = UserAlias(out->name)) {
    out->name = *alias;
    out->from_alias = true;
  }
  if (!out->affiliation.empty()) {
    out->facts.push_back({out->name, out->title_relation, out->affiliation, title->title});
  }
  return true;
}

void EntityNormalizer::AnalyzeRest(const Span& span, size_t begin, bool definite,
                                   EntityMention* out) const {
  const size_t end = span.size();
  const std::string whole = span.Join(begin, end);
  out->surface = whole;
  if (end - begin == 1 && !HasInnerCapital(whole) && heads_.Classify(whole) == HeadClass::kPronoun) {
    out->kind = MentionKind::kUnresolved;
    out->name.clear();
    return;
  }

  // Titles first, with no country before them: "President Bashar al-Assad".
  EntityMention no_prefix;
  if (AnalyzeTitled(span, begin, no_prefix, out)) return;

  // A country form at the start.
  const auto country = countries_.FindAt(span.forms, begin);
  if (country) {
    const size_t country_end = begin + country->word_count;
    EntityMention prefix;
    if (!country->ambiguous) {
      prefix.name = country->country->name;
      prefix.country = country->country;
      prefix.country_form = country->form;
    }
    if (country_end == end) {
      out->country = prefix.country;
      out->country_form = prefix.country_form;
      if (country->ambiguous || country->form == CountryForm::kPeople) {
        out->kind = MentionKind::kGeneric;  // "Syrians", "Koreans"
        out->name = whole;
      } else {
        out->kind = MentionKind::kCountry;
        out->name = country->country->name;
      }
      return;
    }
    // "Iranian Foreign Minister Abbas Araghchi", "the Iranian president".
    if (!prefix.name.empty() && AnalyzeTitled(span, country_end, prefix, out)) return;
    const auto tail = heads_.MatchTail(span.forms, country_end, end);
    if (tail.first == end - country_end && !StartsUpper(span.forms[end - 1])) {
      out->country = prefix.country;
      out->country_form = prefix.country_form;
      const std::string head = span.Join(country_end, end);
      if (tail.second == HeadClass::kState && !prefix.name.empty()) {
        out->kind = MentionKind::kCountry;  // "the Syrian government"
        out->name = prefix.name;
        return;
      }
      // "Iraqi fighters", "U.S. troops" -> "American troops": one spelling
      // per country, never the country itself.
      out->kind = MentionKind::kGeneric;
      out->name = prefix.country != nullptr
                      ? CountryTable::PreferredAdjective(*prefix.country) + " " + head
                      : whole;
      return;
    }
  }

  // A lower-case descriptor before a title ("opposition leader Juan Guaido",
  // "Venezuelan opposition leader ..."): the holder leads the descriptor, not
  // the state, so the whole is a role.
  {
    const size_t start = country && !country->ambiguous ? begin + country->word_count : begin;
    size_t t = start;
    while (t < end && !StartsUpper(span.forms[t])) ++t;
    if (t > start && t < end) {
      EntityMention prefix;
      if (country && !country->ambiguous) {
        prefix.name = country->country->name;
        prefix.country = country->country;
        prefix.country_form = country->form;
      }
      EntityMention titled;
      // The title itself may be lower case ("bureau chief"): try each start.
      for (size_t d = start + 1; d <= t; ++d) {
        const auto title = titles_.MatchAt(span.forms, d);
        if (!title || d + title->word_count != t) continue;
        if (AnalyzeTitled(span, d, prefix, &titled) && titled.kind == MentionKind::kNamed) {
          *out = titled;
          out->title = span.Join(start, d) + " " + titled.title;
          out->title_relation = "role";
          for (EntityFact& fact : out->facts) {
            fact.relation = "role";
            fact.wording = out->title;
          }
          return;
        }
      }
    }
  }

  // An organisation or body before a title: "Hezbollah leader Naim Qassem".
  for (size_t t = begin + 1; t < end; ++t) {
    if (!StartsUpper(span.forms[t - 1])) break;
    if (!titles_.MatchAt(span.forms, t)) continue;
    EntityMention prefix;
    const EntityMention owner = AnalyzeSpan(span.Sub(begin, t));
    if (owner.kind != MentionKind::kNamed && owner.kind != MentionKind::kCountry) continue;
    prefix.name = owner.name;
    prefix.country = owner.country;
    EntityMention titled;
    if (AnalyzeTitled(span, t, prefix, &titled)) {
      if (titled.kind == MentionKind::kUnresolved || titled.title.empty()) continue;
      *out = titled;
      for (const EntityFact& fact : owner.facts) out->facts.push_back(fact);
      return;
    }
  }

  // A lower-case generic head followed by a name: "the militia Kataib
  // Hezbollah", "rebel group Hayat Tahrir al-Sham".
  for (size_t g = end - 1; g > begin; --g) {
    if (StartsUpper(span.forms[g - 1]) || !StartsUpper(span.forms[g])) continue;
    const auto head = heads_.MatchTail(span.forms, begin, g);
    if (head.second != HeadClass::kGeneric) continue;
    bool all_upper = true;
    for (size_t i = g; i < end; ++i) all_upper = all_upper && (StartsUpper(span.forms[i]) ||
                                                               span.forms[i].find('-') != std::string::npos);
    if (!all_upper) continue;
    AnalyzeRest(span, g, false, out);
    return;
  }

  const auto tail = heads_.MatchTail(span.forms, begin, end);
  const bool head_is_name = NameLike(span.forms[end - 1], span.upos[end - 1]);
  if (tail.second != HeadClass::kNone && !head_is_name) {
    if (tail.first == end - begin && definite) {
      out->kind = MentionKind::kUnresolved;  // "the group", "the government"
      out->name.clear();
      return;
    }
    out->kind = MentionKind::kGeneric;  // "rebels", "Shiite militias"
    out->name = whole;
    if (country) out->country = country->ambiguous ? nullptr : country->country;
    return;
  }
  // A lower-case head that no list knows ("support", "strikes") describes.
  out->kind = head_is_name ? MentionKind::kNamed : MentionKind::kGeneric;
  out->name = whole;
  if (country && !country->ambiguous) {
    out->country = country->country;  // "Syrian Democratic Forces"
    out->country_form = country->form;
  }
}

}  // namespace kg::ingest
