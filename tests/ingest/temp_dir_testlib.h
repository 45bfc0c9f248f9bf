// A temporary folder for one test, removed with everything in it.
#pragma once

#include <string>

namespace kg::ingest {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `bytes` to `name` inside the folder (creating subfolders) and
  // returns the file's path.
  std::string Write(const std::string& name, const std::string& bytes) const;

 private:
  std::string path_;
};

}  // namespace kg::ingest
