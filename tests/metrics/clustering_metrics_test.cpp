#include "metaul/metrics/clustering.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "support/test_support.h"

namespace metaul::metrics {
namespace {

using metaul::testing::load_fixture;
using metaul::testing::matrix_from_json;

Context threads(int t) {
  Context ctx;
  ctx.threads = t;
  return ctx;
}

template <class Fn>
std::string message_of(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no exception)";
}

TEST(ExternalMetrics, AgreeWithSklearnFixtures) {
  const auto fx = load_fixture("metrics.json");
  ASSERT_GE(fx["external"].size(), 10u);
  for (const auto& c : fx["external"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const auto t = c["truth"].get<std::vector<int>>();
    const auto p = c["pred"].get<std::vector<int>>();
    EXPECT_NEAR(adjusted_rand_index(t, p), c["ari"].get<double>(), 1e-9);
    EXPECT_NEAR(adjusted_mutual_info(t, p), c["ami"].get<double>(), 1e-9);
    EXPECT_NEAR(normalized_mutual_info(t, p), c["nmi"].get<double>(), 1e-9);
    EXPECT_NEAR(normalized_clustering_accuracy(t, p), c["nca"].get<double>(), 1e-12);
    EXPECT_NEAR(purity(t, p), c["purity"].get<double>(), 1e-12);
  }
}

TEST(ExternalMetrics, PerfectAndPermutedLabellingsScoreOne) {
  const std::vector<int> t = {0, 0, 0, 1, 1, 2, 2, 2, 2};
  const std::vector<int> p = {5, 5, 5, 9, 9, 1, 1, 1, 1};
  for (const auto& pred : {t, p}) {
    EXPECT_DOUBLE_EQ(adjusted_rand_index(t, pred), 1.0);
    EXPECT_DOUBLE_EQ(adjusted_mutual_info(t, pred), 1.0);
    EXPECT_DOUBLE_EQ(normalized_mutual_info(t, pred), 1.0);
    EXPECT_DOUBLE_EQ(normalized_clustering_accuracy(t, pred), 1.0);
    EXPECT_DOUBLE_EQ(purity(t, pred), 1.0);
  }
}

TEST(ExternalMetrics, SklearnDegenerateCases) {
  const std::vector<int> ones(6, 0);
  EXPECT_EQ(adjusted_rand_index(ones, ones), 1.0);
  EXPECT_EQ(adjusted_mutual_info(ones, ones), 1.0);
  EXPECT_EQ(normalized_mutual_info(ones, ones), 1.0);
  const std::vector<int> spread = {0, 1, 2, 3, 4, 5};
  EXPECT_EQ(adjusted_rand_index(ones, spread), 0.0);
  EXPECT_EQ(normalized_mutual_info(ones, spread), 0.0);
  EXPECT_EQ(adjusted_mutual_info(ones, spread), 0.0);
  EXPECT_DOUBLE_EQ(adjusted_rand_index(std::vector<int>{0, 0, 1, 1}, std::vector<int>{0, 1, 0, 1}),
                   -0.5);
}

TEST(NormalizedClusteringAccuracy, WorkedExampleFromDefinition) {
  // Confusion matrix [[50, 0, 0], [0, 48, 2], [0, 14, 36]] (the iris example of genieclust):
  // recalls 1, 0.96, 0.72 -> mean 0.8933...; (0.8933... - 1/3) / (1 - 1/3) = 0.84.
  std::vector<int> t;
  std::vector<int> p;
  auto add = [&](int ref, int pred, int count) {
    for (int i = 0; i < count; ++i) {
      t.push_back(ref);
      p.push_back(pred);
    }
  };
  add(0, 2, 50);
  add(1, 0, 48);
  add(1, 1, 2);
  add(2, 0, 14);
  add(2, 1, 36);
  EXPECT_NEAR(normalized_clustering_accuracy(t, p), 0.84, 1e-12);
  // Purity: clusters {50 of class 0}, {48 of 1, 14 of 2}, {2 of 1, 36 of 2} -> (50+48+36)/150.
  EXPECT_NEAR(purity(t, p), 134.0 / 150.0, 1e-15);
}

TEST(NormalizedClusteringAccuracy, UnequalClusterCountsAndAsymmetry) {
  // Two reference clusters of 4; the prediction splits the first in halves.
  const std::vector<int> t = {0, 0, 0, 0, 1, 1, 1, 1};
  const std::vector<int> p = {0, 0, 1, 1, 2, 2, 2, 2};
  // Best matching: 0->0 (recall 0.5), 1->2 (recall 1); mean 0.75 -> (0.75 - 0.5) / 0.5 = 0.5.
  EXPECT_NEAR(normalized_clustering_accuracy(t, p), 0.5, 1e-15);
  EXPECT_DOUBLE_EQ(purity(t, p), 1.0);
  // Reversed roles: three reference clusters, two predicted ones; one reference cluster is left
  // unmatched (recall 0): recalls 1, 1, 0 -> mean 2/3 -> (2/3 - 1/3) / (2/3) = 0.5.
  EXPECT_NEAR(normalized_clustering_accuracy(p, t), 0.5, 1e-15);
  // Purity with roles reversed: predicted cluster 0 holds 2 + 2 of classes 0 and 1 -> 2 + 4.
  EXPECT_DOUBLE_EQ(purity(p, t), 6.0 / 8.0);
  // All in one predicted cluster: one recall of 1, the rest 0 -> exactly 0 (the worst case).
  const std::vector<int> one(8, 3);
  EXPECT_NEAR(normalized_clustering_accuracy(t, one), 0.0, 1e-15);
}

TEST(ExternalMetrics, NoiseHandling) {
  // Reference -1 points are ignored: the remaining labels match perfectly.
  const std::vector<int> t = {0, 0, -1, 1, 1, -1};
  const std::vector<int> p = {4, 4, 4, 7, 7, 1};
  EXPECT_DOUBLE_EQ(adjusted_rand_index(t, p), 1.0);
  EXPECT_DOUBLE_EQ(normalized_clustering_accuracy(t, p), 1.0);
  // Predicted -1 is one cluster of its own: all-noise is not rewarded.
  const std::vector<int> t2 = {0, 0, 1, 1};
  const std::vector<int> noise = {-1, -1, -1, -1};
  EXPECT_EQ(adjusted_rand_index(t2, noise), 0.0);
  EXPECT_EQ(normalized_mutual_info(t2, noise), 0.0);
  EXPECT_DOUBLE_EQ(purity(t2, noise), 0.5);
  EXPECT_NEAR(normalized_clustering_accuracy(t2, noise), 0.0, 1e-15);
}

TEST(ExternalMetrics, InputErrors) {
  const std::vector<int> a = {0, 1, 1};
  const std::vector<int> b = {0, 1};
  EXPECT_THROW(adjusted_rand_index(a, b), InvalidInput);
  EXPECT_EQ(message_of([&] { adjusted_mutual_info(a, b); }),
            "adjusted_mutual_info: labels_true has 3 entries but labels_pred has 2");
  const std::vector<int> empty;
  EXPECT_THROW(normalized_mutual_info(empty, empty), InvalidInput);
  const std::vector<int> all_noise = {-1, -1};
  const std::vector<int> two = {0, 1};
  EXPECT_THROW(purity(all_noise, two), InvalidInput);
  EXPECT_NE(message_of([&] {
              normalized_clustering_accuracy(all_noise, two);
            }).find("normalized_clustering_accuracy: no points to compare"),
            std::string::npos);
}

TEST(InternalMetrics, AgreeWithSklearnFixtures) {
  const auto fx = load_fixture("metrics.json");
  ASSERT_GE(fx["internal"].size(), 5u);
  const Context ctx = threads(2);
  for (const auto& c : fx["internal"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const Matrix x = matrix_from_json(c["x"]);
    const auto labels = c["labels"].get<std::vector<int>>();
    const double sil = c["silhouette"].get<double>();
    const double ch = c["calinski_harabasz"].get<double>();
    const double db = c["davies_bouldin"].get<double>();
    EXPECT_NEAR(silhouette(x, labels, ctx), sil, 1e-9 * std::max(1.0, std::abs(sil)));
    EXPECT_NEAR(calinski_harabasz(x, labels), ch, 1e-9 * std::max(1.0, std::abs(ch)));
    EXPECT_NEAR(davies_bouldin(x, labels), db, 1e-9 * std::max(1.0, std::abs(db)));
  }
}

TEST(InternalMetrics, SilhouetteDeterministicAcrossThreads) {
  std::vector<int> labels;
  const Matrix x = metaul::testing::make_blobs(1500, 7, 5, 2.0, 11, &labels);
  const double one = silhouette(x, labels, threads(1));
  const double two = silhouette(x, labels, threads(2));
  EXPECT_EQ(one, two);
  EXPECT_GT(one, 0.3);
  // Sampled: the same seed gives the same value on any thread count, and it is close to exact.
  const double s1 = silhouette(x, labels, threads(1), 500, 7);
  const double s2 = silhouette(x, labels, threads(2), 500, 7);
  EXPECT_EQ(s1, s2);
  EXPECT_NEAR(s1, one, 0.05);
  EXPECT_NE(s1, silhouette(x, labels, threads(1), 500, 8));
}

TEST(InternalMetrics, NoiseIsLeftOut) {
  const std::vector<float> v = {0, 0, 0.1f, 0, 5, 5, 5.1f, 5, 100, 100};
  const Matrix x(5, 2, v);
  const std::vector<int> with_noise = {0, 0, 1, 1, -1};
  const Matrix x4(4, 2, std::vector<float>(v.begin(), v.begin() + 8));
  const std::vector<int> clean = {0, 0, 1, 1};
  const Context ctx = threads(1);
  EXPECT_EQ(silhouette(x, with_noise, ctx), silhouette(x4, clean, ctx));
  EXPECT_EQ(calinski_harabasz(x, with_noise), calinski_harabasz(x4, clean));
  EXPECT_EQ(davies_bouldin(x, with_noise), davies_bouldin(x4, clean));
}

TEST(InternalMetrics, DegenerateInputs) {
  const Context ctx = threads(1);
  // All points identical in two clusters: silhouette 0 (0/0 -> 0), CH 1, DB 0 as in sklearn.
  const Matrix same(6, 2, 3.0f);
  const std::vector<int> lab = {0, 0, 0, 1, 1, 1};
  EXPECT_EQ(silhouette(same, lab, ctx), 0.0);
  EXPECT_EQ(calinski_harabasz(same, lab), 1.0);
  EXPECT_EQ(davies_bouldin(same, lab), 0.0);
  // Huge values do not overflow.
  Matrix big(4, 1);
  big(0, 0) = -1e30f;
  big(1, 0) = -0.9e30f;
  big(2, 0) = 1e30f;
  big(3, 0) = 0.9e30f;
  const std::vector<int> lab4 = {0, 0, 1, 1};
  EXPECT_TRUE(std::isfinite(silhouette(big, lab4, ctx)));
  EXPECT_TRUE(std::isfinite(calinski_harabasz(big, lab4)));
  EXPECT_TRUE(std::isfinite(davies_bouldin(big, lab4)));
}

TEST(InternalMetrics, InputErrors) {
  const Context ctx = threads(1);
  const Matrix x(4, 2, std::vector<float>{0, 0, 1, 1, 2, 2, 3, 3});
  EXPECT_EQ(message_of([&] {
              silhouette(x, std::vector<int>{0, 0, 0, 0}, ctx);
            }),
            "silhouette: number of clusters (1) must be between 2 and n_samples - 1 (3; noise "
            "excluded)");
  EXPECT_EQ(message_of([&] {
              calinski_harabasz(x, std::vector<int>{0, 1, 2, 3});
            }),
            "calinski_harabasz: number of clusters (4) must be between 2 and n_samples - 1 (3; "
            "noise excluded)");
  EXPECT_THROW(davies_bouldin(x, std::vector<int>{0, -1, -1, 1}), InvalidInput);
  EXPECT_EQ(message_of([&] {
              davies_bouldin(x, std::vector<int>{0, 1});
            }),
            "davies_bouldin: X has 4 rows but labels has 2 entries");
  Matrix bad = x;
  bad(2, 1) = std::nanf("");
  EXPECT_THROW(silhouette(bad, std::vector<int>{0, 0, 1, 1}, ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul::metrics
