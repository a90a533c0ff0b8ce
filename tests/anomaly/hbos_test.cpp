#include "metaul/learn/hbos.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anomaly/anomaly_test_util.h"
#include "metaul/core/error.h"
#include "metaul/metrics/ranking.h"

namespace metaul {
namespace {

TEST(HBOS, HandComputedOneFeature) {
  // Values 0,0,1,3 with 3 bins over [0, 3]: edges 0,1,2,3, counts 2,1,1 (3 closes the last bin),
  // width 1, densities 0.5, 0.25, 0.25.
  Matrix x(4, 1, std::vector<float>{0, 0, 1, 3});
  HBOS h;
  h.set_param("n_bins", std::int64_t{3});
  Context ctx;
  h.fit(x, ctx);
  EXPECT_EQ(h.bin_edges(0), (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(h.densities(0), (std::vector<double>{0.5, 0.25, 0.25}));
  const double a = -std::log2(0.5 + 0.1), b = -std::log2(0.25 + 0.1);
  const auto& s = h.training_scores();
  EXPECT_DOUBLE_EQ(s[0], a);
  EXPECT_DOUBLE_EQ(s[2], b);
  EXPECT_DOUBLE_EQ(s[3], b);
  // Out of range: within tol·width (0.5) of an edge → edge bin, farther → the largest term.
  const auto t = h.score_samples(Matrix(4, 1, std::vector<float>{-0.4f, -0.6f, 3.5f, 9.0f}), ctx);
  EXPECT_DOUBLE_EQ(t[0], a);
  EXPECT_DOUBLE_EQ(t[1], b);
  EXPECT_DOUBLE_EQ(t[2], b);
  EXPECT_DOUBLE_EQ(t[3], b);
}

TEST(HBOS, SumsOverFeaturesAndConstantFeature) {
  Matrix x(3, 2, std::vector<float>{0, 5, 1, 5, 2, 5});
  HBOS h;
  h.set_param("n_bins", std::int64_t{2});
  Context ctx;
  h.fit(x, ctx);
  // Constant feature: numpy uses [4.5, 5.5]; all rows in bin 1 (density 1 / 0.5 = 2).
  EXPECT_EQ(h.bin_edges(1), (std::vector<double>{4.5, 5.0, 5.5}));
  EXPECT_EQ(h.densities(1), (std::vector<double>{0.0, 2.0}));
  // Feature 0: edges 0,1,2, counts 1,2, densities 1/3, 2/3.
  const double c1 = -std::log2(2.0 + 0.1);
  EXPECT_DOUBLE_EQ(h.training_scores()[0], -std::log2(1.0 / 3 + 0.1) + c1);
  EXPECT_DOUBLE_EQ(h.training_scores()[2], -std::log2(2.0 / 3 + 0.1) + c1);
}

TEST(HBOS, DynamicBinsHandComputed) {
  // 8 values, 4 bins of 2 sorted values: edges 0, 2, 4, 6, 10; widths 2, 2, 2, 4.
  Matrix x(8, 1, std::vector<float>{6, 0, 1, 2, 3, 4, 5, 10});
  HBOS h;
  h.set_param("n_bins", std::int64_t{4});
  h.set_param("dynamic_bins", true);
  Context ctx;
  h.fit(x, ctx);
  EXPECT_EQ(h.bin_edges(0), (std::vector<double>{0, 2, 4, 6, 10}));
  EXPECT_EQ(h.densities(0), (std::vector<double>{0.125, 0.125, 0.125, 0.0625}));
  EXPECT_DOUBLE_EQ(h.training_scores()[7], -std::log2(0.0625 + 0.1));
  EXPECT_DOUBLE_EQ(h.training_scores()[1], -std::log2(0.125 + 0.1));
  // Ties stay together: 0,0,0 | 1,2 | 3 with 3 bins of 2; the zero-width last bin gets
  // (max − min) / 3 = 1.
  Matrix t(6, 1, std::vector<float>{0, 0, 0, 1, 2, 3});
  h.set_param("n_bins", std::int64_t{3});
  h.fit(t, ctx);
  EXPECT_EQ(h.bin_edges(0), (std::vector<double>{0, 1, 3, 3}));
  EXPECT_EQ(h.densities(0), (std::vector<double>{0.5, 2.0 / 12, 1.0 / 6}));
  // Constant feature: one bin of width 1.
  h.fit(Matrix(4, 1, 7.0f), ctx);
  EXPECT_EQ(h.densities(0), (std::vector<double>{1.0}));
  for (double v : h.training_scores()) EXPECT_DOUBLE_EQ(v, -std::log2(1.1));
}

TEST(HBOS, PlantedOutliersAndDeterminism) {
  std::vector<int> y;
  Matrix x = testing::make_planted(1000, 30, 4, 21, &y);
  HBOS h;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  h.fit(x, one);
  const auto a = h.training_scores();
  EXPECT_GT(metrics::roc_auc(y, a), 0.9);
  h.fit(x, two);
  EXPECT_EQ(a, h.training_scores());
  h.set_param("dynamic_bins", true);
  h.fit(x, one);
  EXPECT_GT(metrics::roc_auc(y, h.training_scores()), 0.9);
}

TEST(HBOS, InputChecks) {
  HBOS h;
  Context ctx;
  EXPECT_THROW(h.score_samples(Matrix(1, 1), ctx), NotFitted);
  Matrix bad(3, 1, std::vector<float>{0, INFINITY, 1});
  EXPECT_THROW(h.fit(bad, ctx), InvalidInput);
  h.fit(Matrix(1, 2, 1.0f), ctx);  // one row: every feature constant
  EXPECT_TRUE(std::isfinite(h.training_scores()[0]));
  EXPECT_THROW(h.score_samples(Matrix(2, 3), ctx), InvalidInput);
  EXPECT_THROW(h.set_param("n_bins", std::int64_t{1}), InvalidParameter);
  EXPECT_THROW(h.set_param("alpha", 0.0), InvalidParameter);
}

}  // namespace
}  // namespace metaul
