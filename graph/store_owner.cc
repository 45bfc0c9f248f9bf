#include "graph/store_owner.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <system_error>

namespace kg::graph::store_owner {
namespace {

namespace fs = std::filesystem;

// Files hold a few bytes; anything longer is not ours.
constexpr size_t kMaxOwnerBytes = 64;

fs::path OwnerPath(const std::string& dir) { return fs::path(dir) / kOwnerFileName; }

std::optional<long> ParsePid(const std::string& text) {
  long pid = 0;
  const char* end = text.data() + text.size();
  while (end != text.data() && (end[-1] == '\n' || end[-1] == ' ')) --end;
  const auto [stop, error] = std::from_chars(text.data(), end, pid);
  if (error != std::errc() || stop != end || pid <= 0 || pid > std::numeric_limits<pid_t>::max()) {
    return std::nullopt;
  }
  return pid;
}

std::optional<long> ReadPid(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  char c;
  while (text.size() <= kMaxOwnerBytes && in.get(c)) text += c;
  if (text.size() > kMaxOwnerBytes) return std::nullopt;
  return ParsePid(text);
}

}  // namespace

Status WriteOwner(const std::string& dir) {
  const fs::path file = OwnerPath(dir);
  fs::path temporary = file;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << ::getpid() << '\n';
    out.close();
    if (!out) return Status::IOError(temporary.string() + ": cannot write");
  }
  // rename replaces the old file in one step: a refused writer reading at
  // the same moment sees a whole id.
  std::error_code error;
  fs::rename(temporary, file, error);
  if (error) return Status::IOError(file.string() + ": " + error.message());
  return Status::Ok();
}

void RemoveOwner(const std::string& dir) {
  const fs::path file = OwnerPath(dir);
  if (ReadPid(file) != static_cast<long>(::getpid())) return;
  std::error_code ignored;
  fs::remove(file, ignored);
}

std::optional<long> ReadOwner(const std::string& dir) {
  const std::optional<long> pid = ReadPid(OwnerPath(dir));
  if (!pid) return std::nullopt;
  // A file left by a killed process may be read in the moment before the
  // new holder replaces it; a dead process is not named.
  if (::kill(static_cast<pid_t>(*pid), 0) != 0 && errno != EPERM) return std::nullopt;
  return pid;
}

std::string LockedMessage(const std::string& path) {
  const std::optional<long> owner = ReadOwner(path);
  return "store " + path + " is locked by " +
         (owner ? "process " + std::to_string(*owner) : std::string("another process"));
}

}  // namespace kg::graph::store_owner
