// Helpers shared by the tests that run kg's executables through /bin/sh.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace kg::cli_test {

struct RunResult {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string output;  // what it wrote to stdout (add " 2>&1" for stderr)
};

// `text` in single quotes, safe as one /bin/sh word.
std::string Quote(const std::string& text);

// Runs `command` with /bin/sh and collects its stdout and exit code.
RunResult RunShell(const std::string& command);

// A fresh store per test, loaded with samples/triples.tsv and the samples'
// alias file, in a temporary folder that is removed afterwards.
class SampleStoreTest : public testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Runs `kg ARGS` from the source tree on the test's store, without a
  // terminal; stdout and stderr together.
  RunResult Kg(const std::string& args) const;

  std::filesystem::path dir_;
  std::string store_;
};

}  // namespace kg::cli_test
