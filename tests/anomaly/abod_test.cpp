// Fast ABOD against a numpy re-implementation of PyOD's ABOD(method='fast')
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/abod.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(ABOD, MatchesPyodReferenceFixture) {
  const auto fx = testing::load_fixture("neighbors.json");
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    ABOD det;
    det.set_param("n_neighbors", c["abod_k"].get<std::int64_t>());
    det.fit(train, ctx);
    const std::string name = c["name"].get<std::string>();
    const auto s = det.score_samples(test, ctx);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double w = c["abod_test"][i].get<double>();
      EXPECT_NEAR(s[i], w, 1e-9 * std::max(1e-3, std::abs(w))) << name << " test " << i;
    }
    for (std::size_t i = 0; i < det.training_scores().size(); ++i) {
      const double w = c["abod_train"][i].get<double>();
      EXPECT_NEAR(det.training_scores()[i], w, 1e-9 * std::max(1e-3, std::abs(w)))
          << name << " " << i;
    }
  }
}

TEST(ABOD, HandComputed) {
  // New row p = (0,0), k = 3: neighbours (1,0), (0,1), (-1,0). Weighted cosines of the pairs
  // 0, -1, 0 → population variance 2/9, score -2/9. A neighbour equal to p forms no angle.
  Matrix x(6, 2, std::vector<float>{1, 0, 0, 1, -1, 0, 9, 9, 8, 9, 9, 8});
  ABOD det;
  det.set_param("n_neighbors", std::int64_t{3});
  Context ctx;
  det.fit(x, ctx);
  EXPECT_NEAR(det.score_samples(Matrix(1, 2, 0.0f), ctx)[0], -2.0 / 9.0, 1e-15);
  // p = (1,0) itself: neighbours (1,0) (skipped), (0,1), (-1,0): one pair left → variance 0.
  EXPECT_EQ(det.score_samples(Matrix(1, 2, std::vector<float>{1, 0}), ctx)[0], 0.0);
}

TEST(ABOD, PlantedOutliersAndDeterminism) {
  ABOD det;
  testing::expect_planted_outliers_ranked(det, 1000, 30, 5, 12);
}

TEST(ABOD, InputChecks) {
  ABOD det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  try {
    det.fit(Matrix(4, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("abod.fit"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_neighbors (10)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_samples (4)"), std::string::npos) << msg;
  }
  det.set_param("n_neighbors", std::int64_t{3});
  det.fit(Matrix(6, 2, 2.0f), ctx);  // all identical: no angle anywhere
  for (double v : det.training_scores()) EXPECT_EQ(v, 0.0);
  EXPECT_THROW(det.score_samples(Matrix(2, 3), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
