#include "metaul/learn/mean_shift.h"

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "support/test_support.h"

namespace metaul {
namespace {

MeanShift make_mean_shift(const nlohmann::json& params) {
  MeanShift model;
  for (const auto& [key, value] : params.items()) {
    if (value.is_boolean()) {
      model.set_param(key, value.get<bool>());
    } else if (value.is_number_integer()) {
      model.set_param(key, value.get<std::int64_t>());
    } else {
      model.set_param(key, value.get<double>());
    }
  }
  return model;
}

// Labels (same numbering), modes and the estimated bandwidth equal scikit-learn's MeanShift
// (tools/fixtures_hier.py): given and estimated bandwidth, bin seeding, cluster_all=false,
// a max_iter cut.
TEST(MeanShift, MatchesScikitLearn) {
  const auto fixture = testing::load_fixture("hier_mean_shift.json");
  Context ctx;
  for (const auto& c : fixture) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const Matrix x = testing::matrix_from_json(c["X"]);
    MeanShift model = make_mean_shift(c["params"]);
    model.fit(x, ctx);
    EXPECT_NEAR(model.bandwidth(), c["bandwidth"].get<double>(), 1e-9);
    EXPECT_EQ(model.labels(), c["labels"].get<std::vector<int>>());
    const Matrix centers = testing::matrix_from_json(c["centers"]);
    ASSERT_EQ(model.cluster_centers().rows(), centers.rows());
    for (Index t = 0; t < centers.size(); ++t) {
      EXPECT_NEAR(model.cluster_centers().data()[t], centers.data()[t], 1e-5);
    }
  }
}

TEST(MeanShift, SameLabelsForOneAndTwoThreadsAndPredict) {
  const Matrix x = testing::make_blobs(600, 3, 4, 0.7, 3);
  MeanShift model;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  model.fit(x, one);
  const auto labels = model.labels();
  const Matrix centers = model.cluster_centers();
  model.fit(x, two);
  EXPECT_EQ(model.labels(), labels);
  EXPECT_EQ(model.cluster_centers().values(), centers.values());
  EXPECT_EQ(model.predict(x, two), labels);
  EXPECT_THROW(model.predict(Matrix(2, 5), two), InvalidInput);
}

TEST(MeanShift, DegenerateInputs) {
  Context ctx;
  // All-identical rows: estimated bandwidth 0, one mode.
  MeanShift same;
  same.fit(Matrix(8, 2, 4.0f), ctx);
  EXPECT_EQ(same.labels(), std::vector<int>(8, 0));
  EXPECT_EQ(same.cluster_centers().rows(), 1);
  // One row.
  MeanShift one;
  one.fit(Matrix(1, 3, 1.0f), ctx);
  EXPECT_EQ(one.labels(), std::vector<int>{0});
}

TEST(MeanShift, Errors) {
  MeanShift model;
  EXPECT_THROW(model.set_param("bandwidth", 0.0), InvalidParameter);
  EXPECT_THROW(model.set_param("max_iter", std::int64_t{0}), InvalidParameter);
  EXPECT_THROW(model.cluster_centers(), NotFitted);
  Context ctx;
  const Matrix bad(2, 1, std::vector<float>{1.0f, std::nanf("")});
  EXPECT_THROW(model.fit(bad, ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
