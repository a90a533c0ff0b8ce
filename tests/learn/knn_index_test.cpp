#include "metaul/learn/knn_index.h"

#include <cmath>

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "support/test_support.h"

namespace metaul {
namespace {

// Random rows on a coarse lattice (many exact ties) plus repeated rows.
Matrix lattice_data(Index n, Index d, std::uint64_t seed) {
  Rng rng(seed);
  Matrix x(n, d);
  for (Index i = 0; i < n; ++i) {
    if (i >= 10 && rng.uniform() < 0.2) {
      const Index src = static_cast<Index>(rng.below(static_cast<std::uint64_t>(i)));
      for (Index j = 0; j < d; ++j) x(i, j) = x(src, j);
      continue;
    }
    for (Index j = 0; j < d; ++j) x(i, j) = static_cast<float>(rng.below(7)) * 0.5f - 1.5f;
  }
  return x;
}

Matrix gaussian_data(Index n, Index d, std::uint64_t seed, double offset = 0) {
  Rng rng(seed);
  Matrix x(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) x(i, j) = static_cast<float>(offset + rng.normal());
  }
  return x;
}

void expect_same_knn(const KnnResult& a, const KnnResult& b) {
  ASSERT_EQ(a.n_queries, b.n_queries);
  ASSERT_EQ(a.k, b.k);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.distances, b.distances);
}

void expect_same_radius(const RadiusResult& a, const RadiusResult& b) {
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.distances, b.distances);
}

TEST(KnnIndex, BruteForceMatchesDefinition) {
  Matrix x = gaussian_data(150, 3, 1);
  Matrix q = gaussian_data(20, 3, 2);
  Context ctx;
  BruteForceIndex index;
  index.build(x, ctx);
  const KnnResult res = index.query(q, 7, ctx);
  for (Index i = 0; i < q.rows(); ++i) {
    std::vector<std::pair<double, Index>> all;
    for (Index j = 0; j < x.rows(); ++j) {
      all.emplace_back(std::sqrt(exact_sq_distance(q.row(i), x.row(j), 3)), j);
    }
    std::sort(all.begin(), all.end());
    for (Index t = 0; t < 7; ++t) {
      EXPECT_EQ(res.index(i, t), all[static_cast<std::size_t>(t)].second);
      EXPECT_EQ(res.distance(i, t), all[static_cast<std::size_t>(t)].first);
    }
  }
}

TEST(KnnIndex, KdTreeEqualsBruteForceWithTiesAndDuplicates) {
  Context ctx;
  for (Index d : {1, 2, 3, 5}) {
    Matrix x = lattice_data(400, d, 10 + static_cast<std::uint64_t>(d));
    BruteForceIndex brute;
    KdTreeIndex tree(4);
    brute.build(x, ctx);
    tree.build(x, ctx);
    for (Index k : {1, 5, 17}) {
      expect_same_knn(tree.query(x, k, ctx), brute.query(x, k, ctx));
      QueryOptions self;
      self.exclude_self = true;
      expect_same_knn(tree.query(x, k, ctx, self), brute.query(x, k, ctx, self));
    }
    for (double r : {0.0, 0.5, 0.75, 1.2}) {
      expect_same_radius(tree.radius(x, r, ctx), brute.radius(x, r, ctx));
    }
  }
}

TEST(KnnIndex, KdTreeEqualsBruteForceOnGaussians) {
  Context ctx;
  Matrix x = gaussian_data(1000, 4, 3, 100.0);  // an offset stresses the SGEMM error bound
  Matrix q = gaussian_data(50, 4, 4, 100.0);
  BruteForceIndex brute;
  KdTreeIndex tree;
  brute.build(x, ctx);
  tree.build(x, ctx);
  expect_same_knn(tree.query(q, 10, ctx), brute.query(q, 10, ctx));
  expect_same_radius(tree.radius(q, 1.0, ctx), brute.radius(q, 1.0, ctx));
}

