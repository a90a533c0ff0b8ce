#pragma once
/// @file context.h
/// `Context`: the run-time settings handed to every component: number of threads, the default
/// seed, an optional time budget and a progress callback. There is no process-wide mutable
/// state in metaul; whatever would be global travels in a Context.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace metaul {

/// Progress report: `done` of `total` units of the named stage. Return false to ask the
/// running operation to stop early (it then throws or returns its best result, as documented).
using ProgressFn =
    std::function<bool(std::string_view stage, std::int64_t done, std::int64_t total)>;

class Context {
 public:
  Context() = default;

  /// Number of threads for OpenMP, BLAS and (later) LibTorch. 0 means every available core.
  int threads = 0;
  /// Default seed for tools that create randomised estimators without an explicit `seed`.
  std::uint64_t seed = 0;
  /// Optional wall-clock budget in seconds, measured from `start` (used by long operations).
  std::optional<double> time_budget_seconds;
  /// Optional progress callback; may be empty.
  ProgressFn progress;

  /// The effective thread count: `threads` if positive, else the number of cores.
  int n_threads() const;
  /// Calls the progress callback if present; returns false when it asked to stop.
  bool report(std::string_view stage, std::int64_t done, std::int64_t total) const;
  /// True once the time budget (if any) is spent.
  bool out_of_time() const;
  /// Restarts the clock of the time budget.
  void restart_clock() { start_ = std::chrono::steady_clock::now(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace metaul
