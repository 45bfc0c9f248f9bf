// Fuzzes the parsers of user-written files: the TSV triple importer (into a
// scratch store, recreated now and then so it stays small), alias files,
// relation lexicons (parsed on their own and on top of the shipped
// declarations) and the knowledge-line reader they share. Bad lines must be
// warnings or errors naming FILE:LINE, never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "graph/store.h"
#include "ingest/alias_file.h"
#include "ingest/knowledge_files.h"
#include "ingest/relation_lexicon.h"
#include "ingest/tsv_importer.h"

namespace {

constexpr int kRunsPerStore = 2000;

// Never destroyed at exit: RocksDB's own statics may be gone by then.
kg::graph::Store& ScratchStore() {
  static kg::graph::Store* store = nullptr;
  static int runs = 0;
  if (store == nullptr || ++runs % kRunsPerStore == 0) {
    const std::string path = kg::fuzz::ScratchDir() + "/import.db";
    delete store;
    std::filesystem::remove_all(path);
    auto opened = kg::graph::Store::Open(path);
    if (!opened.ok()) std::abort();
    store = opened->release();
  }
  return *store;
}

void CheckWhere(const kg::Status& status) {
  if (!status.ok() && status.message().find("fuzz.tsv") == std::string::npos) std::abort();
}

void UseLexicon(const kg::ingest::RelationLexicon& lexicon, std::string_view text) {
  // Look the input's lines up as phrases, modifiers and cues.
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int i = 0; i < 8 && std::getline(lines, line); ++i) {
    (void)lexicon.Normalize(line);
    (void)lexicon.MatchModifier(line);
    (void)lexicon.Cue(line);
    (void)lexicon.CueAt({line, line}, 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz.tsv";

  {
    std::istringstream in(text);
    auto imported = kg::ingest::ImportTsv(in, name, ScratchStore());
    CheckWhere(imported.status());
  }
  {
    std::istringstream in(text);
    (void)kg::ingest::ParseAliases(in, name);
  }
  {
    std::istringstream in(text);
    CheckWhere(kg::ingest::ReadKnowledgeLines(in, name).status());
  }
  {
    std::istringstream in(text);
    auto lexicon = kg::ingest::RelationLexicon::Parse(in, name);
    CheckWhere(lexicon.status());
    if (lexicon.ok()) UseLexicon(*lexicon, text);
  }
  {
    // On top of the shipped relations and word classes, which the input may
    // refer to (the shipped patterns would cost most of each run); parsed
    // afresh from memory because AddStream changes the lexicon.
    static const std::string shipped = [] {
      std::ifstream file(kg::fuzz::SourcePath("ingest/data/relations.tsv"));
      std::string declarations;
      for (std::string line; std::getline(file, line);) {
        if (line.rfind("relation\t", 0) == 0 || line.rfind("class\t", 0) == 0) {
          declarations += line + "\n";
        }
      }
      return declarations;
    }();
    std::istringstream shipped_in(shipped);
    auto loaded = kg::ingest::RelationLexicon::Parse(shipped_in, "relations.tsv");
    if (!loaded.ok()) std::abort();
    kg::ingest::RelationLexicon lexicon = std::move(loaded).value();
    std::istringstream in(text);
    CheckWhere(lexicon.AddStream(in, name));
    UseLexicon(lexicon, text);
  }
  return 0;
}
