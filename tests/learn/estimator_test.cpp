// The Estimator base contract, on a tiny clusterer defined here.
#include "metaul/learn/estimator.h"

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/registry.h"

namespace metaul {
namespace {

class Threshold : public EstimatorImpl<Threshold, Clusterer> {
 public:
  static constexpr std::string_view kName = "threshold";
  static const ParamTable& param_specs() {
    static const ParamTable t = {
        ParamSpec::real("cut", 0.0, "split point on the first feature"),
        ParamSpec::choice("side", "left", {"left", "right"}, "which side is cluster 0"),
    };
    return t;
  }
  void fit(MatrixView x, const Context&) override {
    check_input(x, op_name("fit").c_str());
    labels_.clear();
    const bool left = p_string("side") == "left";
    for (Index i = 0; i < x.rows(); ++i) {
      labels_.push_back((x(i, 0) < p_double("cut")) == left ? 0 : 1);
    }
    set_fitted(true);
  }
};

TEST(Estimator, LabelsNeedFit) {
  Threshold t;
  EXPECT_FALSE(t.fitted());
  EXPECT_THROW(t.labels(), NotFitted);
  Matrix x(3, 1, std::vector<float>{-1, 0.5, 2});
  Context ctx;
  EXPECT_EQ(t.fit_predict(x, ctx), (std::vector<int>{0, 1, 1}));
  EXPECT_TRUE(t.fitted());
  EXPECT_THROW(t.predict(x, ctx), NotSupported);
}

TEST(Estimator, CloneIsUnfittedWithSameParams) {
  Threshold t;
  t.set_param("cut", 1.0);
  Matrix x(2, 1, std::vector<float>{0, 2});
  Context ctx;
  t.fit(x, ctx);
  auto c = t.clone_clusterer();
  EXPECT_FALSE(c->fitted());
  EXPECT_EQ(c->to_spec(), "threshold(cut=1)");
  EXPECT_EQ(c->fit_predict(x, ctx), t.labels());
}

TEST(Estimator, SetParamUnfits) {
  Threshold t;
  Matrix x(2, 1, std::vector<float>{0, 2});
  Context ctx;
  t.fit(x, ctx);
  t.set_param_text("side", "right");
  EXPECT_FALSE(t.fitted());
  EXPECT_THROW(t.set_param_text("side", "up"), InvalidParameter);
}

TEST(Registry, MakesFromSpecsAndListsCandidates) {
  Registry r;
  r.add<Threshold>("test clusterer");
  auto e = r.make_clusterer("threshold(side=right, cut=2.5)");
  EXPECT_EQ(e->to_spec(), "threshold(cut=2.5, side=right)");
  EXPECT_EQ(r.make_clusterer(e->to_spec())->to_spec(), e->to_spec());
  try {
    r.make_clusterer("thresh()");
    FAIL();
  } catch (const InvalidParameter& err) {
    EXPECT_NE(std::string(err.what()).find("valid algorithms: threshold"), std::string::npos);
  }
  EXPECT_THROW(r.make_detector("threshold()"), InvalidParameter);
  EXPECT_THROW(r.add<Threshold>("again"), InvalidParameter);
  EXPECT_EQ(r.list(Family::Cluster).size(), 1u);
  EXPECT_EQ(r.list(Family::Anomaly).size(), 0u);
}

}  // namespace
}  // namespace metaul
