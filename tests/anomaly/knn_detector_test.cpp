// kNN distance detector: PyOD semantics against a scikit-learn NearestNeighbors reference
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/knn_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

void expect_near_all(const std::vector<double>& got, const nlohmann::json& want,
                     const std::string& what, double tol) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double w = want[i].get<double>();
    EXPECT_NEAR(got[i], w, tol * std::max(1.0, std::abs(w))) << what << " row " << i;
  }
}

TEST(KNNDetector, MatchesBruteForceFixture) {
  const auto fx = testing::load_fixture("neighbors.json");
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    for (const std::string algo : {"brute", "kd_tree", "auto"}) {
      for (const std::string method : {"largest", "mean", "median"}) {
        KNNDetector det;
        det.set_param("n_neighbors", c["k"].get<std::int64_t>());
        det.set_param("method", method);
        det.set_param("algorithm", algo);
        det.fit(train, ctx);
        const std::string what = c["name"].get<std::string>() + " " + algo + " " + method;
        expect_near_all(det.training_scores(), c["knn_" + method + "_train"], what, 1e-12);
        expect_near_all(det.score_samples(test, ctx), c["knn_" + method + "_test"], what, 1e-12);
      }
    }
  }
}

TEST(KNNDetector, HandComputedLine) {
  // Points 0, 1, 3, 10 on a line, k = 2: neighbours exclude the row itself.
  Matrix x(4, 1, std::vector<float>{0, 1, 3, 10});
  KNNDetector det;
  det.set_param("n_neighbors", std::int64_t{2});
  Context ctx;
  det.fit(x, ctx);
  EXPECT_EQ(det.training_scores(), (std::vector<double>{3, 2, 3, 9}));
  det.set_param("method", std::string("mean"));
  det.fit(x, ctx);
  EXPECT_EQ(det.training_scores(), (std::vector<double>{2, 1.5, 2.5, 8}));
  // New rows use all training rows: 1 is at distance 0 from itself.
  EXPECT_EQ(det.score_samples(Matrix(1, 1, std::vector<float>{1}), ctx),
            (std::vector<double>{0.5}));
}

TEST(KNNDetector, DuplicatesAreNeighbours) {
  Matrix x(4, 2, std::vector<float>{1, 1, 1, 1, 1, 1, 5, 5});
  KNNDetector det;
  det.set_param("n_neighbors", std::int64_t{2});
  Context ctx;
  det.fit(x, ctx);
  EXPECT_EQ(det.training_scores()[0], 0.0);
  EXPECT_GT(det.training_scores()[3], 5.0);
}

TEST(KNNDetector, PlantedOutliersAndDeterminism) {
  for (const std::string algo : {"brute", "kd_tree"}) {
    KNNDetector det;
    det.set_param("algorithm", algo);
    testing::expect_planted_outliers_ranked(det, 1500, 40, 6, 5);
  }
}

TEST(KNNDetector, InputChecks) {
  KNNDetector det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  try {
    det.fit(Matrix(5, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("knn.fit"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_neighbors (5)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_samples (5)"), std::string::npos) << msg;
  }
  Matrix bad(8, 1, std::vector<float>{0, 1, 2, 3, 4, 5, NAN, 7});
  EXPECT_THROW(det.fit(bad, ctx), InvalidInput);
  det.fit(Matrix(6, 2, 3.0f), ctx);  // all rows identical
  for (double s : det.training_scores()) EXPECT_EQ(s, 0.0);
  EXPECT_THROW(det.score_samples(Matrix(2, 3), ctx), InvalidInput);
  EXPECT_THROW(det.set_param("n_neighbors", std::int64_t{0}), InvalidParameter);
  EXPECT_THROW(det.set_param("method", std::string("max")), InvalidParameter);
}

}  // namespace
}  // namespace metaul
