// The Detector contract shared by every anomaly detector: threshold, predict, predict_proba.
#include <gtest/gtest.h>

#include <cmath>

#include "metaul/core/error.h"
#include "metaul/learn/estimator.h"

namespace metaul {
namespace {

// A detector whose score is the first column, to test the base-class logic in isolation.
class FirstColumn : public EstimatorImpl<FirstColumn, Detector> {
 public:
  static constexpr std::string_view kName = "first_column";
  static const ParamTable& param_specs() {
    static const ParamTable table = {ParamSpec::contamination()};
    return table;
  }
  void fit(MatrixView x, const Context& ctx) override {
    set_fitted(true);
    training_scores_ = score_samples(x, ctx);
  }
  std::vector<double> score_samples(MatrixView x, const Context&) const override {
    std::vector<double> s;
    for (Index i = 0; i < x.rows(); ++i) s.push_back(x(i, 0));
    return s;
  }
};

Matrix column(const std::vector<float>& v) { return Matrix(static_cast<Index>(v.size()), 1, v); }

TEST(Detector, ThresholdIsLinearPercentile) {
  FirstColumn det;
  Context ctx;
  // Scores 0..9; numpy.percentile(range(10), 90) = 8.1.
  std::vector<float> v;
  for (int i = 0; i < 10; ++i) v.push_back(static_cast<float>(i));
  det.fit(column(v), ctx);
  EXPECT_NEAR(det.threshold(), 8.1, 1e-12);
  EXPECT_EQ(det.training_predictions(), (std::vector<int>{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  det.set_param("contamination", 0.25);
  det.fit(column(v), ctx);
  // numpy.percentile(range(10), 75) = 6.75.
  EXPECT_NEAR(det.threshold(), 6.75, 1e-12);
  EXPECT_EQ(det.predict(column({6.75f, 6.8f, -1.0f}), ctx), (std::vector<int>{0, 1, 0}));
}

TEST(Detector, ContaminationRange) {
  FirstColumn det;
  EXPECT_THROW(det.set_param("contamination", 0.0), InvalidParameter);
  EXPECT_THROW(det.set_param("contamination", 0.6), InvalidParameter);
  det.set_param("contamination", 0.5);
  EXPECT_DOUBLE_EQ(det.contamination(), 0.5);
}

TEST(Detector, ProbaLinearAndUnify) {
  FirstColumn det;
  Context ctx;
  det.fit(column({0.0f, 1.0f, 2.0f, 3.0f}), ctx);
  const Matrix q = column({-1.0f, 0.0f, 1.5f, 3.0f, 9.0f});
  EXPECT_EQ(det.predict_proba(q, ctx, ProbaMethod::Linear),
            (std::vector<double>{0.0, 0.0, 0.5, 1.0, 1.0}));
  const double mu = 1.5, sigma = std::sqrt(1.25);
  const auto u = det.predict_proba(q, ctx, ProbaMethod::Unify);
  ASSERT_EQ(u.size(), 5u);
  EXPECT_EQ(u[0], 0.0);
  EXPECT_EQ(u[2], 0.0);
  EXPECT_NEAR(u[3], std::erf((3.0 - mu) / (sigma * std::sqrt(2.0))), 1e-15);
  EXPECT_NEAR(u[4], std::erf((9.0 - mu) / (sigma * std::sqrt(2.0))), 1e-15);
  EXPECT_EQ(proba_method_from_string("unify"), ProbaMethod::Unify);
  EXPECT_THROW(proba_method_from_string("rank"), InvalidParameter);
}

TEST(Detector, ConstantTrainingScores) {
  FirstColumn det;
  Context ctx;
  det.fit(column({2.0f, 2.0f, 2.0f}), ctx);
  EXPECT_EQ(det.threshold(), 2.0);
  EXPECT_EQ(det.training_predictions(), (std::vector<int>{0, 0, 0}));
  EXPECT_EQ(det.predict_proba(column({1.0f, 2.0f, 2.5f}), ctx, ProbaMethod::Linear),
            (std::vector<double>{0.0, 0.0, 0.5}));
  EXPECT_EQ(det.predict_proba(column({1.0f, 2.0f, 2.5f}), ctx, ProbaMethod::Unify),
            (std::vector<double>{0.0, 0.0, 1.0}));
}

TEST(Detector, NotFitted) {
  FirstColumn det;
  Context ctx;
  EXPECT_THROW(det.threshold(), NotFitted);
  EXPECT_THROW(det.predict(column({1.0f}), ctx), NotFitted);
  EXPECT_THROW(det.predict_proba(column({1.0f}), ctx), NotFitted);
}

}  // namespace
}  // namespace metaul
