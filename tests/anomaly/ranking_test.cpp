#include "metaul/metrics/ranking.h"

#include <gtest/gtest.h>

#include "metaul/core/error.h"
#include "support/test_support.h"

namespace metaul::metrics {
namespace {

TEST(RankingMetrics, MatchScikitLearnFixtures) {
  const auto fx = testing::load_fixture("ranking.json");
  ASSERT_GE(fx["cases"].size(), 10u);
  for (const auto& c : fx["cases"]) {
    const auto labels = c["labels"].get<std::vector<int>>();
    const auto scores = c["scores"].get<std::vector<double>>();
    const std::string name = c["name"];
    EXPECT_NEAR(roc_auc(labels, scores), c["roc_auc"].get<double>(), 1e-9) << name;
    EXPECT_NEAR(average_precision(labels, scores), c["average_precision"].get<double>(), 1e-9)
        << name;
    EXPECT_NEAR(precision_at_n(labels, scores), c["precision_at_n"].get<double>(), 1e-9) << name;
  }
}

TEST(RankingMetrics, HandComputed) {
  const std::vector<int> y{1, 0, 1, 0};
  // Pairs (pos, neg): (0.9 vs 0.8) win, (0.9 vs 0.1) win, (0.5 vs 0.8) loss, (0.5 vs 0.1) win.
  EXPECT_DOUBLE_EQ(roc_auc(y, std::vector<double>{0.9, 0.8, 0.5, 0.1}), 0.75);
  // Ranking 1,0,1,0: AP = 0.5·1 + 0.5·(2/3).
  EXPECT_DOUBLE_EQ(average_precision(y, std::vector<double>{0.9, 0.8, 0.5, 0.1}),
                   0.5 + 0.5 * 2.0 / 3.0);
  // All tied: AUC 1/2, AP = prevalence.
  EXPECT_DOUBLE_EQ(roc_auc(y, std::vector<double>{1, 1, 1, 1}), 0.5);
  EXPECT_DOUBLE_EQ(average_precision(y, std::vector<double>{1, 1, 1, 1}), 0.5);
  // Top 2 = rows 0 and 1 → precision 1/2.
  EXPECT_DOUBLE_EQ(precision_at_n(y, std::vector<double>{0.9, 0.8, 0.5, 0.1}), 0.5);
  EXPECT_DOUBLE_EQ(precision_at_n(y, std::vector<double>{0.9, 0.1, 0.8, 0.5}), 1.0);
}

TEST(RankingMetrics, Errors) {
  const std::vector<int> y{1, 0, 1};
  const std::vector<double> s{0.1, 0.2};
  try {
    roc_auc(y, s);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("labels has 3 entries but scores has 2"),
              std::string::npos);
  }
  const std::vector<int> one{0, 0, 0};
  const std::vector<double> s3{1, 2, 3};
  try {
    average_precision(one, s3);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("only one class present in labels (n = 3, outliers = 0)"),
              std::string::npos);
  }
  EXPECT_THROW(precision_at_n(std::vector<int>{1, 1}, std::vector<double>{1, 2}), InvalidInput);
  EXPECT_THROW(roc_auc(std::vector<int>{}, std::vector<double>{}), InvalidInput);
}

}  // namespace
}  // namespace metaul::metrics
