// Connectivity-based outlier factor against a numpy re-implementation of PyOD's COF
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/cof.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(COF, MatchesPyodReferenceFixture) {
  const auto fx = testing::load_fixture("neighbors.json");
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    const auto k = c["k"].get<std::int64_t>();
    COF det;
    det.set_param("n_neighbors", k);
    det.fit(train, ctx);
    const std::string name = c["name"].get<std::string>();
    const auto s = det.score_samples(test, ctx);
    for (std::size_t i = 0; i < s.size(); ++i) {
      EXPECT_NEAR(s[i], c["cof_test"][i].get<double>(), 1e-9) << name << " test " << i;
    }
    for (std::size_t i = 0; i < det.training_scores().size(); ++i) {
      EXPECT_NEAR(det.training_scores()[i], c["cof_train"][i].get<double>(), 1e-9)
          << name << " " << i;
    }
  }
}

TEST(COF, HandComputedLine) {
  // 0, 1, 3, 7 on a line, k = 2; weights 2·2/6 = 2/3 and 2·1/6 = 1/3.
  // Row 0: path 0, 1, 3: costs 1, 2 → ac = 2/3 + 2/3 = 4/3. Row 1: path 1, 0, 3 → costs 1, 2
  // → 4/3. Row 2 (x = 3): path 3, 1, 0 → costs 2, 1 → 5/3. Row 3 (x = 7): path 7, 3, 1 → 4, 2
  // → 10/3. COF(3) = 2 · (10/3) / (5/3 + 4/3) = 20/9.
  Matrix x(4, 1, std::vector<float>{0, 1, 3, 7});
  COF det;
  det.set_param("n_neighbors", std::int64_t{2});
  Context ctx;
  det.fit(x, ctx);
  EXPECT_NEAR(det.ac_dist()[2], 5.0 / 3.0, 1e-12);
  EXPECT_NEAR(det.training_scores()[3], 20.0 / 9.0, 1e-12);
}

TEST(COF, PlantedOutliersAndDeterminism) {
  COF det;
  testing::expect_planted_outliers_ranked(det, 1000, 30, 5, 13);
}

TEST(COF, InputChecks) {
  COF det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  try {
    det.fit(Matrix(20, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("cof.fit"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_neighbors (20)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_samples (20)"), std::string::npos) << msg;
  }
  det.set_param("n_neighbors", std::int64_t{5});
  det.fit(Matrix(8, 3, 1.0f), ctx);  // identical rows: 0 / 0 → 0 (numpy.nan_to_num)
  for (double v : det.training_scores()) EXPECT_EQ(v, 0.0);
  EXPECT_THROW(det.score_samples(Matrix(2, 2), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
