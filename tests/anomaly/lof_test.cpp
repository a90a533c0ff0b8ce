// Local outlier factor against scikit-learn's LocalOutlierFactor
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/lof.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(LOF, MatchesScikitLearnFixture) {
  const auto fx = testing::load_fixture("neighbors.json");
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    for (const std::string algo : {"brute", "kd_tree"}) {
      LOF det;
      det.set_param("n_neighbors", c["k"].get<std::int64_t>());
      det.set_param("algorithm", algo);
      det.fit(train, ctx);
      const std::string what = c["name"].get<std::string>() + " " + algo;
      const auto& want = c["lof_train"];
      ASSERT_EQ(det.training_scores().size(), want.size());
      for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_NEAR(det.training_scores()[i], want[i].get<double>(), 1e-5) << what << " " << i;
      }
      const auto s = det.score_samples(test, ctx);
      const auto& want_t = c["lof_test"];
      ASSERT_EQ(s.size(), want_t.size());
      for (std::size_t i = 0; i < s.size(); ++i) {
        EXPECT_NEAR(s[i], want_t[i].get<double>(), 1e-5) << what << " test " << i;
      }
    }
  }
}

TEST(LOF, HandComputed) {
  // 0, 1, 2, 10 on a line, k = 1. k-distances 1, 1, 1, 8; lrd = 1/(reach + 1e-10).
  Matrix x(4, 1, std::vector<float>{0, 1, 2, 10});
  LOF det;
  det.set_param("n_neighbors", std::int64_t{1});
  Context ctx;
  det.fit(x, ctx);
  // Row 3: neighbour 2, reach = max(8, 1) = 8, lrd 1/8; LOF = lrd(2)/lrd(3) = 8.
  EXPECT_NEAR(det.training_scores()[3], 8.0, 1e-8);
  EXPECT_NEAR(det.training_scores()[0], 1.0, 1e-8);
  EXPECT_DOUBLE_EQ(det.lrd()[3], 1.0 / (8.0 + 1e-10));
}

TEST(LOF, PlantedOutliersAndDeterminism) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1500, 40, 6, 9, &y);
  LOF det;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  det.fit(x, one);
  const auto a = det.training_scores();
  EXPECT_GT(metrics::roc_auc(y, a), 0.9);
  det.fit(x, two);
  EXPECT_EQ(a, det.training_scores());
  Matrix probe = testing::make_planted(200, 20, 6, 10, &y);
  EXPECT_GT(metrics::roc_auc(y, det.score_samples(probe, one)), 0.9);
  EXPECT_EQ(det.score_samples(probe, one), det.score_samples(probe, two));
}

TEST(LOF, DuplicatesStayFinite) {
  LOF det;
  det.set_param("n_neighbors", std::int64_t{3});
  Context ctx;
  det.fit(Matrix(6, 2, 1e30f), ctx);
  for (double s : det.training_scores()) EXPECT_NEAR(s, 1.0, 1e-12);
  Matrix x(5, 1, std::vector<float>{0, 0, 0, 0, 9});
  det.fit(x, ctx);
  for (double s : det.training_scores()) EXPECT_TRUE(std::isfinite(s));
  EXPECT_GT(det.training_scores()[4], 1e9);
}

TEST(LOF, InputChecks) {
  LOF det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  try {
    det.fit(Matrix(10, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("lof.fit"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_neighbors (20)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("n_samples (10)"), std::string::npos) << msg;
  }
  det.set_param("n_neighbors", std::int64_t{2});
  det.fit(Matrix(4, 3, std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1}), ctx);
  EXPECT_THROW(det.score_samples(Matrix(2, 2), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
