#include "metaul/learn/gmm_detector.h"

#include <string>

#include "metaul/core/error.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& GMMDetector::param_specs() {
  static const ParamTable table = [] {
    ParamTable t;
    for (const auto& spec : GaussianMixture::param_specs()) {
      // "given" needs initial parameters that this detector does not take.
      if (spec.name == "init_params") {
        t.push_back(ParamSpec::choice("init_params", "kmeans", {"kmeans", "random"},
                                      "initial responsibilities: k-means labels or random"));
      } else {
        t.push_back(spec);
      }
    }
    t.push_back(ParamSpec::contamination());
    return t;
  }();
  return table;
}

void GMMDetector::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  GaussianMixture g;
  for (const auto& spec : GaussianMixture::param_specs()) {
    g.set_param(spec.name, params().get(spec.name));
  }
  g.fit(x, ctx);
  gmm_ = std::move(g);
  n_features_ = x.cols();
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> GMMDetector::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op_name("score_samples"));
  if (x.rows() == 0) return {};
  std::vector<double> s = gmm_.score_samples(x, ctx);
  for (double& v : s) v = -v;
  return s;
}

}  // namespace metaul
