// Properties every registered anomaly detector must have: finite scores on extreme but finite
// input, d = 1, the PyOD threshold contract, and the planted outliers ranked high.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "anomaly/anomaly_test_util.h"
#include "metaul/learn/estimator.h"
#include "metaul/metrics/ranking.h"
#include "metaul/registry.h"

namespace metaul {
namespace {

std::vector<std::string> detector_names() {
  std::vector<std::string> names;
  for (const auto* info : builtin_registry().list(Family::Anomaly)) names.push_back(info->name);
  return names;
}

std::unique_ptr<Detector> make_detector(const std::string& name) {
  return builtin_registry().make_detector(name);
}

TEST(AllDetectors, AtLeastTheAnomalyToolkit) {
  const auto names = detector_names();
  for (const char* want : {"iforest", "eif", "hbos", "ecod", "copod", "pca", "loda", "mcd"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
}

TEST(AllDetectors, FiniteScoresOnExtremeValuesAndOneColumn) {
  Matrix huge(40, 3);
  for (Index i = 0; i < 40; ++i) {
    huge(i, 0) = static_cast<float>(i) * 1e30f;
    huge(i, 1) = static_cast<float>(i % 7) * -1e-30f;
    huge(i, 2) = static_cast<float>((i * 13) % 11);
  }
  Matrix one_col(30, 1);
  for (Index i = 0; i < 30; ++i) one_col(i, 0) = static_cast<float>((i * 7) % 10);
  Context ctx;
  for (const auto& name : detector_names()) {
    for (const Matrix* x : {&huge, &one_col}) {
      auto det = make_detector(name);
      det->fit(*x, ctx);
      ASSERT_EQ(det->training_scores().size(), static_cast<std::size_t>(x->rows())) << name;
      for (double v : det->training_scores()) EXPECT_TRUE(std::isfinite(v)) << name;
      for (double v : det->score_samples(*x, ctx)) EXPECT_TRUE(std::isfinite(v)) << name;
    }
  }
}

TEST(AllDetectors, ThresholdContractAndPlantedOutliers) {
  std::vector<int> y;
  Matrix x = testing::make_planted(500, 25, 4, 31, &y);
  Context ctx;
  for (const auto& name : detector_names()) {
    auto det = make_detector(name);
    det->set_param("contamination", 0.05);
    det->fit(x, ctx);
    EXPECT_GT(metrics::roc_auc(y, det->training_scores()), 0.9) << name;
    const auto pred = det->training_predictions();
    const double t = det->threshold();
    int flagged = 0;
    for (std::size_t i = 0; i < pred.size(); ++i) {
      EXPECT_EQ(pred[i], det->training_scores()[i] > t ? 1 : 0) << name;
      flagged += pred[i];
    }
    EXPECT_LE(flagged, 27) << name;  // at most ⌈0.05 · 525⌉ strictly above the quantile
    for (auto method : {ProbaMethod::Linear, ProbaMethod::Unify}) {
      for (double p : det->predict_proba(x, ctx, method)) {
        EXPECT_GE(p, 0.0) << name;
        EXPECT_LE(p, 1.0) << name;
      }
    }
  }
}

}  // namespace
}  // namespace metaul
