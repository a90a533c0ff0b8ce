#include "metaul/learn/minibatch_kmeans.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <set>
#include <string>

#include "metaul/core/error.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

// Adjusted Rand index (Hubert & Arabie 1985), as sklearn.metrics.adjusted_rand_score.
double ari(const std::vector<int>& a, const std::vector<int>& b) {
  std::map<std::pair<int, int>, double> joint;
  std::map<int, double> ra, rb;
  for (std::size_t i = 0; i < a.size(); ++i) {
    joint[{a[i], b[i]}] += 1;
    ra[a[i]] += 1;
    rb[b[i]] += 1;
  }
  auto pairs = [](double v) { return v * (v - 1) / 2; };
  double index = 0, sa = 0, sb = 0;
  for (const auto& [key, v] : joint) index += pairs(v);
  for (const auto& [key, v] : ra) sa += pairs(v);
  for (const auto& [key, v] : rb) sb += pairs(v);
  const double expected = sa * sb / pairs(static_cast<double>(a.size()));
  return (index - expected) / ((sa + sb) / 2 - expected);
}

MiniBatchKMeans make_mbk(int k) {
  MiniBatchKMeans m;
  m.set_param("n_clusters", std::int64_t{k});
  return m;
}

TEST(MiniBatchKMeans, ComparableToScikitLearnOnBlobs) {
  const auto fixture = testing::load_fixture("kmeans.json")["minibatch"];
  const Matrix x = testing::matrix_from_json(fixture["x"]);
  const auto truth = fixture["truth"].get<std::vector<int>>();
  double total = 0;
  for (int seed = 0; seed < 5; ++seed) {
    MiniBatchKMeans m = make_mbk(fixture["k"].get<int>());
    m.set_param("seed", std::int64_t{seed});
    Context ctx;
    m.fit(x, ctx);
    total += ari(truth, m.labels());
    EXPECT_EQ(m.predict(x, ctx), m.labels());
  }
  // sklearn's mean ARI over 5 seeds (MiniBatchKMeans defaults, n_init=3).
  RecordProperty("mean_ari", std::to_string(total / 5));
  EXPECT_GE(total / 5, fixture["sklearn_ari"].get<double>() - 0.05);
}

TEST(MiniBatchKMeans, RecoversSeparatedBlobs) {
  std::vector<int> truth;
  const Matrix x = testing::make_blobs(20000, 6, 5, 0.5, 3, &truth);
  MiniBatchKMeans m = make_mbk(5);
  m.set_param("batch_size", std::int64_t{256});
  Context ctx;
  m.fit(x, ctx);
  EXPECT_GT(ari(truth, m.labels()), 0.99);
  EXPECT_LT(m.inertia(), 20000 * 6 * 0.25 * 1.1);
  EXPECT_GT(m.n_steps(), 0);
  EXPECT_LE(m.n_iter(), 100);
}

TEST(MiniBatchKMeans, BitIdenticalForOneAndTwoThreads) {
  const Matrix x = testing::make_blobs(5000, 4, 8, 2.0, 4);
  MiniBatchKMeans a = make_mbk(8), b = make_mbk(8);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  a.fit(x, one);
  b.fit(x, two);
  EXPECT_EQ(a.labels(), b.labels());
  EXPECT_EQ(std::memcmp(a.centers().data(), b.centers().data(), sizeof(float) * 32), 0);
  EXPECT_EQ(a.inertia(), b.inertia());
  EXPECT_EQ(a.n_steps(), b.n_steps());
}

TEST(MiniBatchKMeans, EdgeCases) {
  Context ctx;
  // n == k and a batch larger than n.
  Matrix small(5, 2);
  for (Index i = 0; i < 5; ++i) small(i, 0) = static_cast<float>(i * 10);
  MiniBatchKMeans m = make_mbk(5);
  m.fit(small, ctx);
  EXPECT_EQ(m.labels().size(), 5u);
  for (int l : m.labels()) EXPECT_TRUE(l >= 0 && l < 5);
  // Constant data, d = 1.
  MiniBatchKMeans c = make_mbk(3);
  c.fit(Matrix(100, 1, 4.0f), ctx);
  EXPECT_EQ(c.inertia(), 0.0);
  // tol > 0 and no patience.
  MiniBatchKMeans t = make_mbk(4);
  t.set_param("tol", 1e-3);
  t.set_param_text("max_no_improvement", "none");
  t.set_param("init", std::string("random"));
  t.fit(testing::make_blobs(3000, 2, 4, 0.3, 8), ctx);
  EXPECT_EQ(std::set<int>(t.labels().begin(), t.labels().end()).size(), 4u);
}

TEST(MiniBatchKMeans, GivenInit) {
  const Matrix x = testing::make_blobs(2000, 2, 3, 0.5, 9);
  Matrix init(3, 2);
  for (Index c = 0; c < 3; ++c) init(c, 0) = init(c, 1) = static_cast<float>(c);
  MiniBatchKMeans m = make_mbk(3);
  m.set_param("init", std::string("given"));
  m.set_initial_centers(init);
  Context ctx;
  m.fit(x, ctx);
  EXPECT_EQ(m.centers().rows(), 3);
}

TEST(MiniBatchKMeans, Errors) {
  Context ctx;
  MiniBatchKMeans m = make_mbk(8);
  try {
    m.fit(Matrix(3, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("minibatch_kmeans.fit: n_samples (3) < n_clusters (8)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(m.predict(Matrix(2, 2), ctx), NotFitted);
  m.fit(testing::make_blobs(100, 2, 2, 1.0, 1), ctx);
  EXPECT_THROW(m.predict(Matrix(2, 3), ctx), InvalidInput);
  EXPECT_THROW(m.set_param("batch_size", std::int64_t{0}), InvalidParameter);
  EXPECT_THROW(m.set_param("reassignment_ratio", -0.5), InvalidParameter);
  MiniBatchKMeans g = make_mbk(2);
  g.set_param("init", std::string("given"));
  EXPECT_THROW(g.fit(Matrix(10, 2), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
