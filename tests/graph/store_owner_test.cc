// The owner file (graph/store_owner.h), the lock message that names the
// writer, creating a store in one step, and read-only opens beside a writer
// that flushes and compacts.
#include "graph/store_owner.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "graph/store.h"
#include "graph/store_check.h"

namespace kg::graph {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the test temp dir holding the store path `str()`,
// removed afterwards.
class ScopedRoot {
 public:
  ScopedRoot() {
    static std::atomic<int> counter{0};
    root_ =
        fs::path(testing::TempDir()) /
        ("kg_owner_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~ScopedRoot() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  const fs::path& root() const { return root_; }
  std::string str() const { return (root_ / "kg.db").string(); }
  fs::path owner() const { return root_ / "kg.db" / store_owner::kOwnerFileName; }

 private:
  fs::path root_;
};

std::unique_ptr<Store> OpenOrDie(const std::string& path, StoreOptions options = {}) {
  Result<std::unique_ptr<Store>> store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The id of a process that has ended, as a killed writer leaves in its file.
pid_t EndedProcessId() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

ArticleUpdate Article(int n) {
  const std::string text =
      "Article " + std::to_string(n) + ": Iran supports group " + std::to_string(n) + ".";
  ArticleUpdate update;
  update.article.set_id(ArticleIdFor(text));
  update.article.set_text(text);
  TripleStatement statement;
  statement.subject = "Iran";
  statement.relation = "supports";
  statement.object = "Group " + std::to_string(n);
  statement.evidence.set_sentence(text);
  update.triples.push_back(statement);
  return update;
}

TEST(StoreOwnerTest, WriterNamesItselfUntilItCloses) {
  ScopedRoot dir;
  {
    auto writer = OpenOrDie(dir.str());
    ASSERT_NE(writer, nullptr);
    EXPECT_EQ(ReadFile(dir.owner()), std::to_string(::getpid()) + "\n");
    EXPECT_EQ(store_owner::ReadOwner(dir.str()), static_cast<long>(::getpid()));
    // The file is no record: the check does not see it.
    Result<CheckReport> report = CheckStore(*writer);
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_TRUE(report->clean()) << report->Format();
    // A reader writes none and removes none.
    EXPECT_NE(OpenOrDie(dir.str(), {.read_only = true}), nullptr);
    EXPECT_TRUE(fs::exists(dir.owner()));
  }
  EXPECT_FALSE(fs::exists(dir.owner()));
  EXPECT_NE(OpenOrDie(dir.str(), {.read_only = true}), nullptr);
  EXPECT_FALSE(fs::exists(dir.owner()));
}

TEST(StoreOwnerTest, SecondWriterIsToldWhoHoldsTheStore) {
  ScopedRoot dir;
  auto writer = OpenOrDie(dir.str());
  ASSERT_NE(writer, nullptr);
  const std::string another = "store " + dir.str() + " is locked by another process";
  const struct {
    const char* label;
    std::optional<std::string> owner_file;  // nullopt: as the writer wrote it
    std::string message;
  } cases[] = {
      {"the writer's own file", std::nullopt,
       "store " + dir.str() + " is locked by process " + std::to_string(::getpid())},
      {"a process that ended", std::to_string(EndedProcessId()) + "\n", another},
      {"garbage", "pid twelve\n", another},
      {"empty", "", another},
      {"negative", "-5\n", another},
      {"too long", std::string(100, '7'), another},
  };
  for (const auto& c : cases) {
    if (c.owner_file) std::ofstream(dir.owner(), std::ios::trunc) << *c.owner_file;
    Result<std::unique_ptr<Store>> second = Store::Open(dir.str());
    ASSERT_FALSE(second.ok()) << c.label;
    EXPECT_TRUE(second.status().IsBusy()) << c.label;
    EXPECT_EQ(second.status().message(), c.message) << c.label;
  }
  fs::remove(dir.owner());
  Result<std::unique_ptr<Store>> second = Store::Open(dir.str());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(), another) << "no file at all";
}

TEST(StoreOwnerTest, StaleOwnerFileNeverBlocksAnOpen) {
  const std::string stale[] = {std::to_string(EndedProcessId()) + "\n", "garbage", "",
                               std::to_string(::getpid()) + "\n"};
  for (const std::string& content : stale) {
    ScopedRoot dir;
    ASSERT_NE(OpenOrDie(dir.str()), nullptr);  // create, then close
    std::ofstream(dir.owner(), std::ios::trunc) << content;
    auto writer = OpenOrDie(dir.str());
    ASSERT_NE(writer, nullptr) << "owner file '" << content << "'";
    ASSERT_TRUE(writer->CommitArticle(Article(1)).ok());
    EXPECT_EQ(ReadFile(dir.owner()), std::to_string(::getpid()) + "\n");
    writer.reset();
    EXPECT_FALSE(fs::exists(dir.owner()));
  }
}

TEST(StoreOwnerTest, NewStoreAppearsWholeAndLeftoversOfKilledCreatorsGo) {
  ScopedRoot dir;
  // A creator killed half-way left its staging directory; one of a live
  // process (pid 1) may still be in use and stays.
  const fs::path dead = dir.root() / (".kg.db.creating-" + std::to_string(EndedProcessId()));
  const fs::path live = dir.root() / ".kg.db.creating-1";
  for (const fs::path& leftover : {dead, live}) {
    fs::create_directories(leftover);
    std::ofstream(leftover / "LOG") << "half made\n";
  }
  auto store = OpenOrDie(dir.str());
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
  // Nothing of this creation is left beside the store.
  for (const auto& entry : fs::directory_iterator(dir.root())) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "kg.db" || entry.path() == live) << name;
  }
  EXPECT_TRUE(fs::exists(fs::path(dir.str()) / "CURRENT"));
}

TEST(StoreOwnerTest, CreatesInAnEmptyDirectoryAndThroughATrailingSlash) {
  const struct {
    const char* label;
    bool make_empty_directory;
    const char* suffix;
  } cases[] = {{"empty directory", true, ""},
               {"trailing slash", false, "/"},
               {"empty directory, trailing slash", true, "/"}};
  for (const auto& c : cases) {
    ScopedRoot dir;
    if (c.make_empty_directory) fs::create_directories(dir.str());
    {
      auto store = OpenOrDie(dir.str() + c.suffix);
      ASSERT_NE(store, nullptr) << c.label;
      ASSERT_TRUE(store->CommitArticle(Article(1)).ok()) << c.label;
    }
    auto reader = OpenOrDie(dir.str(), {.read_only = true});
    ASSERT_NE(reader, nullptr) << c.label;
    Result<StoreCounts> counts = reader->Counts();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->articles, 1u) << c.label;
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.root()), fs::directory_iterator()), 1)
        << c.label << ": only the store is left";
  }
}

