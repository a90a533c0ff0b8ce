#include "metaul/learn/inne.h"

#include <algorithm>
#include <limits>
#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/anomaly_common.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

const ParamTable& INNE::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_estimators", 200, "number of hypersphere sets").at_least(1),
      ParamSpec::integer("max_samples", 8, "centroids per set (capped at n_samples)").at_least(2),
      ParamSpec::seed(),
      ParamSpec::contamination(),
  };
  return table;
}

void INNE::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 2);
  const Index n = x.rows(), d = x.cols(), t_count = p_int("n_estimators");
  const Index psi = std::min<Index>(p_int("max_samples"), n);
  Rng master(static_cast<std::uint64_t>(p_int("seed")));
  std::vector<std::uint64_t> seeds(static_cast<std::size_t>(t_count));
  for (auto& s : seeds) s = master.next();
  const auto tp = static_cast<std::size_t>(t_count * psi);
  centroids_.assign(tp * static_cast<std::size_t>(d), 0.0f);
  radius_.assign(tp, 0.0);
  ratio_.assign(tp, 0.0);
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  parallel_for(ctx, t_count, [&](Index t) {
    Rng rng(seeds[static_cast<std::size_t>(t)]);
    const auto rows = rng.sample_without_replacement(n, psi);
    const std::size_t base = static_cast<std::size_t>(t * psi);
    float* c = &centroids_[base * static_cast<std::size_t>(d)];
    for (Index a = 0; a < psi; ++a) {
      for (Index j = 0; j < d; ++j) c[a * d + j] = x(rows[static_cast<std::size_t>(a)], j);
    }
    std::vector<Index> nn(static_cast<std::size_t>(psi));
    for (Index a = 0; a < psi; ++a) {
      double best = std::numeric_limits<double>::infinity();
      Index arg = 0;
      for (Index b = 0; b < psi; ++b) {
        if (b == a) continue;
        const double dist = exact_sq_distance(c + a * d, c + b * d, d);
        if (dist < best) {
          best = dist;
          arg = b;
        }
      }
      radius_[base + static_cast<std::size_t>(a)] = best;
      nn[static_cast<std::size_t>(a)] = arg;
    }
    for (Index a = 0; a < psi; ++a) {
      const double r = radius_[base + static_cast<std::size_t>(a)];
      const double rn = radius_[base + static_cast<std::size_t>(nn[static_cast<std::size_t>(a)])];
      ratio_[base + static_cast<std::size_t>(a)] = 1.0 - (rn + kEps) / (r + kEps);
    }
  });
  n_features_ = d;
  psi_ = psi;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> INNE::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op_name("score_samples"));
  const Index d = n_features_, psi = psi_;
  const Index t_count = static_cast<Index>(radius_.size()) / psi;
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    double sum = 0;
    for (Index t = 0; t < t_count; ++t) {
      const std::size_t base = static_cast<std::size_t>(t * psi);
      const float* c = &centroids_[base * static_cast<std::size_t>(d)];
      double best_r = std::numeric_limits<double>::infinity();
      double s = 1.0;
      for (Index a = 0; a < psi; ++a) {
        const double r = radius_[base + static_cast<std::size_t>(a)];
        if (r < best_r && exact_sq_distance(x.row(i), c + a * d, d) <= r) {
          best_r = r;
          s = ratio_[base + static_cast<std::size_t>(a)];
        }
      }
      sum += s;
    }
    out[static_cast<std::size_t>(i)] = sum / static_cast<double>(t_count);
  });
  return out;
}

}  // namespace metaul
