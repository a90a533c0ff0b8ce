#include "metaul/learn/pca.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

void expect_vec_near(const std::vector<double>& got, const nlohmann::json& want, double tol,
                     const char* what) {
  const auto w = want.get<std::vector<double>>();
  ASSERT_EQ(got.size(), w.size()) << what;
  for (std::size_t j = 0; j < w.size(); ++j) {
    EXPECT_NEAR(got[j], w[j], tol * std::max(1.0, std::abs(w[j]))) << what << "[" << j << "]";
  }
}

void expect_float_near(const Matrix& got, const nlohmann::json& want, double tol,
                       const char* what) {
  const auto w = want.get<std::vector<double>>();
  ASSERT_EQ(static_cast<std::size_t>(got.size()), w.size()) << what;
  for (std::size_t j = 0; j < w.size(); ++j) {
    EXPECT_NEAR(got.data()[j], w[j], tol * std::max(1.0, std::abs(w[j])))
        << what << "[" << j << "]";
  }
}

TEST(PCA, FullMatchesSklearn) {
  const auto fx = testing::load_fixture("gmm_pca.json");
  const Matrix x = testing::matrix_from_json(fx["x"]);
  Context ctx;
  for (const auto& c : fx["full"]) {
    PCA p;
    if (!c["n_components"].is_null()) p.set_param("n_components", c["n_components"].get<Index>());
    if (!c["variance"].is_null()) p.set_param("variance", c["variance"].get<double>());
    p.set_param("whiten", c["whiten"].get<bool>());
    p.set_param("svd_solver", std::string("full"));
    SCOPED_TRACE(p.to_spec());
    const Matrix t = p.fit_transform(x, ctx);
    EXPECT_EQ(p.n_components(), c["n_components_"].get<Index>());
    expect_vec_near(p.components(), c["components"], 1e-6, "components");
    expect_vec_near(p.explained_variance(), c["explained_variance"], 1e-8, "explained_variance");
    expect_vec_near(p.explained_variance_ratio(), c["explained_variance_ratio"], 1e-8, "ratio");
    expect_vec_near(p.singular_values(), c["singular_values"], 1e-8, "singular_values");
    expect_vec_near(p.mean(), c["mean"], 1e-10, "mean");
    EXPECT_NEAR(p.noise_variance(), c["noise_variance"].get<double>(), 1e-8);
    expect_float_near(t, c["transformed"], 1e-5, "transformed");
    if (p.n_components() == x.cols()) {
      const Matrix back = p.inverse_transform(t, ctx);
      for (Index i = 0; i < x.size(); ++i) {
        EXPECT_NEAR(back.data()[i], x.data()[i], 1e-4 * std::max(1.0f, std::abs(x.data()[i])));
      }
    }
  }
}

TEST(PCA, RandomizedMatchesSklearnOnLowRank) {
  const auto fx = testing::load_fixture("gmm_pca.json");
  const auto& lr = fx["lowrank"];
  const Matrix x = testing::matrix_from_json(lr["x"]);
  Context ctx;
  PCA p;
  p.set_param("n_components", Index{3});
  p.set_param("svd_solver", std::string("randomized"));
  const Matrix t = p.fit_transform(x, ctx);
  EXPECT_EQ(p.fitted_solver(), "randomized");
  expect_vec_near(p.components(), lr["components"], 1e-5, "components");
  expect_vec_near(p.explained_variance(), lr["explained_variance"], 1e-6, "explained_variance");
  expect_vec_near(p.explained_variance_ratio(), lr["explained_variance_ratio"], 1e-6, "ratio");
  expect_vec_near(p.singular_values(), lr["singular_values"], 1e-6, "singular_values");
  const Matrix head(20, 3, std::vector<float>(t.values().begin(), t.values().begin() + 60));
  expect_float_near(head, lr["transformed"], 1e-5, "transformed");
  // The exact solver agrees on the same data.
  PCA full;
  full.set_param("n_components", Index{3});
  full.set_param("svd_solver", std::string("full"));
  full.fit(x, ctx);
  for (std::size_t i = 0; i < full.components().size(); ++i) {
    EXPECT_NEAR(full.components()[i], p.components()[i], 1e-6);
  }
}

