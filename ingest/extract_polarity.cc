#include "ingest/extract_polarity.h"

#include "ingest/extract_internal.h"

#include <algorithm>

namespace kg::ingest {
namespace {

void AddWord(std::string* list, const std::string& word) {
  if (word.empty()) return;
  if (!list->empty()) {
    // Keep each hedge once ("could ... could").
    if ((" " + *list + " ").find(" " + word + " ") != std::string::npos) return;
    *list += " ";
  }
  *list += word;
}

std::string LowerForm(const Token& token) {
  std::string out = token.form;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The words of the subtree of `i`, as written (for attributions).
std::string SubtreeText(const SentenceView& view, int i) {
  int first = i, last = i;
  std::vector<int> stack = {i};
  while (!stack.empty()) {
    const int k = stack.back();
    stack.pop_back();
    first = std::min(first, k);
    last = std::max(last, k);
    for (int child : view.children(k)) {
      if (BaseRelation(view.token(child).deprel) != "punct") stack.push_back(child);
    }
  }
  return std::string(view.Span(first, last));
}

// Whether the clause under `node`, attached by `deprel` with `mark`, is an
// act its governor controls: "decided to send", "refrained from deploying".
bool ControlledClause(std::string_view deprel, const std::string& mark) {
  const std::string_view base = BaseRelation(deprel);
  if (base == "xcomp") return true;
  if (base == "advcl" || base == "acl") return mark == "to" || mark == "from" || mark == "in order to";
  return false;
}

// "No decision was made to send troops", "no troops were sent": a subject
// the negative determiner quantifies denies the clause. A passive clause
// the parser left without a subject takes the object just before it on its
// governor ("added no decision had been made to ..."). Returns the cue
// words, or "" when the subject is not negated.
std::string NegatedSubject(const SentenceView& view, int node, const RelationLexicon& lexicon) {
  int subject = view.FirstChild(node, "nsubj", true);
  const Token& token = view.token(node);
  if (subject < 0 && view.FirstChild(node, "aux:pass") >= 0 && token.head >= 0 &&
      BaseRelation(token.deprel) == "advcl") {
    const int object = view.FirstChild(token.head, "obj");
    if (object >= 0 && object < node) subject = object;
  }
  if (subject < 0) return "";
  const int det = view.FirstChild(subject, "det");
  if (det < 0 || lexicon.Cue(view.Lemma(det)) != CueClass::kNegation) return "";
  return view.token(det).form + " " + view.token(subject).form;
}

// Cues on the dependents of `node` itself: negation words, hedging
// auxiliaries and adverbs, "according to" phrases and reporting clauses
// hung on as parataxis ("..., sources said").
void ReadDependents(const SentenceView& view, int node, const RelationLexicon& lexicon,
                    int* negations, ClauseStance* stance) {
  if (std::string cue = NegatedSubject(view, node, lexicon); !cue.empty()) {
    ++*negations;
    stance->cue = cue;
  }
  for (int child : view.children(node)) {
    const Token& token = view.token(child);
    const std::string_view base = BaseRelation(token.deprel);
    if (base == "advmod" || base == "aux" || token.deprel == "neg" || base == "det") {
      const CueClass cue = lexicon.Cue(view.Lemma(child));
      const CueClass form_cue = lexicon.Cue(LowerForm(token));
      if ((cue == CueClass::kNegation || form_cue == CueClass::kNegation) && base != "det") {
        ++*negations;
        stance->cue = token.form;
      } else if ((cue == CueClass::kHedge || form_cue == CueClass::kHedge) && base != "det") {
        AddWord(&stance->modality, LowerForm(token));
      }
    }
    if ((base == "obl" || base == "advcl" || base == "nmod") && view.CaseOf(child) == "according to" &&
        stance->attribution.empty()) {
      std::string words = SubtreeText(view, child);
      stance->attribution = words;
    }
    if (base == "parataxis" && CueOfWord(view, child, lexicon) == CueClass::kAttribution &&
        stance->attribution.empty()) {
      const int subject = view.FirstChild(child, "nsubj", true);
      stance->attribution = (subject >= 0 ? SubtreeText(view, subject) + " " : std::string()) +
                            view.token(child).form;
    }
  }
}

// The reporting verb a phrase sits in, however deep ("stated that Tehran
// will ..., emphasizing the role of groups aiding Assad" is the minister's
// word): the topmost attribution verb reached through what it says (its
// complement, object or adverbial clause, never its subject), with its
// subject. "" when there is none.
std::string EnclosingReport(const SentenceView& view, int node, const RelationLexicon& lexicon) {
  std::string found;
  for (int depth = 0; depth < 12; ++depth) {
    const int parent = view.token(node).head;
    if (parent < 0 || parent >= view.size()) break;
    const std::string_view base = BaseRelation(view.token(node).deprel);
    if (base == "nsubj" || base == "csubj") break;  // a speaker's own description
    if (view.token(parent).upos == "VERB" && CueOfWord(view, parent, lexicon) == CueClass::kAttribution &&
        (base == "ccomp" || base == "obj" || base == "advcl" || base == "xcomp" || base == "parataxis")) {
      const int subject = view.FirstChild(parent, "nsubj", true);
      found = (subject >= 0 ? SubtreeText(view, subject) + " " : std::string()) + view.token(parent).form;
    }
    node = parent;
  }
  return found;
}

}  // namespace

CueClass CueOfWord(const SentenceView& view, int i, const RelationLexicon& lexicon) {
  const std::string lemma = view.Lemma(i);
  for (int child : view.children(i)) {
    const std::string_view rel = view.token(child).deprel;
    if (rel == "compound:prt") {
      const CueClass cue = lexicon.Cue(lemma + " " + view.Lemma(child));
      if (cue != CueClass::kNone) return cue;
    }
    if (BaseRelation(rel) == "xcomp" || BaseRelation(rel) == "advcl" || BaseRelation(rel) == "obl") {
      const std::string mark = view.CaseOf(child);
      if (!mark.empty()) {
        const CueClass cue = lexicon.Cue(lemma + " " + mark);
        // "pledge to" hedges a clause ("pledged to send"), not a noun
        // ("pledged support to Assad"); "refrain from" refuses either.
        const bool clausal = BaseRelation(rel) != "obl";
        if (cue != CueClass::kNone && (clausal || cue == CueClass::kRefusal || cue == CueClass::kDenial)) {
          return cue;
        }
      }
    }
  }
  return lexicon.Cue(lemma);
}

ClauseStance StanceOf(const SentenceView& view, int predicate, const RelationLexicon& lexicon) {
  ClauseStance stance;
  int negations = 0;
  bool denied = false;
  ReadDependents(view, predicate, lexicon, &negations, &stance);

  // Climb through the clauses that govern this one.
  int node = predicate;
  for (int depth = 0; depth < 8; ++depth) {
    const Token& token = view.token(node);
    const int parent = token.head;
    if (parent < 0 || parent >= view.size()) break;
    const std::string mark = view.CaseOf(node);
    const std::string_view base = BaseRelation(token.deprel);
    const Token& governor = view.token(parent);
    if (governor.upos == "NOUN" && (base == "acl" || base == "ccomp")) {
      // "no decision had been made to send", "refusal to send".
      const int det = view.FirstChild(parent, "det");
      const CueClass noun_cue = lexicon.Cue(view.Lemma(parent));
      if ((det >= 0 && lexicon.Cue(view.Lemma(det)) == CueClass::kNegation) ||
          noun_cue == CueClass::kNegation) {
        ++negations;
        stance.cue = det >= 0 ? view.token(det).form + " " + governor.form : governor.form;
      } else if (noun_cue == CueClass::kRefusal || noun_cue == CueClass::kDenial) {
        denied = true;
        stance.cue = governor.form;
      } else if (extract_internal::IsDecisionNoun(view.Lemma(parent))) {
        // "the EU's commitment to securing Iraq": a plan, not its outcome.
        AddWord(&stance.modality, "plan");
      }
      break;
    }
    const bool controlled = ControlledClause(token.deprel, mark);
    // Only complement clauses are reports; an adverbial clause ("ended in
    // a ceasefire, prompting ...") is asserted on its own.
    const bool reported = base == "ccomp";
    if (!controlled && !reported) break;

    int governor_negations = 0;
    ClauseStance governor_stance;
    ReadDependents(view, parent, lexicon, &governor_negations, &governor_stance);
    const CueClass cue = CueOfWord(view, parent, lexicon);
    if (cue == CueClass::kDenial || cue == CueClass::kRefusal) {
      if (governor_negations % 2 == 1) stance.unclear = true;  // "did not deny"
      denied = true;
      stance.cue = governor.form;
    } else if (cue == CueClass::kNegation) {  // "failed to"
      ++negations;
      stance.cue = governor.form;
    } else if (governor_negations % 2 == 1) {
      // "has not been requested to intervene" denies the act; "did not say
      // that ..." leaves it open.
      if (controlled) {
        ++negations;
        stance.cue = governor_stance.cue;
      } else {
        stance.unclear = true;
      }
    }
    // "has yet to deploy": the act has not happened.
    if (controlled && mark == "to") {
      for (int child : view.children(parent)) {
        if (view.Lemma(child) == "yet") {
          ++negations;
          stance.cue = "yet to";
        }
      }
    }
    if (cue == CueClass::kHedge) AddWord(&stance.modality, view.Lemma(parent));
    if (!governor_stance.modality.empty()) AddWord(&stance.modality, governor_stance.modality);
    if (stance.attribution.empty()) stance.attribution = governor_stance.attribution;
    if (cue == CueClass::kAttribution && stance.attribution.empty() && reported) {
      const int subject = view.FirstChild(parent, "nsubj", true);
      stance.attribution =
          (subject >= 0 ? SubtreeText(view, subject) + " " : std::string()) + governor.form;
    }
    node = parent;
  }
  if (stance.attribution.empty()) stance.attribution = EnclosingReport(view, predicate, lexicon);
  if (denied && negations % 2 == 1) stance.unclear = true;
  if (denied || negations % 2 == 1) stance.polarity = pb::POLARITY_NEGATIVE;
  return stance;
}

}  // namespace kg::ingest
