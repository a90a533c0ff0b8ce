#include "metaul/learn/mcd.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"

namespace metaul {
namespace {

TEST(MCD, ChiSquaredQuantiles) {
  // scipy.stats.chi2(k).isf(q)
  EXPECT_NEAR(MCD::chi2_isf(0.5, 1), 0.4549364231195724, 1e-12);
  EXPECT_NEAR(MCD::chi2_isf(0.5, 3), 2.3659738843753377, 1e-12);
  EXPECT_NEAR(MCD::chi2_isf(0.025, 2), 7.3777589082278725, 1e-11);
  EXPECT_NEAR(MCD::chi2_isf(0.025, 10), 20.48317735080739, 1e-11);
}

TEST(MCD, ScoresAreMahalanobisToTheReweightedEstimate) {
  std::vector<int> y;
  Matrix x = testing::make_planted(300, 10, 3, 2, &y);
  MCD m;
  Context ctx;
  m.fit(x, ctx);
  // Location and covariance are the mean and biased covariance of the support rows.
  const auto& sup = m.support();
  double count = 0;
  std::vector<double> mean(3, 0.0);
  for (Index i = 0; i < x.rows(); ++i) {
    if (!sup[static_cast<std::size_t>(i)]) continue;
    count += 1;
    for (Index j = 0; j < 3; ++j) mean[static_cast<std::size_t>(j)] += x(i, j);
  }
  for (Index j = 0; j < 3; ++j) {
    EXPECT_NEAR(m.location()[static_cast<std::size_t>(j)],
                mean[static_cast<std::size_t>(j)] / count, 1e-12);
  }
  // The planted rows are left out of the support and score far above the inliers.
  for (std::size_t i = 300; i < 310; ++i) EXPECT_EQ(sup[i], 0);
  EXPECT_GT(count, 270);
  EXPECT_GT(metrics::roc_auc(y, m.training_scores()), 0.99);
  // d² of one row recomputed from the covariance (3 × 3 inverse by Cramer's rule).
  const auto& c = m.covariance();
  const double a = c[0], b = c[1], cc = c[2], e = c[4], f = c[5], i9 = c[8];
  const double det = a * (e * i9 - f * f) - b * (b * i9 - f * cc) + cc * (b * f - e * cc);
  const double inv[9] = {(e * i9 - f * f) / det,  (cc * f - b * i9) / det,  (b * f - cc * e) / det,
                         (cc * f - b * i9) / det, (a * i9 - cc * cc) / det, (b * cc - a * f) / det,
                         (b * f - cc * e) / det,  (b * cc - a * f) / det,   (a * e - b * b) / det};
  for (Index r : {Index{0}, Index{305}}) {
    double z[3], s = 0;
    for (int j = 0; j < 3; ++j) z[j] = x(r, j) - m.location()[static_cast<std::size_t>(j)];
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q) s += z[p] * inv[p * 3 + q] * z[q];
    EXPECT_NEAR(m.training_scores()[static_cast<std::size_t>(r)], s, 1e-9 * std::max(1.0, s));
  }
}

TEST(MCD, DeterministicAndChecks) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1000, 30, 4, 13, &y);
  MCD m;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  m.fit(x, one);
  const auto a = m.training_scores();
  EXPECT_GT(metrics::roc_auc(y, a), 0.9);
  m.fit(x, two);
  EXPECT_EQ(a, m.training_scores());
  EXPECT_THROW(m.score_samples(Matrix(1, 3), one), InvalidInput);
  MCD fresh;
  EXPECT_THROW(fresh.score_samples(x, one), NotFitted);
  EXPECT_THROW(fresh.fit(Matrix(1, 2), one), InvalidInput);
  fresh.fit(Matrix(10, 2, 3.0f), one);  // identical rows: singular, finite scores
  for (double v : fresh.training_scores()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_THROW(fresh.set_param("support_fraction", 0.0), InvalidParameter);
}

}  // namespace
}  // namespace metaul
