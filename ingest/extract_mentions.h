// Noun phrases of a parsed sentence, as the extractor sees them.
//
// SentenceView indexes the dependency tree of one sentence (children of each
// token). MentionTokens() gives the words of the noun phrase headed by a
// token: its determiners, compounds, flat names, adjectival and relational
// modifiers ("Iran - backed"), numbers and possessors ("Assad 's"), but not
// its prepositional modifiers, clauses, appositions or conjuncts, which the
// extractor reads as statements of their own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/document.h"
#include "ingest/entity_normalizer.h"

namespace kg::ingest {

class SentenceView {
 public:
  // `sentence` and `text` (the document text) must outlive the view.
  SentenceView(const Sentence& sentence, std::string_view text);

  int size() const { return static_cast<int>(sentence_.tokens.size()); }
  const Token& token(int i) const { return sentence_.tokens[static_cast<size_t>(i)]; }
  const std::vector<int>& children(int i) const { return children_[static_cast<size_t>(i)]; }
  const Sentence& sentence() const { return sentence_; }
  std::string_view text() const { return text_; }

  // Children of `i` whose relation is `deprel` (exact match, or the base
  // relation when `deprel` has no subtype and `any_subtype` is set).
  std::vector<int> ChildrenWith(int i, std::string_view deprel, bool any_subtype = false) const;
  // The first such child, or -1.
  int FirstChild(int i, std::string_view deprel, bool any_subtype = false) const;
  // The lower-case lemma (form when the lemma is empty).
  std::string Lemma(int i) const;
  // The lower-case lemma of the `case` or `mark` child of `i` ("to", "into",
  // "according to"), or "" when none.
  std::string CaseOf(int i) const;
  // Token `i` and its conjuncts ("Russia and Iran" -> both heads).
  std::vector<int> Conjuncts(int i) const;
  // The document text from token `first` to token `last`, inclusive.
  std::string_view Span(int first, int last) const;

 private:
  const Sentence& sentence_;
  std::string_view text_;
  std::vector<std::vector<int>> children_;
};

// The base of a UD relation: "nsubj" for "nsubj:pass".
std::string_view BaseRelation(std::string_view deprel);

// Indices, in order, of the noun phrase headed by `head` (see above). The
// phrase is contiguous and contains `head`.
std::vector<int> MentionTokens(const SentenceView& view, int head);

// The words of MentionTokens as the entity normaliser takes them.
std::vector<MentionWord> MentionWords(const SentenceView& view, const std::vector<int>& tokens);

// Whether `i` heads a noun phrase of its own: a noun, proper noun, pronoun
// or number not attached inside another phrase (compound, flat, ...).
bool IsMentionHead(const SentenceView& view, int i);

}  // namespace kg::ingest
