// Status and Result<T>: how every fallible call in kg reports failure.
//
// A Status is either ok or carries a code and a one-line message that names
// what failed (the file and line, the article, the command or the entity).
// Library exceptions are caught at module edges and turned into a Status.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kg {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // a name, key or file that does not exist
    kInvalidArgument,  // malformed input: a bad line, option or command
    kIOError,          // the operating system refused a read or write
    kCorruption,       // stored bytes that do not decode
    kBusy,             // a lock held by another process
    kVersionMismatch,  // a store written by another schema version
    kCancelled,        // interrupted by the user (Ctrl-C)
    kInternal,         // a bug: an invariant that did not hold
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status NotFound(std::string message) { return {Code::kNotFound, std::move(message)}; }
  static Status InvalidArgument(std::string message) {
    return {Code::kInvalidArgument, std::move(message)};
  }
  static Status IOError(std::string message) { return {Code::kIOError, std::move(message)}; }
  static Status Corruption(std::string message) {
    return {Code::kCorruption, std::move(message)};
  }
  static Status Busy(std::string message) { return {Code::kBusy, std::move(message)}; }
  static Status VersionMismatch(std::string message) {
    return {Code::kVersionMismatch, std::move(message)};
  }
  static Status Cancelled(std::string message) { return {Code::kCancelled, std::move(message)}; }
  static Status Internal(std::string message) { return {Code::kInternal, std::move(message)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsCancelled() const { return code_ == Code::kCancelled; }

  // The one-line message; empty when ok.
  const std::string& message() const { return message_; }

  // "what: message", so that callers can say where an error came from.
  Status WithContext(const std::string& what) const {
    if (ok()) return *this;
    return Status(code_, what + ": " + message_);
  }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status::Internal("Result built from an ok Status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Preconditions: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace kg

// Returns early from the enclosing function when `expr` is not ok.
#define KG_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::kg::Status kg_status_ = (expr);     \
    if (!kg_status_.ok()) return kg_status_; \
  } while (false)
