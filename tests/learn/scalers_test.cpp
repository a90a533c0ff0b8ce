#include "metaul/learn/scalers.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "support/test_support.h"

namespace metaul {
namespace {

void expect_matrix_near(const Matrix& got, const nlohmann::json& want, double tol) {
  const Matrix w = testing::matrix_from_json(want);
  ASSERT_EQ(got.rows(), w.rows());
  ASSERT_EQ(got.cols(), w.cols());
  for (Index i = 0; i < got.rows(); ++i) {
    for (Index j = 0; j < got.cols(); ++j) {
      EXPECT_NEAR(got(i, j), w(i, j), tol * std::max(1.0f, std::abs(w(i, j))))
          << "at " << i << "," << j;
    }
  }
}

void expect_vec_near(const std::vector<double>& got, const nlohmann::json& want, double tol) {
  const auto w = want.get<std::vector<double>>();
  ASSERT_EQ(got.size(), w.size());
  for (std::size_t j = 0; j < w.size(); ++j) {
    EXPECT_NEAR(got[j], w[j], tol * std::max(1.0, std::abs(w[j]))) << "at " << j;
  }
}

class ScalersFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    fx_ = testing::load_fixture("gmm_scalers.json");
    x_ = testing::matrix_from_json(fx_["x"]);
  }
  nlohmann::json fx_;
  Matrix x_;
  Context ctx_;
};

TEST_F(ScalersFixture, StandardMatchesSklearn) {
  StandardScaler s;
  const Matrix t = s.fit_transform(x_, ctx_);
  expect_vec_near(s.mean(), fx_["standard"]["mean"], 1e-12);
  expect_vec_near(s.var(), fx_["standard"]["var"], 1e-10);
  expect_vec_near(s.scale(), fx_["standard"]["scale"], 1e-10);
  EXPECT_EQ(s.scale()[3], 1.0);  // the constant column
  expect_matrix_near(t, fx_["standard"]["transformed"], 1e-5);
  StandardScaler no_mean;
  no_mean.set_param("with_mean", false);
  expect_matrix_near(no_mean.fit_transform(x_, ctx_), fx_["standard_no_mean"]["transformed"], 1e-5);
  const Matrix back = s.inverse_transform(t, ctx_);
  for (Index i = 0; i < x_.size(); ++i) {
    EXPECT_NEAR(back.data()[i], x_.data()[i], 1e-4 * std::max(1.0f, std::abs(x_.data()[i])));
  }
}

TEST_F(ScalersFixture, RobustMatchesSklearn) {
  RobustScaler r;
  const Matrix t = r.fit_transform(x_, ctx_);
  expect_vec_near(r.center(), fx_["robust"]["center"], 1e-12);
  expect_vec_near(r.scale(), fx_["robust"]["scale"], 1e-12);
  expect_matrix_near(t, fx_["robust"]["transformed"], 1e-5);
  RobustScaler r2;
  r2.set_param("q_min", 10.0);
  r2.set_param("q_max", 90.0);
  r2.set_param("with_centering", false);
  const Matrix t2 = r2.fit_transform(x_, ctx_);
  expect_vec_near(r2.scale(), fx_["robust_10_90"]["scale"], 1e-12);
  expect_matrix_near(t2, fx_["robust_10_90"]["transformed"], 1e-5);
  // Even number of rows and fractional percentiles exercise the interpolation.
  RobustScaler r3;
  r3.set_param("q_min", 33.0);
  r3.set_param("q_max", 71.5);
  r3.fit(MatrixView(x_.data(), 40, x_.cols()), ctx_);
  expect_vec_near(r3.center(), fx_["robust_even"]["center"], 1e-12);
  expect_vec_near(r3.scale(), fx_["robust_even"]["scale"], 1e-12);
  const Matrix back = r.inverse_transform(t, ctx_);
  for (Index i = 0; i < x_.size(); ++i) {
    EXPECT_NEAR(back.data()[i], x_.data()[i], 1e-4 * std::max(1.0f, std::abs(x_.data()[i])));
  }
}

