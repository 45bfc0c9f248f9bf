// Tokenizer: splits raw text into words the way UD English EWT does, so that
// the tagger, lemmatiser and parser see what they were trained on.
//
// Conventions (checked against the treebank):
//  - punctuation is split off; runs of "." "!" "?" and "-" stay one token
//    ("...", "?!", "--"); a period stays on abbreviations ("U.S.", "Dec.",
//    "Gen.", "e.g.") and on initials ("W.");
//  - numbers keep their commas, decimals and times ("1,000.5", "5:00");
//  - clitics are split inside one surface token: "do|n't", "Syria|’s",
//    "we|'re", "can|not", "gon|na"; a CoNLL-U multiword token in EWT;
//  - hyphenated compounds are split with a "-" token between the parts
//    ("Iran - backed", "al - Assad"), except after the prefixes EWT keeps
//    whole ("e-mail", "non-stop", "anti-war") and in phone-like numbers;
//  - "/" between words is split ("AMMAN / BEIRUT"), not in dates ("9/11");
//  - URLs and e-mail addresses stay whole.
//
// Every token carries byte offsets into the original text, so the surface is
// always recoverable; `form` is what the models see: curly quotes and
// apostrophes become ASCII ("“" -> "\"", "’s" -> "'s"), dashes between spaces
// become "--", "…" becomes "...".
//
// Rule based, no model; a Tokenizer is immutable and safe to share between
// threads.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ingest/document.h"

namespace kg::ingest {

class Tokenizer {
 public:
  Tokenizer() = default;

  // Appends the words of text[begin, end) to *tokens; offsets are into
  // `text`. Only begin, end and form are set. `end` is clamped to text.size().
  // When `continues` is not null, one flag per appended token is appended to
  // it: true when the token is a clitic split off the previous token inside
  // one space-free surface token ("n't" in "don't"), i.e. the pair forms one
  // CoNLL-U multiword token. Never fails: bytes that are not valid UTF-8 are
  // treated as one-byte symbols.
  void Tokenize(std::string_view text, uint32_t begin, uint32_t end,
                std::vector<Token>* tokens,
                std::vector<bool>* continues = nullptr) const;

  // The words of the whole of `text`.
  std::vector<Token> Tokenize(std::string_view text) const;
};

}  // namespace kg::ingest
