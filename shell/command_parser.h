// CommandParser: splits one shell line into words and an output redirection.
//
// Rules, close to a POSIX shell but without expansion:
//   - words are separated by unquoted white space;
//   - "double quotes" group words; inside them \" and \\ are escapes;
//   - 'single quotes' group words literally (no escapes inside);
//   - outside quotes a backslash makes the next character literal;
//   - an unquoted `#` at the start of a word begins a comment;
//   - a trailing unquoted `> FILE` (or `>> FILE` to append) redirects the
//     command's output; `>FILE` without the space works too.
// A word remembers whether any part of it was quoted, so that commands may
// join unquoted words into multi-word names but keep quoted ones whole.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace kg::shell {

struct Word {
  std::string text;
  bool quoted = false;  // some part was inside quotes or escaped

  bool operator==(const Word&) const = default;
};

struct Redirect {
  std::string path;
  bool append = false;  // `>>`

  bool operator==(const Redirect&) const = default;
};

struct ParsedLine {
  std::vector<Word> words;          // empty for a blank or comment-only line
  std::optional<Redirect> redirect;

  bool empty() const { return words.empty(); }
};

// Parses `line`. Errors (InvalidArgument, one line, naming the column):
// an unterminated quote, a backslash at the end of the line, `>` without a
// file name, or words after the redirection target.
Result<ParsedLine> ParseLine(std::string_view line);

// Quotes `text` so that ParseLine reads it back as one word; returns it
// unchanged when it needs no quoting.
std::string QuoteWord(std::string_view text);

}  // namespace kg::shell
