#include "tests/tools/store_process_testlib.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include "graph/store.h"
#include "graph/store_check.h"
#include "graph/triple_export.h"

extern char** environ;

namespace kg::cli_test {
namespace fs = std::filesystem;

// --- processes ----------------------------------------------------------

std::unique_ptr<KgProcess> KgProcess::Start(const std::vector<std::string>& args,
                                            const fs::path& log, bool keep_stdin) {
  // A write to the stdin of a process that died must fail, not kill the test.
  ::signal(SIGPIPE, SIG_IGN);
  std::unique_ptr<KgProcess> process(new KgProcess());
  process->log_ = log;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2 failed";
    return nullptr;
  }
  const std::string binary = std::string(KG_BINARY_DIR) + "/kg";
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, KG_SOURCE_DIR);
  const int spawned =
      ::posix_spawn(&process->pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[0]);
  process->stdin_fd_ = fds[1];
  if (spawned != 0) {
    ::close(fds[1]);
    ADD_FAILURE() << "cannot start " << binary << ": error " << spawned;
    return nullptr;
  }
  if (!keep_stdin) process->CloseStdin();
  return process;
}

KgProcess::~KgProcess() {
  CloseStdin();
  if (pid_ > 0 && !end_.finished) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  // The log is deleted with the test's folder: a sanitizer report in it
  // would be lost to scripts/test, which looks for them in the test output.
  const std::string log = Log();
  for (const char* report : {"Sanitizer", "runtime error:"}) {
    if (log.find(report) == std::string::npos) continue;
    ADD_FAILURE() << "kg reported a sanitizer error:\n" << log;
    std::cerr << log;
    break;
  }
}

bool KgProcess::WriteStdin(const std::string& text) {
  size_t written = 0;
  while (stdin_fd_ >= 0 && written < text.size()) {
    const ssize_t n = ::write(stdin_fd_, text.data() + written, text.size() - written);
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return stdin_fd_ >= 0;
}

void KgProcess::CloseStdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

void KgProcess::Kill() {
  if (!end_.finished) ::kill(pid_, SIGKILL);
}

ProcessEnd KgProcess::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!end_.finished) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      end_.finished = true;
      if (WIFEXITED(status)) end_.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) end_.signal = WTERMSIG(status);
      break;
    }
    if (done < 0 || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return end_;
}

