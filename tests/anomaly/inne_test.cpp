// INNE against a numpy re-implementation of PyOD's INNE on 8 rows with max_samples = 8
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/inne.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(INNE, MatchesPyodReferenceWhenEverySetHoldsAllRows) {
  const auto fx = testing::load_fixture("neighbors.json")["inne"];
  const Matrix train = testing::matrix_from_json(fx["train"]);
  const Matrix test = testing::matrix_from_json(fx["test"]);
  INNE det;
  det.set_param("n_estimators", std::int64_t{7});
  Context ctx;
  det.fit(train, ctx);
  for (std::size_t i = 0; i < det.training_scores().size(); ++i) {
    EXPECT_NEAR(det.training_scores()[i], fx["scores_train"][i].get<double>(), 1e-12) << i;
  }
  const auto s = det.score_samples(test, ctx);
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_NEAR(s[i], fx["scores_test"][i].get<double>(), 1e-12) << "test " << i;
  }
}

TEST(INNE, HandComputedLine) {
  // Centroids 0, 1, 3 (max_samples = n = 3): radii (squared) 1, 1, 4; ratios 0, 0, 1 − 1/4.
  Matrix x(3, 1, std::vector<float>{0, 1, 3});
  INNE det;
  det.set_param("n_estimators", std::int64_t{3});
  Context ctx;
  det.fit(x, ctx);
  const auto s = det.score_samples(Matrix(3, 1, std::vector<float>{2.5f, 1.5f, 10}), ctx);
  EXPECT_NEAR(s[0], 0.75, 1e-12);  // only the sphere of 3 (radius 2) covers 2.5
  EXPECT_NEAR(s[1], 0.0, 1e-12);   // the sphere of 1 (radius 1) covers 1.5
  EXPECT_EQ(s[2], 1.0);            // uncovered
}

TEST(INNE, PlantedOutliersSeedAndDeterminism) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1000, 30, 4, 23, &y);
  INNE det;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  det.fit(x, one);
  const auto a = det.training_scores();
  EXPECT_GT(metrics::roc_auc(y, a), 0.9);
  for (double v : a) EXPECT_TRUE(v >= 0 && v <= 1);
  det.fit(x, two);
  EXPECT_EQ(a, det.training_scores());
  det.set_param("seed", std::int64_t{5});
  det.fit(x, one);
  EXPECT_NE(a, det.training_scores());
}

TEST(INNE, InputChecks) {
  INNE det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  EXPECT_THROW(det.fit(Matrix(1, 2), ctx), InvalidInput);
  det.fit(Matrix(10, 2, 4.0f), ctx);  // identical rows: radius 0 everywhere, ratio 0
  for (double v : det.training_scores()) EXPECT_EQ(v, 0.0);
  EXPECT_THROW(det.score_samples(Matrix(2, 3), ctx), InvalidInput);
  EXPECT_THROW(det.set_param("max_samples", std::int64_t{1}), InvalidParameter);
}

}  // namespace
}  // namespace metaul
