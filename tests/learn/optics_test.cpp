#include "metaul/learn/optics.h"

#include <cmath>
#include <limits>
#include <map>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/learn/dbscan.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

std::vector<double> with_inf(const nlohmann::json& values) {
  std::vector<double> out;
  for (const auto& v : values) {
    out.push_back(v.is_null() ? std::numeric_limits<double>::infinity() : v.get<double>());
  }
  return out;
}

void expect_close(const std::vector<double>& got, const std::vector<double>& want,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isinf(want[i])) {
      EXPECT_TRUE(std::isinf(got[i])) << what << " row " << i;
    } else {
      EXPECT_NEAR(got[i], want[i], 1e-12 * std::max(1.0, want[i])) << what << " row " << i;
    }
  }
}

TEST(OPTICS, MatchesScikitLearnFixtures) {
  const auto fixture = testing::load_fixture("density_optics.json");
  int checked = 0;
  for (const auto& c : fixture["cases"]) {
    const Matrix x = testing::matrix_from_json(c["x"]);
    for (const auto& run : c["runs"]) {
      for (const std::string algorithm : {"kd_tree", "brute"}) {
        OPTICS op;
        for (const auto& [key, value] : run["params"].items()) {
          if (value.is_boolean()) {
            op.set_param(key, value.get<bool>());
          } else if (value.is_number_integer()) {
            op.set_param(key, value.get<std::int64_t>());
          } else if (value.is_number()) {
            op.set_param(key, value.get<double>());
          } else {
            op.set_param(key, value.get<std::string>());
          }
        }
        op.set_param("algorithm", algorithm);
        Context ctx;
        op.fit(x, ctx);
        const std::string what = c["name"].get<std::string>() + " " + op.to_spec();
        EXPECT_EQ(op.ordering(), run["ordering"].get<std::vector<Index>>()) << what;
        EXPECT_EQ(op.predecessor(), run["predecessor"].get<std::vector<Index>>()) << what;
        expect_close(op.reachability(), with_inf(run["reachability"]), what + " reachability");
        expect_close(op.core_distances(), with_inf(run["core_distances"]), what + " core");
        EXPECT_EQ(op.labels(), run["labels"].get<std::vector<int>>()) << what;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 36);
}

TEST(OPTICS, DbscanExtractionAgreesWithDbscanOnCoreRows) {
  Matrix x = testing::make_blobs(400, 2, 3, 0.5, 21);
  OPTICS op;
  op.set_param("cluster_method", std::string("dbscan"));
  op.set_param("eps", 0.4);
  op.set_param("min_samples", std::int64_t{6});
  Context ctx;
  op.fit(x, ctx);
  DBSCAN db;
  db.set_param("eps", 0.4);
  db.set_param("min_samples", std::int64_t{6});
  db.fit(x, ctx);
  // Same partition of the core rows (cluster numbers may differ).
  std::map<int, int> map;
  for (Index i : db.core_sample_indices()) {
    const int a = db.labels()[static_cast<std::size_t>(i)];
    const int b = op.labels()[static_cast<std::size_t>(i)];
    ASSERT_GE(b, 0);
    auto [it, inserted] = map.emplace(a, b);
    EXPECT_EQ(it->second, b);
  }
}

TEST(OPTICS, SameResultForOneAndTwoThreads) {
  Matrix x = testing::make_blobs(600, 3, 4, 1.0, 22);
  OPTICS a, b;
  a.set_param("max_eps", 2.0);
  b.set_param("max_eps", 2.0);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  a.fit(x, one);
  b.fit(x, two);
  EXPECT_EQ(a.labels(), b.labels());
  EXPECT_EQ(a.ordering(), b.ordering());
  EXPECT_EQ(a.reachability(), b.reachability());
}

TEST(OPTICS, Errors) {
  OPTICS op;
  EXPECT_THROW(op.set_param("min_samples", std::int64_t{1}), InvalidParameter);
  EXPECT_THROW(op.set_param("xi", 1.0), InvalidParameter);
  EXPECT_THROW(op.set_param("max_eps", 0.0), InvalidParameter);
  Context ctx;
  Matrix small(3, 2, 1.0f);
  EXPECT_THROW(op.fit(small, ctx), InvalidInput);  // min_samples 5 > 3 rows
  OPTICS cut;
  cut.set_param("cluster_method", std::string("dbscan"));
  cut.set_param("max_eps", 1.0);
  cut.set_param("eps", 2.0);
  EXPECT_THROW(cut.fit(testing::make_blobs(20, 2, 1, 1.0, 1), ctx), InvalidParameter);
  EXPECT_THROW(op.ordering(), NotFitted);
  EXPECT_EQ(make_clusterer("optics(min_samples=7, xi=0.1)")->to_spec(),
            "optics(min_samples=7, xi=0.1)");
}

}  // namespace
}  // namespace metaul
