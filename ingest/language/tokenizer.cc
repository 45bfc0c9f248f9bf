#include "ingest/language/tokenizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <string>

#include "ingest/language/abbreviations.h"

namespace kg::ingest {
namespace {

enum class CharClass : uint8_t { kSpace, kAlnum, kPunct };

struct Char {
  char32_t cp = 0;
  uint32_t length = 0;  // bytes; 0 at the end of the range
  CharClass cls = CharClass::kPunct;
};

// ASCII classes looked up in a table: this runs once per byte of input.
constexpr std::array<CharClass, 128> MakeAsciiClasses() {
  std::array<CharClass, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
                 c < 0x20 || c == 0x7f;
    classes[c] = space ? CharClass::kSpace : alnum ? CharClass::kAlnum : CharClass::kPunct;
  }
  return classes;
}
constexpr std::array<CharClass, 128> kAsciiClasses = MakeAsciiClasses();

CharClass ClassifyCodepoint(char32_t cp) {
  switch (cp) {
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
      return CharClass::kSpace;
    default:
      break;
  }
  if (cp >= 0x2000 && cp <= 0x200A) return CharClass::kSpace;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return CharClass::kAlnum;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      return CharClass::kSpace;
    default:
      return CharClass::kPunct;
  }
}

// The character at text[i] (i < end). Invalid UTF-8 is one punctuation byte.
Char Decode(std::string_view text, uint32_t i, uint32_t end) {
  Char c;
  unsigned char b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    c.cp = b;
    c.length = 1;
    c.cls = kAsciiClasses[b];
    return c;
  }
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                        static_cast<utf8proc_ssize_t>(end - i), &cp);
  if (n <= 0) {
    c.cp = 0xFFFD;
    c.length = 1;
    c.cls = CharClass::kPunct;
    return c;
  }
  c.cp = static_cast<char32_t>(cp);
  c.length = static_cast<uint32_t>(n);
  c.cls = ClassifyCodepoint(c.cp);
  return c;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018; }
bool IsHyphen(char32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

bool EqualsLower(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != lower[i]) return false;
  }
  return true;
}

// Prefixes EWT keeps attached to the following word ("e-mail", "non-stop").
constexpr std::string_view kHyphenPrefixes[] = {
    "anti", "co",  "counter", "cross", "e",      "ex",    "intra", "micro", "mid",
    "multi", "neo", "non",    "over",  "post",   "pre",   "pro",   "psycho", "re",
    "semi",  "socio", "sub",  "vice",
};

// Words EWT splits into two words without an apostrophe (multiword tokens),
// with the length of the first part.
struct WholeSplit {
  std::string_view lower;
  uint32_t first_length;
};
constexpr WholeSplit kWholeSplits[] = {
    {"cannot", 3}, {"gonna", 3},  {"wanna", 3},   {"gotta", 3},    {"dont", 2},
    {"didnt", 3},  {"doesnt", 4}, {"isnt", 2},    {"wasnt", 3},    {"cant", 2},
    {"wont", 2},   {"couldnt", 5}, {"wouldnt", 5}, {"shouldnt", 6}, {"arent", 3},
    {"werent", 4}, {"havent", 4}, {"hasnt", 3},
};

constexpr std::string_view kEmoticons[] = {":-)", ":-(", ";-)", ":-D", ":-P", ":)", ":(",
                                           ";)",  ":D",  ":P",  ":p",  "=)",  "<3"};

// Splits one space-free chunk into tokens; state lives for one chunk.
class ChunkTokenizer {
 public:
  ChunkTokenizer(std::string_view text, uint32_t range_end, std::vector<Token>* tokens,
                 std::vector<bool>* continues)
      : text_(text), range_end_(range_end), tokens_(tokens), continues_(continues) {}

  void Run(uint32_t begin, uint32_t end) {
    end_ = end;
    has_at_ = text_.substr(begin, end - begin).find('@') != std::string_view::npos;
    uint32_t pos = begin;
    while (pos < end_) {
      if (uint32_t url_end = MatchUrlOrEmail(pos); url_end > pos) {
        Emit(pos, url_end, false);
        pos = url_end;
        continue;
      }
      if (uint32_t emoticon_end = MatchEmoticon(pos); emoticon_end > pos) {
        Emit(pos, emoticon_end, false);
        pos = emoticon_end;
        continue;
      }
      Char c = Decode(text_, pos, end_);
      pos = c.cls == CharClass::kAlnum ? ScanWord(pos) : ScanPunct(pos, c);
    }
  }

 private:
  Char At(uint32_t i) const { return i < end_ ? Decode(text_, i, end_) : Char{}; }

