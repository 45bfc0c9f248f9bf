#include "shell/command_parser.h"

#include <cctype>

namespace kg::shell {
namespace {

// A lexical item: a word, or a redirection operator (`>` or `>>`).
struct Token {
  Word word;
  bool is_redirect = false;
  bool append = false;
  size_t column = 0;  // 1-based, for messages
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string At(size_t column) { return " (column " + std::to_string(column) + ")"; }

// Splits `line` into tokens; the only lexical errors are an unterminated
// quote and a dangling backslash.
Result<std::vector<Token>> Tokenize(std::string_view line) {
  std::vector<Token> tokens;
  size_t i = 0;
  const size_t n = line.size();
  while (i < n) {
    while (i < n && IsSpace(line[i])) ++i;
    if (i >= n) break;
    if (line[i] == '#') break;  // a comment runs to the end of the line
    if (line[i] == '>') {
      Token op;
      op.is_redirect = true;
      op.column = i + 1;
      ++i;
      if (i < n && line[i] == '>') {
        op.append = true;
        ++i;
      }
      tokens.push_back(std::move(op));
      continue;
    }
    Token token;
    token.column = i + 1;
    bool in_word = true;
    while (i < n && in_word) {
      const char c = line[i];
      if (IsSpace(c) || c == '>') {
        in_word = false;
      } else if (c == '\\') {
        if (i + 1 >= n) return Status::InvalidArgument("backslash at end of line" + At(i + 1));
        token.word.text += line[i + 1];
        token.word.quoted = true;
        i += 2;
      } else if (c == '\'') {
        const size_t close = line.find('\'', i + 1);
        if (close == std::string_view::npos) {
          return Status::InvalidArgument("unterminated ' quote" + At(i + 1));
        }
        token.word.text.append(line.substr(i + 1, close - i - 1));
        token.word.quoted = true;
        i = close + 1;
      } else if (c == '"') {
        const size_t open = i;
        ++i;
        bool closed = false;
        while (i < n) {
          if (line[i] == '"') {
            closed = true;
            ++i;
            break;
          }
          // Inside double quotes only \" and \\ are escapes; any other
          // backslash is literal, so that Windows-ish paths survive.
          if (line[i] == '\\' && i + 1 < n && (line[i + 1] == '"' || line[i + 1] == '\\')) {
            token.word.text += line[i + 1];
            i += 2;
          } else {
            token.word.text += line[i++];
          }
        }
        if (!closed) return Status::InvalidArgument("unterminated \" quote" + At(open + 1));
        token.word.quoted = true;
      } else {
        token.word.text += c;
        ++i;
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace

Result<ParsedLine> ParseLine(std::string_view line) {
  Result<std::vector<Token>> tokens = Tokenize(line);
  if (!tokens.ok()) return tokens.status();
  ParsedLine parsed;
  const std::vector<Token>& list = *tokens;
  for (size_t i = 0; i < list.size(); ++i) {
    const Token& token = list[i];
    if (!token.is_redirect) {
      parsed.words.push_back(token.word);
      continue;
    }
    if (i + 1 >= list.size() || list[i + 1].is_redirect) {
      return Status::InvalidArgument("expected a file name after '>'" + At(token.column));
    }
    if (i + 2 < list.size()) {
      return Status::InvalidArgument("unexpected \"" + list[i + 2].word.text +
                                     "\" after the redirection target" + At(list[i + 2].column));
    }
    if (parsed.words.empty()) {
      return Status::InvalidArgument("redirection without a command" + At(token.column));
    }
    parsed.redirect = Redirect{list[i + 1].word.text, token.append};
    break;
  }
  return parsed;
}

std::string QuoteWord(std::string_view text) {
  bool plain = !text.empty();
  for (char c : text) {
    if (IsSpace(c) || c == '"' || c == '\'' || c == '\\' || c == '#' || c == '>') {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace kg::shell
