#include "metaul/learn/loda.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"

namespace metaul {
namespace {

TEST(LODA, HandComputedOneCut) {
  // d = 1: the projection is w·x. Values 0,0,0,3 with 2 bins: masses 3/4 and 1/4 (whatever the
  // sign of w), so score = −ln p (k = 1).
  Matrix x(4, 1, std::vector<float>{0, 0, 0, 3});
  LODA l;
  l.set_param("n_bins", std::int64_t{2});
  l.set_param("n_random_cuts", std::int64_t{1});
  Context ctx;
  l.fit(x, ctx);
  ASSERT_EQ(l.cuts().size(), 1u);
  ASSERT_EQ(l.cuts()[0].features, (std::vector<std::int32_t>{0}));
  const double p_in = (3 + 1e-12) / (4 + 2e-12), p_out = (1 + 1e-12) / (4 + 2e-12);
  const auto& s = l.training_scores();
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(s[i], -std::log(p_in), 1e-12);
  EXPECT_NEAR(s[3], -std::log(p_out), 1e-12);
  // Out-of-range values go to the end bins.
  const auto t = l.score_samples(Matrix(2, 1, std::vector<float>{-100, 100}), ctx);
  EXPECT_NEAR(std::min(t[0], t[1]), -std::log(p_in), 1e-12);
  EXPECT_NEAR(std::max(t[0], t[1]), -std::log(p_out), 1e-12);
}

TEST(LODA, MatchesTheFormulaOnItsOwnProjections) {
  std::vector<int> y;
  Matrix x = testing::make_planted(200, 10, 9, 4, &y);
  LODA l;
  l.set_param("n_random_cuts", std::int64_t{7});
  Context ctx;
  l.fit(x, ctx);
  const auto& cuts = l.cuts();
  ASSERT_EQ(cuts.size(), 7u);
  for (const auto& c : cuts) {
    EXPECT_EQ(c.features.size(), 3u);  // ⌊√9⌋ non-zeros
    ASSERT_EQ(c.edges.size(), 11u);
    double total = 0;
    for (double p : c.probability) total += p;
    EXPECT_NEAR(total, 1.0, 1e-12);
  }
  // Re-derive the score of every row: mean over cuts of −ln p / k.
  for (Index i = 0; i < x.rows(); ++i) {
    double s = 0;
    for (const auto& c : cuts) {
      double v = 0;
      for (std::size_t k = 0; k < c.features.size(); ++k) v += c.weights[k] * x(i, c.features[k]);
      std::size_t b = 0;
      while (b < 9 && c.edges[b] < v) ++b;
      s += -std::log(c.probability[b]) / 7.0;
    }
    EXPECT_NEAR(l.training_scores()[static_cast<std::size_t>(i)], s / 7.0, 1e-12) << i;
  }
}

TEST(LODA, PlantedOutliersDeterminismSeed) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1000, 30, 4, 8, &y);
  LODA l;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  l.fit(x, one);
  const auto a = l.training_scores();
  EXPECT_GT(metrics::roc_auc(y, a), 0.9);
  l.fit(x, two);
  EXPECT_EQ(a, l.training_scores());
  l.set_param("seed", std::int64_t{1});
  l.fit(x, two);
  EXPECT_NE(a, l.training_scores());
}

TEST(LODA, InputChecks) {
  LODA l;
  Context ctx;
  EXPECT_THROW(l.score_samples(Matrix(1, 1), ctx), NotFitted);
  Matrix bad(3, 2);
  bad(1, 1) = NAN;
  EXPECT_THROW(l.fit(bad, ctx), InvalidInput);
  l.fit(Matrix(5, 2, 1.0f), ctx);  // identical rows
  for (double v : l.training_scores()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_THROW(l.score_samples(Matrix(1, 3), ctx), InvalidInput);
  EXPECT_THROW(l.set_param("n_random_cuts", std::int64_t{0}), InvalidParameter);
}

}  // namespace
}  // namespace metaul