  bool StartsWithLower(uint32_t pos, std::string_view prefix) const {
    if (end_ - pos < prefix.size()) return false;
    return EqualsLower(text_.substr(pos, prefix.size()), prefix);
  }

  // The end of a URL or e-mail address starting at pos, or pos.
  uint32_t MatchUrlOrEmail(uint32_t pos) const {
    bool url = StartsWithLower(pos, "http://") || StartsWithLower(pos, "https://") ||
               StartsWithLower(pos, "ftp://") || StartsWithLower(pos, "www.");
    if (!url && !(has_at_ && IsEmailAt(pos))) return pos;
    uint32_t stop = end_;
    bool has_paren = text_.substr(pos, end_ - pos).find('(') != std::string_view::npos;
    // Trailing sentence punctuation and closing quotes are not part of it.
    while (stop > pos) {
      char last = text_[stop - 1];
      if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' ||
          last == '?' || last == '"' || last == '\'' || last == ']' || last == '}' ||
          (last == ')' && !has_paren)) {
        --stop;
      } else if (stop - pos >= 3 && static_cast<unsigned char>(text_[stop - 3]) == 0xE2 &&
                 static_cast<unsigned char>(text_[stop - 2]) == 0x80 &&
                 (static_cast<unsigned char>(text_[stop - 1]) == 0x9D ||
                  static_cast<unsigned char>(text_[stop - 1]) == 0x99)) {
        stop -= 3;  // ” or ’
      } else {
        break;
      }
    }
    return stop;
  }

  // name@host.tld with ASCII name characters.
  bool IsEmailAt(uint32_t pos) const {
    uint32_t i = pos;
    auto name_char = [](char c) {
      auto b = static_cast<unsigned char>(c);
      return (b < 0x80 && kAsciiClasses[b] == CharClass::kAlnum) || c == '.' || c == '_' ||
             c == '%' || c == '+' || c == '-';
    };
    while (i < end_ && name_char(text_[i])) ++i;
    if (i == pos || i >= end_ || text_[i] != '@') return false;
    uint32_t host = ++i;
    bool dot = false;
    while (i < end_ && (name_char(text_[i]))) {
      if (text_[i] == '.' && i + 1 < end_ && name_char(text_[i + 1])) dot = true;
      ++i;
    }
    return i > host && dot;
  }

  uint32_t MatchEmoticon(uint32_t pos) const {
    char c = text_[pos];
    if (c != ':' && c != ';' && c != '=' && c != '<') return pos;
    for (std::string_view e : kEmoticons) {
      if (end_ - pos >= e.size() && text_.compare(pos, e.size(), e) == 0 &&
          (pos + e.size() == end_ || At(pos + static_cast<uint32_t>(e.size())).cls != CharClass::kAlnum)) {
        return pos + static_cast<uint32_t>(e.size());
      }
    }
    return pos;
  }

  uint32_t AlnumRunEnd(uint32_t i) const {
    while (i < end_) {
      Char c = Decode(text_, i, end_);
      if (c.cls != CharClass::kAlnum) break;
      i += c.length;
    }
    return i;
  }

  bool AllDigits(uint32_t b, uint32_t e) const {
    if (b >= e) return false;
    for (uint32_t i = b; i < e; ++i) {
      if (!IsDigit(text_[i])) return false;
    }
    return true;
  }

  // Digit groups joined by '-' starting at b: "11-20-2000" has 3.
  int DigitGroups(uint32_t b) const {
    int groups = 0;
    uint32_t i = b;
    while (true) {
      uint32_t e = i;
      while (e < end_ && IsDigit(text_[e])) ++e;
      if (e == i) break;
      ++groups;
      if (e < end_ && text_[e] == '-') {
        i = e + 1;
      } else {
        break;
      }
    }
    return groups;
  }

  // Whether the hyphen at `hyphen` stays inside the word whose current part
  // starts at part_begin (EWT keeps prefixes and phone-like numbers whole).
  bool KeepHyphen(uint32_t part_begin, uint32_t hyphen, uint32_t next) const {
    std::string_view left = text_.substr(part_begin, hyphen - part_begin);
    for (std::string_view prefix : kHyphenPrefixes) {
      if (EqualsLower(left, prefix)) return true;
    }
    if (!AllDigits(part_begin, hyphen)) return false;
    uint32_t right_end = next;
    while (right_end < end_ && IsDigit(text_[right_end])) ++right_end;
    if (right_end == next) return false;
    if (DigitGroups(part_begin) >= 3) return true;
    size_t left_digits = left.size();
    size_t right_digits = right_end - next;
    return (left_digits == 3 && (right_digits == 3 || right_digits == 4)) ||
           (left_digits == 1 && right_digits == 3);
  }

  // Whether '/' stays inside: dates and fractions ("9/11"), short forms ("b/c").
  bool KeepSlash(uint32_t part_begin, uint32_t slash, uint32_t next) const {
    uint32_t right_end = AlnumRunEnd(next);
    if (AllDigits(part_begin, slash) && AllDigits(next, right_end)) return true;
    return slash - part_begin == 1 || right_end - next == 1;
  }

  // Scans a word starting at an alphanumeric character; returns its end.
  uint32_t ScanWord(uint32_t start) {
    uint32_t part_begin = start;
    bool keep_hyphens = false;
    uint32_t k = start;
    while (true) {
      k = AlnumRunEnd(k);
      if (k >= end_) break;
      Char c = Decode(text_, k, end_);
      uint32_t next = k + c.length;
      Char n = At(next);
      bool next_alnum = n.length > 0 && n.cls == CharClass::kAlnum;
      if (!next_alnum) break;
      bool prev_digit = IsDigit(text_[k - 1]);
      if (c.cp == '.' || c.cp == '&' || c.cp == '_' || c.cp == '@' || IsApostrophe(c.cp)) {
        k = next;
      } else if (c.cp == ',' && prev_digit && IsThousands(next)) {
        k = next;
      } else if (c.cp == ':' && prev_digit && IsDigit(text_[next])) {
        k = next;
      } else if (IsHyphen(c.cp) || c.cp == 0x2013) {
        if (IsHyphen(c.cp) && (keep_hyphens || KeepHyphen(part_begin, k, next))) {
          keep_hyphens = keep_hyphens || AllDigits(part_begin, k);
          k = next;
        } else {
          EmitWord(start, k);
          Emit(k, next, false, "-");
          start = part_begin = k = next;
        }
        continue;
      } else if (c.cp == '/') {
        if (KeepSlash(part_begin, k, next)) {
          k = next;
        } else {
          EmitWord(start, k);
          Emit(k, next, false);
          start = k = next;
        }
      } else {
        break;
      }
      // A joined character starts a new part for the hyphen rules only
      // after a hyphen; dots and apostrophes keep the part going.
    }
    // A final period stays on abbreviations and initials.
    if (k < end_ && text_[k] == '.' && !(k + 1 < end_ && text_[k + 1] == '.') &&
        KeepsPeriod(start, k)) {
      Emit(start, k + 1, false);
      return k + 1;
    }
    EmitWord(start, k);
    return k;
  }

  bool IsThousands(uint32_t i) const {
    if (i + 3 > end_) return false;
    if (!IsDigit(text_[i]) || !IsDigit(text_[i + 1]) || !IsDigit(text_[i + 2])) return false;
    return i + 3 == end_ || !IsDigit(text_[i + 3]);
  }

  bool KeepsPeriod(uint32_t start, uint32_t period) const {
    std::string_view word = text_.substr(start, period - start);
    switch (ClassifyAbbreviation(word)) {
      case AbbreviationKind::kBeforeName:
      case AbbreviationKind::kAny:
        return true;
      case AbbreviationKind::kBeforeNumber: {
        uint32_t i = period + 1;
        while (i < range_end_ && (text_[i] == ' ' || text_[i] == '\t')) ++i;
        return i < range_end_ && IsDigit(text_[i]);
      }
      case AbbreviationKind::kNone:
        break;
    }
    // An initial: one capital letter ("George W. Bush").
    return word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z';
  }

  // Emits text[start, end) as a word, splitting off a final clitic.
  void EmitWord(uint32_t start, uint32_t end) {
    if (end <= start) return;
    uint32_t split = CliticSplit(start, end);
    if (split > start && split < end) {
      Emit(start, split, false);
      Emit(split, end, true);
    } else {
      Emit(start, end, false);
    }
  }

  // Where the clitic of text[start, end) begins, or `end` when there is none.
  uint32_t CliticSplit(uint32_t start, uint32_t end) const {
    std::string_view word = text_.substr(start, end - start);
    for (const WholeSplit& w : kWholeSplits) {
      if (EqualsLower(word, w.lower)) return start + w.first_length;
    }
    // Find the last apostrophe (ASCII or U+2019).
    size_t apostrophe = std::string_view::npos;
    size_t apostrophe_length = 0;
    for (size_t i = word.size(); i-- > 0;) {
      if (word[i] == '\'') {
        apostrophe = i;
        apostrophe_length = 1;
        break;
      }
      if (i >= 2 && static_cast<unsigned char>(word[i - 2]) == 0xE2 &&
          static_cast<unsigned char>(word[i - 1]) == 0x80 &&
          static_cast<unsigned char>(word[i]) == 0x99) {
        apostrophe = i - 2;
        apostrophe_length = 3;
        break;
      }
      if (word.size() - i > 3) return end;  // clitics are short
    }
    if (apostrophe == std::string_view::npos || apostrophe == 0) return end;
    std::string_view tail = word.substr(apostrophe + apostrophe_length);
    if (EqualsLower(tail, "t") && apostrophe >= 2 && Lower(word[apostrophe - 1]) == 'n') {
      return start + static_cast<uint32_t>(apostrophe) - 1;  // "do|n't"
    }
    if (EqualsLower(tail, "s") || EqualsLower(tail, "re") || EqualsLower(tail, "ve") ||
        EqualsLower(tail, "ll") || EqualsLower(tail, "d") || EqualsLower(tail, "m")) {
      return start + static_cast<uint32_t>(apostrophe);
    }
    return end;
  }

  // Scans punctuation starting with c at pos; returns its end.
  uint32_t ScanPunct(uint32_t pos, Char c) {
    uint32_t e = pos + c.length;
    switch (c.cp) {
      case '.': case '!': case '?':
        while (e < end_ && (text_[e] == '.' || text_[e] == '!' || text_[e] == '?')) ++e;
        Emit(pos, e, false);
        return e;
      case '-': case '*': case '=': case '_': case '~': case '#': case '+': case '`':
        while (e < end_ && text_[e] == static_cast<char>(c.cp)) ++e;
        Emit(pos, e, false);
        return e;
      case '\'':
        if (e < end_ && text_[e] == '\'') ++e;  // '' as a closing quote
        Emit(pos, e, false);
        return e;
      case 0x2026:  // …
        while (At(e).cp == 0x2026) e += 3;
        Emit(pos, e, false, "...");
        return e;
      case 0x2014: case 0x2015: case 0x2013: case 0x2012: case 0x2212:
        while (At(e).cp == 0x2014 || At(e).cp == 0x2015 || At(e).cp == 0x2013) e += 3;
        Emit(pos, e, false, "--");
        return e;
      case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
        Emit(pos, e, false, "\"");
        return e;
      case 0x2018: case 0x2019: case 0x201A: case 0x201B:
        Emit(pos, e, false, "'");
        return e;
      default:
        Emit(pos, e, false);
        return e;
    }
  }

  // Appends a token; `form` overrides the surface, else curly apostrophes
  // inside words are made ASCII.
  void Emit(uint32_t begin, uint32_t end, bool continues, std::string_view form = {}) {
    Token token;
    token.begin = begin;
    token.end = end;
    if (!form.empty()) {
      token.form.assign(form);
    } else {
      token.form = NormalizeForm(text_.substr(begin, end - begin));
    }
    tokens_->push_back(std::move(token));
    if (continues_ != nullptr) continues_->push_back(continues);
  }

  static std::string NormalizeForm(std::string_view surface) {
    std::string form;
    form.reserve(surface.size());
    for (size_t i = 0; i < surface.size(); ++i) {
      unsigned char b = static_cast<unsigned char>(surface[i]);
      if (b == 0xE2 && i + 2 < surface.size() && static_cast<unsigned char>(surface[i + 1]) == 0x80) {
        unsigned char t = static_cast<unsigned char>(surface[i + 2]);
        if (t == 0x98 || t == 0x99) {  // ‘ ’
          form.push_back('\'');
          i += 2;
          continue;
        }
        if (t == 0x9C || t == 0x9D) {  // “ ”
          form.push_back('"');
          i += 2;
          continue;
        }
      }
      form.push_back(static_cast<char>(b));
    }
    return form;
  }

  std::string_view text_;
  uint32_t range_end_;
  uint32_t end_ = 0;
  bool has_at_ = false;
  std::vector<Token>* tokens_;
  std::vector<bool>* continues_;
};

}  // namespace

void Tokenizer::Tokenize(std::string_view text, uint32_t begin, uint32_t end,
                         std::vector<Token>* tokens, std::vector<bool>* continues) const {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(text.size()));
  ChunkTokenizer chunker(text, end, tokens, continues);
  uint32_t i = begin;
  while (i < end) {
    Char c = Decode(text, i, end);
    if (c.cls == CharClass::kSpace) {
      i += c.length;
      continue;
    }
    uint32_t j = i + c.length;
    while (j < end) {
      Char d = Decode(text, j, end);
      if (d.cls == CharClass::kSpace) break;
      j += d.length;
    }
    chunker.Run(i, j);
    i = j;
  }
}

std::vector<Token> Tokenizer::Tokenize(std::string_view text) const {
  std::vector<Token> tokens;
  Tokenize(text, 0, static_cast<uint32_t>(text.size()), &tokens);
  return tokens;
}

}  // namespace kg::ingest
