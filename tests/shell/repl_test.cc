// Drives the interactive shell through a pseudo-terminal: the REPL runs in a
// child process whose standard streams are the terminal, and the test types
// keys and reads what the terminal shows.
#include "shell/repl.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "shell/shell_main.h"
#include "tests/shell/shell_testlib.h"

namespace kg::shell {
namespace {

using testing::NewsSession;
using testing::TempDir;

class Terminal {
 public:
  // Starts RunShell on a new pseudo-terminal; false when the system has none.
  bool Start(const ShellOptions& options) {
    master_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) return false;
    const char* slave_name = ptsname(master_);
    if (slave_name == nullptr) return false;
    const std::string slave_path = slave_name;
    std::cout.flush();
    child_ = fork();
    if (child_ < 0) return false;
    if (child_ == 0) {
      setsid();
      const int slave = open(slave_path.c_str(), O_RDWR);
      if (slave < 0) _exit(100);
      ioctl(slave, TIOCSCTTY, 0);
      dup2(slave, STDIN_FILENO);
      dup2(slave, STDOUT_FILENO);
      dup2(slave, STDERR_FILENO);
      if (slave > STDERR_FILENO) close(slave);
      close(master_);
      const int code = RunShell(options, std::cout, std::cerr);
      std::cout.flush();
      std::cerr.flush();
      _exit(code);
    }
    return true;
  }

  ~Terminal() {
    if (child_ > 0 && !exited_) {
      kill(child_, SIGKILL);
      waitpid(child_, nullptr, 0);
    }
    if (master_ >= 0) close(master_);
  }

  void Type(const std::string& keys) { ASSERT_EQ(write(master_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size())); }

  // Reads until `text` has appeared in the output since the last call (or
  // five seconds pass); returns everything read.
  std::string ReadUntil(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      const size_t found = pending_.find(text);
      if (found != std::string::npos) {
        std::string seen = pending_.substr(0, found + text.size());
        pending_.erase(0, found + text.size());
        return seen;
      }
      pollfd p{master_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = read(master_, buffer, sizeof buffer);
      if (n <= 0) break;
      pending_.append(buffer, static_cast<size_t>(n));
    }
    ADD_FAILURE() << "did not see \"" << text << "\"; got: " << pending_;
    return pending_;
  }

  int Wait() {
    int status = 0;
    // The child ends after Ctrl-D; drain the terminal so it never blocks.
    for (int i = 0; i < 50; ++i) {
      if (waitpid(child_, &status, WNOHANG) == child_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      pollfd p{master_, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) {
        char buffer[4096];
        if (read(master_, buffer, sizeof buffer) <= 0) usleep(10000);
      }
    }
    return -2;
  }

 private:
  int master_ = -1;
  pid_t child_ = -1;
  bool exited_ = false;
  std::string pending_;
};

TEST(ReplTest, PromptCompletionInterruptAndHistory) {
  TempDir dir;
  ShellOptions options;
  options.db_path = NewsSession().db_path();
  options.history_path = dir.File("history");
  options.init_path = dir.File("init.kg");
  testing::WriteFile(options.init_path, "set format table\n");
  Terminal terminal;
  if (!terminal.Start(options)) GTEST_SKIP() << "no pseudo-terminal available";

  const std::string banner = terminal.ReadUntil("kg> ");
  EXPECT_NE(banner.find("store " + options.db_path + " opened read-only as of "), std::string::npos)
      << banner;
  EXPECT_NE(banner.find("(7 entities, 9 edges)"), std::string::npos) << banner;

  // Tab completes a multi-word name typed without quotes.
  terminal.Type("who supports Bashar al-A\t");
  terminal.ReadUntil("al-Assad ");
  terminal.Type("\r");
  const std::string answer = terminal.ReadUntil("kg> ");
  EXPECT_NE(answer.find("who supports Bashar al-Assad: 3 asserted, 1 denied"), std::string::npos)
      << answer;

  // Several choices are listed as whole names.
  terminal.Type("neighbors H\t\t");
  const std::string choices = terminal.ReadUntil("Hezbollah");
  EXPECT_NE(choices.find("Hayat Tahrir al-Sham"), std::string::npos) << choices;
  terminal.Type("\x15");  // Ctrl-U: clear the line

  // Ctrl-C at the prompt drops the half-typed line and keeps the shell.
  terminal.Type("entity Ira");
  terminal.ReadUntil("entity Ira");
  terminal.Type("\x03");
  terminal.ReadUntil("kg> ");
  terminal.Type("entity Iran\r");
  const std::string entity = terminal.ReadUntil("kg> ");
  EXPECT_NE(entity.find("  type: GPE"), std::string::npos) << entity;
  EXPECT_EQ(entity.find("entity Iraentity"), std::string::npos) << entity;

  // Errors are reported and the shell goes on.
  terminal.Type("nieghbors Iran\r");
  const std::string error = terminal.ReadUntil("kg> ");
  EXPECT_NE(error.find("error: unknown command \"nieghbors\"; did you mean \"neighbors\"?"),
            std::string::npos)
      << error;

  // Ctrl-D leaves with status 0.
  terminal.Type("\x04");
  EXPECT_EQ(terminal.Wait(), 0);
  EXPECT_EQ(testing::ReadFile(options.history_path),
            "who supports Bashar al-Assad \nentity Iran\nnieghbors Iran\n");
}

}  // namespace
}  // namespace kg::shell
