// Open statements (ExtractOptions::open): every clause and copula of a
// sentence, and what appositions, titles and possessives state, with
// relation and arguments worded as the sentence words them. Unlike the
// canonical readers, any noun phrase is an argument ("the company", "its
// revenue"), names are not normalised and relations do not go through the
// lexicon: this is what Open IE benchmarks such as CaRB score, word by word.
#include "ingest/extract_internal.h"

#include <algorithm>

namespace kg::ingest::extract_internal {
namespace {

constexpr float kSplitPenalty = 0.05f;

}  // namespace

float SentenceExtractor::OpenConfidence(int predicate, bool inferred,
                                        const std::vector<std::string>& arguments) const {
  float confidence = 0.95f;
  if (inferred) confidence -= 0.15f;
  const std::string_view base = BaseRelation(view_.token(predicate).deprel);
  if (view_.token(predicate).deprel == "acl:relcl") {
    confidence -= 0.05f;
  } else if (OneOf(base, {"ccomp", "advcl", "acl", "xcomp", "csubj", "parataxis"})) {
    confidence -= 0.1f;
  }
  const ClauseStance stance = StanceOf(view_, predicate, lexicon());
  if (!stance.modality.empty() || stance.unclear) confidence -= 0.2f;
  size_t words = 0;
  for (const std::string& argument : arguments) {
    words += static_cast<size_t>(std::count(argument.begin(), argument.end(), ' ')) + 1;
  }
  // Long arguments are where attachment slips hide.
  if (words > 12) confidence -= std::min(0.3f, 0.05f * static_cast<float>((words - 12) / 6 + 1));
  if (arguments.size() == 1) confidence -= 0.6f;  // rarely what annotators wrote
  if (arguments.size() >= 4) confidence -= 0.05f;
  if (view_.size() > 40) confidence -= 0.1f;
  return std::clamp(confidence, 0.05f, 1.0f);
}

void SentenceExtractor::EmitOpen(const std::string& relation, const std::vector<std::string>& arguments,
                                 float confidence) {
  if (relation.empty() || arguments.empty() || arguments.front().empty()) return;
  std::vector<std::string> kept = {arguments.front()};
  for (size_t i = 1; i < arguments.size(); ++i) {
    if (!arguments[i].empty()) kept.push_back(arguments[i]);
  }
  for (const OpenStatement& known : *open_out_) {
    if (known.sentence_index == index_ && known.relation == relation && known.arguments == kept) {
      return;
    }
  }
  open_out_->push_back({index_, relation, std::move(kept), std::clamp(confidence, 0.05f, 1.0f)});
}

// Emits the statement; when its second argument is a list of names ("on
// Maria Lindqvist and Tomas Berg"), one statement per name instead, ranked a
// little lower, as annotators mostly split such lists.
void SentenceExtractor::EmitOpenSplit(const std::vector<int>& relation,
                                      const std::vector<std::vector<int>>& arguments, int predicate,
                                      bool inferred) {
  std::vector<std::string> words;
  for (const std::vector<int>& argument : arguments) words.push_back(Words(argument));
  const float confidence = OpenConfidence(predicate, inferred, words);
  const std::string relation_words = Words(relation);
  const std::vector<std::vector<int>> conjuncts =
      arguments.size() < 2 ? std::vector<std::vector<int>>() : ConjunctSplits(arguments[1]);
  if (conjuncts.empty()) {
    EmitOpen(relation_words, words, confidence);
    return;
  }
  for (const std::vector<int>& conjunct : conjuncts) {
    words[1] = Words(conjunct);
    EmitOpen(relation_words, words, confidence - kSplitPenalty);
  }
}

void SentenceExtractor::OpenStatements(int i) {
  const Token& token = view_.token(i);
  if (view_.FirstChild(i, "cop") >= 0) {
    OpenCopula(i);
  } else if (token.upos == "VERB") {
    OpenClause(i);
  }
  for (int appos : view_.ChildrenWith(i, "appos")) OpenApposition(i, appos);
  if (const int owner = view_.FirstChild(i, "nmod:poss"); owner >= 0) OpenPossessive(i, owner);
  if (token.upos == "PROPN" && IsMentionHead(view_, i)) OpenTitle(i);
}

// "Senator Ana Ruiz", "former Attorney General Omar Haddad": the
// named person holds the title (titles.tsv), said without a verb like an
// apposition.
void SentenceExtractor::OpenTitle(int head) {
  const std::vector<int> tokens = MentionTokens(view_, head);
  // The normaliser knows when a title names a person ("General Dynamics"
  // is no general).
  if (!context_.normalizer.Analyze(MentionWords(view_, tokens)).person) return;
  std::vector<std::string> forms;
  for (int i : tokens) forms.push_back(view_.token(i).form);
  for (size_t start = 0; start < forms.size(); ++start) {
    const std::optional<TitleMatch> title = context_.knowledge.titles.MatchAt(forms, start);
    if (!title || title->kind == TitleKind::kHonorific) continue;
    const size_t name_start = start + title->word_count;
    if (name_start >= forms.size()) return;
    const std::vector<int> name(tokens.begin() + static_cast<std::ptrdiff_t>(name_start), tokens.end());
    const bool named = std::all_of(name.begin(), name.end(), [&](int i) {
      return view_.token(i).upos == "PROPN" || IsPunctuation(view_.token(i));
    });
    if (!named) return;
    const std::vector<int> described(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(name_start));
    const std::vector<std::string> arguments = {Words(name), Words(described)};
    EmitOpen("be", arguments, OpenConfidence(head, false, arguments) - 0.2f);
    return;
  }
}

// "the company's revenue": the owner has it. Like an apposition, the
// relation is a word the sentence implies ("has"); pronoun owners ("its")
// say nothing without their antecedent.
void SentenceExtractor::OpenPossessive(int noun, int owner) {
  if (owner > noun || view_.token(owner).upos == "PRON") return;
  std::vector<int> holder = OpenPhrase(owner, true);
  holder.erase(std::remove_if(holder.begin(), holder.end(),
                              [&](int i) { return view_.token(i).deprel == "case"; }),
               holder.end());
  if (holder.empty()) return;
  std::vector<int> owned;  // the noun phrase after the owner and its "'s"
  for (int i : OpenPhrase(noun, true)) {
    if (i > holder.back() && !(view_.token(i).head == owner && view_.token(i).deprel == "case")) {
      owned.push_back(i);
    }
  }
  TrimPunct(&owned);
  if (owned.empty()) return;
  const std::vector<std::string> arguments = {Words(holder), Words(owned)};
  EmitOpen("has", arguments, OpenConfidence(noun, false, arguments) - 0.6f);
}

// "Hezbollah, a key ally of Assad": the sentence says "is" without the
// word, so the relation is the bare "be" (as Open IE systems write it;
// CaRB matches "be" with any form of "be").
void SentenceExtractor::OpenApposition(int noun, int appos) {
  if (appos < noun) return;
  const std::vector<int> holder = ModifiedNoun(noun, appos);
  const std::vector<int> description = OpenPhrase(appos, true);
  if (holder.empty() || description.empty()) return;
  const std::vector<std::string> arguments = {Words(holder), Words(description)};
  EmitOpen("be", arguments, OpenConfidence(noun, false, arguments) - 0.15f);
}

// "Ms. Okafor found a gap under the fence": the verb with its subject,
// object and obliques; without an object, the first oblique's preposition
// joins the relation ("led to").
void SentenceExtractor::OpenClause(int predicate) {
  bool inferred = false;
  const std::vector<int> subject = OpenSubject(predicate, 0, &inferred);
  if (subject.empty()) return;
  std::vector<int> relation = RelationTokens(predicate);
  std::vector<std::vector<int>> arguments = {subject};
  const int object = view_.FirstChild(predicate, "obj");
  const int indirect = view_.FirstChild(predicate, "iobj");
  const int complement = view_.FirstChild(predicate, "ccomp");
  const int xcomp = view_.FirstChild(predicate, "xcomp");
  std::vector<int> obliques = view_.ChildrenWith(predicate, "obl", true);
  if (object >= 0) {
    if (indirect >= 0) arguments.push_back(OpenPhrase(indirect, true));
    arguments.push_back(OpenPhrase(object, true));
  } else if (complement >= 0) {
    // "showed that small firms could raise prices".
    for (int mark : view_.ChildrenWith(complement, "mark")) relation.push_back(mark);
    arguments.push_back(ClausePhrase(complement));
  } else if (xcomp >= 0 && view_.token(xcomp).upos != "VERB") {
    arguments.push_back(OpenPhrase(xcomp, true));  // "became president"
  } else if (auto after = std::find_if(obliques.begin(), obliques.end(),
                                       [&](int o) {
                                         return o > predicate && view_.FirstChild(o, "case") >= 0;
                                       });
             after != obliques.end()) {
    // The first prepositional oblique after the verb: "In 2010 , Lena
    // asked for ..." is "asked for", with "In 2005" as a further argument.
    const int first = *after;
    obliques.erase(after);
    for (int c : view_.ChildrenWith(first, "case")) relation.push_back(c);
    arguments.push_back(OpenPhrase(first, false));
  }
  for (int oblique : obliques) arguments.push_back(OpenPhrase(oblique, true));
  std::sort(relation.begin(), relation.end());
  EmitOpenSplit(relation, arguments, predicate, inferred);
}

// "Okafor is a Nigerian farmer", "the capital is in the north".
void SentenceExtractor::OpenCopula(int predicate) {
  bool inferred = false;
  const std::vector<int> subject = OpenSubject(predicate, 0, &inferred);
  if (subject.empty()) return;
  std::vector<int> relation = RelationTokens(predicate);
  relation.erase(std::remove(relation.begin(), relation.end(), predicate), relation.end());
  for (int c : view_.ChildrenWith(predicate, "case")) relation.push_back(c);
  std::vector<int> complement = OpenPhrase(predicate, false);
  // "was an early influence on Maria Lindqvist": the noun and its preposition
  // join the relation, the prepositional object is the argument, as Open
  // IE systems and the CaRB annotators word it.
  const int split = RelationalComplement(predicate);
  if (split >= 0) {
    const std::vector<int> cases = view_.ChildrenWith(split, "case");
    const int start = std::min(split, cases.empty() ? split : cases.front());
    std::vector<int> rest;
    for (int i : complement) {
      if (i < start) {
        relation.push_back(i);
      } else if (std::find(cases.begin(), cases.end(), i) != cases.end()) {
        relation.push_back(i);
      } else {
        rest.push_back(i);
      }
    }
    complement = rest;
  }
  std::sort(relation.begin(), relation.end());
  EmitOpenSplit(relation, {subject, complement}, predicate, inferred);
}

// The first prepositional complement after a copula's noun or adjective
// ("influence on X", "loyal to X"), or -1.
int SentenceExtractor::RelationalComplement(int predicate) const {
  const std::string& upos = view_.token(predicate).upos;
  if (upos != "NOUN" && upos != "ADJ") return -1;
  for (int child : view_.children(predicate)) {
    const Token& t = view_.token(child);
    const std::string_view base = BaseRelation(t.deprel);
    if (child < predicate || (base != "nmod" && base != "obl") || t.deprel == "nmod:poss" ||
        t.deprel == "obl:tmod" || t.deprel == "obl:npmod") {
      continue;
    }
    if (view_.FirstChild(child, "case") >= 0) return child;
  }
  return -1;
}

}  // namespace kg::ingest::extract_internal
