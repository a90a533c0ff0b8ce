#include <gtest/gtest.h>

#include "support/test_support.h"

TEST(CorpusCluster, CorpusIsPresent) {
  METAUL_REQUIRE_CORPUS(dir);
  EXPECT_TRUE(std::filesystem::exists(dir / "cluster"));
}
