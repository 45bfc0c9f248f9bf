// Cancellation: lets the user interrupt a long graph query with Ctrl-C.
//
// The shell owns one Cancellation, sets it from its SIGINT handler and resets
// it before each command. Queries poll it between units of work and return
// Status::Cancelled when it is set. Setting and reading are lock-free atomic
// operations, so Cancel() is safe to call from a signal handler.
#pragma once

#include <atomic>
#include <string>

#include "graph/status.h"

namespace kg::graph {

class Cancellation {
 public:
  Cancellation() = default;
  Cancellation(const Cancellation&) = delete;
  Cancellation& operator=(const Cancellation&) = delete;

  // Async-signal-safe.
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  void Reset() { cancelled_.store(false, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

 private:
  static_assert(std::atomic<bool>::is_always_lock_free);
  std::atomic<bool> cancelled_{false};
};

// Cancelled("<what> interrupted") when `cancel` is set; ok when it is null or
// not set. `what` names the query ("shortest path").
inline Status CheckCancelled(const Cancellation* cancel, const char* what) {
  if (cancel != nullptr && cancel->cancelled()) {
    return Status::Cancelled(std::string(what) + " interrupted");
  }
  return Status::Ok();
}

}  // namespace kg::graph
