#include "metaul/learn/birch.h"

#include <gtest/gtest.h>

#include "hier_test_util.h"
#include "metaul/core/error.h"
#include "support/test_support.h"

namespace metaul {
namespace {

Birch make_birch(const nlohmann::json& params) {
  Birch model;
  for (const auto& [key, value] : params.items()) {
    if (value.is_null()) {
      model.set_param(key, Value{});
    } else if (value.is_number_integer()) {
      model.set_param(key, value.get<std::int64_t>());
    } else {
      model.set_param(key, value.get<double>());
    }
  }
  return model;
}

// Agreement with scikit-learn's Birch (tools/fixtures_hier.py): same CF-tree (number of leaf
// subclusters) and identical labels, numbering included.
TEST(Birch, MatchesScikitLearn) {
  const auto fixture = testing::load_fixture("hier_birch.json");
  Context ctx;
  for (const auto& c : fixture) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const Matrix x = testing::matrix_from_json(c["X"]);
    Birch model = make_birch(c["params"]);
    model.fit(x, ctx);
    const auto expected = c["labels"].get<std::vector<int>>();
    const double ari = testing::adjusted_rand(model.labels(), expected);
    std::printf("%s: %lld subclusters (scikit-learn %d), ARI %.4f, identical labels: %s\n",
                c["name"].get<std::string>().c_str(),
                static_cast<long long>(model.subcluster_centers().rows()),
                c["n_subclusters"].get<int>(), ari, model.labels() == expected ? "yes" : "no");
    EXPECT_EQ(model.labels(), expected);
    EXPECT_EQ(model.subcluster_centers().rows(), c["n_subclusters"].get<Index>());
    EXPECT_EQ(model.predict(x, ctx), model.labels());
  }
}

TEST(Birch, SameLabelsForOneAndTwoThreads) {
  const Matrix x = testing::make_blobs(2000, 3, 4, 1.0, 12);
  Birch model;
  model.set_param("n_clusters", std::int64_t{4});
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  model.fit(x, one);
  const auto labels = model.labels();
  model.fit(x, two);
  EXPECT_EQ(model.labels(), labels);
}

TEST(Birch, DegenerateInputsAndErrors) {
  Context ctx;
  // All-identical rows: one subcluster; fewer subclusters than n_clusters gives one label each.
  Birch same;
  same.fit(Matrix(20, 2, 1.0f), ctx);
  EXPECT_EQ(same.subcluster_centers().rows(), 1);
  EXPECT_EQ(same.labels(), std::vector<int>(20, 0));
  Birch one;
  one.fit(Matrix(1, 4), ctx);
  EXPECT_EQ(one.labels(), std::vector<int>{0});
  Birch model;
  EXPECT_THROW(model.set_param("branching_factor", std::int64_t{1}), InvalidParameter);
  EXPECT_THROW(model.set_param("threshold", 0.0), InvalidParameter);
  EXPECT_THROW(model.predict(Matrix(2, 2), ctx), NotFitted);
  model.fit(testing::make_blobs(50, 2, 3, 0.5, 1), ctx);
  EXPECT_THROW(model.predict(Matrix(2, 3), ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
