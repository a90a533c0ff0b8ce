// HNSW index: recall against brute force, exact distances, determinism, unsupported radius.
#include "metaul/learn/hnsw_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "metaul/learn/knn_detector.h"

namespace metaul {
namespace {

Matrix uniform(Index n, Index d, std::uint64_t seed) {
  Rng rng(seed);
  Matrix x(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) x(i, j) = static_cast<float>(rng.uniform());
  }
  return x;
}

double recall(const KnnResult& got, const KnnResult& want) {
  double hits = 0;
  for (Index i = 0; i < want.n_queries; ++i) {
    std::set<Index> truth;
    for (Index j = 0; j < want.k; ++j) truth.insert(want.index(i, j));
    for (Index j = 0; j < got.k; ++j) hits += truth.count(got.index(i, j)) ? 1 : 0;
  }
  return hits / static_cast<double>(want.n_queries * want.k);
}

TEST(HnswIndex, SlowRecallAt10On100kBy32) {
  const Matrix x = uniform(100000, 32, 1);
  const Matrix q = uniform(500, 32, 2);
  Context ctx;
  ctx.threads = 2;
  // Uniform data in 32 dimensions is hard for graph search: a smaller construction list keeps
  // the sequential build short, a larger search list buys the recall.
  HnswIndex h(16, 100, 300);
  h.build(x, ctx);
  BruteForceIndex b;
  b.build(x, ctx);
  const KnnResult got = h.query(q, 10, ctx);
  const KnnResult want = b.query(q, 10, ctx);
  const double r = recall(got, want);
  EXPECT_GE(r, 0.95) << "recall@10 = " << r;
  RecordProperty("recall_at_10", std::to_string(r));
}

TEST(HnswIndex, ExactDistancesSelfExclusionAndDeterminism) {
  const Matrix x = uniform(2000, 8, 3);
  Context one, two;
  one.threads = 1;
  two.threads = 2;
  HnswIndex a, b;
  a.build(x, one);
  b.build(x, two);
  QueryOptions self;
  self.exclude_self = true;
  const KnnResult ra = a.query(x, 5, one, self);
  const KnnResult rb = b.query(x, 5, two, self);
  EXPECT_EQ(ra.indices, rb.indices);
  EXPECT_EQ(ra.distances, rb.distances);
  BruteForceIndex brute;
  brute.build(x, one);
  EXPECT_GE(recall(ra, brute.query(x, 5, one, self)), 0.99);
  for (Index i = 0; i < ra.n_queries; ++i) {
    for (Index j = 0; j < ra.k; ++j) {
      EXPECT_NE(ra.index(i, j), i);
      EXPECT_EQ(ra.distance(i, j),
                std::sqrt(exact_sq_distance(x.row(i), x.row(ra.index(i, j)), 8)));
      if (j > 0) {
        EXPECT_LE(ra.distance(i, j - 1), ra.distance(i, j));
      }
    }
  }
}

TEST(HnswIndex, ErrorsAndFactory) {
  HnswIndex h;
  Context ctx;
  EXPECT_THROW(h.query(Matrix(1, 2), 1, ctx), InvalidInput);
  h.build(uniform(50, 2, 4), ctx);
  EXPECT_THROW(h.radius(Matrix(1, 2), 1.0, ctx), NotSupported);
  EXPECT_THROW(h.query(Matrix(1, 3), 1, ctx), InvalidInput);
  EXPECT_THROW(h.query(Matrix(1, 2), 51, ctx), InvalidParameter);
  EXPECT_THROW(HnswIndex(1).build(uniform(5, 2, 4), ctx), InvalidParameter);
  EXPECT_EQ(make_knn_index("hnsw", 10, 2)->name(), "hnsw");
  EXPECT_NE(make_knn_index("auto", 1000000, 64)->name(), "hnsw");
  // The knn detector accepts it and agrees with brute force on easy data.
  const Matrix x = uniform(500, 4, 5);
  KNNDetector exact, approx;
  approx.set_param("algorithm", std::string("hnsw"));
  exact.fit(x, ctx);
  approx.fit(x, ctx);
  EXPECT_EQ(exact.training_scores(), approx.training_scores());
}

}  // namespace
}  // namespace metaul
