#pragma once
/// @file parallel.h
/// OpenMP helpers that every parallel kernel of metaul goes through:
/// - `parallel_for` runs `fn(i)` for i in [0, n) on `ctx.n_threads()` threads and rethrows, on the
///   calling thread, the first exception any iteration raised (exceptions must never escape an
///   OpenMP region).
/// - `block_count`/`block_range` split [0, n) into fixed-size blocks that do not depend on the
///   thread count. Reductions sum per block and then combine the blocks in order, so results are
///   bit-identical for any number of threads (the determinism rule of docs/conventions.md).

#include <algorithm>
#include <exception>
#include <mutex>
#include <utility>

#include "metaul/core/context.h"
#include "metaul/core/matrix.h"

namespace metaul {

/// Captures the first exception thrown inside a parallel region.
class ExceptionSlot {
 public:
  template <class Fn>
  void run(Fn&& fn) noexcept {
    try {
      fn();
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }
  bool failed() const { return static_cast<bool>(error_); }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
};

/// Runs fn(i) for i in [0, n) in parallel (static schedule); rethrows the first exception.
template <class Fn>
void parallel_for(const Context& ctx, Index n, Fn&& fn) {
  ExceptionSlot slot;
  const int threads = static_cast<int>(std::min<Index>(ctx.n_threads(), std::max<Index>(n, 1)));
#pragma omp parallel for schedule(static) num_threads(threads)
  for (Index i = 0; i < n; ++i) {
    if (!slot.failed()) slot.run([&] { fn(i); });
  }
  slot.rethrow();
}

/// As parallel_for, with dynamic scheduling for iterations of uneven cost.
template <class Fn>
void parallel_for_dynamic(const Context& ctx, Index n, Fn&& fn) {
  ExceptionSlot slot;
  const int threads = static_cast<int>(std::min<Index>(ctx.n_threads(), std::max<Index>(n, 1)));
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (Index i = 0; i < n; ++i) {
    if (!slot.failed()) slot.run([&] { fn(i); });
  }
  slot.rethrow();
}

/// Number of fixed-size blocks covering [0, n).
inline Index block_count(Index n, Index block) { return (n + block - 1) / block; }
/// [begin, end) of block b.
inline std::pair<Index, Index> block_range(Index n, Index block, Index b) {
  return {b * block, std::min(n, (b + 1) * block)};
}

}  // namespace metaul
