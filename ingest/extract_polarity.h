// The standing of a clause: whether it is asserted or denied, hedged, and on
// whose word. See docs/relations.md, "Cue words".
//
// A clause is denied (negative polarity) when it is negated ("did not
// send"), when a denial or refusal governs it ("denied crossing", "refrained
// from deploying"), when a negated verb controls it ("has not been requested
// to intervene", "has yet to deploy"), or when it completes a negated noun
// ("no decision had been made to send"). Hedges become the modality and the
// reporting clause or "according to" phrase the attribution.
#pragma once

#include <string>

#include "ingest/extract_mentions.h"
#include "ingest/relation_lexicon.h"
#include "proto/kg.pb.h"

namespace kg::ingest {

struct ClauseStance {
  pb::Polarity polarity = pb::POLARITY_POSITIVE;
  // The statement cannot be read either way ("did not deny that ..."): the
  // extractor reports nothing rather than guess.
  bool unclear = false;
  std::string modality;     // hedge words ("reportedly", "could"), space-joined
  std::string attribution;  // "according to Iraqi security sources", "sources revealed"
  std::string cue;          // the word that made it negative, for the evidence
};

// The stance of the clause whose predicate is token `predicate`.
ClauseStance StanceOf(const SentenceView& view, int predicate, const RelationLexicon& lexicon);

// The cue class of token `i` read with its particle or preposition
// ("refrain from", "rule out"), else of its lemma alone.
CueClass CueOfWord(const SentenceView& view, int i, const RelationLexicon& lexicon);

}  // namespace kg::ingest
