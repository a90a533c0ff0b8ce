#include "metaul/learn/eif.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/learn/iforest.h"
#include "metaul/metrics/ranking.h"

namespace metaul {
namespace {

TEST(ExtendedIsolationForest, PlantedOutliersAnyExtension) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1000, 30, 4, 17, &y);
  Context ctx;
  for (std::int64_t level : {0, 1, 3}) {
    ExtendedIsolationForest f;
    f.set_param("extension_level", level);
    f.fit(x, ctx);
    EXPECT_GT(metrics::roc_auc(y, f.training_scores()), 0.98) << level;
    for (double v : f.training_scores()) {
      EXPECT_GT(v, 0.0);
      EXPECT_LE(v, 1.0);
    }
  }
}

TEST(ExtendedIsolationForest, LevelZeroMatchesIsolationForestInDistribution) {
  // Axis-parallel cuts on data without constant columns: the seed-averaged scores of both
  // forests agree closely row by row.
  std::vector<int> y;
  Matrix x = testing::make_planted(400, 8, 3, 23, &y);
  Context ctx;
  std::vector<double> a(408, 0.0), b(408, 0.0);
  for (std::int64_t seed = 0; seed < 10; ++seed) {
    ExtendedIsolationForest e;
    e.set_param("extension_level", std::int64_t{0});
    e.set_param("seed", seed);
    e.fit(x, ctx);
    IsolationForest f;
    f.set_param("seed", seed);
    f.fit(x, ctx);
    for (std::size_t i = 0; i < 408; ++i) {
      a[i] += e.training_scores()[i] / 10;
      b[i] += f.training_scores()[i] / 10;
    }
  }
  double mean_abs = 0;
  for (std::size_t i = 0; i < 408; ++i) mean_abs += std::abs(a[i] - b[i]) / 408;
  EXPECT_LT(mean_abs, 0.01);
}

TEST(ExtendedIsolationForest, TwoRowsAndDeterminism) {
  // Axis-parallel cuts always separate two distinct rows at the root: h = 1 = c(2), s = 1/2.
  // A tilted hyperplane through the bounding box may miss the gap: then h > 1 for both.
  Matrix two(2, 3, std::vector<float>{0, 1, 2, 3, 4, 5});
  ExtendedIsolationForest f;
  Context one, par;
  one.threads = 1;
  par.threads = 2;
  f.set_param("extension_level", std::int64_t{0});
  f.fit(two, one);
  for (double v : f.training_scores()) EXPECT_DOUBLE_EQ(v, 0.5);
  f.set_param("extension_level", Value{});
  f.fit(two, one);
  for (double v : f.training_scores()) EXPECT_LE(v, 0.5);
  std::vector<int> y;
  Matrix x = testing::make_planted(2000, 20, 5, 3, &y);
  f.fit(x, one);
  const auto a = f.training_scores();
  f.fit(x, par);
  EXPECT_EQ(a, f.training_scores());
  f.set_param("seed", std::int64_t{9});
  f.fit(x, par);
  EXPECT_NE(a, f.training_scores());
}

TEST(ExtendedIsolationForest, Checks) {
  ExtendedIsolationForest f;
  Context ctx;
  EXPECT_THROW(f.score_samples(Matrix(1, 2), ctx), NotFitted);
  f.set_param("extension_level", std::int64_t{3});
  try {
    f.fit(Matrix(10, 3), ctx);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("extension_level (3) > n_features - 1 (2)"),
              std::string::npos);
  }
  f.set_param("extension_level", Value{});
  f.fit(Matrix(10, 3, 2.0f), ctx);  // identical rows
  for (double v : f.training_scores()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_THROW(f.score_samples(Matrix(1, 2), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
