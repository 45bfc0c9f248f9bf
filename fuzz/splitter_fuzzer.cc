// Fuzzes the tokeniser and the sentence splitter on arbitrary bytes (they
// promise never to fail, even on invalid UTF-8) and checks the offsets they
// hand out: within the text, in order, never overlapping, never empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "ingest/language/sentence_splitter.h"
#include "ingest/language/tokenizer.h"

namespace {

using kg::ingest::Token;

void CheckTokens(const std::vector<Token>& tokens, size_t text_size, uint32_t floor) {
  uint32_t previous_end = floor;
  for (const Token& token : tokens) {
    if (token.begin < previous_end || token.begin >= token.end || token.end > text_size) {
      std::abort();
    }
    if (token.form.empty()) std::abort();
    previous_end = token.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  static const kg::ingest::Tokenizer tokenizer;
  std::vector<bool> continues;
  std::vector<Token> tokens;
  // A slice that starts inside the text checks the begin/end clamping too.
  const uint32_t begin = size == 0 ? 0 : data[0] % (size + 1);
  tokenizer.Tokenize(text, begin, static_cast<uint32_t>(size) + 7, &tokens, &continues);
  CheckTokens(tokens, size, begin);
  if (continues.size() != tokens.size()) std::abort();

  for (bool line_break_ends_sentence : {true, false}) {
    const kg::ingest::SentenceSplitter splitter({line_break_ends_sentence});
    std::vector<bool> sentence_continues;
    const std::vector<kg::ingest::Sentence> sentences = splitter.Split(text, &sentence_continues);
    uint32_t previous_end = 0;
    size_t token_count = 0;
    for (const kg::ingest::Sentence& sentence : sentences) {
      if (sentence.tokens.empty() || sentence.begin < previous_end ||
          sentence.begin != sentence.tokens.front().begin ||
          sentence.end != sentence.tokens.back().end) {
        std::abort();
      }
      CheckTokens(sentence.tokens, size, sentence.begin);
      previous_end = sentence.end;
      token_count += sentence.tokens.size();
    }
    if (sentence_continues.size() != token_count) std::abort();
  }
  return 0;
}