std::string KgProcess::Log() const {
  std::ifstream in(log_, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

ProcessEnd RunKg(const std::vector<std::string>& args, const fs::path& log, std::string* output,
                 std::chrono::milliseconds timeout) {
  std::unique_ptr<KgProcess> process = KgProcess::Start(args, log);
  if (process == nullptr) return {};
  ProcessEnd end = process->Wait(timeout);
  if (output != nullptr) *output = process->Log();
  return end;
}

// --- articles -------------------------------------------------------------

namespace {

// A small deterministic generator (the standard distributions differ
// between libraries; these draws must not).
class Draw {
 public:
  explicit Draw(uint32_t seed) : state_(seed * 2654435761u + 1) {}
  size_t Below(size_t n) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((state_ >> 33) % n);
  }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

// People, some of whose names are spelled more than one way across
// articles (transliterations that the ingest folds onto one entity).
constexpr std::array<const char*, 24> kPeople = {
    "Ahmed Karimov",   "Leila Haddad",    "Omar Nasser",     "Sofia Brandt",  "Daniel Okafor",
    "Mariam Saleh",    "Viktor Petrenko", "Hana Yoshida",    "Carlos Mendes", "Amina Diallo",
    "Yusuf Demir",     "Elena Vasquez",   "Mohammed Salem",  "Mohamad Salem", "Mohammad Salem",
    "Abdullah Rahimi", "Abdulla Rahimi",  "Tomasz Kowalski", "Ingrid Larsen", "Rashid Khalil",
    "Rasheed Khalil",  "Nadia Boutros",   "Kenji Watanabe",  "Fatima Zahra"};
constexpr std::array<const char*, 12> kGroups = {"the Northern Alliance Party",
                                                 "the National Energy Board",
                                                 "the Popular Mobilization Forces",
                                                 "the Popular Mobilisation Forces",
                                                 "Kataib Hezbollah",
                                                 "Katiab Hezbollah",
                                                 "the Red Crescent Society",
                                                 "the Atlas Mining Company",
                                                 "the Coastal Workers Union",
                                                 "the Federal Reserve Council",
                                                 "the Green Valley Cooperative",
                                                 "the United Harbour Authority"};
// A group with its acronym, defined in one article and used in later ones.
struct Acronym {
  const char* name;
  const char* acronym;
};
constexpr std::array<Acronym, 4> kAcronyms = {{{"the Southern Farmers Federation", "SFF"},
                                               {"the Eastern Trade Council", "ETC"},
                                               {"the Regional Water Authority", "RWA"},
                                               {"the Free Press Association", "FPA"}}};
constexpr std::array<const char*, 10> kPlaces = {"Aleppo", "Basra", "Lagos", "Odessa", "Kyoto",
                                                 "Porto",  "Dakar", "Izmir", "Mosul",  "Tbilisi"};
constexpr std::array<const char*, 8> kVerbs = {"supported", "criticized", "met",      "accused",
                                               "praised",   "funded",     "attacked", "visited"};
constexpr std::array<const char*, 5> kDays = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                              "Friday"};

std::string Actor(Draw& draw) {
  const size_t n = draw.Below(kPeople.size() + kGroups.size());
  return n < kPeople.size() ? kPeople[n] : kGroups[n - kPeople.size()];
}

std::string Capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

std::string Sentence(Draw& draw, int article) {
  const std::string a = Actor(draw);
  std::string b = Actor(draw);
  if (b == a) b = draw.Pick(kPlaces);
  const std::string verb = draw.Pick(kVerbs);
  const std::string place = draw.Pick(kPlaces);
  const std::string day = draw.Pick(kDays);
  const Acronym& group = kAcronyms[static_cast<size_t>(article) % kAcronyms.size()];
  switch (draw.Below(6)) {
    case 0:
      return Capitalised(a) + " " + verb + " " + b + " on " + day + ".";
    case 1:
      return "On " + day + ", " + a + " " + verb + " " + b + " in " + place + ".";
    case 2:
      return Capitalised(a) + " did not support " + b + ".";
    case 3:
      // The acronym is defined early and used by later articles alone.
      if (article < 12) {
        return Capitalised(group.name) + " (" + group.acronym + ") " + verb + " " + b + ".";
      }
      return std::string("The ") + group.acronym + " " + verb + " " + b + " in " + place + ".";
    case 4:
      return Capitalised(a) + " " + verb + " " + b + ", officials in " + place + " said.";
    default:
      return Capitalised(a) + " reportedly " + verb + " " + b + " last week.";
  }
}

}  // namespace

void WriteNewsArticles(const fs::path& dir, int count, uint32_t seed) {
  fs::create_directories(dir);
  Draw draw(seed);
  for (int i = 0; i < count; ++i) {
    std::string text = "Report ";
    text += std::to_string(i);
    text += ": talks in ";
    text += draw.Pick(kPlaces);
    text += '\n';
    const size_t sentences = 3 + draw.Below(3);
    for (size_t s = 0; s < sentences; ++s) text += (s == 0 ? "" : " ") + Sentence(draw, i);
    char name[32];
    std::snprintf(name, sizeof name, "article_%03d.txt", i);
    std::ofstream(dir / name, std::ios::binary) << text << '\n';
  }
}

// --- reading a store back ---------------------------------------------------

namespace {

std::string EntityName(const graph::Store& store, uint64_t id) {
  Result<pb::Entity> entity = store.GetEntity(id);
  return entity.ok() ? entity->name() : "#" + std::to_string(id);
}

std::string ArticleLine(const pb::Article& article) {
  return "article|" + article.source() + "|" + article.title() + "|" +
         std::to_string(article.text().size()) + " bytes|" +
         std::to_string(article.sentences_size()) + " sentences|" +
         std::to_string(article.triple_count()) + " statements";
}

std::string EvidenceLine(const std::string& edge, const pb::Evidence& evidence) {
  return edge + "|s" + std::to_string(evidence.sentence_index()) + "@" +
         std::to_string(evidence.begin()) + "-" + std::to_string(evidence.end()) + "|" +
         evidence.raw_relation() + "|" + evidence.modality();
}

// Reads what the store holds per article; the problems it sees on the way.
Status ReadArticles(const graph::Store& store, StoreContents* out) {
  KG_RETURN_IF_ERROR(store.ForEachArticle([&](const pb::Article& article) {
    out->articles[article.id()].push_back(ArticleLine(article));
    return true;
  }));
  std::vector<pb::Triple> triples;
  KG_RETURN_IF_ERROR(store.ForEachTriple([&](const pb::Triple& triple) {
    triples.push_back(triple);
    return true;
  }));
  for (const pb::Triple& triple : triples) {
    const std::string edge = EntityName(store, triple.subject_id()) + "|" + triple.relation() +
                             "|" + EntityName(store, triple.object_id()) + "|" +
                             (triple.polarity() == pb::POLARITY_NEGATIVE ? "-" : "+");
    int rows = 0;
    KG_RETURN_IF_ERROR(store.ForEachEvidence(triple, [&](const pb::Evidence& evidence) {
      ++rows;
      auto article = out->articles.find(evidence.article_id());
      if (article == out->articles.end()) {
        out->problems.push_back("evidence of " + edge + " names article " + evidence.article_id() +
                                ", which is not stored");
      } else {
        article->second.push_back(EvidenceLine(edge, evidence));
      }
      return true;
    }));
    if (rows == 0) out->problems.push_back("triple " + edge + " has no evidence");
  }
  for (auto& [id, lines] : out->articles) std::sort(lines.begin(), lines.end());
  return Status::Ok();
}

Status ReadNames(const graph::Store& store, StoreContents* out) {
  KG_RETURN_IF_ERROR(store.ForEachEntity([&](const pb::Entity& entity) {
    std::vector<std::string> aliases(entity.aliases().begin(), entity.aliases().end());
    std::sort(aliases.begin(), aliases.end());
    std::string line = entity.name() + "|" + entity.type() + "|";
    for (const std::string& alias : aliases) line += alias + ",";
    out->entities[entity.id()] = line;
    return true;
  }));
  return store.ForEachAlias([&](std::string_view alias, uint64_t id) {
    out->aliases[std::string(alias)] = id;
    return true;
  });
}

}  // namespace

StoreContents ReadStoreContents(const std::string& path) {
  StoreContents contents;
  Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(path, {.read_only = true});
  if (!store.ok()) {
    contents.problems.push_back("open: " + store.status().message());
    return contents;
  }
  Result<graph::CheckReport> report = graph::CheckStore(**store);
  if (!report.ok()) {
    contents.problems.push_back("check: " + report.status().message());
  } else {
    contents.check_clean = report->clean();
    contents.check_summary = report->clean() ? report->Summary() : report->Format();
  }
  for (Status status : {ReadArticles(**store, &contents), ReadNames(**store, &contents)}) {
    if (!status.ok()) contents.problems.push_back("read: " + status.message());
  }
  std::ostringstream exported;
  Status status = graph::ExportTriples(**store, graph::ExportFormat::kTsv, exported);
  if (!status.ok()) contents.problems.push_back("export: " + status.message());
  contents.export_tsv = exported.str();
  return contents;
}

std::vector<std::string> PartialStoreDifferences(const StoreContents& partial,
                                                 const StoreContents& complete) {
  std::vector<std::string> out = partial.problems;
  if (!partial.check_clean) out.push_back("check: " + partial.check_summary);
  for (const auto& [id, lines] : partial.articles) {
    auto clean = complete.articles.find(id);
    if (clean == complete.articles.end()) {
      out.push_back("article " + id + " is not in the clean run's store");
    } else if (lines != clean->second) {
      std::string diff = "article " + id + " differs from the clean run's:";
      for (const std::string& line : lines) {
        if (!std::binary_search(clean->second.begin(), clean->second.end(), line)) {
          diff += "\n  only here:  " + line;
        }
      }
      for (const std::string& line : clean->second) {
        if (!std::binary_search(lines.begin(), lines.end(), line)) {
          diff += "\n  only clean: " + line;
        }
      }
      out.push_back(diff);
    }
  }
  for (const auto& [id, line] : partial.entities) {
    auto clean = complete.entities.find(id);
    // A partial store has seen fewer spellings: compare names, not alias lists.
    const std::string name = line.substr(0, line.find('|'));
    if (clean == complete.entities.end() ||
        clean->second.substr(0, clean->second.find('|')) != name) {
      out.push_back("entity " + std::to_string(id) + " (" + line +
                    ") is not in the clean run's store");
    }
  }
  for (const auto& [alias, id] : partial.aliases) {
    auto clean = complete.aliases.find(alias);
    if (clean == complete.aliases.end() || clean->second != id) {
      out.push_back("alias '" + alias + "' -> " + std::to_string(id) +
                    " is not in the clean run's store");
    }
  }
  return out;
}

std::vector<std::string> StoreDifferences(const StoreContents& actual,
                                          const StoreContents& expected) {
  std::vector<std::string> out = PartialStoreDifferences(actual, expected);
  for (const auto& [id, lines] : expected.articles) {
    if (actual.articles.count(id) == 0)
      out.push_back("article " + id + " (" + lines.back() + ") is missing");
  }
  for (const auto& [id, line] : expected.entities) {
    auto found = actual.entities.find(id);
    if (found == actual.entities.end()) {
      out.push_back("entity " + std::to_string(id) + " (" + line + ") is missing");
    } else if (found->second != line) {
      out.push_back("entity " + std::to_string(id) + " is " + found->second + ", not " + line);
    }
  }
  for (const auto& [alias, id] : expected.aliases) {
    if (actual.aliases.count(alias) == 0) out.push_back("alias '" + alias + "' is missing");
  }
  if (actual.export_tsv != expected.export_tsv) {
    std::istringstream a(actual.export_tsv), e(expected.export_tsv);
    std::string line_a, line_e;
    int line = 0;
    while (true) {
      const bool more_a = static_cast<bool>(std::getline(a, line_a));
      const bool more_e = static_cast<bool>(std::getline(e, line_e));
      ++line;
      if (!more_a && !more_e) break;
      if (more_a != more_e || line_a != line_e) {
        out.push_back("export differs at line " + std::to_string(line) + ": '" +
                      (more_a ? line_a : "(end)") + "' instead of '" + (more_e ? line_e : "(end)") +
                      "'");
        break;
      }
    }
  }
  return out;
}

}  // namespace kg::cli_test