TEST(PCA, AutoPolicyAndWhiten) {
  Context ctx;
  const Matrix big = testing::make_blobs(1200, 20, 4, 1.0, 3);
  PCA a;
  a.set_param("n_components", Index{2});
  a.fit(big, ctx);
  EXPECT_EQ(a.fitted_solver(), "randomized");  // max(n, d) > 500 and 2 < 0.8 * 20
  PCA b;
  b.set_param("n_components", Index{18});
  b.fit(big, ctx);
  EXPECT_EQ(b.fitted_solver(), "full");
  PCA c;
  c.set_param("variance", 0.5);
  c.fit(big, ctx);
  EXPECT_EQ(c.fitted_solver(), "full");
  // Whitened projections have unit variance.
  PCA w;
  w.set_param("n_components", Index{3});
  w.set_param("whiten", true);
  const Matrix t = w.fit_transform(big, ctx);
  for (Index c2 = 0; c2 < 3; ++c2) {
    double s = 0, s2 = 0;
    for (Index i = 0; i < t.rows(); ++i) {
      s += t(i, c2);
      s2 += static_cast<double>(t(i, c2)) * t(i, c2);
    }
    const double mean = s / t.rows();
    EXPECT_NEAR((s2 - t.rows() * mean * mean) / (t.rows() - 1), 1.0, 1e-4);
  }
}

TEST(PCA, DeterministicAcrossThreadsAndDegenerate) {
  const Matrix x = testing::make_blobs(3000, 12, 3, 1.0, 6);
  Context c1, c2;
  c1.threads = 1;
  c2.threads = 2;
  PCA a, b;
  for (PCA* p : {&a, &b}) {
    p->set_param("n_components", Index{4});
    p->set_param("svd_solver", std::string("randomized"));
  }
  EXPECT_EQ(a.fit_transform(x, c1).values(), b.fit_transform(x, c2).values());
  // Constant data: zero variance everywhere, finite outputs.
  Matrix same(10, 3, 4.0f);
  PCA s;
  s.set_param("whiten", true);
  const Matrix t = s.fit_transform(same, c1);
  for (float v : t.values()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(s.explained_variance_ratio()[0], 0.0);
}

TEST(PCA, Errors) {
  Context ctx;
  const Matrix x = testing::make_blobs(10, 3, 2, 1.0, 1);
  PCA p;
  p.set_param("n_components", Index{4});
  EXPECT_THROW(p.fit(x, ctx), InvalidInput);
  PCA both;
  both.set_param("n_components", Index{2});
  both.set_param("variance", 0.5);
  EXPECT_THROW(both.fit(x, ctx), InvalidParameter);
  EXPECT_THROW(both.set_param("variance", 1.5), InvalidParameter);
  PCA rv;
  rv.set_param("variance", 0.5);
  rv.set_param("svd_solver", std::string("randomized"));
  EXPECT_THROW(rv.fit(x, ctx), InvalidParameter);
  PCA one;
  EXPECT_THROW(one.fit(Matrix(1, 3), ctx), InvalidInput);
  PCA ok;
  ok.set_param("n_components", Index{2});
  EXPECT_THROW(ok.transform(x, ctx), NotFitted);
  ok.fit(x, ctx);
  try {
    ok.transform(Matrix(2, 5), ctx);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("X has 5 features, the model was fitted with 3"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(ok.inverse_transform(Matrix(2, 3), ctx), InvalidInput);
}

TEST(PCA, SpecsRoundTrip) {
  for (const char* spec :
       {"pca(n_components=3, whiten=true)", "pca(variance=0.95)",
        "pca(svd_solver=randomized, iterated_power=2, seed=4)", "robust_scaler(q_min=10, q_max=90)",
        "minmax_scaler(min=-1)", "standard_scaler(with_mean=false)"}) {
    EXPECT_EQ(make_transformer(spec)->to_spec(), spec);
  }
  EXPECT_EQ(make_clusterer("gmm(n_components=3, covariance_type=diag)")->to_spec(),
            "gmm(n_components=3, covariance_type=diag)");
  EXPECT_EQ(make_transformer("pca(n_iter=2)")->to_spec(), "pca(iterated_power=2)");
  EXPECT_THROW(make_transformer("pca(variance=1)"), InvalidParameter);
}

}  // namespace
}  // namespace metaul
