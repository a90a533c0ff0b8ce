#include "metaul/learn/lof.h"

#include <algorithm>
#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& LOF::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_neighbors", 20, "number of neighbours k").at_least(1),
      ParamSpec::choice("algorithm", "auto", {"auto", "brute", "kd_tree"},
                        "neighbour index (all exact)"),
      ParamSpec::contamination(),
  };
  return table;
}

// LOF of each query from its k training neighbours; with lrd_out (training), the lrd of the
// queries themselves is computed first from the same neighbours.
std::vector<double> LOF::lof_of(const KnnResult& r, const Context& ctx,
                                std::vector<double>* lrd_out) const {
  const Index m = r.n_queries, k = r.k;
  std::vector<double> lrd_q(static_cast<std::size_t>(m));
  parallel_for(ctx, m, [&](Index i) {
    double s = 0;
    for (Index j = 0; j < k; ++j) {
      s += std::max(r.distance(i, j), kdist_[static_cast<std::size_t>(r.index(i, j))]);
    }
    lrd_q[static_cast<std::size_t>(i)] = 1.0 / (s / static_cast<double>(k) + 1e-10);
  });
  if (lrd_out != nullptr) *lrd_out = lrd_q;
  const std::vector<double>& lrd_train = lrd_out != nullptr ? *lrd_out : lrd_;
  std::vector<double> out(static_cast<std::size_t>(m));
  parallel_for(ctx, m, [&](Index i) {
    double s = 0;
    for (Index j = 0; j < k; ++j) {
      s += lrd_train[static_cast<std::size_t>(r.index(i, j))] / lrd_q[static_cast<std::size_t>(i)];
    }
    out[static_cast<std::size_t>(i)] = s / static_cast<double>(k);
  });
  return out;
}

void LOF::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  const Index n = x.rows(), k = p_int("n_neighbors");
  auto fitted = anomaly_detail::fit_training_neighbors(x, k, p_string("algorithm"), ctx, op);
  const KnnResult& r = fitted.neighbors;
  auto train = std::move(fitted.train);
  auto index = std::move(fitted.index);
  kdist_.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) kdist_[static_cast<std::size_t>(i)] = r.distance(i, k - 1);
  std::vector<double> lrd;
  training_scores_ = lof_of(r, ctx, &lrd);
  lrd_ = std::move(lrd);
  train_ = std::move(train);
  index_ = std::move(index);
  set_fitted(true);
}

std::vector<double> LOF::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, train_->cols(), op);
  if (x.rows() == 0) return {};
  return lof_of(index_->query(x, p_int("n_neighbors"), ctx), ctx, nullptr);
}

}  // namespace metaul