TEST(StoreOwnerTest, CreatesThroughALinkToAnEmptyDirectory) {
  ScopedRoot dir;
  const fs::path data = dir.root() / "data";
  fs::create_directories(data);
  fs::create_directory_symlink(data, dir.str());
  {
    auto store = OpenOrDie(dir.str());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CommitArticle(Article(1)).ok());
  }
  EXPECT_TRUE(fs::is_symlink(dir.str()));
  EXPECT_TRUE(fs::exists(data / "CURRENT"));
  auto reader = OpenOrDie(dir.str(), {.read_only = true});
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->Counts()->articles, 1u);
}

TEST(StoreOwnerTest, CreationErrorNamesTheStore) {
  ScopedRoot dir;
  const std::string path = (dir.root() / "missing" / "parent" / "kg.db").string();
  Result<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().message().rfind("store " + path + ": cannot create it: ", 0), 0u)
      << store.status().message();
  EXPECT_FALSE(fs::exists(dir.root() / "missing"));
}

// A writer that reopens the store again and again makes RocksDB flush the
// recovered log into table files and compact them, deleting files a reader
// opening at that moment may have just read of. Every read-only open must
// still succeed and see whole commits, never fewer than an earlier open saw.
TEST(StoreReadersTest, ReadOnlyOpensBesideAWriterThatFlushesAndCompacts) {
  ScopedRoot dir;
  ASSERT_NE(OpenOrDie(dir.str()), nullptr);
  constexpr int kRounds = 30;
  std::atomic<bool> done{false};
  std::string writer_error;
  std::thread writer([&] {
    for (int round = 1; round <= kRounds && writer_error.empty(); ++round) {
      Result<std::unique_ptr<Store>> store = Store::Open(dir.str());
      if (!store.ok()) {
        writer_error = store.status().message();
        break;
      }
      Result<CommitOutcome> outcome = (*store)->CommitArticle(Article(round));
      if (!outcome.ok()) writer_error = outcome.status().message();
    }
    done = true;
  });
  int reads = 0;
  uint64_t seen = 0;
  std::string failure;  // the first; the loop stops there (the writer must be joined)
  while (!done && failure.empty()) {
    const std::string read = "read " + std::to_string(++reads) + ": ";
    Result<std::unique_ptr<Store>> reader = Store::Open(dir.str(), {.read_only = true});
    if (!reader.ok()) {
      failure = read + reader.status().message();
      break;
    }
    Result<StoreCounts> counts = (*reader)->Counts();
    Result<CheckReport> report = CheckStore(**reader);
    if (!counts.ok() || !report.ok()) {
      failure = read + (counts.ok() ? report.status() : counts.status()).message();
    } else if (counts->articles < seen) {
      failure = read + std::to_string(counts->articles) + " articles after " +
                std::to_string(seen) + " before";
    } else if (counts->evidence != counts->articles || !report->clean()) {
      failure = read + std::to_string(counts->evidence) + " evidence for " +
                std::to_string(counts->articles) + " articles; " + report->Format();
    } else {
      seen = counts->articles;
    }
  }
  writer.join();
  EXPECT_EQ(failure, "");
  ASSERT_EQ(writer_error, "");
  auto reader = OpenOrDie(dir.str(), {.read_only = true});
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->Counts()->articles, static_cast<uint64_t>(kRounds));
  EXPECT_GE(reads, 1);
}

}  // namespace
}  // namespace kg::graph
