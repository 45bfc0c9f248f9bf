// Abbreviations that keep their period, shared by the tokenizer (which keeps
// the period on the word) and the sentence splitter (which must not break
// after most of them).
#pragma once

#include <string_view>

namespace kg::ingest {

enum class AbbreviationKind {
  kNone,          // not a known abbreviation
  kBeforeName,    // titles and months: "Mr.", "Gen.", "Jan.", "St.": never end a sentence
  kBeforeNumber,  // "No.", "Vol.", "p.": keep the period only before a number
  kAny,           // "etc.", "Inc.", "U.S.": may end a sentence
};

// The kind of `word` (without its final period). Case matters for short
// words ("No" vs "no"); the list covers titles, months, weekdays, company
// suffixes, US states and common Latin abbreviations.
AbbreviationKind ClassifyAbbreviation(std::string_view word);

}  // namespace kg::ingest
