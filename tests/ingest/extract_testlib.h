// Shared helpers for the extractor tests: documents from hand-checked
// CoNLL-U parses and triples written as "SUBJECT|RELATION|OBJECT|+".
#pragma once

#include <string>
#include <vector>

#include "graph/store.h"
#include "ingest/document.h"
#include "ingest/language/conllu.h"

namespace kg::ingest {

// A one-sentence document whose tokens carry the parse of `sentence`; token
// offsets are found in its "# text" line.
Document DocumentFromConllu(const ConlluSentence& sentence);

// "S|R|O|+" (or "-"), with "|mod=M" and "|attr=A" when the triple has them.
std::string TripleText(const graph::TripleStatement& triple);

// Whether `expected` ("S|R|O|+", optionally "|mod=..", "|attr=..") matches
// one of `triples`: names, relation and polarity exactly; modality and
// attribution only when given.
bool HasTriple(const std::vector<graph::TripleStatement>& triples, const std::string& expected);

// The values of "# KEY = value" comments, in order.
std::vector<std::string> CommentValues(const ConlluSentence& sentence, const std::string& key);

}  // namespace kg::ingest
