// A small news store for the shell tests, built through the real Store.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "shell/session.h"

namespace kg::shell::testing {

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path()/name as a string.
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes three articles about the Syrian war into a new store at `path`:
//   Iran, Russia, Hezbollah supports Bashar al-Assad (Iran in two articles);
//   Turkey denies supporting him; United States and Hayat Tahrir al-Sham
//   oppose him; Iran supports Hezbollah; Russia met_with Turkey;
//   Turkey opposes Hayat Tahrir al-Sham.
// Aliases: Assad -> Bashar al-Assad, HTS -> Hayat Tahrir al-Sham.
// Fails the calling test when the store cannot be written.
void WriteNewsStore(const std::string& path);

// What `relations` prints for WriteNewsStore's store.
inline constexpr char kNewsRelations[] =
    "3 relations\n"
    "  relation  edges  asserted  denied  articles\n"
    "  supports      5         4       1         6\n"
    "  opposes       3         3       0         3\n"
    "  met_with      1         1       0         1\n";

// A Session over WriteNewsStore's store in a temp dir shared by the test
// program (built once). Tests that change settings restore them.
Session& NewsSession();

// Writes `text` to `path`.
void WriteFile(const std::string& path, const std::string& text);
std::string ReadFile(const std::string& path);

}  // namespace kg::shell::testing
