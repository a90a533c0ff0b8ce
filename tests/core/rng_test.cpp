#include "metaul/core/rng.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

namespace metaul {
namespace {

TEST(Rng, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, UniformMomentsAndRange) {
  Rng r(1);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NEAR(sq / n - (sum / n) * (sum / n), 1.0 / 12, 0.002);
}

TEST(Rng, NormalMoments) {
  Rng r(2);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sq / n, 1.0, 0.02);
}

TEST(Rng, BelowIsUnbiasedAndInRange) {
  Rng r(3);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const auto v = r.below(7);
    ASSERT_LT(v, 7u);
    ++counts[v];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

TEST(Rng, SampleWithoutReplacementIsDistinct) {
  Rng r(4);
  for (auto [n, k] : {std::pair{10, 10}, std::pair{1000, 5}, std::pair{100000, 300}}) {
    auto s = r.sample_without_replacement(n, k);
    ASSERT_EQ(static_cast<int>(s.size()), k);
    std::set<std::int64_t> uniq(s.begin(), s.end());
    EXPECT_EQ(static_cast<int>(uniq.size()), k);
    EXPECT_GE(*std::min_element(s.begin(), s.end()), 0);
    EXPECT_LT(*std::max_element(s.begin(), s.end()), n);
  }
}

TEST(Rng, SplitStreamsAreIndependentAndStable) {
  Rng base(5);
  Rng s1 = base.split(1), s1b = base.split(1), s2 = base.split(2);
  EXPECT_EQ(s1.next(), s1b.next());
  EXPECT_NE(s1.next(), s2.next());
}

}  // namespace
}  // namespace metaul
