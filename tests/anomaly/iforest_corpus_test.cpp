// Isolation forest on the anomaly corpus: mean ROC-AUC over 20 seeds against scikit-learn's
// IsolationForest over 20 seeds (tests/fixtures/iforest_corpus.json, tools/fixtures_iforest.py).
// The 5-seed means of both sides are printed too.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "metaul/core/io.h"
#include "metaul/learn/iforest.h"
#include "metaul/metrics/ranking.h"
#include "support/test_support.h"

namespace metaul {
namespace {

TEST(IsolationForestCorpus, RocAucMatchesScikitLearn) {
  METAUL_REQUIRE_CORPUS(corpus);
  const auto fx = testing::load_fixture("iforest_corpus.json");
  Context ctx;
  int compared = 0;
  double sum_diff = 0;
  double sum_abs_diff5 = 0;
  constexpr int kSeeds = 20;
  std::printf("%-34s %8s %8s %8s | %8s %8s %8s %8s\n", "file", "metaul5", "sklearn5", "diff5",
              "metaul20", "skl20", "diff20", "tol");
  for (const auto& [name, ref] : fx["files"].items()) {
    io::ReadOptions opt;
    opt.label_column = "label";
    const io::Dataset ds = io::read_dataset(corpus / "anomaly" / name, opt);
    ASSERT_EQ(ds.x.rows(), ref["n"].get<Index>()) << name;
    double mean = 0, mean5 = 0;
    for (std::int64_t seed = 0; seed < kSeeds; ++seed) {
      IsolationForest f;
      f.set_param("seed", seed);
      f.fit(ds.x, ctx);
      const double auc = metrics::roc_auc(ds.labels, f.training_scores());
      mean += auc / kSeeds;
      if (seed < 5) mean5 += auc / 5.0;
    }
    const double want = ref["sklearn_mean_auc"].get<double>();
    const double want5 = ref["sklearn_mean_auc_5"].get<double>();
    // Both sides are means of 20 random forests: the difference of two such means has a
    // standard error of about std·sqrt(2/20). Allow 0.01 or 4 standard errors, whichever is
    // larger (the seed-to-seed std reaches 0.02-0.04 on a few small or multi-modal files, and
    // 35 files are compared).
    const double tol =
        std::max(0.01, 4.0 * ref["sklearn_std_auc"].get<double>() * std::sqrt(2.0 / kSeeds));
    std::printf("%-34s %8.4f %8.4f %+8.4f | %8.4f %8.4f %+8.4f %8.4f\n", name.c_str(), mean5, want5,
                mean5 - want5, mean, want, mean - want, tol);
    EXPECT_NEAR(mean, want, tol) << name;
    sum_diff += mean - want;
    sum_abs_diff5 += std::abs(mean5 - want5);
    ++compared;
  }
  ASSERT_GT(compared, 0);
  // No systematic bias across the corpus.
  EXPECT_LT(std::abs(sum_diff / compared), 0.005);
  std::printf("mean difference over %d files: %+.4f\n", compared, sum_diff / compared);
  // The acceptance criterion of the toolkit: across the corpus, the mean absolute difference of
  // the 5-seed mean ROC-AUCs is at most 0.01.
  std::printf("mean |difference| of the 5-seed means: %.4f\n", sum_abs_diff5 / compared);
  EXPECT_LE(sum_abs_diff5 / compared, 0.01);
}

}  // namespace
}  // namespace metaul
