#include "metaul/learn/kmeans.h"

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "metaul/metrics/clustering.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(KMeans, RecoversSeparatedBlobs) {
  std::vector<int> truth;
  Matrix x = testing::make_blobs(3000, 5, 4, 0.5, 1, &truth);
  KMeans km;
  km.set_param("n_clusters", std::int64_t{4});
  Context ctx;
  km.fit(x, ctx);
  // Every true blob maps to exactly one cluster.
  std::vector<int> map(4, -1);
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (map[truth[i]] < 0) map[truth[i]] = km.labels()[i];
    EXPECT_EQ(map[truth[i]], km.labels()[i]);
  }
  EXPECT_EQ(km.predict(x, ctx), km.labels());
  EXPECT_GT(km.inertia(), 0);
  EXPECT_LT(km.inertia(), 3000 * 5 * 0.25 * 1.2);
}

TEST(KMeans, TooFewSamples) {
  KMeans km;
  Context ctx;
  Matrix x(3, 2);
  EXPECT_THROW(km.fit(x, ctx), InvalidInput);
}

}  // namespace
}  // namespace metaul
