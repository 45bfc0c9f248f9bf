#include "shell/session.h"

#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>

#include "graph/loader.h"
#include "graph/names.h"
#include "shell/commands.h"
#include "shell/command_parser.h"

namespace kg::shell {

Result<std::unique_ptr<Session>> Session::Open(const std::string& db_path) {
  std::unique_ptr<Session> session(new Session());
  KG_RETURN_IF_ERROR(session->Load(db_path));
  return session;
}

Session::~Session() = default;

Status Session::Load(const std::string& db_path) {
  graph::StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(db_path, options);
  if (!store.ok()) return store.status();
  Result<std::unique_ptr<graph::KnowledgeGraph>> graph = graph::LoadGraph(**store, &cancellation_);
  if (!graph.ok()) return graph.status().WithContext("loading " + db_path);
  // Swap in only when both succeeded, so a failed reload keeps the old one.
  db_path_ = db_path;
  store_ = std::move(*store);
  graph_ = std::move(*graph);
  loaded_at_ = std::time(nullptr);
  normalized_names_.clear();
  return Status::Ok();
}

Status Session::Reload() { return Load(db_path_); }

Status Session::Update(const std::function<Status(graph::Store&)>& change) {
  graph::StoreOptions options;
  options.create_if_missing = false;
  {
    Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(db_path_, options);
    if (!store.ok()) return store.status();
    KG_RETURN_IF_ERROR(change(**store));
  }  // closed here, so the reload below and other processes see the write
  return Reload();
}

const std::vector<std::pair<std::string, std::string>>& Session::normalized_names() {
  if (normalized_names_.empty()) {
    normalized_names_.reserve(graph_->all_names().size());
    for (const std::string& name : graph_->all_names()) {
      normalized_names_.emplace_back(graph::NormalizeName(name), name);
    }
  }
  return normalized_names_;
}

Status Session::Execute(std::string_view line, std::ostream& out) {
  Result<ParsedLine> parsed = ParseLine(line);
  if (!parsed.ok()) return parsed.status();
  if (parsed->empty()) return Status::Ok();
  // An unknown command is reported before the redirection file is created,
  // so a typo does not truncate an existing file.
  if (FindCommand(parsed->words.front().text) == nullptr || !parsed->redirect) {
    try {
      return RunCommand(*this, parsed->words, out);
    } catch (const std::exception& e) {
      return Status::Internal(parsed->words.front().text + ": " + e.what());
    }
  }
  const Redirect& redirect = *parsed->redirect;
  std::ofstream file(redirect.path, redirect.append ? std::ios::app : std::ios::trunc);
  if (!file) {
    return Status::IOError("cannot write \"" + redirect.path + "\": " + std::strerror(errno));
  }
  Status status;
  try {
    status = RunCommand(*this, parsed->words, file);
  } catch (const std::exception& e) {
    status = Status::Internal(parsed->words.front().text + ": " + e.what());
  }
  file.close();
  if (status.ok() && !file) return Status::IOError("error writing \"" + redirect.path + "\"");
  return status;
}

}  // namespace kg::shell
