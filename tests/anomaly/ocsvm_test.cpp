// One-class SVM against scikit-learn's OneClassSVM (same LIBSVM solver)
// (tools/fixtures_neighbors.py → tests/fixtures/neighbors.json).
#include "metaul/learn/ocsvm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(OneClassSVM, MatchesScikitLearnFixture) {
  const auto fx = testing::load_fixture("neighbors.json");
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    for (const auto& o : c["ocsvm"]) {
      OneClassSVM det;
      det.set_param("kernel", o["kernel"].get<std::string>());
      det.set_param("nu", o["nu"].get<double>());
      if (!o["gamma"].is_null()) det.set_param("gamma", o["gamma"].get<double>());
      det.fit(train, ctx);
      const std::string what = c["name"].get<std::string>() + " " + o["kernel"].get<std::string>();
      EXPECT_NEAR(det.gamma(), o["gamma_used"].get<double>(), 1e-12 * det.gamma()) << what;
      EXPECT_EQ(det.n_support(), o["n_support"].get<Index>()) << what;
      const auto dec = det.decision_function(test, ctx);
      for (std::size_t i = 0; i < dec.size(); ++i) {
        EXPECT_NEAR(dec[i], o["test"][i].get<double>(), 1e-6) << what << " test " << i;
      }
      for (std::size_t i = 0; i < det.training_scores().size(); ++i) {
        EXPECT_NEAR(det.training_scores()[i], -o["train"][i].get<double>(), 1e-6)
            << what << " " << i;
      }
    }
  }
}

TEST(OneClassSVM, PlantedOutliersAndDeterminism) {
  std::vector<int> y;
  Matrix x = testing::make_planted(800, 30, 4, 17, &y);
  OneClassSVM det;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  det.fit(x, one);
  const auto a = det.training_scores();
  EXPECT_GT(metrics::roc_auc(y, a), 0.9);
  for (double v : a) EXPECT_TRUE(std::isfinite(v));
  det.fit(x, two);
  EXPECT_EQ(a, det.training_scores());
}

TEST(OneClassSVM, DegenerateInputAndChecks) {
  OneClassSVM det;
  Context ctx;
  EXPECT_THROW(det.score_samples(Matrix(1, 1), ctx), NotFitted);
  det.fit(Matrix(5, 3, 2.0f), ctx);  // zero variance: gamma = 1
  EXPECT_EQ(det.gamma(), 1.0);
  for (double v : det.training_scores()) EXPECT_TRUE(std::isfinite(v));
  det.fit(Matrix(1, 2, std::vector<float>{1, 2}), ctx);
  EXPECT_TRUE(std::isfinite(det.training_scores()[0]));
  EXPECT_THROW(det.score_samples(Matrix(2, 3), ctx), InvalidInput);
  Matrix bad(3, 1, std::vector<float>{0, NAN, 1});
  EXPECT_THROW(det.fit(bad, ctx), InvalidInput);
  EXPECT_THROW(det.set_param("nu", 0.0), InvalidParameter);
  EXPECT_THROW(det.set_param("kernel", std::string("precomputed")), InvalidParameter);
}

}  // namespace
}  // namespace metaul
