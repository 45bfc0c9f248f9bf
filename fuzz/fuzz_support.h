// What several fuzz targets share: a scratch directory for the inputs that
// only have a file-based entry point, and a store built from the samples.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace kg::fuzz {

// A directory private to this process, made on first use and never removed
// (the fuzzer exits through _exit on a crash, so cleanup could not be relied
// on anyway); it lives under $TMPDIR.
inline const std::string& ScratchDir() {
  static const std::string dir = [] {
    std::filesystem::path base = std::filesystem::temp_directory_path() / "kg_fuzz.XXXXXX";
    std::string pattern = base.string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return pattern;
  }();
  return dir;
}

// Replaces the file at `path` with `bytes`; aborts when it cannot (a broken
// harness must not look like a clean run).
inline void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) std::abort();
}

// Where the repository is, for the committed models and samples.
inline std::string SourcePath(std::string_view relative) {
  return std::string(KG_SOURCE_DIR) + "/" + std::string(relative);
}

}  // namespace kg::fuzz
