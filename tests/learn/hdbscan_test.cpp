#include "metaul/learn/hdbscan.h"

#include <cmath>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/registry.h"
#include "support/test_support.h"

namespace metaul {
namespace {

HDBSCAN configured(const nlohmann::json& run) {
  HDBSCAN h;
  h.set_param("min_cluster_size", run["min_cluster_size"].get<std::int64_t>());
  if (!run["min_samples"].is_null()) {
    h.set_param("min_samples", run["min_samples"].get<std::int64_t>());
  }
  h.set_param("cluster_selection_method", run["method"].get<std::string>());
  h.set_param("cluster_selection_epsilon", run["epsilon"].get<double>());
  h.set_param("allow_single_cluster", run["allow_single_cluster"].get<bool>());
  h.set_param("alpha", run["alpha"].get<double>());
  return h;
}

TEST(HDBSCAN, MatchesReferenceFixtures) {
  const auto fixture = testing::load_fixture("density_hdbscan.json");
  int checked = 0;
  for (const auto& c : fixture["cases"]) {
    const Matrix x = testing::matrix_from_json(c["x"]);
    for (const auto& run : c["runs"]) {
      for (const std::string algorithm : {"kd_tree", "brute"}) {
        HDBSCAN h = configured(run);
        h.set_param("algorithm", algorithm);
        Context ctx;
        h.fit(x, ctx);
        const std::string what =
            c["name"].get<std::string>() + " " + run.dump().substr(0, 0) + h.to_spec();
        EXPECT_EQ(h.labels(), run["labels"].get<std::vector<int>>()) << what;
        EXPECT_EQ(h.condensed_tree_size(), run["condensed_size"].get<Index>()) << what;
        const auto probs = run["probabilities"].get<std::vector<double>>();
        ASSERT_EQ(h.probabilities().size(), probs.size());
        for (std::size_t i = 0; i < probs.size(); ++i) {
          EXPECT_NEAR(h.probabilities()[i], probs[i], 1e-12) << what << " row " << i;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 64);
}

TEST(HDBSCAN, HandCheckedCondensedTree) {
  // min_samples = 1: core distances are 0, so mutual reachability is the plain distance.
  // Single linkage: {0,1,2} and {10,11,12} at distance 1, joined at 8, then 30 at 18.
  // Condensed (min_cluster_size 3): 30 falls out of the root at λ = 1/18; the root splits at
  // λ = 1/8 into two clusters of 3, whose rows fall out at λ = 1.
  Matrix x(7, 1, std::vector<float>{0.f, 1.f, 2.f, 10.f, 11.f, 12.f, 30.f});
  HDBSCAN h;
  h.set_param("min_cluster_size", std::int64_t{3});
  h.set_param("min_samples", std::int64_t{1});
  Context ctx;
  h.fit(x, ctx);
  EXPECT_EQ(h.labels(), (std::vector<int>{0, 0, 0, 1, 1, 1, -1}));
  EXPECT_EQ(h.probabilities(), (std::vector<double>{1, 1, 1, 1, 1, 1, 0}));
  const auto& tree = h.condensed_tree();
  ASSERT_EQ(tree.size(), 9u);
  EXPECT_EQ(tree[0].parent, 7);
  EXPECT_EQ(tree[0].child, 6);
  EXPECT_DOUBLE_EQ(tree[0].lambda, 1.0 / 18);
  EXPECT_EQ(tree[1].child_size, 3);
  EXPECT_DOUBLE_EQ(tree[1].lambda, 1.0 / 8);
  EXPECT_EQ(tree[2].child_size, 3);
  for (std::size_t r = 3; r < 9; ++r) {
    EXPECT_EQ(tree[r].child_size, 1);
    EXPECT_DOUBLE_EQ(tree[r].lambda, 1.0);
  }
  // Leaf selection gives the same two clusters; a larger min_cluster_size leaves only the
  // root, which is noise unless a single cluster is allowed.
  h.set_param("cluster_selection_method", std::string("leaf"));
  h.fit(x, ctx);
  EXPECT_EQ(h.labels(), (std::vector<int>{0, 0, 0, 1, 1, 1, -1}));
  h.set_param("cluster_selection_method", std::string("eom"));
  h.set_param("min_cluster_size", std::int64_t{4});
  h.fit(x, ctx);
  EXPECT_EQ(h.labels(), std::vector<int>(7, -1));
  h.set_param("allow_single_cluster", true);
  h.fit(x, ctx);
  EXPECT_EQ(h.n_clusters(), 1);
}

TEST(HDBSCAN, FindsBlobsAndNoise) {
  std::vector<int> truth;
  Matrix x = testing::make_blobs(600, 2, 3, 0.4, 11, &truth);
  HDBSCAN h;
  h.set_param("min_cluster_size", std::int64_t{20});
  Context ctx;
  h.fit(x, ctx);
  EXPECT_EQ(h.n_clusters(), 3);
  std::vector<int> map(3, -2);
  int noise = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const int l = h.labels()[i];
    if (l < 0) {
      ++noise;
      EXPECT_EQ(h.probabilities()[i], 0.0);
      continue;
    }
    if (map[truth[i]] == -2) map[truth[i]] = l;
    EXPECT_EQ(map[truth[i]], l);
    EXPECT_GT(h.probabilities()[i], 0.0);
    EXPECT_LE(h.probabilities()[i], 1.0);
  }
  EXPECT_LT(noise, 60);
  // Parents precede children in the condensed tree, and the root is node n.
  ASSERT_FALSE(h.condensed_tree().empty());
  EXPECT_EQ(h.condensed_tree().front().parent, 600);
}

TEST(HDBSCAN, SameResultForOneAndTwoThreads) {
  Matrix x = testing::make_blobs(3000, 2, 4, 1.5, 12);
  HDBSCAN a, b;
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  a.fit(x, one);
  b.fit(x, two);
  EXPECT_EQ(a.labels(), b.labels());
  EXPECT_EQ(a.probabilities(), b.probabilities());
  EXPECT_EQ(a.condensed_tree_size(), b.condensed_tree_size());
}

TEST(HDBSCAN, ParallelPrimScanIsDeterministic) {
  Matrix x = testing::make_blobs(3000, 3, 4, 1.5, 13);
  std::vector<double> core(3000);
  for (std::size_t i = 0; i < core.size(); ++i) core[i] = 0.01 * static_cast<double>(i % 7);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  // parallel_rows = 1: every step of Prim's scan is split over the threads.
  const auto a = hdbscan_detail::mutual_reachability_mst(x, core, 1.0, one, 1);
  const auto b = hdbscan_detail::mutual_reachability_mst(x, core, 1.0, two, 1);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].left, b[i].left);
    EXPECT_EQ(a[i].right, b[i].right);
    EXPECT_EQ(a[i].distance, b[i].distance);
  }
}

TEST(HDBSCAN, DegenerateInputs) {
  Context ctx;
  HDBSCAN h;
  h.set_param("min_samples", std::int64_t{1});
  Matrix one(1, 2, std::vector<float>{1.f, 2.f});
  h.fit(one, ctx);
  EXPECT_EQ(h.labels(), (std::vector<int>{-1}));
  // Identical rows: all λ are infinite; no split, so everything is noise unless a single
  // cluster is allowed.
  Matrix same(20, 2, 3.0f);
  HDBSCAN s;
  s.fit(same, ctx);
  EXPECT_EQ(s.labels(), std::vector<int>(20, -1));
  EXPECT_EQ(s.n_clusters(), 0);
  s.set_param("allow_single_cluster", true);
  s.fit(same, ctx);
  EXPECT_EQ(s.labels(), std::vector<int>(20, 0));
  // Huge coordinates do not overflow.
  Matrix huge = testing::make_blobs(60, 2, 2, 0.1, 3);
  for (Index i = 0; i < huge.size(); ++i) huge.data()[i] *= 1e30f;
  HDBSCAN hh;
  hh.fit(huge, ctx);
  EXPECT_EQ(hh.n_clusters(), 2);
}

TEST(HDBSCAN, Errors) {
  HDBSCAN h;
  EXPECT_THROW(h.set_param("min_cluster_size", std::int64_t{1}), InvalidParameter);
  EXPECT_THROW(h.set_param("min_samples", std::int64_t{0}), InvalidParameter);
  EXPECT_THROW(h.set_param("cluster_selection_epsilon", -0.5), InvalidParameter);
  EXPECT_THROW(h.set_param("cluster_selection_method", std::string("mass")), InvalidParameter);
  EXPECT_THROW(h.set_param("alpha", 0.0), InvalidParameter);
  Context ctx;
  Matrix small(4, 2, 1.0f);
  try {
    h.fit(small, ctx);  // min_samples defaults to min_cluster_size = 5 > 4 rows
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("min_samples (5) > n_samples (4)"), std::string::npos);
  }
  Matrix inf(3, 1, std::vector<float>{0.f, INFINITY, 1.f});
  EXPECT_THROW(h.fit(inf, ctx), InvalidInput);
  EXPECT_THROW(h.probabilities(), NotFitted);
}

TEST(HDBSCAN, SpecRoundTrip) {
  auto est = make_clusterer("hdbscan(min_cluster_size=10, cluster_selection_method=leaf)");
  EXPECT_EQ(est->to_spec(), "hdbscan(min_cluster_size=10, cluster_selection_method=leaf)");
}

}  // namespace
}  // namespace metaul
