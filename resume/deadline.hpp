#pragma once
// Per-file time budget. Extractors check it between pages / ZIP entries: a
// single poppler call cannot be interrupted, so this bounds the total work,
// not the latency of one step.
#include <chrono>

namespace interview::resume::detail {

class Deadline {
 public:
  explicit Deadline(std::chrono::milliseconds budget)
      : budget_(budget), end_(std::chrono::steady_clock::now() + budget) {}
  bool expired() const { return std::chrono::steady_clock::now() > end_; }
  std::chrono::milliseconds budget() const { return budget_; }
  std::chrono::steady_clock::duration remaining() const { return end_ - std::chrono::steady_clock::now(); }

 private:
  std::chrono::milliseconds budget_;
  std::chrono::steady_clock::time_point end_;
};

}  // namespace interview::resume::detail
