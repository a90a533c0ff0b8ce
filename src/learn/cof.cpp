#include "metaul/learn/cof.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& COF::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_neighbors", 20, "number of neighbours k on the chaining path")
          .at_least(1),
      ParamSpec::choice("algorithm", "auto", {"auto", "brute", "kd_tree"},
                        "neighbour index (all exact)"),
      ParamSpec::contamination(),
  };
  return table;
}

std::vector<double> COF::chaining(MatrixView q, const KnnResult& r, const Context& ctx) const {
  const MatrixView x = train_->view();
  const Index d = x.cols(), k = r.k;
  std::vector<double> out(static_cast<std::size_t>(q.rows()));
  parallel_for(ctx, q.rows(), [&](Index i) {
    double ac = 0;
    for (Index j = 1; j <= k; ++j) {
      const float* pj = x.row(r.index(i, j - 1));
      double cost = r.distance(i, j - 1);  // to p_0
      for (Index m = 1; m < j; ++m) {
        cost = std::min(cost, std::sqrt(exact_sq_distance(pj, x.row(r.index(i, m - 1)), d)));
      }
      ac += 2.0 * static_cast<double>(k + 1 - j) / static_cast<double>((k + 1) * k) * cost;
    }
    out[static_cast<std::size_t>(i)] = ac;
  });
  return out;
}

std::vector<double> COF::ratio(const std::vector<double>& ac_q, const KnnResult& r) const {
  const Index k = r.k;
  std::vector<double> out(ac_q.size());
  for (Index i = 0; i < r.n_queries; ++i) {
    double s = 0;
    for (Index j = 0; j < k; ++j) s += ac_[static_cast<std::size_t>(r.index(i, j))];
    double v = ac_q[static_cast<std::size_t>(i)] * static_cast<double>(k) / s;
    if (std::isnan(v)) v = 0;
    if (std::isinf(v)) v = std::numeric_limits<double>::max();
    out[static_cast<std::size_t>(i)] = v;
  }
  return out;
}

void COF::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  const Index k = p_int("n_neighbors");
  auto fitted = anomaly_detail::fit_training_neighbors(x, k, p_string("algorithm"), ctx, op);
  const KnnResult& r = fitted.neighbors;
  auto train = std::move(fitted.train);
  auto index = std::move(fitted.index);
  train_ = std::move(train);
  index_ = std::move(index);
  ac_ = chaining(train_->view(), r, ctx);
  training_scores_ = ratio(ac_, r);
  set_fitted(true);
}

std::vector<double> COF::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  anomaly_detail::check_predict_input(x, train_->cols(), op_name("score_samples"));
  if (x.rows() == 0) return {};
  const KnnResult r = index_->query(x, p_int("n_neighbors"), ctx);
  return ratio(chaining(x, r, ctx), r);
}

}  // namespace metaul
