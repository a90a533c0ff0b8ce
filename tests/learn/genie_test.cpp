#include "metaul/learn/genie.h"

#include <gtest/gtest.h>

#include "hier_test_util.h"
#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "metaul/learn/agglomerative.h"
#include "metaul/learn/kmeans.h"
#include "support/test_support.h"

namespace metaul {
namespace {

Genie make_genie(std::int64_t k, double gini = 0.3, std::int64_t m = 1) {
  Genie model;
  model.set_param("n_clusters", k);
  model.set_param("gini_threshold", gini);
  model.set_param("M", m);
  return model;
}

TEST(Genie, GiniIndex) {
  EXPECT_DOUBLE_EQ(genie_detail::gini_index({1, 1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(genie_detail::gini_index({0, 0, 10}), 1.0);
  EXPECT_DOUBLE_EQ(genie_detail::gini_index({1, 2, 3}), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(genie_detail::gini_index({5}), 0.0);
}

// With gini_threshold = 1 the correction never fires: the partition is single linkage's.
TEST(Genie, ThresholdOneIsSingleLinkage) {
  Rng rng(3);
  Matrix x(200, 3);
  for (Index t = 0; t < x.size(); ++t) x.data()[t] = static_cast<float>(rng.uniform(-1, 1));
  Context ctx;
  for (std::int64_t k : {2, 3, 6}) {
    Genie genie = make_genie(k, 1.0);
    genie.fit(x, ctx);
    Agglomerative single;
    single.set_param("linkage", std::string("single"));
    single.set_param("n_clusters", k);
    single.fit(x, ctx);
    EXPECT_DOUBLE_EQ(testing::adjusted_rand(genie.labels(), single.labels()), 1.0) << k;
  }
}

// Hand-checked: two tight groups far apart and one far outlier. Single linkage cuts off the
// outlier; Genie's Gini correction forces the singleton into a group and splits the groups.
TEST(Genie, ResistsOutliers) {
  std::vector<float> v;
  for (int i = 0; i < 10; ++i) v.insert(v.end(), {0.1f * i, 0.0f});
  for (int i = 0; i < 10; ++i) v.insert(v.end(), {5.0f + 0.1f * i, 0.0f});
  v.insert(v.end(), {2.0f, 40.0f});
  const Matrix x(21, 2, v);
  Context ctx;
  Genie genie = make_genie(2);
  genie.fit(x, ctx);
  const auto& g = genie.labels();
  EXPECT_EQ(g[0], 0);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(g[i], 0) << i;
  for (int i = 10; i < 20; ++i) EXPECT_EQ(g[i], 1) << i;
  Genie plain = make_genie(2, 1.0);
  plain.fit(x, ctx);
  EXPECT_NE(plain.labels()[20], plain.labels()[0]);
  EXPECT_EQ(plain.labels()[0], plain.labels()[19]);
  // n_clusters = n gives singletons, numbered in row order.
  Genie all = make_genie(21);
  all.fit(x, ctx);
  for (int i = 0; i < 21; ++i) EXPECT_EQ(all.labels()[i], i);
}

TEST(Genie, SameLabelsForOneAndTwoThreadsAndSmoothing) {
  const Matrix x = testing::make_blobs(2500, 3, 4, 1.5, 5);
  for (std::int64_t m : {1, 5}) {
    Genie model = make_genie(4, 0.3, m);
    Context one, two;
    one.threads = 1;
    two.threads = 2;
    model.fit(x, one);
    const auto labels = model.labels();
    model.fit(x, two);
    EXPECT_EQ(model.labels(), labels) << m;
  }
  // All-identical rows and d = 1 do not break the algorithm.
  Context ctx;
  Genie model = make_genie(2, 0.3, 3);
  model.fit(Matrix(6, 1, 2.0f), ctx);
  EXPECT_EQ(model.labels().size(), 6u);
}

// Corpus sets where Genie is known to recover the reference partition (k-means fails on the
// non-convex chainlink and lsun).
TEST(Genie, CorpusBeatsKMeans) {
  METAUL_REQUIRE_CORPUS(dir);
  Context ctx;
  for (const std::string name : {"gagolews_fcps_chainlink", "gagolews_fcps_lsun",
                                 "gagolews_fcps_twodiamonds", "gagolews_fcps_hepta"}) {
    std::vector<int> truth;
    const Matrix x = testing::read_labelled_csv(dir / "cluster" / (name + ".csv"), truth);
    const int k = *std::max_element(truth.begin(), truth.end()) + 1;
    Genie genie = make_genie(k);
    genie.fit(x, ctx);
    KMeans km;
    km.set_param("n_clusters", std::int64_t{k});
    km.set_param("n_init", std::int64_t{10});
    km.fit(x, ctx);
    const double ari_genie = testing::adjusted_rand(truth, genie.labels());
    const double ari_km = testing::adjusted_rand(truth, km.labels());
    std::printf("%s: genie ARI %.4f, kmeans ARI %.4f\n", name.c_str(), ari_genie, ari_km);
    EXPECT_GE(ari_genie, 0.95) << name;
    if (name == "gagolews_fcps_chainlink" || name == "gagolews_fcps_lsun") {
      EXPECT_GT(ari_genie, ari_km + 0.3) << name;
    }
  }
}

TEST(Genie, Errors) {
  Context ctx;
  Genie model = make_genie(5);
  try {
    model.fit(Matrix(4, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), "genie.fit: n_samples (4) < n_clusters (5)");
  }
  Genie smooth = make_genie(2, 0.3, 10);
  EXPECT_THROW(smooth.fit(Matrix(5, 2), ctx), InvalidInput);
  EXPECT_THROW(model.set_param("gini_threshold", 1.5), InvalidParameter);
  EXPECT_THROW(model.labels(), NotFitted);
}

}  // namespace
}  // namespace metaul
