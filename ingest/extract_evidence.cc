// One statement with its evidence: the sentence, the byte span covering
// predicate and arguments, and the raw wording of the relation.
#include "ingest/extract_internal.h"

#include <algorithm>

#include "graph/names.h"

namespace kg::ingest::extract_internal {

void SentenceExtractor::Emit(const Arg& subject, const RelationMatch& match, const Arg& object,
                             const std::string& raw, int predicate, const ClauseStance& stance) {
  if (match.relation.empty() || graph::NormalizeName(subject.name) == graph::NormalizeName(object.name)) {
    return;
  }
  // "forces attempting to reclaim Aleppo" hold no fact about Aleppo: an
  // attempt, aim or plan is not its outcome (hedges such as "reportedly"
  // stay as modality).
  if (StatesIntention(stance.modality)) return;
  const Arg& s = match.inverse ? object : subject;
  const Arg& o = match.inverse ? subject : object;
  graph::TripleStatement triple;
  triple.subject = s.name;
  triple.subject_type = s.type;
  triple.relation = match.relation;
  triple.object = o.name;
  triple.object_type = o.type;
  triple.polarity = stance.polarity;
  triple.modality = stance.modality;
  triple.confidence = stance.modality.empty() ? 1.0f : 0.6f;
  int first = predicate, last = predicate;
  for (const Arg* a : {&s, &o}) {
    if (a->first >= 0) first = std::min(first, a->first);
    if (a->last >= 0) last = std::max(last, a->last);
  }
  pb::Evidence& evidence = triple.evidence;
  evidence.set_sentence_index(index_);
  evidence.set_begin(view_.token(first).begin);
  evidence.set_end(view_.token(last).end);
  evidence.set_sentence(std::string(view_.sentence().TextIn(view_.text())));
  evidence.set_raw_relation(stance.cue.empty() || stance.polarity != pb::POLARITY_NEGATIVE
                                ? raw
                                : stance.cue + " ... " + raw);
  evidence.set_modality(stance.modality);
  evidence.set_attribution(stance.attribution);
  const auto key = std::make_tuple(triple.subject, triple.relation, triple.object,
                                   static_cast<int>(triple.polarity));
  if (!seen_.insert(key).second) return;
  out_->push_back(std::move(triple));
}

}  // namespace kg::ingest::extract_internal
