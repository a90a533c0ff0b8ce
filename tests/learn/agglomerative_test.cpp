#include "metaul/learn/agglomerative.h"

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "support/test_support.h"

namespace metaul {
namespace {

Agglomerative make_agglomerative(const std::string& linkage, const Value& n_clusters,
                                 const Value& threshold = Value{}) {
  Agglomerative model;
  model.set_param("linkage", linkage);
  model.set_param("n_clusters", n_clusters);
  model.set_param("distance_threshold", threshold);
  return model;
}

// Labels, merge tree and distances equal scikit-learn's AgglomerativeClustering for the four
// linkages, cut by n_clusters and by distance_threshold (tools/fixtures_hier.py).
TEST(Agglomerative, MatchesScikitLearn) {
  const auto fixture = testing::load_fixture("hier_agglomerative.json");
  Context ctx;
  int checked = 0;
  for (const auto& set : fixture) {
    const Matrix x = testing::matrix_from_json(set["X"]);
    for (const auto& link : set["linkages"]) {
      const std::string linkage = link["linkage"];
      SCOPED_TRACE(set["name"].get<std::string>() + " " + linkage);
      Agglomerative model = make_agglomerative(linkage, std::int64_t{2});
      model.fit(x, ctx);
      const auto children = link["children"].get<std::vector<std::array<Index, 2>>>();
      const auto distances = link["distances"].get<std::vector<double>>();
      EXPECT_EQ(model.children(), children);
      ASSERT_EQ(model.distances().size(), distances.size());
      for (std::size_t i = 0; i < distances.size(); ++i) {
        EXPECT_NEAR(model.distances()[i], distances[i], 1e-9 * (1 + distances[i])) << i;
      }
      for (const auto& c : link["cases"]) {
        Agglomerative cut =
            c.contains("distance_threshold")
                ? make_agglomerative(linkage, Value{}, c["distance_threshold"].get<double>())
                : make_agglomerative(linkage, c["n_clusters"].get<std::int64_t>());
        cut.fit(x, ctx);
        EXPECT_EQ(cut.labels(), c["labels"].get<std::vector<int>>()) << c.dump().substr(0, 60);
        if (c.contains("n_clusters_")) {
          EXPECT_EQ(cut.n_clusters(), c["n_clusters_"].get<int>());
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 4 * 4 * 8);
}

TEST(Agglomerative, SameLabelsForOneAndTwoThreads) {
  const Matrix x = testing::make_blobs(3000, 4, 5, 2.0, 7);
  for (const std::string linkage : {"ward", "single"}) {
    Agglomerative model = make_agglomerative(linkage, std::int64_t{5});
    Context one, two;
    one.threads = 1;
    two.threads = 2;
    model.fit(x, one);
    const auto labels = model.labels();
    const auto distances = model.distances();
    model.fit(x, two);
    EXPECT_EQ(model.labels(), labels) << linkage;
    EXPECT_EQ(model.distances(), distances) << linkage;
  }
}

// Wide rows make each Prim step large enough to run in parallel blocks.
TEST(Agglomerative, SingleLinkageParallelStepsMatchSequential) {
  const Matrix x = testing::make_blobs(2000, 160, 3, 3.0, 8);
  Agglomerative model = make_agglomerative("single", std::int64_t{3});
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  model.fit(x, one);
  const auto children = model.children();
  const auto distances = model.distances();
  model.fit(x, two);
  EXPECT_EQ(model.children(), children);
  EXPECT_EQ(model.distances(), distances);
}

TEST(Agglomerative, SeparatedBlobsAndEdgeCases) {
  std::vector<int> truth;
  const Matrix blobs = testing::make_blobs(300, 3, 3, 0.3, 11, &truth);
  Context ctx;
  for (const std::string linkage : {"ward", "average", "complete", "single"}) {
    Agglomerative model = make_agglomerative(linkage, std::int64_t{3});
    model.fit(blobs, ctx);
    std::vector<int> map(3, -1);
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (map[truth[i]] < 0) map[truth[i]] = model.labels()[i];
      EXPECT_EQ(map[truth[i]], model.labels()[i]) << linkage;
    }
  }
  // All-identical rows: every merge at distance 0; n_clusters = n gives singletons.
  const Matrix same(5, 2, 1.5f);
  for (const std::string linkage : {"ward", "average", "complete", "single"}) {
    Agglomerative model = make_agglomerative(linkage, std::int64_t{5});
    model.fit(same, ctx);
    std::vector<int> sorted = model.labels();
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2, 3, 4})) << linkage;
    for (double w : model.distances()) EXPECT_EQ(w, 0.0);
  }
  // Huge values do not overflow (distances in double).
  const Matrix huge(3, 1, std::vector<float>{1e30f, -1e30f, 1.1e30f});
  Agglomerative model = make_agglomerative("ward", std::int64_t{2});
  model.fit(huge, ctx);
  EXPECT_EQ(model.labels()[0], model.labels()[2]);
  EXPECT_NE(model.labels()[0], model.labels()[1]);
  EXPECT_TRUE(std::isfinite(model.distances().back()));
}

TEST(Agglomerative, Errors) {
  Context ctx;
  const Matrix x(4, 2);
  Agglomerative both = make_agglomerative("ward", std::int64_t{2}, 1.0);
  try {
    both.fit(x, ctx);
    FAIL() << "expected InvalidParameter";
  } catch (const InvalidParameter& e) {
    EXPECT_NE(std::string(e.what()).find("exactly one of n_clusters and distance_threshold"),
              std::string::npos);
  }
  Agglomerative neither = make_agglomerative("ward", Value{});
  EXPECT_THROW(neither.fit(x, ctx), InvalidParameter);
  Agglomerative too_many = make_agglomerative("average", std::int64_t{5});
  try {
    too_many.fit(x, ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), "agglomerative.fit: n_samples (4) < n_clusters (5)");
  }
  // Beyond the memory budget of the condensed matrix: a clear error before any allocation.
  Agglomerative big = make_agglomerative("ward", std::int64_t{2});
  try {
    big.fit(Matrix(24000, 1), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("over the limit of 2 GiB"), std::string::npos);
  }
  Agglomerative one_row = make_agglomerative("single", std::int64_t{1});
  EXPECT_THROW(one_row.fit(Matrix(1, 2), ctx), InvalidInput);
  EXPECT_THROW(one_row.children(), NotFitted);
  EXPECT_THROW(one_row.set_param("linkage", std::string("median")), InvalidParameter);
}

}  // namespace
}  // namespace metaul
