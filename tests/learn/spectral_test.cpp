#include "metaul/learn/spectral.h"

#include <gtest/gtest.h>

#include "hier_test_util.h"
#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "support/test_support.h"

namespace metaul {
namespace {

SpectralClustering make_spectral(const nlohmann::json& params) {
  SpectralClustering model;
  for (const auto& [key, value] : params.items()) {
    if (value.is_string()) {
      model.set_param(key, value.get<std::string>());
    } else if (value.is_number_integer()) {
      model.set_param(key, value.get<std::int64_t>());
    } else {
      model.set_param(key, value.get<double>());
    }
  }
  return model;
}

// Agreement with scikit-learn's SpectralClustering (tools/fixtures_hier.py): the labels match
// up to renumbering; k-means randomness differs, so the check is ARI >= 0.95.
TEST(SpectralClustering, MatchesScikitLearn) {
  const auto fixture = testing::load_fixture("hier_spectral.json");
  Context ctx;
  for (const auto& c : fixture) {
    const Matrix x = testing::matrix_from_json(c["X"]);
    SpectralClustering model = make_spectral(c["params"]);
    model.fit(x, ctx);
    const double ari = testing::adjusted_rand(model.labels(), c["labels"].get<std::vector<int>>());
    std::printf("%s: ARI vs scikit-learn %.4f\n", c["name"].get<std::string>().c_str(), ari);
    EXPECT_GE(ari, 0.95) << c["name"];
    // cluster_qr is deterministic: the same labels, numbering included.
    if (c["params"].value("assign_labels", "") == "cluster_qr") {
      EXPECT_EQ(model.labels(), c["labels"].get<std::vector<int>>()) << c["name"];
    }
    EXPECT_EQ(model.embedding().rows(), x.rows());
  }
}

// Above 300 rows the Lanczos solver (Spectra) replaces the dense one; it must recover
// well-separated rings.
TEST(SpectralClustering, LanczosSolverOnLargerInput) {
  std::vector<float> v;
  std::vector<int> truth;
  Rng rng(1);
  for (int i = 0; i < 1500; ++i) {
    const double angle = rng.uniform(0, 6.283185307179586);
    const double radius = (i % 2 == 0 ? 1.0 : 3.0) + 0.05 * rng.normal();
    v.push_back(static_cast<float>(radius * std::cos(angle)));
    v.push_back(static_cast<float>(radius * std::sin(angle)));
    truth.push_back(i % 2);
  }
  const Matrix x(1500, 2, v);
  Context ctx;
  for (const std::string affinity : {"nearest_neighbors", "rbf"}) {
    SpectralClustering model;
    model.set_param("n_clusters", std::int64_t{2});
    model.set_param("affinity", affinity);
    model.set_param("gamma", 5.0);
    model.fit(x, ctx);
    EXPECT_DOUBLE_EQ(testing::adjusted_rand(truth, model.labels()), 1.0) << affinity;
  }
}

TEST(SpectralClustering, SameLabelsForOneAndTwoThreads) {
  const Matrix x = testing::make_blobs(1200, 3, 4, 1.0, 9);
  for (const std::string affinity : {"nearest_neighbors", "rbf"}) {
    SpectralClustering model;
    model.set_param("n_clusters", std::int64_t{4});
    model.set_param("affinity", affinity);
    model.set_param("gamma", 0.1);
    Context one, two;
    one.threads = 1;
    two.threads = 2;
    model.fit(x, one);
    const auto labels = model.labels();
    const Matrix embedding = model.embedding();
    model.fit(x, two);
    EXPECT_EQ(model.labels(), labels) << affinity;
    EXPECT_EQ(model.embedding().values(), embedding.values()) << affinity;
  }
}

TEST(SpectralClustering, DegenerateInputs) {
  Context ctx;
  // All-identical rows: every affinity is 1; no NaN, labels in range.
  SpectralClustering same;
  same.set_param("n_clusters", std::int64_t{2});
  same.fit(Matrix(10, 2, 3.0f), ctx);
  for (int l : same.labels()) EXPECT_TRUE(l == 0 || l == 1);
  // Huge gamma: all affinities underflow to 0 (isolated nodes); still a valid labelling.
  SpectralClustering isolated;
  isolated.set_param("n_clusters", std::int64_t{3});
  isolated.set_param("gamma", 1e30);
  const Matrix x = testing::make_blobs(30, 2, 3, 0.5, 2);
  isolated.fit(x, ctx);
  EXPECT_EQ(isolated.labels().size(), 30u);
  // n = k.
  SpectralClustering all;
  all.set_param("n_clusters", std::int64_t{5});
  all.set_param("affinity", std::string("nearest_neighbors"));
  all.set_param("n_neighbors", std::int64_t{3});
  all.fit(testing::make_blobs(5, 2, 5, 0.1, 4), ctx);
  EXPECT_EQ(all.labels().size(), 5u);
}

TEST(SpectralClustering, Errors) {
  Context ctx;
  SpectralClustering model;
  try {
    model.fit(Matrix(4, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), "spectral.fit: n_samples (4) < n_clusters (8)");
  }
  SpectralClustering knn;
  knn.set_param("n_clusters", std::int64_t{2});
  knn.set_param("affinity", std::string("nearest_neighbors"));
  EXPECT_THROW(knn.fit(Matrix(6, 2), ctx), InvalidInput);
  EXPECT_THROW(model.set_param("gamma", 0.0), InvalidParameter);
  SpectralClustering big;
  big.set_param("n_clusters", std::int64_t{2});
  EXPECT_THROW(big.fit(Matrix(17000, 1), ctx), InvalidInput);
  EXPECT_THROW(model.embedding(), NotFitted);
}

}  // namespace
}  // namespace metaul
