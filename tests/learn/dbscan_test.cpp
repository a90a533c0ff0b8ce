#include "metaul/learn/dbscan.h"

#include <limits>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

std::vector<int> run_dbscan(MatrixView x, double eps, std::int64_t min_samples,
                            const std::string& algorithm, int threads = 0,
                            std::vector<Index>* core = nullptr) {
  DBSCAN db;
  db.set_param("eps", eps);
  db.set_param("min_samples", min_samples);
  db.set_param("algorithm", algorithm);
  Context ctx;
  ctx.threads = threads;
  db.fit(x, ctx);
  if (core) *core = db.core_sample_indices();
  return db.labels();
}

TEST(DBSCAN, MatchesScikitLearnFixtures) {
  const auto fixture = testing::load_fixture("density_dbscan.json");
  int checked = 0;
  for (const auto& c : fixture["cases"]) {
    const Matrix x = testing::matrix_from_json(c["x"]);
    for (const auto& run : c["runs"]) {
      const auto expected = run["labels"].get<std::vector<int>>();
      const auto expected_core = run["core"].get<std::vector<Index>>();
      for (const std::string algorithm : {"auto", "grid", "kd_tree", "brute"}) {
        if (algorithm == "grid" && x.cols() > 3) continue;
        std::vector<Index> core;
        const auto labels = run_dbscan(x, run["eps"].get<double>(),
                                       run["min_samples"].get<std::int64_t>(), algorithm, 0, &core);
        EXPECT_EQ(labels, expected) << c["name"] << " eps " << run["eps"] << " " << algorithm;
        EXPECT_EQ(core, expected_core) << c["name"] << " eps " << run["eps"] << " " << algorithm;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(DBSCAN, BorderRowTakesTheFirstCluster) {
  // Two clusters (0.7-1.0 and 3.0-3.3) both reach the non-core row at 2.0; scikit-learn gives
  // it the cluster numbered first (the one holding the lowest-index core row).
  const std::vector<float> left_first{0.7f, 0.8f, 0.9f, 1.f, 2.f, 3.f, 3.1f, 3.2f, 3.3f};
  const std::vector<int> expected{0, 0, 0, 0, 0, 1, 1, 1, 1};
  std::vector<float> right_first(left_first.rbegin(), left_first.rend());
  for (const auto& values : {left_first, right_first}) {
    Matrix x(9, 1, values);
    for (const std::string algorithm : {"grid", "kd_tree", "brute"}) {
      EXPECT_EQ(run_dbscan(x, 1.0, 4, algorithm), expected) << algorithm;
    }
  }
}

TEST(DBSCAN, SameLabelsForOneAndTwoThreads) {
  std::vector<int> truth;
  Matrix x = testing::make_blobs(3000, 2, 5, 1.0, 3, &truth);
  for (const std::string algorithm : {"grid", "kd_tree", "brute"}) {
    const auto a = run_dbscan(x, 0.3, 8, algorithm, 1);
    const auto b = run_dbscan(x, 0.3, 8, algorithm, 2);
    EXPECT_EQ(a, b) << algorithm;
    EXPECT_EQ(a, run_dbscan(x, 0.3, 8, "grid", 2)) << algorithm;
  }
}

TEST(DBSCAN, RecoversSeparatedBlobs) {
  std::vector<int> truth;
  Matrix x = testing::make_blobs(1200, 3, 3, 0.3, 5, &truth);
  DBSCAN db;
  db.set_param("eps", 0.5);
  Context ctx;
  db.fit(x, ctx);
  EXPECT_EQ(db.n_clusters(), 3);
  std::vector<int> map(3, -2);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (db.labels()[i] < 0) continue;
    if (map[truth[i]] == -2) map[truth[i]] = db.labels()[i];
    EXPECT_EQ(map[truth[i]], db.labels()[i]);
  }
  EXPECT_EQ(db.algorithm_used(), "kd_tree");
  Matrix flat = testing::make_blobs(300, 2, 3, 0.3, 5);
  db.fit(flat, ctx);
  EXPECT_EQ(db.algorithm_used(), "grid");
}

TEST(DBSCAN, DegenerateInputs) {
  Context ctx;
  // One row: core only when min_samples is 1.
  Matrix one(1, 2, std::vector<float>{1.f, 2.f});
  EXPECT_EQ(run_dbscan(one, 0.5, 1, "auto"), (std::vector<int>{0}));
  EXPECT_EQ(run_dbscan(one, 0.5, 2, "auto"), (std::vector<int>{-1}));
  // All rows identical: one cluster.
  Matrix same(50, 3, 7.0f);
  for (const std::string algorithm : {"grid", "kd_tree", "brute"}) {
    EXPECT_EQ(run_dbscan(same, 1e-6, 50, algorithm), std::vector<int>(50, 0)) << algorithm;
    EXPECT_EQ(run_dbscan(same, 1e-6, 51, algorithm), std::vector<int>(50, -1)) << algorithm;
  }
  // Extent too large for the grid: falls back to the kd-tree with the same answer.
  Matrix wide(4, 2, std::vector<float>{0.f, 0.f, 0.1f, 0.f, 1e30f, 0.f, 1e30f, 0.1f});
  DBSCAN db;
  db.set_param("eps", 0.2);
  db.set_param("min_samples", std::int64_t{2});
  db.fit(wide, ctx);
  EXPECT_EQ(db.labels(), (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(db.algorithm_used(), "kd_tree");
  // An infinite radius puts every row in one cluster.
  Matrix pts = testing::make_blobs(40, 4, 2, 1.0, 2);
  for (const std::string algorithm : {"grid", "kd_tree", "brute"}) {
    EXPECT_EQ(run_dbscan(pts, std::numeric_limits<double>::infinity(), 40, algorithm),
              std::vector<int>(40, 0))
        << algorithm;
  }
  // Many columns: brute force.
  Matrix high = testing::make_blobs(100, 30, 2, 0.1, 1);
  db.set_param("eps", 2.0);
  db.fit(high, ctx);
  EXPECT_EQ(db.algorithm_used(), "brute");
  EXPECT_EQ(db.n_clusters(), 2);
}

TEST(DBSCAN, Errors) {
  DBSCAN db;
  EXPECT_THROW(db.set_param("eps", 0.0), InvalidParameter);
  EXPECT_THROW(db.set_param("eps", -1.0), InvalidParameter);
  EXPECT_THROW(db.set_param("min_samples", std::int64_t{0}), InvalidParameter);
  EXPECT_THROW(db.set_param("metric", std::string("cosine")), InvalidParameter);
  Context ctx;
  Matrix nan(3, 2, std::vector<float>{0.f, 1.f, NAN, 2.f, 3.f, 4.f});
  EXPECT_THROW(db.fit(nan, ctx), InvalidInput);
  EXPECT_THROW(db.fit(Matrix(0, 2), ctx), InvalidInput);
  EXPECT_THROW(db.labels(), NotFitted);
  EXPECT_THROW(db.core_sample_indices(), NotFitted);
  EXPECT_FALSE(db.can_predict());
}

TEST(DBSCAN, SpecRoundTrip) {
  auto est = make_clusterer("dbscan(eps=0.3, min_samples=4, algorithm=kd_tree)");
  EXPECT_EQ(est->to_spec(), "dbscan(eps=0.3, min_samples=4, algorithm=kd_tree)");
}

}  // namespace
}  // namespace metaul
