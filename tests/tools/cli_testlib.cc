#include "tests/tools/cli_testlib.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

namespace kg::cli_test {

std::string Quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

RunResult RunShell(const std::string& command) {
  RunResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, read);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

void SampleStoreTest::SetUp() {
  dir_ = std::filesystem::temp_directory_path() /
         ("kg_cli_" + std::to_string(::getpid()) + "_" +
          testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "_" +
          testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  store_ = (dir_ / "kg.db").string();
  RunResult import = Kg("import samples/triples.tsv --aliases samples/aliases.tsv");
  ASSERT_EQ(import.exit_code, 0) << import.output;
}

void SampleStoreTest::TearDown() { std::filesystem::remove_all(dir_); }

RunResult SampleStoreTest::Kg(const std::string& args) const {
  return RunShell("cd " + Quote(KG_SOURCE_DIR) + " && KG_DB=" + Quote(store_) +
                  " HOME=" + Quote(dir_.string()) + " " +
                  Quote(std::string(KG_BINARY_DIR) + "/kg") + " " + args + " < /dev/null 2>&1");
}

}  // namespace kg::cli_test
