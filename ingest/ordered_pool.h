// OrderedPool: runs one job per item on a pool of threads and hands the
// items back in the order they were submitted, whatever order the jobs
// finish in.
//
// The owner (one thread) submits items at the back of a window and takes
// them from the front; workers run the job on each submitted item. The
// window holds at most `capacity` items that need work, so memory stays
// bounded however long the input is: the owner checks full() and takes the
// oldest item (waiting for it) before submitting more. Items that need no
// work (say, a warning to pass on in order) are ready at once and do not
// count against the capacity.
//
// Threads: Submit, full, empty, OldestReady, PopOldest and Stop must be
// called from the owning thread only. The job runs on the workers, one item
// at a time per worker, and must not touch the pool. An exception escaping
// the job ends the process, so the job must catch what it calls.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace kg::ingest {

template <typename T>
class OrderedPool {
 public:
  using Job = std::function<void(T&)>;

  // Starts max(threads, 1) workers running `job`; at most max(capacity, 1)
  // items needing work are in the window at once.
  OrderedPool(int threads, size_t capacity, Job job)
      : capacity_(capacity == 0 ? 1 : capacity), job_(std::move(job)) {
    const int count = threads < 1 ? 1 : threads;
    workers_.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) workers_.emplace_back([this] { Work(); });
  }

  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  // Stop(): items still in the window are dropped.
  ~OrderedPool() { Stop(); }

  // True when the window holds `capacity` items needing work: take the
  // oldest before submitting another.
  bool full() const { return working_ >= capacity_; }
  bool empty() const { return window_.empty(); }

  // Appends `item` to the window; a worker runs the job on it when
  // `needs_work`, else it is ready at once. Ignored after Stop.
  void Submit(T item, bool needs_work = true) {
    auto entry = std::make_unique<Entry>(std::move(item));
    Entry* raw = entry.get();
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    raw->needs_work = needs_work;
    raw->ready = !needs_work;
    window_.push_back(std::move(entry));
    if (needs_work) {
      ++working_;
      jobs_.push_back(raw);
      work_ready_.notify_one();
    }
  }

  // Whether the oldest item's job has finished (false when empty).
  bool OldestReady() {
    std::lock_guard<std::mutex> lock(mutex_);
    return !window_.empty() && window_.front()->ready;
  }

  // Removes the oldest item and returns it, waiting for its job to finish.
  // The window must not be empty.
  T PopOldest() {
    std::unique_lock<std::mutex> lock(mutex_);
    item_done_.wait(lock, [this] { return window_.front()->ready; });
    std::unique_ptr<Entry> entry = std::move(window_.front());
    window_.pop_front();
    if (entry->needs_work) --working_;
    return std::move(entry->item);
  }

  // Drops every item whose job has not started, waits for the running jobs
  // and joins the workers; the window is emptied. Idempotent.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      jobs_.clear();
    }
    work_ready_.notify_all();
    for (std::thread& worker : workers_) {
      if (worker.joinable()) worker.join();
    }
    window_.clear();
    working_ = 0;
  }

 private:
  struct Entry {
    explicit Entry(T value) : item(std::move(value)) {}
    T item;
    bool needs_work = false;
    bool ready = false;  // guarded by mutex_
  };

  void Work() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      work_ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      Entry* entry = jobs_.front();
      jobs_.pop_front();
      lock.unlock();
      // The entry stays put while its job runs: the owner takes an item
      // only once it is ready, and Stop joins before clearing the window.
      job_(entry->item);
      lock.lock();
      entry->ready = true;
      item_done_.notify_all();
    }
  }

  const size_t capacity_;
  const Job job_;
  // Owner-only: the items in submission order, and how many need work.
  std::deque<std::unique_ptr<Entry>> window_;
  size_t working_ = 0;

  std::mutex mutex_;
  std::condition_variable work_ready_;  // jobs_ gained an item, or stopping_
  std::condition_variable item_done_;   // some entry became ready
  std::deque<Entry*> jobs_;             // submitted, not yet started
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace kg::ingest
