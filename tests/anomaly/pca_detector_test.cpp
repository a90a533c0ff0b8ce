#include "metaul/learn/pca_detector.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"

namespace metaul {
namespace {

TEST(PCADetector, AxisAlignedHandComputed) {
  // Uncorrelated features with variances (n − 1 divisor) 4 and 1 after centring at 0:
  // x = (±2, 0), (0, ±1) ... scaled so that the principal axes are the coordinate axes.
  Matrix x(4, 2, std::vector<float>{2, 0, -2, 0, 0, 1, 0, -1});
  PCADetector p;
  p.set_param("standardization", false);
  Context ctx;
  p.fit(x, ctx);
  // Covariance diag(8/3, 2/3).
  ASSERT_EQ(p.explained_variance().size(), 2u);
  EXPECT_NEAR(p.explained_variance()[0], 8.0 / 3, 1e-12);
  EXPECT_NEAR(p.explained_variance()[1], 2.0 / 3, 1e-12);
  // Weighted: x² / (8/3) + y² / (2/3).
  const auto s = p.score_samples(Matrix(2, 2, std::vector<float>{1, 1, 0, 2}), ctx);
  EXPECT_NEAR(s[0], 3.0 / 8 + 3.0 / 2, 1e-12);
  EXPECT_NEAR(s[1], 4 * 3.0 / 2, 1e-12);
  // Only the smallest component.
  p.set_param("n_selected_components", std::int64_t{1});
  p.fit(x, ctx);
  EXPECT_NEAR(p.score_samples(Matrix(1, 2, std::vector<float>{3, 1}), ctx)[0], 1.5, 1e-12);
  // Unweighted, all components: squared norm of the centred row.
  p.set_param("n_selected_components", Value{});
  p.set_param("weighted", false);
  p.fit(x, ctx);
  EXPECT_NEAR(p.score_samples(Matrix(1, 2, std::vector<float>{3, 1}), ctx)[0], 10.0, 1e-12);
}

TEST(PCADetector, PlantedCorrelatedOutliers) {
  // Inliers on a line y ≈ x; outliers 2.5 off the line but within the same range.
  Rng rng(3);
  Matrix x(530, 3);
  std::vector<int> y(530, 0);
  for (Index i = 0; i < 530; ++i) {
    const double t = rng.normal();
    const bool out = i >= 500;
    y[static_cast<std::size_t>(i)] = out ? 1 : 0;
    x(i, 0) = static_cast<float>(t);
    x(i, 1) = static_cast<float>(t + rng.normal() * 0.1 + (out ? 2.5 : 0.0));
    x(i, 2) = static_cast<float>(rng.normal());
  }
  PCADetector p;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  p.fit(x, one);
  EXPECT_GT(metrics::roc_auc(y, p.training_scores()), 0.9);
  const auto a = p.training_scores();
  p.fit(x, two);
  EXPECT_EQ(a, p.training_scores());
  std::vector<int> yp;
  Matrix planted = testing::make_planted(1000, 30, 4, 9, &yp);
  p.fit(planted, one);
  EXPECT_GT(metrics::roc_auc(yp, p.training_scores()), 0.9);
}

TEST(PCADetector, DegenerateAndChecks) {
  PCADetector p;
  Context ctx;
  p.fit(Matrix(5, 3, 1.0f), ctx);  // all rows identical: no variance, finite zero scores
  for (double v : p.training_scores()) EXPECT_EQ(v, 0.0);
  Matrix x(3, 4);
  for (Index i = 0; i < 3; ++i)
    for (Index j = 0; j < 4; ++j) x(i, j) = static_cast<float>(i * j + (j == 2 ? 1e30 * i : 0));
  p.fit(x, ctx);
  for (double v : p.training_scores()) EXPECT_TRUE(std::isfinite(v));
  p.set_param("n_components", std::int64_t{4});
  try {
    p.fit(x, ctx);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("n_components (4) > min(n_samples, n_features) (3)"),
              std::string::npos);
  }
  p.set_param("n_components", std::int64_t{2});
  p.set_param("n_selected_components", std::int64_t{3});
  EXPECT_THROW(p.fit(x, ctx), InvalidParameter);
  EXPECT_THROW(p.fit(Matrix(1, 2), ctx), InvalidInput);
  PCADetector fresh;
  EXPECT_THROW(fresh.score_samples(x, ctx), NotFitted);
  fresh.fit(x, ctx);
  EXPECT_THROW(fresh.score_samples(Matrix(2, 2), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
