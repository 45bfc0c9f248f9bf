#include "ingest/language/word_features.h"

#include <algorithm>

#include "ingest/language/perceptron.h"

namespace kg::ingest {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string NormaliseWord(std::string_view form) {
  std::string out(form);
  for (char& c : out) {
    if (IsUpper(c)) {
      c = static_cast<char>(c - 'A' + 'a');
    } else if (IsDigit(c)) {
      c = '0';
    }
  }
  return out;
}

std::string WordShape(std::string_view form) {
  std::string shape;
  char last = 0;
  for (char c : form) {
    char s;
    if (IsUpper(c)) {
      s = 'X';
    } else if (IsLower(c)) {
      s = 'x';
    } else if (IsDigit(c)) {
      s = 'd';
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      s = 'u';  // any byte of a non-ASCII character
    } else {
      s = c;
    }
    if (s != last) shape.push_back(s);
    last = s;
    if (shape.size() >= 8) break;
  }
  return shape;
}

WordInfo ComputeWordInfo(std::string_view form) {
  WordInfo info;
  std::string lower = NormaliseWord(form);
  info.form = StringHash(form);
  info.lower = StringHash(lower);
  std::string_view l(lower);
  for (size_t k = 1; k <= 3; ++k) info.prefix[k - 1] = StringHash(l.substr(0, std::min(k, l.size())));
  for (size_t k = 1; k <= 4; ++k) {
    size_t n = std::min(k, l.size());
    info.suffix[k - 1] = StringHash(l.substr(l.size() - n));
  }
  info.shape = StringHash(WordShape(form));
  bool any_letter = false, all_upper = true;
  for (char c : form) {
    if (IsUpper(c)) info.flags |= kHasUpper;
    if (IsDigit(c)) info.flags |= kHasDigit;
    if (c == '-') info.flags |= kHasHyphen;
    if (IsUpper(c) || IsLower(c) || static_cast<unsigned char>(c) >= 0x80) any_letter = true;
    if (IsLower(c)) all_upper = false;
  }
  if (!form.empty() && IsUpper(form[0])) info.flags |= kInitialUpper;
  if (any_letter && all_upper && (info.flags & kHasUpper)) info.flags |= kAllUpper;
  if (!any_letter) info.flags |= kNoLetter;
  return info;
}

}  // namespace kg::ingest
