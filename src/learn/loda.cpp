#include "metaul/learn/loda.h"

#include <algorithm>
#include <cmath>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& LODA::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_bins", 10, "histogram bins per projection").at_least(2),
      ParamSpec::integer("n_random_cuts", 100, "number of sparse random projections").at_least(1),
      ParamSpec::contamination(),
      ParamSpec::seed(),
  };
  return table;
}

namespace {

double project(const LODA::Cut& cut, const float* row) {
  double v = 0;
  for (std::size_t k = 0; k < cut.features.size(); ++k) {
    v += cut.weights[k] * static_cast<double>(row[cut.features[k]]);
  }
  return v;
}

// PyOD's bin: searchsorted(edges[:n_bins - 1], v, side='left').
std::size_t bin_of(const LODA::Cut& cut, double v) {
  const auto last = cut.edges.begin() + static_cast<std::ptrdiff_t>(cut.probability.size() - 1);
  return static_cast<std::size_t>(std::lower_bound(cut.edges.begin(), last, v) - cut.edges.begin());
}

}  // namespace

void LODA::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  const Index n = x.rows(), d = x.cols();
  const auto bins = static_cast<std::size_t>(p_int("n_bins"));
  const Index k = p_int("n_random_cuts");
  const Index nonzero =
      std::max<Index>(1, static_cast<Index>(std::floor(std::sqrt(static_cast<double>(d)))));
  const Rng root(static_cast<std::uint64_t>(p_int("seed")));
  cuts_.assign(static_cast<std::size_t>(k), Cut{});
  parallel_for(ctx, k, [&](Index i) {
    Rng rng = root.split(static_cast<std::uint64_t>(i));
    Cut& cut = cuts_[static_cast<std::size_t>(i)];
    auto pos = rng.sample_without_replacement(d, nonzero);
    std::sort(pos.begin(), pos.end());
    for (auto p : pos) {
      cut.features.push_back(static_cast<std::int32_t>(p));
      cut.weights.push_back(rng.normal());
    }
    double lo = project(cut, x.row(0)), hi = lo;
    for (Index r = 1; r < n; ++r) {
      const double v = project(cut, x.row(r));
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    // numpy.linspace edges; numpy.histogram counts (left-closed bins, the last one closed).
    cut.edges.resize(bins + 1);
    const double step = (hi - lo) / static_cast<double>(bins);
    for (std::size_t b = 0; b < bins; ++b) cut.edges[b] = static_cast<double>(b) * step + lo;
    cut.edges[bins] = hi;
    std::vector<double> count(bins, 0.0);
    for (Index r = 0; r < n; ++r) {
      const double v = project(cut, x.row(r));
      auto b = static_cast<std::size_t>(std::upper_bound(cut.edges.begin(), cut.edges.end(), v) -
                                        cut.edges.begin());
      count[std::clamp<std::size_t>(b, 1, bins) - 1] += 1;
    }
    double total = 0;
    for (double& c : count) {
      c += 1e-12;
      total += c;
    }
    cut.probability.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) cut.probability[b] = count[b] / total;
  });
  n_features_ = d;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> LODA::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op);
  const double k = static_cast<double>(cuts_.size());
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index r) {
    double s = 0;
    for (const Cut& cut : cuts_) {
      const double v = project(cut, x.row(r));
      s += -(1.0 / k) * std::log(cut.probability[bin_of(cut, v)]);
    }
    out[static_cast<std::size_t>(r)] = s / k;
  });
  return out;
}

}  // namespace metaul
