#include "ingest/language/sentence_splitter.h"

#include <utf8proc.h>

#include <algorithm>

#include "ingest/language/abbreviations.h"

namespace kg::ingest {
namespace {

// Capitalised words that usually open a sentence and rarely follow a title
// or an initial inside a name: after "U.S." or "etc." they signal a break.
constexpr std::string_view kOpeners[] = {
    "A",      "After",   "Also",  "An",    "And",   "As",    "At",     "But",   "During",
    "For",    "He",      "Her",   "Here",  "His",   "How",   "However", "I",   "If",
    "In",     "It",      "Its",   "Many",  "Meanwhile", "Most", "My",  "No",    "Now",
    "On",     "One",     "Our",   "She",   "Since", "So",    "Some",   "That",  "The",
    "Their",  "Then",    "There", "These", "They",  "This",  "Those",  "Thus",  "To",
    "We",     "What",    "When",  "Where", "While", "Who",   "Why",    "With",  "Yet",
    "You",    "Your",
};

bool IsOpener(std::string_view form) {
  return std::find(std::begin(kOpeners), std::end(kOpeners), form) != std::end(kOpeners);
}

bool IsAllOf(std::string_view s, std::string_view chars) {
  if (s.empty()) return false;
  return s.find_first_not_of(chars) == std::string_view::npos;
}

enum class Terminal { kNone, kStop, kEllipsis, kAbbreviation };

Terminal ClassifyTerminal(const Token& token) {
  std::string_view form = token.form;
  if (IsAllOf(form, ".")) return form.size() == 1 ? Terminal::kStop : Terminal::kEllipsis;
  if (IsAllOf(form, ".!?")) return Terminal::kStop;
  if (form.size() > 1 && form.back() == '.') {
    std::string_view word = form.substr(0, form.size() - 1);
    AbbreviationKind kind = ClassifyAbbreviation(word);
    if (kind == AbbreviationKind::kAny) return Terminal::kAbbreviation;
    if (kind == AbbreviationKind::kNone && word.size() == 1) return Terminal::kAbbreviation;
  }
  return Terminal::kNone;
}

bool IsCloser(std::string_view form) {
  return form == "\"" || form == "'" || form == "''" || form == ")" || form == "]" ||
         form == "}";
}

// The general category of the first character of `form`.
utf8proc_category_t FirstCategory(std::string_view form) {
  if (form.empty()) return UTF8PROC_CATEGORY_CN;
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(form.data()),
                                        static_cast<utf8proc_ssize_t>(form.size()), &cp);
  if (n <= 0) return UTF8PROC_CATEGORY_CN;
  return utf8proc_category(cp);
}

bool StartsLowercase(std::string_view form) { return FirstCategory(form) == UTF8PROC_CATEGORY_LL; }
bool StartsUppercase(std::string_view form) {
  utf8proc_category_t c = FirstCategory(form);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

// Whether the sentence ends after a terminal of `kind` when `next` follows.
bool BreaksBefore(Terminal kind, const Token& next) {
  switch (kind) {
    case Terminal::kStop:
      return !StartsLowercase(next.form);
    case Terminal::kEllipsis:
      return StartsUppercase(next.form);
    case Terminal::kAbbreviation:
      return IsOpener(next.form);
    case Terminal::kNone:
      break;
  }
  return false;
}

}  // namespace

std::vector<Sentence> SentenceSplitter::Split(std::string_view text,
                                              std::vector<bool>* continues) const {
  std::vector<Token> tokens;
  tokenizer_.Tokenize(text, 0, static_cast<uint32_t>(text.size()), &tokens, continues);

  // Line breaks between two tokens: 0, 1, or 2 for a blank line or more.
  auto line_breaks = [&](const Token& a, const Token& b) {
    int count = 0;
    for (uint32_t i = a.end; i < b.begin && count < 2; ++i) {
      char c = text[i];
      if (c == '\n') {
        ++count;
      } else if (c == '\r' && !(i + 1 < b.begin && text[i + 1] == '\n')) {
        ++count;
      } else if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < b.begin &&
                 static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                 (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                  static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
        count += static_cast<unsigned char>(text[i + 2]) == 0xA9 ? 2 : 1;
      }
    }
    return count;
  };

  std::vector<Sentence> sentences;
  const size_t n = tokens.size();
  size_t first = 0;
  size_t i = 0;
  while (i < n) {
    size_t last = i;
    bool ends = false;
    Terminal kind = ClassifyTerminal(tokens[i]);
    if (kind != Terminal::kNone) {
      // Closing quotes and brackets glued to the terminal belong to its sentence.
      if (kind != Terminal::kAbbreviation) {
        while (last + 1 < n && IsCloser(tokens[last + 1].form) &&
               tokens[last + 1].begin == tokens[last].end) {
          ++last;
        }
      }
      if (last + 1 < n) ends = BreaksBefore(kind, tokens[last + 1]);
    }
    if (last + 1 == n) {
      ends = true;
    } else {
      int breaks = line_breaks(tokens[last], tokens[last + 1]);
      if (breaks >= 2 || (breaks == 1 && options_.line_break_ends_sentence)) ends = true;
    }
    if (ends) {
      Sentence sentence;
      sentence.begin = tokens[first].begin;
      sentence.end = tokens[last].end;
      sentence.tokens.assign(std::make_move_iterator(tokens.begin() + first),
                             std::make_move_iterator(tokens.begin() + last + 1));
      sentences.push_back(std::move(sentence));
      first = last + 1;
    }
    i = last + 1;
  }
  return sentences;
}

void SentenceSplitter::SplitDocument(Document* document) const {
  document->sentences = Split(document->text);
}

}  // namespace kg::ingest
