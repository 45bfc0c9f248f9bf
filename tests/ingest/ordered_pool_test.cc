#include "ingest/ordered_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace kg::ingest {
namespace {

// Later items finish first: item i sleeps (count - i) ms.
TEST(OrderedPoolTest, HandsItemsBackInSubmissionOrder) {
  struct Case {
    int threads;
    size_t capacity;
  };
  const Case cases[] = {{1, 1}, {2, 3}, {4, 8}, {8, 2}};
  constexpr int kCount = 30;
  for (const Case& test : cases) {
    OrderedPool<int> pool(test.threads, test.capacity, [](int& item) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kCount - item % kCount));
      item += 1000;
    });
    std::vector<int> out;
    for (int i = 0; i < kCount; ++i) {
      while (pool.full()) out.push_back(pool.PopOldest());
      pool.Submit(i);
    }
    while (!pool.empty()) out.push_back(pool.PopOldest());
    ASSERT_EQ(out.size(), static_cast<size_t>(kCount)) << test.threads;
    for (int i = 0; i < kCount; ++i) EXPECT_EQ(out[i], 1000 + i) << test.threads << " threads";
  }
}

TEST(OrderedPoolTest, ItemsWithoutWorkKeepTheirPlaceAndDoNotFillTheWindow) {
  OrderedPool<int> pool(2, 2, [](int& item) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    item = -item;
  });
  pool.Submit(1);
  pool.Submit(2, /*needs_work=*/false);
  pool.Submit(3, /*needs_work=*/false);
  EXPECT_FALSE(pool.full());
  pool.Submit(4);
  EXPECT_TRUE(pool.full());
  std::vector<int> out;
  while (!pool.empty()) out.push_back(pool.PopOldest());
  EXPECT_EQ(out, (std::vector<int>{-1, 2, 3, -4}));
}

// A job that blocks until released shows how many items are in flight.
TEST(OrderedPoolTest, StopDropsWhatHasNotStartedAndWaitsForTheRest) {
  std::mutex mutex;
  std::condition_variable released_cv;
  bool released = false;
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
  {
    OrderedPool<int> pool(2, 6, [&](int&) {
      ++started;
      std::unique_lock<std::mutex> lock(mutex);
      released_cv.wait(lock, [&] { return released; });
      ++finished;
    });
    for (int i = 0; i < 6; ++i) pool.Submit(i);
    EXPECT_TRUE(pool.full());
    while (started.load() < 2) std::this_thread::yield();
    std::thread release([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::lock_guard<std::mutex> lock(mutex);
      released = true;
      released_cv.notify_all();
    });
    pool.Stop();
    release.join();
    EXPECT_TRUE(pool.empty());
    pool.Submit(7);  // ignored after Stop
    EXPECT_TRUE(pool.empty());
  }
  EXPECT_EQ(started.load(), 2);
  EXPECT_EQ(finished.load(), 2);
}

}  // namespace
}  // namespace kg::ingest
