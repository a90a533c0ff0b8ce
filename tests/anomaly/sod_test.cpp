// Subspace outlier degree against a numpy re-implementation of PyOD's SOD
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/sod.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(SOD, MatchesPyodReferenceFixture) {
  const auto fx = testing::load_fixture("neighbors.json");
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    const auto k = c["sod_k"].get<std::int64_t>();
    SOD det;
    det.set_param("n_neighbors", k);
    det.set_param("ref_set", k / 2);
    det.fit(train, ctx);
    const std::string name = c["name"].get<std::string>();
    const auto s = det.score_samples(test, ctx);
    for (std::size_t i = 0; i < s.size(); ++i) {
      EXPECT_NEAR(s[i], c["sod_test"][i].get<double>(), 1e-9) << name << " test " << i;
    }
    for (std::size_t i = 0; i < det.training_scores().size(); ++i) {
      EXPECT_NEAR(det.training_scores()[i], c["sod_train"][i].get<double>(), 1e-9)
          << name << " " << i;
    }
  }
}

TEST(SOD, PlantedOutliersAndDeterminism) {
  SOD det;
  testing::expect_planted_outliers_ranked(det, 1000, 30, 5, 13);
}

TEST(SOD, InputChecks) {
  SOD det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  try {
    det.fit(Matrix(20, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("sod.fit"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_neighbors (20)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_samples (20)"), std::string::npos) << msg;
  }
  det.set_param("n_neighbors", std::int64_t{5});
  EXPECT_THROW(det.fit(Matrix(30, 2), ctx), InvalidParameter);  // ref_set 10 >= 5
  det.set_param("ref_set", std::int64_t{3});
  det.fit(Matrix(8, 3, 1.0f), ctx);  // identical rows: no relevant dimension → 0
  for (double v : det.training_scores()) EXPECT_EQ(v, 0.0);
  EXPECT_THROW(det.score_samples(Matrix(2, 2), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
