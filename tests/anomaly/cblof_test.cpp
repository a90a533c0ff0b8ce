// CBLOF: PyOD's small/large cluster rule on well-separated blobs.
#include "metaul/learn/cblof.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "metaul/metrics/ranking.h"

namespace metaul {
namespace {

// Blobs of 50, 40 and 3 rows around (0,0), (20,0) and (0,20), spread ±0.5.
Matrix three_blobs() {
  Rng rng(3);
  const Index sizes[3] = {50, 40, 3};
  const float cx[3] = {0, 20, 0}, cy[3] = {0, 0, 20};
  Matrix x(93, 2);
  Index r = 0;
  for (int b = 0; b < 3; ++b) {
    for (Index i = 0; i < sizes[b]; ++i, ++r) {
      x(r, 0) = cx[b] + static_cast<float>(rng.uniform(-0.5, 0.5));
      x(r, 1) = cy[b] + static_cast<float>(rng.uniform(-0.5, 0.5));
    }
  }
  return x;
}

TEST(CBLOF, SmallClusterScoredAgainstLargeCenters) {
  // Sorted sizes 50, 40, 3: b = 2 meets alpha (90 ≥ 0.9·93) and beta (40/3 ≥ 5) → {50, 40}
  // large, {3} small.
  const Matrix x = three_blobs();
  CBLOF det;
  det.set_param("n_clusters", std::int64_t{3});
  Context ctx;
  det.fit(x, ctx);
  const MatrixView c = det.cluster_centers().view();
  int n_small = 0;
  for (Index j = 0; j < 3; ++j) n_small += det.is_large()[static_cast<std::size_t>(j)] ? 0 : 1;
  ASSERT_EQ(n_small, 1);
  for (Index i = 0; i < x.rows(); ++i) {
    // Expected: own center for the two big blobs, nearest big-blob center for the small one.
    double own = INFINITY, best_large = INFINITY;
    for (Index j = 0; j < 3; ++j) {
      const double dx = double{x(i, 0)} - double{c(j, 0)}, dy = double{x(i, 1)} - double{c(j, 1)};
      const double dist = std::sqrt(dx * dx + dy * dy);
      own = std::min(own, dist);
      if (det.is_large()[static_cast<std::size_t>(j)]) best_large = std::min(best_large, dist);
    }
    const double want = i < 90 ? own : best_large;
    EXPECT_NEAR(det.training_scores()[static_cast<std::size_t>(i)], want, 1e-9) << i;
  }
  for (Index i = 90; i < 93; ++i) EXPECT_GT(det.training_scores()[static_cast<std::size_t>(i)], 15);
  // use_weights multiplies by the cluster size.
  CBLOF w;
  w.set_param("n_clusters", std::int64_t{3});
  w.set_param("use_weights", true);
  w.fit(x, ctx);
  EXPECT_NEAR(w.training_scores()[0], det.training_scores()[0] * 50, 1e-9);
  EXPECT_NEAR(w.training_scores()[92], det.training_scores()[92] * 3, 1e-9);
  // New rows go to the nearest center first.
  const auto s = det.score_samples(Matrix(1, 2, std::vector<float>{0, 21}), ctx);
  EXPECT_GT(s[0], 15);
}

TEST(CBLOF, PlantedOutliersAndDeterminism) {
  CBLOF det;
  testing::expect_planted_outliers_ranked(det, 1000, 30, 4, 31);
}

TEST(CBLOF, InputChecks) {
  CBLOF det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  try {
    det.fit(Matrix(3, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("cblof.fit: n_samples (3) < n_clusters (8)"), std::string::npos) << msg;
  }
  det.set_param("n_clusters", std::int64_t{2});
  det.fit(Matrix(10, 2, 1.0f), ctx);
  for (double v : det.training_scores()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_THROW(det.score_samples(Matrix(2, 3), ctx), InvalidInput);
  EXPECT_THROW(det.set_param("alpha", 0.3), InvalidParameter);
}

}  // namespace
}  // namespace metaul
