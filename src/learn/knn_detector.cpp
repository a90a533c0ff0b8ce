#include "metaul/learn/knn_detector.h"

#include <algorithm>
#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& KNNDetector::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_neighbors", 5, "number of neighbours k").at_least(1),
      ParamSpec::choice("method", "largest", {"largest", "mean", "median"},
                        "statistic of the k neighbour distances"),
      ParamSpec::choice("algorithm", "auto", {"auto", "brute", "kd_tree", "hnsw"},
                        "neighbour index (hnsw is approximate, the others exact)"),
      ParamSpec::contamination(),
  };
  return table;
}

void KNNDetector::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  const Index k = p_int("n_neighbors");
  auto fitted = anomaly_detail::fit_training_neighbors(x, k, p_string("algorithm"), ctx, op);
  const KnnResult& r = fitted.neighbors;
  auto train = std::move(fitted.train);
  auto index = std::move(fitted.index);
  train_ = std::move(train);
  index_ = std::move(index);
  training_scores_ = reduce(r);
  set_fitted(true);
}

std::vector<double> KNNDetector::reduce(const KnnResult& r) const {
  const std::string& method = p_string("method");
  const Index k = r.k;
  std::vector<double> out(static_cast<std::size_t>(r.n_queries));
  for (Index i = 0; i < r.n_queries; ++i) {
    double s;
    if (method == "largest") {
      s = r.distance(i, k - 1);
    } else if (method == "mean") {
      s = 0;
      for (Index j = 0; j < k; ++j) s += r.distance(i, j);
      s /= static_cast<double>(k);
    } else {  // median: distances are sorted
      s = (k % 2 == 1) ? r.distance(i, k / 2)
                       : 0.5 * (r.distance(i, k / 2 - 1) + r.distance(i, k / 2));
    }
    out[static_cast<std::size_t>(i)] = s;
  }
  return out;
}

std::vector<double> KNNDetector::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, train_->cols(), op);
  if (x.rows() == 0) return {};
  return reduce(index_->query(x, p_int("n_neighbors"), ctx));
}

}  // namespace metaul
