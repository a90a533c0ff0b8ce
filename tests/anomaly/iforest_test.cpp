#include "metaul/learn/iforest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"
#include "metaul/registry.h"

namespace metaul {
namespace {

TEST(IsolationForest, AveragePathLength) {
  EXPECT_EQ(IsolationForest::average_path_length(0), 0.0);
  EXPECT_EQ(IsolationForest::average_path_length(1), 0.0);
  EXPECT_EQ(IsolationForest::average_path_length(2), 1.0);
  EXPECT_NEAR(IsolationForest::average_path_length(3),
              2.0 * (std::log(2.0) + std::numbers::egamma) - 4.0 / 3.0, 1e-15);
  // scikit-learn: _average_path_length([256]) = 10.244770920116851
  EXPECT_NEAR(IsolationForest::average_path_length(256), 10.244770920119917, 1e-12);
}

TEST(IsolationForest, RanksPlantedOutliersHigh) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1000, 30, 4, 7, &y);
  IsolationForest f;
  Context ctx;
  f.fit(x, ctx);
  const auto& s = f.training_scores();
  ASSERT_EQ(s.size(), 1030u);
  EXPECT_GT(metrics::roc_auc(y, s), 0.99);
  for (double v : s) {
    EXPECT_GT(v, 0.0);
    EXPECT_LE(v, 1.0);
  }
  EXPECT_EQ(f.score_samples(x, ctx), s);
  // contamination 0.1 flags ~10% of the training rows, including the planted ones.
  const auto pred = f.training_predictions();
  int flagged = 0;
  for (std::size_t i = 0; i < pred.size(); ++i) flagged += pred[i];
  EXPECT_NEAR(flagged, 103, 2);
  for (std::size_t i = 1000; i < 1030; ++i) EXPECT_EQ(pred[i], 1);
}

TEST(IsolationForest, TwoRowsScoreOneHalf) {
  // ψ = 2: the root separates the two rows, each leaf at depth 1 holds one row: h = 1 = c(2).
  Matrix x(2, 3, std::vector<float>{0, 1, 2, 3, 4, 5});
  IsolationForest f;
  Context ctx;
  f.fit(x, ctx);
  EXPECT_EQ(f.n_samples_per_tree(), 2);
  for (double v : f.training_scores()) EXPECT_DOUBLE_EQ(v, 0.5);
}

TEST(IsolationForest, IdenticalRowsAndSingleRow) {
  // Constant data: no split is possible, every row sits in the root with ψ rows: h = c(ψ).
  Matrix x(50, 2, 3.0f);
  IsolationForest f;
  Context ctx;
  f.fit(x, ctx);
  for (double v : f.training_scores()) EXPECT_DOUBLE_EQ(v, 0.5);
  Matrix one(1, 2, 1.0f);
  f.fit(one, ctx);
  ASSERT_EQ(f.training_scores().size(), 1u);
  EXPECT_TRUE(std::isfinite(f.training_scores()[0]));
  // Huge values stay finite.
  Matrix big(20, 2);
  for (Index i = 0; i < 20; ++i) big(i, 0) = static_cast<float>(i) * 1e30f;
  f.fit(big, ctx);
  for (double v : f.training_scores()) EXPECT_TRUE(std::isfinite(v));
}

TEST(IsolationForest, TreesRespectDepthAndFeatureLimits) {
  std::vector<int> y;
  Matrix x = testing::make_planted(500, 10, 4, 3, &y);
  IsolationForest f;
  f.set_param("max_samples", std::int64_t{64});
  f.set_param("max_features", 0.5);
  f.set_param("n_estimators", std::int64_t{20});
  Context ctx;
  f.fit(x, ctx);
  ASSERT_EQ(f.trees().size(), 20u);
  for (const auto& t : f.trees()) {
    std::set<int> used;
    int leaves = 0;
    for (std::size_t i = 0; i < t.feature.size(); ++i) {
      if (t.feature[i] >= 0) {
        used.insert(t.feature[i]);
      } else {
        ++leaves;
        EXPECT_LE(t.value[i], 6 + IsolationForest::average_path_length(64) + 1e-5);
      }
    }
    EXPECT_LE(used.size(), 2u);
    EXPECT_LE(leaves, 64);
  }
  // Mean path length of the training rows is at most the depth limit plus c(ψ).
  for (double h : f.mean_path_length(x, ctx)) EXPECT_LE(h, 6 + 9.0);
}

TEST(IsolationForest, DeterministicAcrossThreadsAndSeeded) {
  std::vector<int> y;
  Matrix x = testing::make_planted(3000, 50, 5, 11, &y);
  IsolationForest f;
  f.set_param("bootstrap", true);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  f.fit(x, one);
  const auto a = f.training_scores();
  f.fit(x, two);
  EXPECT_EQ(a, f.training_scores());
  f.set_param("seed", std::int64_t{5});
  f.fit(x, two);
  EXPECT_NE(a, f.training_scores());
}

TEST(IsolationForest, InputChecks) {
  IsolationForest f;
  Context ctx;
  EXPECT_THROW(f.score_samples(Matrix(2, 2), ctx), NotFitted);
  Matrix x(10, 3);
  x(2, 1) = std::nanf("");
  EXPECT_THROW(f.fit(x, ctx), InvalidInput);
  x(2, 1) = 0;
  f.fit(x, ctx);
  try {
    f.score_samples(Matrix(4, 2), ctx);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("X has 2 columns but the detector was fitted on 3"),
              std::string::npos);
  }
  EXPECT_THROW(f.set_param("max_features", 0.0), InvalidParameter);
  EXPECT_THROW(f.set_param("n_estimators", std::int64_t{0}), InvalidParameter);
}

TEST(IsolationForest, Registered) {
  auto e = builtin_registry().make(Family::Anomaly, "iforest(n_estimators=10, random_state=3)");
  EXPECT_EQ(e->to_spec(), "iforest(n_estimators=10, seed=3)");
}

}  // namespace
}  // namespace metaul
