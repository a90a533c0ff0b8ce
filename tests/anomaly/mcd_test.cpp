#include "metaul/learn/mcd.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

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

// n = 2000 > 1500: subsets, merged subset and full-data stages. On a clearly contaminated
// Gaussian the MCD solution is unique, so the robust estimates agree with scikit-learn's MinCovDet
// although the random starts differ (tools/fixtures_anomaly.py → anomaly_mcd_large.json).
TEST(MCD, LargeNAgreesWithScikitLearnOnContaminatedGaussian) {
  const auto fx = testing::load_fixture("anomaly_mcd_large.json");
  const Matrix x = testing::matrix_from_json(fx["x"]);
  const Index n = x.rows(), d = x.cols();
  const Index n_out = fx["n_outliers"].get<Index>();
  MCD m;
  Context ctx;
  m.fit(x, ctx);
  for (Index j = 0; j < d; ++j) {
    const double sd = std::sqrt(fx["covariance"][j][j].get<double>());
    EXPECT_NEAR(m.location()[static_cast<std::size_t>(j)], fx["location"][j].get<double>(),
                0.05 * sd)
        << j;
    for (Index k = 0; k < d; ++k) {
      const double want = fx["covariance"][j][k].get<double>();
      const double scale =
          std::sqrt(fx["covariance"][j][j].get<double>() * fx["covariance"][k][k].get<double>());
      EXPECT_NEAR(m.covariance()[static_cast<std::size_t>(j * d + k)], want, 0.05 * scale)
          << j << "," << k;
    }
  }
  const auto& sup = m.support();
  const double support_size = std::accumulate(sup.begin(), sup.end(), 0.0);
  EXPECT_NEAR(support_size, fx["support_size"].get<double>(), 0.01 * static_cast<double>(n));
  // The planted rows (the last n_out) are exactly the n_out highest scores.
  const auto& s = m.training_scores();
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    return s[static_cast<std::size_t>(a)] > s[static_cast<std::size_t>(b)];
  });
  for (Index i = 0; i < n_out; ++i) EXPECT_GE(order[static_cast<std::size_t>(i)], n - n_out);
  // Same estimate with 1 and 2 threads.
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  MCD a, b;
  a.fit(x, one);
  b.fit(x, two);
  EXPECT_EQ(a.training_scores(), b.training_scores());
  EXPECT_EQ(a.covariance(), b.covariance());
}

// Singular supports (discrete, constant and duplicated columns; d close to h; more columns than
// rows) stop the C-steps as in scikit-learn and never give non-finite scores.
TEST(MCD, SingularSupportsGiveFiniteScores) {
  Rng rng(3);
  Context ctx;
  ctx.threads = 2;
  auto finite = [](const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double s) { return std::isfinite(s); });
  };
  {  // discrete columns (most rows share a value), a constant and a duplicated column, n > 500
    Matrix x(900, 6);
    for (Index i = 0; i < x.rows(); ++i) {
      x(i, 0) = static_cast<float>(rng.uniform() < 0.9 ? 0 : rng.below(3));
      x(i, 1) = static_cast<float>(rng.below(2));
      x(i, 2) = 1.5f;
      x(i, 3) = static_cast<float>(rng.normal());
      x(i, 4) = x(i, 3);
      x(i, 5) = static_cast<float>(rng.normal() * 1e3);
    }
    MCD m;
    m.fit(x, ctx);
    EXPECT_TRUE(finite(m.training_scores()));
    EXPECT_TRUE(finite(m.score_samples(x, ctx)));
  }
  for (const auto& [n, d] : {std::pair<Index, Index>{600, 290}, {120, 200}, {700, 1}}) {
    Matrix x(n, d);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < d; ++j) x(i, j) = static_cast<float>(rng.normal());
    MCD m;
    m.fit(x, ctx);
    EXPECT_TRUE(finite(m.training_scores())) << n << " x " << d;
  }
}

// The target size of the anomaly corpus: completes (speed is measured by bench/bm_mcd).
TEST(MCD, FitsTenThousandByFifty) {
  std::vector<int> y;
  Matrix x = testing::make_planted(9900, 100, 50, 21, &y);
  MCD m;
  Context ctx;
  m.fit(x, ctx);
  ASSERT_EQ(m.training_scores().size(), 10000u);
  EXPECT_GT(metrics::roc_auc(y, m.training_scores()), 0.99);
}

}  // namespace
}  // namespace metaul
