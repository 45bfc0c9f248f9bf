#include "graph/graphviz_render.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace kg::graph {

namespace {

// A temporary file removed when this goes out of scope.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/kg-dot-XXXXXX";
    fd_ = mkstemp(path_.data());
  }
  ~TempFile() {
    if (fd_ >= 0) {
      close(fd_);
      unlink(path_.c_str());
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

  bool Write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  std::string FirstLine() const {
    std::ifstream in(path_);
    std::string line;
    std::getline(in, line);
    return line;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

Status Spawn(const std::vector<std::string>& args, const std::string& stdin_path,
             const std::string& stderr_path, int* exit_status) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(), O_WRONLY | O_TRUNC,
                                   0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) {
    return Status::NotFound("Graphviz 'dot' is not on PATH; install graphviz to render images");
  }
  if (rc != 0) return Status::IOError(std::string("cannot start dot: ") + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return Status::IOError(std::string("waiting for dot: ") + std::strerror(errno));
  }
  *exit_status = status;
  return Status::Ok();
}

}  // namespace

bool GraphvizAvailable() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::stringstream dirs{std::string(path)};
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/dot";
    struct stat info;
    if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return true;
    }
  }
  return false;
}

Status RenderWithGraphviz(std::string_view dot, std::string_view format,
                          const std::string& out_path) {
  if (format != "svg" && format != "png" && format != "pdf") {
    return Status::InvalidArgument("unknown image format '" + std::string(format) +
                                   "' (choose svg, png or pdf)");
  }
  if (out_path.empty()) return Status::InvalidArgument("no output file given");
  // DOT goes in through a file rather than a pipe so that dot failing early
  // cannot block or SIGPIPE the shell.
  TempFile input, errors;
  if (!input.ok() || !errors.ok() || !input.Write(dot)) {
    return Status::IOError(std::string("cannot write a temporary file for dot: ") +
                           std::strerror(errno));
  }
  // "-o<path>" is one argument, so a path starting with '-' stays a path.
  const std::vector<std::string> args = {"dot", "-T" + std::string(format), "-o" + out_path};
  int exit_status = 0;
  KG_RETURN_IF_ERROR(Spawn(args, input.path(), errors.path(), &exit_status));
  if (WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0) return Status::Ok();
  std::string reason = errors.FirstLine();
  std::string how = WIFEXITED(exit_status)
                        ? "exit status " + std::to_string(WEXITSTATUS(exit_status))
                        : "signal " + std::to_string(WTERMSIG(exit_status));
  return Status::IOError("dot -T" + std::string(format) + " -o " + out_path + " failed (" + how +
                         ")" + (reason.empty() ? "" : ": " + reason));
}

}  // namespace kg::graph
