// One store, several kg processes: a second writer is refused with a message
// that names the process holding the store; a stale owner file never blocks
// anyone; readers (read-only opens, the shell) see whole articles while an
// ingest writes, and never hold an ingest up.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/tools/store_process_testlib.h"

namespace {

using kg::cli_test::KgProcess;
using kg::cli_test::PartialStoreDifferences;
using kg::cli_test::ProcessEnd;
using kg::cli_test::ReadStoreContents;
using kg::cli_test::RunKg;
using kg::cli_test::StoreContents;
using kg::cli_test::StoreDifferences;
using kg::cli_test::WriteNewsArticles;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

const Millis kTimeout = std::chrono::seconds(60);

class StoreLockTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("kg_store_lock_test_" + std::to_string(::getpid()) + "_" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = (dir_ / "kg.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs kg to the end and returns its exit code; its output in `*output`.
  int Kg(const std::vector<std::string>& args, std::string* output = nullptr) {
    std::string log;
    const ProcessEnd end = RunKg(args, dir_ / "run.log", &log, kTimeout);
    if (output != nullptr) *output = log;
    return end.finished ? end.exit_code : -1;
  }

  std::string Articles(const std::string& name, int count, uint32_t seed) {
    const fs::path path = dir_ / name;
    WriteNewsArticles(path, count, seed);
    return path.string();
  }

  // Waits until `process` has the store open for writing: its owner file
  // names it. False when it ended or the wait timed out first.
  bool WaitForOwner(KgProcess& process) {
    const std::string pid = std::to_string(process.pid());
    const Clock::time_point start = Clock::now();
    while (Clock::now() - start < kTimeout) {
      std::ifstream in(fs::path(store_) / "kg.owner");
      std::string owner;
      in >> owner;
      if (owner == pid) return true;
      if (process.Wait(Millis(2)).finished) return false;
    }
    return false;
  }

  fs::path dir_;
  std::string store_;
};

TEST_F(StoreLockTest, SecondWriterIsRefusedWithTheHoldersProcessId) {
  const std::string articles = Articles("articles", 6, 11);
  const std::string more = Articles("more", 3, 12);
  const std::string tsv = (dir_ / "triples.tsv").string();
  std::ofstream(tsv) << "Zorblat Quintero\tsupports\tVexhall Ombudsman\n";

  // The holder ingests a folder, then waits for an article on stdin: it
  // keeps the store open for as long as the test needs. One thread, so that
  // it commits each article before it reads the next.
  std::unique_ptr<KgProcess> holder = KgProcess::Start(
      {"ingest", "--threads", "1", "--db", store_, articles, "-"}, dir_ / "holder.log", true);
  ASSERT_NE(holder, nullptr);
  ASSERT_TRUE(WaitForOwner(*holder)) << holder->Log();
  // Readers open beside the writer. The shell's alias needs an entity:
  // wait for the folder to be stored (the holder then waits on stdin).
  StoreContents before;
  for (const Clock::time_point start = Clock::now();
       before.articles.size() < 6 && Clock::now() - start < kTimeout;
       std::this_thread::sleep_for(Millis(10))) {
    before = ReadStoreContents(store_);
    ASSERT_TRUE(before.problems.empty()) << before.problems.front();
  }
  ASSERT_EQ(before.articles.size(), 6u) << holder->Log();
  ASSERT_FALSE(before.entities.empty());
  const std::string entity =
      before.entities.begin()->second.substr(0, before.entities.begin()->second.find('|'));
  const std::string locked =
      "store " + store_ + " is locked by process " + std::to_string(holder->pid());

  const struct {
    const char* label;
    std::vector<std::string> args;
    bool whole_output;  // the message is all the command prints
  } cases[] = {
      {"ingest", {"ingest", "--db", store_, more}, true},
      {"import", {"import", "--db", store_, tsv}, true},
      {"repair", {"repair", "--db", store_}, true},
      {"shell alias", {"shell", "--db", store_, "-c", "alias Zorblat = \"" + entity + "\""}, false},
  };
  for (const auto& c : cases) {
    std::string output;
    const int code = Kg(c.args, &output);
    EXPECT_NE(code, 0) << c.label << ": " << output;
    if (c.whole_output) {
      EXPECT_EQ(output, "kg: " + locked + "\n") << c.label;
    } else {
      EXPECT_NE(output.find(locked + "\n"), std::string::npos) << c.label << ": " << output;
    }
  }

  // The holder was not disturbed: it stores the stdin article and ends well.
  ASSERT_TRUE(holder->WriteStdin("Talks in Oslo\nIngrid Larsen met Kenji Watanabe on Friday.\n"));
  holder->CloseStdin();
  const ProcessEnd end = holder->Wait(kTimeout);
  ASSERT_EQ(end.exit_code, 0) << holder->Log();
  EXPECT_FALSE(fs::exists(fs::path(store_) / "kg.owner"));
  const StoreContents contents = ReadStoreContents(store_);
  EXPECT_TRUE(contents.problems.empty()) << contents.problems.front();
  EXPECT_TRUE(contents.check_clean) << contents.check_summary;
  EXPECT_EQ(contents.articles.size(), 7u);
  EXPECT_NE(contents.export_tsv.find("Ingrid Larsen\tmeets\tKenji Watanabe"), std::string::npos)
      << contents.export_tsv;
  EXPECT_EQ(contents.export_tsv.find("Zorblat"), std::string::npos) << "a refused import wrote";
  EXPECT_EQ(contents.aliases.count("zorblat"), 0u) << "a refused alias was stored";

  // Now the refused ingest goes through.
  std::string output;
  EXPECT_EQ(Kg({"ingest", "--db", store_, more}, &output), 0) << output;
}

TEST_F(StoreLockTest, StaleOwnerFileNeverBlocksAWriter) {
  const std::string articles = Articles("articles", 4, 21);
  std::string output;
  ASSERT_EQ(Kg({"ingest", "--db", store_, articles}, &output), 0) << output;
  ASSERT_FALSE(fs::exists(fs::path(store_) / "kg.owner")) << "a closed store keeps no owner file";

  // The id of a process that has ended, as a killed writer leaves it.
  std::unique_ptr<KgProcess> ended = KgProcess::Start({"--version"}, dir_ / "ended.log");
  ASSERT_NE(ended, nullptr);
  ASSERT_TRUE(ended->Wait(kTimeout).finished);
  const std::string stale[] = {std::to_string(ended->pid()) + "\n", "garbage", "",
                               std::to_string(::getpid()) + "\n"};
  int round = 0;
  for (const std::string& content : stale) {
    std::ofstream(fs::path(store_) / "kg.owner", std::ios::trunc) << content;
    ++round;
    const std::string more = Articles("more" + std::to_string(round), 2, 30 + round);
    EXPECT_EQ(Kg({"ingest", "--db", store_, more}, &output), 0)
        << "owner file '" << content << "': " << output;
    EXPECT_EQ(Kg({"check", "--db", store_}, &output), 0) << output;
  }
  // The last run left no owner file behind, though it found one (the test's
  // own id: a live process that does not hold the lock).
  EXPECT_FALSE(fs::exists(fs::path(store_) / "kg.owner"));
}

// The running totals `kg shell -c stats` would print after each article of
// a clean run, in the order they are committed (the order they are read).
struct Totals {
  uint64_t articles = 0;
  uint64_t triples = 0;
  uint64_t evidence = 0;
  bool operator==(const Totals&) const = default;
};

std::string Describe(const Totals& totals) {
  return std::to_string(totals.articles) + " articles, " + std::to_string(totals.triples) +
         " triples, " + std::to_string(totals.evidence) + " evidence";
}

// Article ids in commit order (their sources sorted) with the totals after
// each one, from a clean run's contents.
void CommitOrder(const StoreContents& complete, std::vector<std::string>* ids,
                 std::vector<Totals>* totals) {
  std::vector<std::pair<std::string, std::string>> by_source;
  for (const auto& [id, lines] : complete.articles) {
    for (const std::string& line : lines) {
      if (line.rfind("article|", 0) == 0) by_source.emplace_back(line, id);
    }
  }
  std::sort(by_source.begin(), by_source.end());
  std::set<std::string> edges;
  Totals running;
  totals->push_back(running);
  for (const auto& [line, id] : by_source) {
    ids->push_back(id);
    ++running.articles;
    for (const std::string& evidence : complete.articles.at(id)) {
      if (evidence.rfind("article|", 0) == 0) continue;
      // "subject|relation|object|polarity|where|..." : the edge is the first four.
      size_t end = 0;
      for (int field = 0; field < 4; ++field) end = evidence.find('|', end) + 1;
      edges.insert(evidence.substr(0, end));
      ++running.evidence;
    }
    running.triples = edges.size();
    totals->push_back(running);
  }
}

// The counts in `kg shell -c stats` output ("  articles   12").
Totals ParseStats(const std::string& output) {
  Totals totals;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string item;
    uint64_t count = 0;
    if (!(words >> item >> count)) continue;
    if (item == "articles") totals.articles = count;
    if (item == "triples") totals.triples = count;
    if (item == "evidence") totals.evidence = count;
  }
  return totals;
}

TEST_F(StoreLockTest, ReadersSeeWholeArticlesWhileAnIngestWrites) {
  // Named so that their sources sort in the order the ingest reads them.
  const std::string first = Articles("part1", 20, 41);
  const std::string articles = Articles("part2", 100, 42);
  std::string output;
  const std::string clean = (dir_ / "clean.db").string();
  ASSERT_EQ(Kg({"ingest", "--db", clean, first, articles}, &output), 0) << output;
  const StoreContents complete = ReadStoreContents(clean);
  ASSERT_TRUE(complete.problems.empty()) << complete.problems.front();
  std::vector<std::string> order;
  std::vector<Totals> totals;
  CommitOrder(complete, &order, &totals);
  ASSERT_EQ(order.size(), 120u);

  // The store exists when the ingest starts, so readers also meet it while
  // it recovers and reopens the store.
  ASSERT_EQ(Kg({"ingest", "--db", store_, first}, &output), 0) << output;
  std::unique_ptr<KgProcess> ingest =
      KgProcess::Start({"ingest", "--db", store_, first, articles}, dir_ / "ingest.log");
  ASSERT_NE(ingest, nullptr);
  int reads = 0, reads_while_writing = 0, shell_runs = 0;
  while (!ingest->Wait(Millis(0)).finished) {
    // In this process: a read-only open, the check and every article.
    const StoreContents contents = ReadStoreContents(store_);
    ++reads;
    for (const std::string& difference : PartialStoreDifferences(contents, complete)) {
      ADD_FAILURE() << "read " << reads << ": " << difference;
    }
    const size_t stored = contents.articles.size();
    if (stored > 20 && stored < order.size()) ++reads_while_writing;
    // Articles become visible in the order they are committed.
    for (size_t i = 0; i < stored && i < order.size(); ++i) {
      EXPECT_EQ(contents.articles.count(order[i]), 1u)
          << "read " << reads << " sees " << stored << " articles but not the one committed "
          << i + 1 << "th";
    }
    // Through the shell: its counts are those after some whole article.
    if (reads % 2 == 1) {
      ASSERT_EQ(Kg({"shell", "--db", store_, "-c", "stats"}, &output), 0) << output;
      ++shell_runs;
      const Totals seen = ParseStats(output);
      EXPECT_NE(std::find(totals.begin(), totals.end(), seen), totals.end())
          << "kg shell -c stats shows " << Describe(seen) << ", no state a clean run passes "
          << "through:\n"
          << output;
    }
  }
  ASSERT_EQ(ingest->Wait(kTimeout).exit_code, 0) << ingest->Log();
  for (const std::string& difference : StoreDifferences(ReadStoreContents(store_), complete)) {
    ADD_FAILURE() << "after the ingest: " << difference;
  }
  std::cout << "[ readers  ] " << reads << " reads (" << reads_while_writing
            << " in the middle of the writing), " << shell_runs << " shell runs\n";
  EXPECT_GE(reads, 1);
}

TEST_F(StoreLockTest, OpenShellNeverHoldsUpAnIngest) {
  const std::string first = Articles("first", 5, 51);
  const std::string second = Articles("second", 5, 52);
  std::string output;
  ASSERT_EQ(Kg({"ingest", "--db", store_, first}, &output), 0) << output;

  // A shell reading commands from a pipe keeps the store open between them.
  std::unique_ptr<KgProcess> shell =
      KgProcess::Start({"shell", "--db", store_}, dir_ / "shell.log", true);
  ASSERT_NE(shell, nullptr);
  ASSERT_TRUE(shell->WriteStdin("set format tsv\nstats\n"));
  const Clock::time_point start = Clock::now();
  while (shell->Log().find("evidence\t") == std::string::npos && Clock::now() - start < kTimeout &&
         !shell->Wait(Millis(5)).finished) {
  }
  ASSERT_NE(shell->Log().find("articles\t5\n"), std::string::npos) << shell->Log();

  const Clock::time_point ingest_start = Clock::now();
  ASSERT_EQ(Kg({"ingest", "--db", store_, second}, &output), 0) << output;
  EXPECT_NE(output.find("ingested 5 articles"), std::string::npos) << output;
  const auto ingest_ms = std::chrono::duration_cast<Millis>(Clock::now() - ingest_start).count();

  // The shell still answers from what it opened, and sees the rest after
  // reload.
  ASSERT_TRUE(shell->WriteStdin("stats\nreload\nstats\n"));
  shell->CloseStdin();
  ASSERT_EQ(shell->Wait(kTimeout).exit_code, 0) << shell->Log();
  const std::string log = shell->Log();
  const size_t before = log.find("articles\t5\n");
  const size_t again = log.find("articles\t5\n", before + 1);
  const size_t after = log.find("articles\t10\n");
  EXPECT_NE(again, std::string::npos) << log;
  EXPECT_NE(after, std::string::npos) << log;
  EXPECT_LT(again, after) << log;
  std::cout << "[ shell    ] ingest beside an open shell took " << ingest_ms << " ms\n";
}

}  // namespace
