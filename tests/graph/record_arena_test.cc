#include "graph/record_arena.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

namespace kg::graph {
namespace {

struct Piece {
  char* data;
  size_t size;
  char fill;
};

// Every piece still holds its own fill: no two pieces overlap.
void ExpectIntact(const std::vector<Piece>& pieces) {
  for (const Piece& piece : pieces) {
    ASSERT_TRUE(std::all_of(piece.data, piece.data + piece.size,
                            [&](char c) { return c == piece.fill; }))
        << "piece of " << piece.size << " bytes overwritten";
  }
}

TEST(RecordArenaTest, PiecesAreDisjointAndOutliveLaterOnes) {
  RecordArena arena;
  std::vector<Piece> pieces;
  // Sizes that cross several block boundaries, some pieces empty.
  size_t total = 0;
  for (size_t i = 0; total < 3 * RecordArena::kBlockBytes; ++i) {
    const size_t size = (i * 7919) % (1 << 20);
    const char fill = static_cast<char>('a' + i % 26);
    char* data = arena.Allocate(size);
    std::memset(data, fill, size);
    pieces.push_back({data, size, fill});
    total += size;
  }
  ExpectIntact(pieces);
  for (const Piece& piece : pieces) EXPECT_NE(piece.data, nullptr);
  EXPECT_GE(arena.reserved_bytes(), total);
  // Blocks waste at most a quarter each.
  EXPECT_LE(arena.reserved_bytes(), total + total / 3 + RecordArena::kBlockBytes);
}

TEST(RecordArenaTest, LargePieceGetsItsOwnBlockAndTheCurrentOneGoesOn) {
  RecordArena arena;
  char* small = arena.Allocate(100);
  const size_t large = RecordArena::kBlockBytes + 12345;
  char* big = arena.Allocate(large);
  std::memset(big, 'x', large);
  char* next = arena.Allocate(100);
  // The piece after the large one continues the first block.
  EXPECT_EQ(next, small + 100);
  EXPECT_EQ(arena.reserved_bytes(), RecordArena::kBlockBytes + large);
}

TEST(RecordArenaTest, ReleaseFreesEveryBlockAndTheArenaGoesOn) {
  RecordArena arena;
  arena.Allocate(100);
  arena.Allocate(RecordArena::kBlockBytes);
  EXPECT_GT(arena.reserved_bytes(), RecordArena::kBlockBytes);
  arena.Release();
  EXPECT_EQ(arena.reserved_bytes(), 0u);
  char* piece = arena.Allocate(10);
  std::memset(piece, 'z', 10);
  EXPECT_EQ(arena.reserved_bytes(), RecordArena::kBlockBytes);
}

TEST(RecordArenaTest, ThreadsGetDisjointPieces) {
  RecordArena arena;
  constexpr int kThreads = 4;
  std::vector<std::vector<Piece>> per_thread(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < 2000; ++i) {
        const size_t size = 1 + (i * 104729 + t) % 40000;
        const char fill = static_cast<char>('A' + t);
        char* data = arena.Allocate(size);
        std::memset(data, fill, size);
        per_thread[t].push_back({data, size, fill});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::vector<Piece>& pieces : per_thread) ExpectIntact(pieces);
}

}  // namespace
}  // namespace kg::graph
