#include "metaul/learn/hbos.h"

#include <algorithm>
#include <cmath>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& HBOS::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_bins", 10, "number of equal-width bins per feature").at_least(2),
      ParamSpec::real("alpha", 0.1, "regulariser added to the densities before the log")
          .greater_than(0),
      ParamSpec::real("tol", 0.5, "out-of-range values within tol x bin width use the edge bin")
          .at_least(0),
      ParamSpec::boolean("dynamic_bins", false,
                         "equal-count bins of n / n_bins sorted values instead of equal width"),
      ParamSpec::contamination(),
  };
  return table;
}

namespace {

// Goldstein & Dengel's dynamic bins for column j (see hbos.h).
void dynamic_histogram(MatrixView x, Index j, std::size_t bins, std::vector<double>& edges,
                       std::vector<double>& density) {
  const auto n = static_cast<std::size_t>(x.rows());
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = x(static_cast<Index>(i), j);
  std::sort(v.begin(), v.end());
  const std::size_t per_bin = std::max<std::size_t>(1, n / bins);
  std::vector<double> count;
  edges.clear();
  for (std::size_t i = 0; i < n;) {
    std::size_t e = std::min(i + per_bin, n);
    while (e < n && v[e] == v[e - 1]) ++e;  // equal values stay in one bin
    edges.push_back(v[i]);
    count.push_back(static_cast<double>(e - i));
    i = e;
  }
  edges.push_back(v[n - 1]);
  const std::size_t nb = count.size();
  const double fallback = v[n - 1] > v[0] ? (v[n - 1] - v[0]) / static_cast<double>(nb) : 1.0;
  density.resize(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    const double width = edges[b + 1] > edges[b] ? edges[b + 1] - edges[b] : fallback;
    density[b] = count[b] / static_cast<double>(n) / width;
  }
}

}  // namespace

void HBOS::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  const Index n = x.rows(), d = x.cols();
  const auto bins = static_cast<std::size_t>(p_int("n_bins"));
  edges_.assign(static_cast<std::size_t>(d), {});
  hist_.assign(static_cast<std::size_t>(d), {});
  const bool dynamic = p_bool("dynamic_bins");
  parallel_for(ctx, d, [&](Index j) {
    if (dynamic) {
      dynamic_histogram(x, j, bins, edges_[static_cast<std::size_t>(j)],
                        hist_[static_cast<std::size_t>(j)]);
      return;
    }
    double lo = x(0, j), hi = x(0, j);
    for (Index i = 1; i < n; ++i) {
      lo = std::min(lo, static_cast<double>(x(i, j)));
      hi = std::max(hi, static_cast<double>(x(i, j)));
    }
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    // numpy.linspace(lo, hi, bins + 1): start + k · ((hi − lo) / bins), last edge exact.
    auto& e = edges_[static_cast<std::size_t>(j)];
    e.resize(bins + 1);
    const double step = (hi - lo) / static_cast<double>(bins);
    for (std::size_t k = 0; k < bins; ++k) e[k] = static_cast<double>(k) * step + lo;
    e[bins] = hi;
    std::vector<double> count(bins, 0.0);
    for (Index i = 0; i < n; ++i) {
      const double v = x(i, j);
      auto b = static_cast<std::size_t>(std::upper_bound(e.begin(), e.end(), v) - e.begin());
      // upper_bound gives numpy.digitize(right=False); the last edge closes the last bin.
      b = std::clamp<std::size_t>(b, 1, bins) - 1;
      count[b] += 1;
    }
    auto& h = hist_[static_cast<std::size_t>(j)];
    h.resize(bins);
    for (std::size_t k = 0; k < bins; ++k) {
      h[k] = count[k] / static_cast<double>(n) / (e[k + 1] - e[k]);
    }
  });
  n_features_ = d;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> HBOS::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op);
  const double alpha = p_double("alpha"), tol = p_double("tol");
  // Per feature: log2(h + alpha) per bin and its minimum.
  std::vector<std::vector<double>> logs(static_cast<std::size_t>(n_features_));
  std::vector<double> min_log(static_cast<std::size_t>(n_features_));
  for (std::size_t j = 0; j < logs.size(); ++j) {
    for (double h : hist_[j]) logs[j].push_back(std::log2(h + alpha));
    min_log[j] = *std::min_element(logs[j].begin(), logs[j].end());
  }
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    double sum = 0;
    for (Index jj = 0; jj < n_features_; ++jj) {
      const auto j = static_cast<std::size_t>(jj);
      const auto& e = edges_[j];
      const std::size_t bins = e.size() - 1;
      const double v = x(i, jj);
      const auto b = static_cast<std::size_t>(std::upper_bound(e.begin(), e.end(), v) - e.begin());
      double term;
      if (b == 0) {
        term = (e[0] - v <= (e[1] - e[0]) * tol) ? logs[j][0] : min_log[j];
      } else if (b == bins + 1) {
        term = (v - e[bins] <= (e[bins] - e[bins - 1]) * tol) ? logs[j][bins - 1] : min_log[j];
      } else {
        term = logs[j][b - 1];
      }
      sum += term;
    }
    out[static_cast<std::size_t>(i)] = -sum;
  });
  return out;
}

}  // namespace metaul