TEST(KnnIndex, RadiusIsInclusiveAndSorted) {
  Matrix x(4, 1, std::vector<float>{0.f, 1.f, 2.f, 3.f});
  Context ctx;
  for (auto& index : {make_knn_index("brute", 4, 1), make_knn_index("kd_tree", 4, 1)}) {
    index->build(x, ctx);
    const RadiusResult r = index->radius(x.view().rows_range(1, 2), 1.0, ctx);
    ASSERT_EQ(r.n_queries(), 1);
    EXPECT_EQ(r.indices, (std::vector<Index>{1, 0, 2}));
    EXPECT_EQ(r.distances, (std::vector<double>{0.0, 1.0, 1.0}));
    QueryOptions self;
    self.exclude_self = true;
    self.self_offset = 1;
    EXPECT_EQ(index->radius(x.view().rows_range(1, 2), 1.0, ctx, self).indices,
              (std::vector<Index>{0, 2}));
  }
}

TEST(KnnIndex, ThreadCountDoesNotChangeResults) {
  Matrix x = gaussian_data(800, 6, 5);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  for (const char* name : {"brute", "kd_tree"}) {
    auto a = make_knn_index(name, 800, 6);
    auto b = make_knn_index(name, 800, 6);
    a->build(x, one);
    b->build(x, two);
    expect_same_knn(a->query(x, 5, one), b->query(x, 5, two));
    expect_same_radius(a->radius(x, 1.5, one), b->radius(x, 1.5, two));
  }
  // Enough rows that brute force splits the queries into many small blocks, one SGEMM each.
  Matrix big = gaussian_data(40000, 2, 8);
  Matrix q = gaussian_data(100, 2, 9);
  BruteForceIndex brute;
  KdTreeIndex tree;
  brute.build(big, two);
  tree.build(big, one);
  expect_same_knn(brute.query(q, 4, one), brute.query(q, 4, two));
  expect_same_knn(brute.query(q, 4, two), tree.query(q, 4, one));
  expect_same_radius(brute.radius(q, 0.05, two), tree.radius(q, 0.05, one));
}

TEST(KnnIndex, HugeValuesStayExact) {
  Matrix x(3, 2, std::vector<float>{1e30f, 0.f, -1e30f, 0.f, 1e30f, 1e29f});
  Context ctx;
  BruteForceIndex brute;
  KdTreeIndex tree;
  brute.build(x, ctx);
  tree.build(x, ctx);
  const KnnResult a = brute.query(x, 2, ctx);
  expect_same_knn(a, tree.query(x, 2, ctx));
  EXPECT_EQ(a.index(0, 1), 2);
  EXPECT_TRUE(std::isfinite(a.distance(1, 1)));
}

TEST(KnnIndex, Errors) {
  Context ctx;
  Matrix x = gaussian_data(10, 2, 6);
  Matrix q3 = gaussian_data(2, 3, 7);
  for (const char* name : {"brute", "kd_tree", "auto"}) {
    auto index = make_knn_index(name, 10, 2);
    EXPECT_THROW(index->query(x, 1, ctx), InvalidInput);  // not built
    EXPECT_THROW(index->build(Matrix(0, 2), ctx), InvalidInput);
    index->build(x, ctx);
    EXPECT_THROW(index->query(q3, 1, ctx), InvalidInput);
    EXPECT_THROW(index->query(x, 0, ctx), InvalidParameter);
    EXPECT_THROW(index->query(x, 11, ctx), InvalidParameter);
    QueryOptions self;
    self.exclude_self = true;
    EXPECT_THROW(index->query(x, 10, ctx, self), InvalidParameter);
    EXPECT_NO_THROW(index->query(x, 9, ctx, self));
    EXPECT_THROW(index->radius(x, -1.0, ctx), InvalidParameter);
  }
  EXPECT_THROW(make_knn_index("ball_tree", 10, 2), InvalidParameter);
  EXPECT_EQ(make_knn_index("auto", 10, 2)->name(), "kd_tree");
  EXPECT_EQ(make_knn_index("auto", 10, 64)->name(), "brute");
}

}  // namespace
}  // namespace metaul
