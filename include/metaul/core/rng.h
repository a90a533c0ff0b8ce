#pragma once
/// @file rng.h
/// Seeded random numbers. `Rng` is a small, fast, reproducible generator (xoshiro256**, seeded
/// through splitmix64) whose output is identical on every platform and standard library, unlike
/// `std::uniform_*_distribution`. Parallel code derives independent streams with `Rng::split`
/// so that results do not depend on the number of threads.

#include <cstdint>
#include <span>
#include <vector>

namespace metaul {

class Rng {
 public:
  using result_type = std::uint64_t;
  explicit Rng(std::uint64_t seed = 0);

  /// Next raw 64-bit value.
  std::uint64_t next();
  std::uint64_t operator()() { return next(); }
  static constexpr std::uint64_t min() { return 0; }
  static constexpr std::uint64_t max() { return ~std::uint64_t{0}; }

  /// Uniform double in [0, 1).
  double uniform();
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n). requires: n > 0.
  std::uint64_t below(std::uint64_t n);
  /// Standard normal (Box-Muller; deterministic, no cached state across calls).
  double normal();
  /// An independent generator for sub-stream `stream` (e.g. a tree or an init index).
  Rng split(std::uint64_t stream) const;
  /// Fisher-Yates shuffle.
  template <class T>
  void shuffle(std::span<T> values) {
    for (std::size_t i = values.size(); i > 1; --i) {
      std::size_t j = below(i);
      std::swap(values[i - 1], values[j]);
    }
  }
  /// `k` distinct indices from [0, n) in random order (k ≤ n).
  std::vector<std::int64_t> sample_without_replacement(std::int64_t n, std::int64_t k);

 private:
  std::uint64_t s_[4];
  std::uint64_t seed_;
};

}  // namespace metaul
