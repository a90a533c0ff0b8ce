#include "metaul/learn/kmeans.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <string>

#include "metaul/core/error.h"
#include "metaul/core/rng.h"
#include "support/test_support.h"

namespace metaul {
namespace {

KMeans make_kmeans(int k, const std::string& algorithm = "lloyd") {
  KMeans km;
  km.set_param("n_clusters", std::int64_t{k});
  km.set_param("algorithm", algorithm);
  return km;
}

Context threads(int n) {
  Context ctx;
  ctx.threads = n;
  return ctx;
}

bool same_bits(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

Matrix uniform_data(Index n, Index d, std::uint64_t seed) {
  Rng rng(seed);
  Matrix x(n, d);
  for (Index t = 0; t < x.size(); ++t) x.data()[t] = static_cast<float>(rng.uniform(-1, 1));
  return x;
}

TEST(KMeans, RecoversSeparatedBlobs) {
  std::vector<int> truth;
  Matrix x = testing::make_blobs(3000, 5, 4, 0.5, 1, &truth);
  for (const char* algorithm : {"lloyd", "hamerly", "elkan"}) {
    KMeans km = make_kmeans(4, algorithm);
    Context ctx;
    km.fit(x, ctx);
    // Every true blob maps to exactly one cluster.
    std::vector<int> map(4, -1);
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (map[truth[i]] < 0) map[truth[i]] = km.labels()[i];
      EXPECT_EQ(map[truth[i]], km.labels()[i]);
    }
    EXPECT_EQ(std::set<int>(map.begin(), map.end()).size(), 4u);
    EXPECT_EQ(km.predict(x, ctx), km.labels());
    EXPECT_GT(km.inertia(), 0);
    EXPECT_LT(km.inertia(), 3000 * 5 * 0.25 * 1.2);
  }
}

// scikit-learn 1.2 KMeans(init=<same centers>, n_init=1, algorithm='lloyd') on the same float32
// data (tools/fixtures_kmeans.py).
TEST(KMeans, AgreesWithScikitLearn) {
  const auto fixture = testing::load_fixture("kmeans.json");
  ASSERT_EQ(fixture["kmeans"].size(), 5u);
  for (const auto& c : fixture["kmeans"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const Matrix x = testing::matrix_from_json(c["x"]);
    const int k = c["k"].get<int>();
    for (const char* algorithm : {"lloyd", "hamerly", "elkan"}) {
      KMeans km = make_kmeans(k, algorithm);
      km.set_param("init", std::string("given"));
      km.set_param("max_iter", c["max_iter"].get<std::int64_t>());
      km.set_param("tol", c["tol"].get<double>());
      km.set_initial_centers(testing::matrix_from_json(c["init"]));
      Context ctx;
      km.fit(x, ctx);
      EXPECT_EQ(km.labels(), c["labels"].get<std::vector<int>>());
      const double inertia = c["inertia"].get<double>();
      EXPECT_NEAR(km.inertia(), inertia, 1e-4 * inertia);
      EXPECT_NEAR(km.n_iter(), c["n_iter"].get<int>(), 1);
      const Matrix centers = testing::matrix_from_json(c["centers"]);
      for (Index t = 0; t < centers.size(); ++t) {
        EXPECT_NEAR(km.centers().data()[t], centers.data()[t],
                    1e-4 * (1 + std::abs(centers.data()[t])));
      }
    }
  }
}

// The bound-pruned variants must not change a single decision of Lloyd.
TEST(KMeans, HamerlyAndElkanIdenticalToLloyd) {
  struct Case {
    const char* name;
    Matrix x;
    int k;
    double tol;
  };
  std::vector<Case> cases;
  cases.push_back({"blobs", testing::make_blobs(5000, 8, 10, 1.0, 3), 10, 0.0});
  cases.push_back({"overlapping", testing::make_blobs(6000, 4, 12, 4.0, 4), 20, 0.0});
  cases.push_back({"uniform", uniform_data(4000, 3, 5), 16, 1e-4});
  cases.push_back({"d1", uniform_data(3000, 1, 6), 7, 0.0});
  cases.push_back({"wide", testing::make_blobs(2000, 64, 5, 6.0, 7), 9, 0.0});
  Matrix dup(1200, 2);
  for (Index i = 0; i < dup.rows(); ++i) {
    dup(i, 0) = static_cast<float>(i % 5);
    dup(i, 1) = static_cast<float>((i / 5) % 3);
  }
  cases.push_back({"duplicates", dup, 6, 0.0});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    for (const char* init : {"k-means++", "random"}) {
      KMeans lloyd = make_kmeans(c.k, "lloyd");
      KMeans hamerly = make_kmeans(c.k, "hamerly");
      KMeans elkan = make_kmeans(c.k, "elkan");
      for (KMeans* km : {&lloyd, &hamerly, &elkan}) {
        km->set_param("tol", c.tol);
        km->set_param("init", std::string(init));
        km->set_param("seed", std::int64_t{11});
        km->fit(c.x, threads(2));
      }
      EXPECT_EQ(hamerly.labels(), lloyd.labels());
      EXPECT_TRUE(same_bits(hamerly.centers(), lloyd.centers()));
      EXPECT_EQ(hamerly.n_iter(), lloyd.n_iter());
      EXPECT_EQ(hamerly.inertia(), lloyd.inertia());
      EXPECT_EQ(elkan.labels(), lloyd.labels());
      EXPECT_TRUE(same_bits(elkan.centers(), lloyd.centers()));
      EXPECT_EQ(elkan.n_iter(), lloyd.n_iter());
      EXPECT_EQ(elkan.inertia(), lloyd.inertia());
    }
  }
}

TEST(KMeans, BitIdenticalForOneAndTwoThreads) {
  const Matrix x = testing::make_blobs(20000, 6, 12, 2.0, 9);
  for (const char* algorithm : {"lloyd", "hamerly", "elkan"}) {
    KMeans a = make_kmeans(12, algorithm), b = make_kmeans(12, algorithm);
    for (KMeans* km : {&a, &b}) km->set_param("n_init", std::int64_t{2});
    a.fit(x, threads(1));
    b.fit(x, threads(2));
    EXPECT_EQ(a.labels(), b.labels());
    EXPECT_TRUE(same_bits(a.centers(), b.centers()));
    EXPECT_EQ(a.inertia(), b.inertia());
    EXPECT_EQ(a.n_iter(), b.n_iter());
    EXPECT_EQ(a.predict(x, threads(1)), b.predict(x, threads(2)));
  }
}

TEST(KMeans, SameSeedSameResultAndSeedsDiffer) {
  const Matrix x = testing::make_blobs(2000, 3, 6, 3.0, 2);
  KMeans a = make_kmeans(6), b = make_kmeans(6), c = make_kmeans(6);
  c.set_param("seed", std::int64_t{5});
  Context ctx;
  a.fit(x, ctx);
  b.fit(x, ctx);
  c.fit(x, ctx);
  EXPECT_TRUE(same_bits(a.centers(), b.centers()));
  EXPECT_FALSE(same_bits(a.centers(), c.centers()));
}

TEST(KMeans, MoreInitsNeverWorse) {
  const Matrix x = testing::make_blobs(3000, 4, 15, 2.5, 8);
  KMeans one = make_kmeans(15), many = make_kmeans(15);
  one.set_param("init", std::string("random"));
  many.set_param("init", std::string("random"));
  many.set_param("n_init", std::int64_t{5});
  Context ctx;
  one.fit(x, ctx);
  many.fit(x, ctx);
  // Run 0 of n_init=5 uses the same seed stream as n_init=1.
  EXPECT_LE(many.inertia(), one.inertia());
}

TEST(KMeans, NEqualsK) {
  const Matrix x = uniform_data(7, 3, 1);
  for (const char* algorithm : {"lloyd", "hamerly", "elkan"}) {
    KMeans km = make_kmeans(7, algorithm);
    Context ctx;
    km.fit(x, ctx);
    EXPECT_EQ(std::set<int>(km.labels().begin(), km.labels().end()).size(), 7u);
    EXPECT_NEAR(km.inertia(), 0.0, 1e-12);
  }
}

TEST(KMeans, DuplicatePoints) {
  Matrix x(300, 2);
  for (Index i = 0; i < 300; ++i) {
    x(i, 0) = static_cast<float>(i % 3) * 10.0f;
    x(i, 1) = -1.0f;
  }
  KMeans km = make_kmeans(3);
  Context ctx;
  km.fit(x, ctx);
  EXPECT_EQ(km.inertia(), 0.0);
  for (Index i = 3; i < 300; ++i) EXPECT_EQ(km.labels()[i], km.labels()[i % 3]);
  EXPECT_EQ(std::set<int>(km.labels().begin(), km.labels().end()).size(), 3u);
}

TEST(KMeans, RelocatesEmptyClusters) {
  // Two far-away starting centers attract no point: they must take the farthest points.
  const Matrix x = testing::make_blobs(600, 2, 3, 0.5, 5);
  Matrix init(5, 2);
  for (Index c = 0; c < 3; ++c) {
    init(c, 0) = x(c, 0);
    init(c, 1) = x(c, 1);
  }
  init(3, 0) = init(3, 1) = 1e4f;
  init(4, 0) = init(4, 1) = -1e4f;
  for (const char* algorithm : {"lloyd", "hamerly", "elkan"}) {
    KMeans km = make_kmeans(5, algorithm);
    km.set_param("init", std::string("given"));
    km.set_initial_centers(init);
    Context ctx;
    km.fit(x, ctx);
    EXPECT_EQ(std::set<int>(km.labels().begin(), km.labels().end()).size(), 5u);
    for (Index t = 0; t < km.centers().size(); ++t) EXPECT_LT(std::abs(km.centers().data()[t]), 20);
  }
}

TEST(KMeans, ConstantData) {
  const Matrix x(50, 3, 2.5f);
  for (const char* algorithm : {"lloyd", "hamerly", "elkan"}) {
    KMeans km = make_kmeans(4, algorithm);
    Context ctx;
    km.fit(x, ctx);
    EXPECT_EQ(km.inertia(), 0.0);
    for (int l : km.labels()) EXPECT_TRUE(l >= 0 && l < 4);
    for (Index t = 0; t < km.centers().size(); ++t) EXPECT_EQ(km.centers().data()[t], 2.5f);
  }
}

TEST(KMeans, OneFeature) {
  Matrix x(90, 1);
  for (Index i = 0; i < 90; ++i) x(i, 0) = static_cast<float>((i % 3) * 100 + (i % 7));
  KMeans km = make_kmeans(3);
  Context ctx;
  km.fit(x, ctx);
  for (Index i = 3; i < 90; ++i) EXPECT_EQ(km.labels()[i], km.labels()[i % 3]);
}

TEST(KMeans, HugeAndTinyValuesAreScaled) {
  const Matrix x = testing::make_blobs(500, 3, 4, 0.5, 6);
  KMeans ref = make_kmeans(4);
  Context ctx;
  ref.fit(x, ctx);
  for (float factor : {1e30f, 1e-30f}) {
    Matrix big(x.rows(), x.cols());
    for (Index t = 0; t < x.size(); ++t) big.data()[t] = x.data()[t] * factor;
    KMeans km = make_kmeans(4);
    km.fit(big, ctx);
    EXPECT_TRUE(std::isfinite(km.inertia()));
    EXPECT_GT(km.inertia(), 0);
    EXPECT_EQ(km.labels(), ref.labels());
    EXPECT_EQ(km.predict(big, ctx), km.labels());
  }
}

TEST(KMeans, Errors) {
  Context ctx;
  KMeans km = make_kmeans(8);
  try {
    km.fit(Matrix(3, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("kmeans.fit: n_samples (3) < n_clusters (8)"),
              std::string::npos)
        << e.what();
  }
  Matrix nan(10, 2);
  nan(4, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(make_kmeans(2).fit(nan, ctx), InvalidInput);

  KMeans given = make_kmeans(2);
  given.set_param("init", std::string("given"));
  given.set_initial_centers(Matrix(3, 2));
  try {
    given.fit(Matrix(10, 2), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("2 x 2"), std::string::npos) << e.what();
  }

  KMeans fitted = make_kmeans(2);
  EXPECT_THROW(fitted.predict(Matrix(4, 2), ctx), NotFitted);
  fitted.fit(uniform_data(20, 2, 1), ctx);
  try {
    fitted.predict(Matrix(4, 3), ctx);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("3 features"), std::string::npos) << e.what();
  }
  EXPECT_THROW(km.set_param("algorithm", std::string("fast")), InvalidParameter);
  EXPECT_THROW(km.set_param("n_clusters", std::int64_t{0}), InvalidParameter);
  EXPECT_THROW(km.set_param("tol", -1.0), InvalidParameter);
}

}  // namespace
}  // namespace metaul