TEST_F(ScalersFixture, MinMaxMatchesSklearn) {
  MinMaxScaler m;
  const Matrix t = m.fit_transform(x_, ctx_);
  expect_vec_near(m.data_min(), fx_["minmax"]["data_min"], 1e-12);
  expect_vec_near(m.data_max(), fx_["minmax"]["data_max"], 1e-12);
  expect_vec_near(m.scale(), fx_["minmax"]["scale"], 1e-12);
  expect_vec_near(m.offset(), fx_["minmax"]["min"], 1e-12);
  expect_matrix_near(t, fx_["minmax"]["transformed"], 1e-5);
  MinMaxScaler m2;
  m2.set_param("min", -1.0);
  m2.set_param("max", 2.0);
  expect_matrix_near(m2.fit_transform(x_, ctx_), fx_["minmax_m1_2"]["transformed"], 1e-5);
  const Matrix back = m.inverse_transform(t, ctx_);
  for (Index i = 0; i < x_.size(); ++i) {
    EXPECT_NEAR(back.data()[i], x_.data()[i], 1e-4 * std::max(1.0f, std::abs(x_.data()[i])));
  }
}

TEST(Scalers, ClipAndDegenerate) {
  Context ctx;
  Matrix x(3, 2, std::vector<float>{0, 5, 1, 5, 2, 5});
  MinMaxScaler m;
  m.set_param("clip", true);
  m.fit(x, ctx);
  Matrix out_of_range(1, 2, std::vector<float>{4, 5});
  const Matrix t = m.transform(out_of_range, ctx);
  EXPECT_FLOAT_EQ(t(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(t(0, 1), 0.0f);  // constant column: scale 1, shifted to min
  // One row, huge values: no NaN.
  Matrix one(1, 2, std::vector<float>{1e30f, -1e30f});
  for (Transformer* s : std::initializer_list<Transformer*>{new StandardScaler, new RobustScaler,
                                                            new MinMaxScaler}) {
    std::unique_ptr<Transformer> owned(s);
    const Matrix r = owned->fit_transform(one, ctx);
    EXPECT_TRUE(std::isfinite(r(0, 0)) && std::isfinite(r(0, 1))) << owned->name();
  }
}

TEST(Scalers, DeterministicAcrossThreads) {
  const Matrix x = testing::make_blobs(5000, 7, 3, 2.0, 8);
  Context c1, c2;
  c1.threads = 1;
  c2.threads = 2;
  StandardScaler a, b;
  EXPECT_EQ(a.fit_transform(x, c1).values(), b.fit_transform(x, c2).values());
  RobustScaler ra, rb;
  EXPECT_EQ(ra.fit_transform(x, c1).values(), rb.fit_transform(x, c2).values());
}

TEST(Scalers, Errors) {
  Context ctx;
  Matrix x(4, 3, 1.0f);
  StandardScaler s;
  EXPECT_THROW(s.transform(x, ctx), NotFitted);
  s.fit(x, ctx);
  Matrix wrong(2, 2);
  try {
    s.transform(wrong, ctx);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("X has 2 features, the scaler was fitted with 3"),
              std::string::npos)
        << e.what();
  }
  RobustScaler r;
  r.set_param("q_min", 80.0);
  r.set_param("q_max", 20.0);
  EXPECT_THROW(r.fit(x, ctx), InvalidParameter);
  EXPECT_THROW(r.set_param("q_max", 120.0), InvalidParameter);
  MinMaxScaler m;
  m.set_param("min", 2.0);
  m.set_param("max", 1.0);
  EXPECT_THROW(m.fit(x, ctx), InvalidParameter);
  Matrix nan(2, 1, std::vector<float>{1.0f, std::nanf("")});
  StandardScaler s2;
  EXPECT_THROW(s2.fit(nan, ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
