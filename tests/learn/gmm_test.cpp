#include "metaul/learn/gmm.h"

#include <cmath>
#include <numeric>
#include <string>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "support/test_support.h"

namespace metaul {
namespace {

std::vector<double> to_vec(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want, double tol,
                     const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], tol * std::max(1.0, std::abs(want[i]))) << what << "[" << i << "]";
  }
}

TEST(GaussianMixture, MatchesSklearnFromGivenStart) {
  const auto fx = testing::load_fixture("gmm_em.json");
  const Matrix x = testing::matrix_from_json(fx["x"]);
  const Matrix x_new = testing::matrix_from_json(fx["x_new"]);
  const std::int64_t k = fx["k"];
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const std::string type = c["covariance_type"];
    SCOPED_TRACE(type + " max_iter=" + std::to_string(c["max_iter"].get<int>()));
    GaussianMixture g;
    g.set_param("n_components", k);
    g.set_param("covariance_type", type);
    g.set_param("max_iter", c["max_iter"].get<std::int64_t>());
    g.set_param("tol", c["tol"].get<double>());
    g.set_param("init_params", std::string("given"));
    g.set_initial_parameters(to_vec(c["weights_init"]), to_vec(c["means_init"]),
                             to_vec(c["precisions_init"]));
    g.fit(x, ctx);
    EXPECT_NEAR(g.lower_bound(), c["lower_bound"].get<double>(), 1e-6);
    EXPECT_EQ(g.n_iter(), c["n_iter"].get<int>());
    EXPECT_EQ(g.converged(), c["converged"].get<bool>());
    expect_near_all(g.weights(), to_vec(c["weights"]), 1e-5, "weights");
    expect_near_all(g.means(), to_vec(c["means"]), 1e-5, "means");
    expect_near_all(g.covariances(), to_vec(c["covariances"]), 1e-5, "covariances");
    expect_near_all(g.precisions_cholesky(), to_vec(c["precisions_cholesky"]), 1e-4,
                    "precisions_cholesky");
    EXPECT_NEAR(g.score(x, ctx), c["score"].get<double>(), 1e-6);
    EXPECT_NEAR(g.bic(x, ctx), c["bic"].get<double>(), 1e-3);
    EXPECT_NEAR(g.aic(x, ctx), c["aic"].get<double>(), 1e-3);
    EXPECT_EQ(g.n_parameters(), c["n_parameters"].get<Index>());
    EXPECT_EQ(g.labels(), c["labels"].get<std::vector<int>>());
    const Matrix proba = g.predict_proba(x_new, ctx);
    const auto want_proba = to_vec(c["proba_new"]);
    ASSERT_EQ(static_cast<std::size_t>(proba.size()), want_proba.size());
    for (Index i = 0; i < proba.size(); ++i) EXPECT_NEAR(proba.data()[i], want_proba[i], 1e-5);
    expect_near_all(g.score_samples(x_new, ctx), to_vec(c["score_samples_new"]), 1e-6,
                    "score_samples");
  }
}

// A component of sd 1e-3 at the origin, 3e4 away from two others: the exact (x - mu) path must
// take over from the expanded quadratic form, whose cancellation would be of order one here.
TEST(GaussianMixture, TightComponentFarFromCentreMatchesSklearn) {
  const auto fx = testing::load_fixture("gmm_far.json");
  const Matrix x = testing::matrix_from_json(fx["x"]);
  Context ctx;
  for (const auto& c : fx["cases"]) {
    const std::string type = c["covariance_type"];
    SCOPED_TRACE(type);
    GaussianMixture g;
    g.set_param("n_components", std::int64_t{3});
    g.set_param("covariance_type", type);
    g.set_param("tol", 1e-8);
    g.set_param("max_iter", std::int64_t{50});
    g.set_param("init_params", std::string("given"));
    g.set_initial_parameters(to_vec(c["weights_init"]), to_vec(c["means_init"]),
                             to_vec(c["precisions_init"]));
    g.fit(x, ctx);
    EXPECT_NEAR(g.lower_bound(), c["lower_bound"].get<double>(), 1e-6);
    EXPECT_EQ(g.n_iter(), c["n_iter"].get<int>());
    EXPECT_NEAR(g.score(x, ctx), c["score"].get<double>(), 1e-6);
    expect_near_all(g.means(), to_vec(c["means"]), 1e-9, "means");
    const auto want_cov = to_vec(c["covariances"]);
    ASSERT_EQ(g.covariances().size(), want_cov.size());
    for (std::size_t i = 0; i < want_cov.size(); ++i) {
      EXPECT_NEAR(g.covariances()[i], want_cov[i], 1e-6 * std::abs(want_cov[i]) + 1e-12) << i;
    }
    EXPECT_EQ(g.labels(), c["labels"].get<std::vector<int>>());
  }
}

