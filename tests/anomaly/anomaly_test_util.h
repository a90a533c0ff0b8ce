#pragma once
// Synthetic data for the anomaly detector tests.

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "metaul/core/matrix.h"
#include "metaul/core/rng.h"
#include "metaul/learn/estimator.h"
#include "metaul/metrics/ranking.h"

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

/// Fits `det` on make_planted(n_in, n_out, d, seed) with 1 thread, then with 2: the planted rows
/// rank high (ROC-AUC > 0.9), and the training scores are finite and identical for both thread
/// counts. Returns the scores.
inline std::vector<double> expect_planted_outliers_ranked(Detector& det, Index n_in, Index n_out,
                                                          Index d, std::uint64_t seed) {
  std::vector<int> y;
  const Matrix x = make_planted(n_in, n_out, d, seed, &y);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  det.fit(x, one);
  const std::vector<double> scores = det.training_scores();
  EXPECT_GT(metrics::roc_auc(y, scores), 0.9) << det.to_spec();
  det.fit(x, two);
  EXPECT_EQ(scores, det.training_scores()) << det.to_spec() << ": differs with 2 threads";
  for (double v : scores) EXPECT_TRUE(std::isfinite(v)) << det.to_spec();
  return scores;
}

}  // namespace metaul::testing
