#include "metaul/learn/ecod.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"

namespace metaul {
namespace {

TEST(ECOD, HandComputedRightSkewedFeature) {
  // 1, 2, 3, 10: skewness > 0, so U_skew = U_r and ECOD = max(U_l, U_r) per row.
  Matrix x(4, 1, std::vector<float>{1, 2, 3, 10});
  ECOD e;
  COPOD c;
  Context ctx;
  e.fit(x, ctx);
  c.fit(x, ctx);
  const double fl[] = {0.25, 0.5, 0.75, 1.0};  // #≤ / 4
  const double fr[] = {1.0, 0.75, 0.5, 0.25};  // #≥ / 4
  for (int i = 0; i < 4; ++i) {
    const double ul = -std::log(fl[i]), ur = -std::log(fr[i]);
    EXPECT_NEAR(e.training_scores()[i], std::max(ul, ur), 1e-15) << i;
    EXPECT_NEAR(c.training_scores()[i], std::max(ur, (ul + ur) / 2), 1e-15) << i;
  }
}

TEST(ECOD, TiesAndSymmetricFeature) {
  // Symmetric feature (skew 0): U_skew = U_l + U_r; ties share the ECDF value.
  Matrix x(4, 1, std::vector<float>{0, 1, 1, 2});
  ECOD e;
  COPOD c;
  Context ctx;
  e.fit(x, ctx);
  c.fit(x, ctx);
  const double fl[] = {0.25, 0.75, 0.75, 1.0};
  const double fr[] = {1.0, 0.75, 0.75, 0.25};
  for (int i = 0; i < 4; ++i) {
    const double s = -std::log(fl[i]) - std::log(fr[i]);
    EXPECT_NEAR(e.training_scores()[i], s, 1e-15) << i;
    EXPECT_NEAR(c.training_scores()[i], s, 1e-15) << i;
  }
}

TEST(ECOD, NewRowsAreScoredWithTheTrainingRows) {
  Matrix x(4, 1, std::vector<float>{1, 2, 3, 10});
  ECOD e;
  Context ctx;
  e.fit(x, ctx);
  // Scoring the training rows again stacks them twice: the ECDFs are unchanged.
  const auto again = e.score_samples(x, ctx);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(again[i], e.training_scores()[i], 1e-12);
  // A far new value gets the extreme tail 1/5.
  const auto far = e.score_samples(Matrix(1, 1, std::vector<float>{100}), ctx);
  EXPECT_NEAR(far[0], -std::log(0.2), 1e-12);
  EXPECT_TRUE(e.score_samples(Matrix(0, 1), ctx).empty());
}

TEST(ECOD, PlantedOutliersDeterminismAndChecks) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1000, 30, 4, 5, &y);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  ECOD e;
  COPOD c;
  e.fit(x, one);
  c.fit(x, one);
  EXPECT_GT(metrics::roc_auc(y, e.training_scores()), 0.9);
  EXPECT_GT(metrics::roc_auc(y, c.training_scores()), 0.9);
  const auto a = e.training_scores(), b = c.training_scores();
  e.fit(x, two);
  c.fit(x, two);
  EXPECT_EQ(a, e.training_scores());
  EXPECT_EQ(b, c.training_scores());
  EXPECT_THROW(e.score_samples(Matrix(2, 3), one), InvalidInput);
  ECOD fresh;
  EXPECT_THROW(fresh.score_samples(x, one), NotFitted);
  Matrix one_row(1, 3, 2.0f);
  fresh.fit(one_row, one);
  EXPECT_EQ(fresh.training_scores()[0], 0.0);
  Matrix bad(2, 1, std::vector<float>{0, NAN});
  EXPECT_THROW(fresh.fit(bad, one), InvalidInput);
}

}  // namespace
}  // namespace metaul
