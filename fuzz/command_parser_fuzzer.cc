// Fuzzes the shell's line parser, checks that QuoteWord round-trips every
// word it returns, and runs the read-only commands through Session::Execute
// on a small store imported once from samples/triples.tsv.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "graph/store.h"
#include "ingest/tsv_importer.h"
#include "shell/command_parser.h"
#include "shell/commands.h"
#include "shell/session.h"

namespace {

// Commands that only read the loaded graph. The others write files, run
// Graphviz, read scripts, reopen or change the store: not for random input.
constexpr std::string_view kReadOnlyCommands[] = {
    "who", "what", "neighbors", "path", "evidence", "entity", "find",
    "stats", "relations", "dot", "set", "help"};

kg::shell::Session& SampleSession() {
  static kg::shell::Session* session = [] {
    const std::string db = kg::fuzz::ScratchDir() + "/shell.db";
    {
      auto store = kg::graph::Store::Open(db);
      if (!store.ok()) std::abort();
      auto imported = kg::ingest::ImportTsv(kg::fuzz::SourcePath("samples/triples.tsv"), **store);
      if (!imported.ok() || imported->triples_imported == 0) std::abort();
    }
    auto opened = kg::shell::Session::Open(db);
    if (!opened.ok()) {
      std::fprintf(stderr, "command_parser_fuzzer: %s\n", opened.status().message().c_str());
      std::abort();
    }
    return opened->release();
  }();
  return *session;
}

bool IsReadOnly(const kg::shell::ParsedLine& line) {
  if (line.empty() || line.redirect) return false;
  const kg::shell::Command* command = kg::shell::FindCommand(line.words.front().text);
  if (command == nullptr) return true;  // exercises the suggestions
  for (std::string_view name : kReadOnlyCommands) {
    if (command->name == name) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  kg::Result<kg::shell::ParsedLine> parsed = kg::shell::ParseLine(line);
  if (!parsed.ok()) {
    if (parsed.status().message().empty()) std::abort();
    return 0;
  }
  for (const kg::shell::Word& word : parsed->words) {
    auto again = kg::shell::ParseLine(kg::shell::QuoteWord(word.text));
    if (!again.ok() || again->words.size() != 1 || again->words[0].text != word.text ||
        again->redirect) {
      std::fprintf(stderr, "QuoteWord does not round-trip\n");
      std::abort();
    }
  }
  // Session::Execute parses again; only lines of one line are commands.
  if (line.find('\n') == std::string_view::npos && IsReadOnly(*parsed)) {
    kg::shell::Session& session = SampleSession();
    std::ostringstream out;
    const kg::Status status = session.Execute(line, out);
    if (!status.ok() && status.message().empty()) std::abort();
    // `set format` is kept; reset so that each input starts alike.
    session.set_format(kg::shell::OutputFormat::kTable);
  }
  return 0;
}