TEST(GaussianMixture, RecoversBlobsFromKMeansInit) {
  std::vector<int> truth;
  const Matrix x = testing::make_blobs(2000, 4, 3, 0.6, 5, &truth);
  for (const char* type : {"full", "tied", "diag", "spherical"}) {
    SCOPED_TRACE(type);
    GaussianMixture g;
    g.set_param("n_components", std::int64_t{3});
    g.set_param("covariance_type", std::string(type));
    Context ctx;
    g.fit(x, ctx);
    EXPECT_TRUE(g.converged());
    std::vector<int> map(3, -1);
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (map[truth[i]] < 0) map[truth[i]] = g.labels()[i];
      EXPECT_EQ(map[truth[i]], g.labels()[i]);
    }
    EXPECT_EQ(g.predict(x, ctx), g.labels());
    const double w = std::accumulate(g.weights().begin(), g.weights().end(), 0.0);
    EXPECT_NEAR(w, 1.0, 1e-12);
    // Separated isotropic blobs of sd 0.6 in 4-d with weights 1/3: mean log-density about
    // log(1/3) - 4 (0.5 + log(0.6 sqrt(2 pi))).
    EXPECT_NEAR(g.lower_bound(),
                std::log(1.0 / 3) - 4 * (0.5 + std::log(0.6 * std::sqrt(2 * M_PI))), 0.1);
    const Matrix proba = g.predict_proba(x, ctx);
    for (Index i = 0; i < proba.rows(); i += 97) {
      double s = 0;
      for (Index c = 0; c < 3; ++c) s += proba(i, c);
      EXPECT_NEAR(s, 1.0, 1e-5);
    }
  }
}

TEST(GaussianMixture, RandomInitAndNInit) {
  const Matrix x = testing::make_blobs(600, 3, 4, 1.0, 9);
  Context ctx;
  GaussianMixture one;
  one.set_param("n_components", std::int64_t{4});
  one.set_param("init_params", std::string("random"));
  one.set_param("seed", std::int64_t{3});
  one.fit(x, ctx);
  EXPECT_TRUE(std::isfinite(one.lower_bound()));
  GaussianMixture many;
  many.set_param("n_components", std::int64_t{4});
  many.set_param("init_params", std::string("random"));
  many.set_param("seed", std::int64_t{3});
  many.set_param("n_init", std::int64_t{3});
  many.fit(x, ctx);
  // Run 0 of n_init=3 is the single run, so the best of three is at least as good.
  EXPECT_GE(many.lower_bound(), one.lower_bound());
}

TEST(GaussianMixture, DeterministicAcrossThreads) {
  const Matrix x = testing::make_blobs(20000, 5, 6, 1.5, 2);  // several row chunks
  for (const char* type : {"full", "diag"}) {
    GaussianMixture a, b;
    for (auto* g : {&a, &b}) {
      g->set_param("n_components", std::int64_t{6});
      g->set_param("covariance_type", std::string(type));
      g->set_param("max_iter", std::int64_t{10});
    }
    Context c1, c2;
    c1.threads = 1;
    c2.threads = 2;
    a.fit(x, c1);
    b.fit(x, c2);
    EXPECT_EQ(a.lower_bound(), b.lower_bound());
    EXPECT_EQ(a.means(), b.means());
    EXPECT_EQ(a.covariances(), b.covariances());
    EXPECT_EQ(a.labels(), b.labels());
    EXPECT_EQ(a.score_samples(x, c1), b.score_samples(x, c2));
  }
}

