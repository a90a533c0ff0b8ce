// hbos, ecod, copod, mcd and pca against the numpy re-implementation of PyOD's formulas
// (tools/fixtures_anomaly.py → tests/fixtures/anomaly_pyod.json).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "metaul/learn/ecod.h"
#include "metaul/learn/hbos.h"
#include "metaul/learn/mcd.h"
#include "metaul/learn/pca_detector.h"
#include "support/test_support.h"

namespace metaul {
namespace {

std::unique_ptr<Detector> make_for(const std::string& key) {
  if (key == "hbos") return std::make_unique<HBOS>();
  if (key == "hbos_bins5_tol0") {
    auto h = std::make_unique<HBOS>();
    h->set_param("n_bins", std::int64_t{5});
    h->set_param("alpha", 0.5);
    h->set_param("tol", 0.0);
    return h;
  }
  if (key == "ecod") return std::make_unique<ECOD>();
  if (key == "copod") return std::make_unique<COPOD>();
  if (key == "mcd") return std::make_unique<MCD>();
  auto p = std::make_unique<PCADetector>();
  if (key == "pca_k3_q2") {
    p->set_param("n_components", std::int64_t{3});
    p->set_param("n_selected_components", std::int64_t{2});
  } else if (key == "pca_unweighted_raw") {
    p->set_param("weighted", false);
    p->set_param("standardization", false);
  }
  return p;
}

void expect_close(const std::vector<double>& got, const nlohmann::json& want,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double w = want[i].get<double>();
    EXPECT_NEAR(got[i], w, 1e-9 * std::max(1.0, std::abs(w))) << what << " row " << i;
  }
}

TEST(AnomalyPyodFixtures, TrainingAndNewRowScores) {
  const auto fx = testing::load_fixture("anomaly_pyod.json");
  Context ctx;
  int compared = 0;
  for (const auto& c : fx["cases"]) {
    const Matrix train = testing::matrix_from_json(c["train"]);
    const Matrix test = testing::matrix_from_json(c["test"]);
    for (const std::string key : {"hbos", "hbos_bins5_tol0", "ecod", "copod", "mcd", "pca",
                                  "pca_k3_q2", "pca_unweighted_raw"}) {
      if (!c.contains(key)) continue;
      auto det = make_for(key);
      det->fit(train, ctx);
      const std::string what = c["name"].get<std::string>() + "/" + key;
      expect_close(det->training_scores(), c[key]["train"], what + " train");
      expect_close(det->score_samples(test, ctx), c[key]["test"], what + " test");
      ++compared;
    }
  }
  EXPECT_EQ(compared, 3 * 4 + 2 * 3 + 1);
}

}  // namespace
}  // namespace metaul
