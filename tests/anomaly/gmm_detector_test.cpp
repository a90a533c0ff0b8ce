// Gaussian-mixture detector against scikit-learn's GaussianMixture(n_components=1)
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/gmm_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(GMMDetector, MatchesScikitLearnFixture) {
  const auto fx = testing::load_fixture("neighbors.json");
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    GMMDetector det;
    det.fit(train, ctx);
    const auto s = det.score_samples(test, ctx);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double w = c["gmm_test"][i].get<double>();
      EXPECT_NEAR(s[i], w, 1e-6 * std::max(1.0, std::abs(w))) << i;
    }
    for (std::size_t i = 0; i < det.training_scores().size(); ++i) {
      const double w = c["gmm_train"][i].get<double>();
      EXPECT_NEAR(det.training_scores()[i], w, 1e-6 * std::max(1.0, std::abs(w))) << i;
    }
  }
}

TEST(GMMDetector, NegatesTheMixtureLogLikelihood) {
  std::vector<int> y;
  Matrix x = testing::make_planted(600, 20, 3, 4, &y);
  GMMDetector det;
  det.set_param("n_components", std::int64_t{2});
  det.set_param("seed", std::int64_t{3});
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  det.fit(x, one);
  const auto ll = det.mixture().score_samples(x, one);
  for (std::size_t i = 0; i < ll.size(); ++i) EXPECT_EQ(det.training_scores()[i], -ll[i]);
  EXPECT_GT(metrics::roc_auc(y, det.training_scores()), 0.9);
  const auto a = det.training_scores();
  det.fit(x, two);
  EXPECT_EQ(a, det.training_scores());
}

TEST(GMMDetector, InputChecks) {
  GMMDetector det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  det.set_param("n_components", std::int64_t{4});
  EXPECT_THROW(det.fit(Matrix(3, 2), ctx), InvalidInput);
  det.set_param("n_components", std::int64_t{1});
  det.fit(Matrix(5, 2, 1.0f), ctx);  // constant rows: reg_covar keeps it finite
  for (double s : det.training_scores()) EXPECT_TRUE(std::isfinite(s));
  EXPECT_THROW(det.score_samples(Matrix(2, 3), ctx), InvalidInput);
  EXPECT_THROW(det.set_param("init_params", std::string("given")), InvalidParameter);
}

}  // namespace
}  // namespace metaul
