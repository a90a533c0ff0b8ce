#pragma once
// Synthetic data for the anomaly detector tests.

#include <cstdint>
#include <vector>

#include "metaul/core/matrix.h"
#include "metaul/core/rng.h"

namespace metaul::testing {

/// `n_in` standard-normal inliers followed by `n_out` planted outliers whose coordinates are
/// uniform in ±[4, 7] (random sign), so every outlier is far from the inlier cloud.
inline Matrix make_planted(Index n_in, Index n_out, Index d, std::uint64_t seed,
                           std::vector<int>* labels) {
  Rng rng(seed);
  Matrix x(n_in + n_out, d);
  labels->assign(static_cast<std::size_t>(n_in + n_out), 0);
  for (Index i = 0; i < n_in; ++i) {
    for (Index j = 0; j < d; ++j) x(i, j) = static_cast<float>(rng.normal());
  }
  for (Index i = n_in; i < n_in + n_out; ++i) {
    (*labels)[static_cast<std::size_t>(i)] = 1;
    for (Index j = 0; j < d; ++j) {
      const double v = rng.uniform(4.0, 7.0);
      x(i, j) = static_cast<float>(rng.uniform() < 0.5 ? -v : v);
    }
  }
  return x;
}

}  // namespace metaul::testing