TEST(GaussianMixture, DegenerateData) {
  Context ctx;
  // Identical rows: reg_covar keeps every covariance positive definite.
  Matrix same(50, 3, 2.5f);
  GaussianMixture g;
  g.set_param("n_components", std::int64_t{2});
  EXPECT_NO_THROW(g.fit(same, ctx));
  EXPECT_TRUE(std::isfinite(g.lower_bound()));
  // One feature, n = k.
  Matrix tiny(2, 1, std::vector<float>{0.0f, 1.0f});
  GaussianMixture t;
  t.set_param("n_components", std::int64_t{2});
  EXPECT_NO_THROW(t.fit(tiny, ctx));
  EXPECT_NE(t.labels()[0], t.labels()[1]);
  // Huge values do not overflow.
  Matrix huge = testing::make_blobs(200, 2, 2, 1.0, 4);
  for (Index i = 0; i < huge.size(); ++i) huge.data()[i] *= 1e30f;
  GaussianMixture h;
  h.set_param("n_components", std::int64_t{2});
  EXPECT_NO_THROW(h.fit(huge, ctx));
  EXPECT_TRUE(std::isfinite(h.lower_bound()));
}

TEST(GaussianMixture, OddInputsGiveFiniteModels) {
  Context ctx;
  std::vector<Matrix> data;
  data.emplace_back(4, 3, 7.0f);                                 // n = k, identical
  data.emplace_back(5, 1, std::vector<float>{1, 1, 1, 2, 1e6});  // d = 1, outlier
  Matrix grid(300, 2);                                           // heavy duplicates
  for (Index i = 0; i < grid.rows(); ++i) {
    grid(i, 0) = static_cast<float>(i % 3);
    grid(i, 1) = static_cast<float>((i / 3) % 2) * 1000.0f;
  }
  data.push_back(grid);
  for (const Matrix& x : data) {
    for (const char* type : {"full", "tied", "diag", "spherical"}) {
      for (const char* init : {"kmeans", "random"}) {
        SCOPED_TRACE(std::string(type) + " " + init + " n=" + std::to_string(x.rows()));
        GaussianMixture g;
        g.set_param("n_components", std::int64_t{4});
        g.set_param("covariance_type", std::string(type));
        g.set_param("init_params", std::string(init));
        ASSERT_NO_THROW(g.fit(x, ctx));
        EXPECT_TRUE(std::isfinite(g.lower_bound()));
        for (double v : g.means()) EXPECT_TRUE(std::isfinite(v));
        for (int l : g.labels()) EXPECT_TRUE(l >= 0 && l < 4);
      }
    }
  }
}

TEST(GaussianMixture, CollapsedComponentNamesReg) {
  Context ctx;
  Matrix x(6, 2, std::vector<float>{0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5});
  GaussianMixture g;
  g.set_param("n_components", std::int64_t{2});
  g.set_param("reg_covar", 0.0);
  try {
    g.fit(x, ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("gmm.fit"), std::string::npos) << msg;
    EXPECT_NE(msg.find("component"), std::string::npos) << msg;
    EXPECT_NE(msg.find("reg_covar"), std::string::npos) << msg;
  }
}

TEST(GaussianMixture, Errors) {
  Context ctx;
  GaussianMixture g;
  g.set_param("n_components", std::int64_t{5});
  Matrix three(3, 2);
  try {
    g.fit(three, ctx);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("n_samples (3) < n_components (5)"), std::string::npos);
  }
  EXPECT_THROW(g.predict(three, ctx), NotFitted);
  EXPECT_THROW(g.set_param("covariance_type", std::string("banana")), InvalidParameter);
  const Matrix x = testing::make_blobs(100, 3, 2, 1.0, 1);
  g.set_param("n_components", std::int64_t{2});
  g.fit(x, ctx);
  Matrix wrong(4, 2);
  try {
    g.predict(wrong, ctx);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("X has 2 features, the model was fitted with 3"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(g.predict_proba(wrong, ctx), InvalidInput);
  EXPECT_THROW(g.score(wrong, ctx), InvalidInput);
  // A failed refit leaves the estimator unfitted rather than half-updated.
  g.set_param("n_components", std::int64_t{5});
  EXPECT_THROW(g.fit(three, ctx), InvalidInput);
  EXPECT_THROW(g.predict(x, ctx), NotFitted);
  GaussianMixture given;
  given.set_param("n_components", std::int64_t{2});
  given.set_param("init_params", std::string("given"));
  given.set_initial_parameters({0.5, 0.5}, {0, 0, 0}, {1, 0, 0, 1});
  EXPECT_THROW(given.fit(x, ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
