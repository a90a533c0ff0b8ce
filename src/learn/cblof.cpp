#include "metaul/learn/cblof.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"
#include "metaul/learn/kmeans.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

const ParamTable& CBLOF::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_clusters", 8, "number of k-means clusters").at_least(2),
      ParamSpec::real("alpha", 0.9, "large clusters hold at least this fraction of the rows")
          .greater_than(0.5)
          .less_than(1),
      ParamSpec::real("beta", 5.0, "size ratio separating large from small clusters").at_least(1),
      ParamSpec::boolean("use_weights", false, "multiply the score by the cluster size"),
      ParamSpec::seed(),
      ParamSpec::contamination(),
  };
  return table;
}

void CBLOF::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  const Index n = x.rows(), k = p_int("n_clusters");
  if (n < k) {
    throw InvalidInput(op + ": n_samples (" + std::to_string(n) + ") < n_clusters (" +
                       std::to_string(k) + ")");
  }
  KMeans km;
  km.set_param("n_clusters", k);
  km.set_param("seed", p_int("seed"));
  km.fit(x, ctx);
  centers_ = km.centers();
  const std::vector<int>& labels = km.labels();
  sizes_.assign(static_cast<std::size_t>(k), 0);
  for (int l : labels) ++sizes_[static_cast<std::size_t>(l)];
  std::vector<Index> order(static_cast<std::size_t>(k));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    return sizes_[static_cast<std::size_t>(a)] > sizes_[static_cast<std::size_t>(b)];
  });
  const double alpha = p_double("alpha"), beta = p_double("beta");
  Index first_alpha = 0, first_beta = 0, first_both = 0;
  Index cum = 0;
  for (Index i = 1; i < k; ++i) {
    cum += sizes_[static_cast<std::size_t>(order[static_cast<std::size_t>(i - 1)])];
    const bool a_ok = static_cast<double>(cum) >= static_cast<double>(n) * alpha;
    // numpy division: a / 0 = inf, 0 / 0 = nan (fails the test).
    const double ratio =
        static_cast<double>(
            sizes_[static_cast<std::size_t>(order[static_cast<std::size_t>(i - 1)])]) /
        static_cast<double>(sizes_[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])]);
    const bool b_ok = ratio >= beta;
    if (a_ok && first_alpha == 0) first_alpha = i;
    if (b_ok && first_beta == 0) first_beta = i;
    if (a_ok && b_ok && first_both == 0) first_both = i;
  }
  Index b = first_both > 0 ? first_both : first_alpha > 0 ? first_alpha : first_beta;
  if (b == 0) b = k;
  large_.assign(static_cast<std::size_t>(k), 0);
  for (Index i = 0; i < b; ++i)
    large_[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = 1;
  set_fitted(true);
  training_scores_ = scores(x, labels, ctx);
}

std::vector<double> CBLOF::scores(MatrixView x, const std::vector<int>& labels,
                                  const Context& ctx) const {
  const Index d = x.cols(), k = centers_.rows();
  const bool weights = p_bool("use_weights");
  const MatrixView c = centers_.view();
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    const auto l = static_cast<std::size_t>(labels[static_cast<std::size_t>(i)]);
    double s;
    if (large_[l]) {
      s = std::sqrt(exact_sq_distance(x.row(i), c.row(static_cast<Index>(l)), d));
    } else {
      double best = std::numeric_limits<double>::infinity();
      for (Index j = 0; j < k; ++j) {
        if (large_[static_cast<std::size_t>(j)]) {
          best = std::min(best, exact_sq_distance(x.row(i), c.row(j), d));
        }
      }
      s = std::sqrt(best);
    }
    out[static_cast<std::size_t>(i)] = weights ? s * static_cast<double>(sizes_[l]) : s;
  });
  return out;
}

std::vector<double> CBLOF::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  anomaly_detail::check_predict_input(x, centers_.cols(), op_name("score_samples"));
  if (x.rows() == 0) return {};
  // Nearest center, exact in double (ties: lower label).
  std::vector<int> labels(static_cast<std::size_t>(x.rows()));
  const MatrixView c = centers_.view();
  parallel_for(ctx, x.rows(), [&](Index i) {
    double best = std::numeric_limits<double>::infinity();
    int arg = 0;
    for (Index j = 0; j < c.rows(); ++j) {
      const double dist = exact_sq_distance(x.row(i), c.row(j), c.cols());
      if (dist < best) {
        best = dist;
        arg = static_cast<int>(j);
      }
    }
    labels[static_cast<std::size_t>(i)] = arg;
  });
  return scores(x, labels, ctx);
}

}  // namespace metaul
