#include "metaul/learn/abod.h"

#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& ABOD::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_neighbors", 10, "number of neighbours k whose angles are used")
          .at_least(1),
      ParamSpec::choice("algorithm", "auto", {"auto", "brute", "kd_tree"},
                        "neighbour index (all exact)"),
      ParamSpec::contamination(),
  };
  return table;
}

std::vector<double> ABOD::scores(MatrixView q, const KnnResult& r, const Context& ctx) const {
  const Index d = q.cols(), k = r.k;
  const MatrixView x = train_->view();
  std::vector<double> out(static_cast<std::size_t>(q.rows()));
  parallel_for(ctx, q.rows(), [&](Index i) {
    // Differences a − p in double; rows equal to p are skipped (no angle).
    std::vector<double> diff(static_cast<std::size_t>(k * d));
    std::vector<double> sq(static_cast<std::size_t>(k));
    std::vector<char> same(static_cast<std::size_t>(k));
    for (Index a = 0; a < k; ++a) {
      const Index ia = r.index(i, a);
      double s = 0;
      bool eq = true;
      for (Index j = 0; j < d; ++j) {
        const double t = static_cast<double>(x(ia, j)) - static_cast<double>(q(i, j));
        diff[static_cast<std::size_t>(a * d + j)] = t;
        s += t * t;
        eq = eq && x(ia, j) == q(i, j);
      }
      sq[static_cast<std::size_t>(a)] = s;
      same[static_cast<std::size_t>(a)] = eq ? 1 : 0;
    }
    // Two-pass population variance, pairs in PyOD's itertools.combinations order.
    std::vector<double> w;
    w.reserve(static_cast<std::size_t>(k * (k - 1) / 2));
    for (Index a = 0; a < k; ++a) {
      if (same[static_cast<std::size_t>(a)]) continue;
      for (Index b = a + 1; b < k; ++b) {
        if (same[static_cast<std::size_t>(b)]) continue;
        double dot = 0;
        for (Index j = 0; j < d; ++j) {
          dot +=
              diff[static_cast<std::size_t>(a * d + j)] * diff[static_cast<std::size_t>(b * d + j)];
        }
        w.push_back(dot / sq[static_cast<std::size_t>(a)] / sq[static_cast<std::size_t>(b)]);
      }
    }
    double var = 0;
    if (!w.empty()) {
      double mean = 0;
      for (double v : w) mean += v;
      mean /= static_cast<double>(w.size());
      for (double v : w) var += (v - mean) * (v - mean);
      var /= static_cast<double>(w.size());
    }
    out[static_cast<std::size_t>(i)] = -var;
  });
  return out;
}

void ABOD::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  const Index k = p_int("n_neighbors");
  auto fitted = anomaly_detail::fit_training_neighbors(x, k, p_string("algorithm"), ctx, op);
  const KnnResult& r = fitted.neighbors;
  auto train = std::move(fitted.train);
  auto index = std::move(fitted.index);
  train_ = std::move(train);
  index_ = std::move(index);
  training_scores_ = scores(train_->view(), r, ctx);
  set_fitted(true);
}

std::vector<double> ABOD::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  anomaly_detail::check_predict_input(x, train_->cols(), op_name("score_samples"));
  if (x.rows() == 0) return {};
  return scores(x, index_->query(x, p_int("n_neighbors"), ctx), ctx);
}

}  // namespace metaul
