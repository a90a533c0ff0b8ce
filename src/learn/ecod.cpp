#include "metaul/learn/ecod.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {
namespace ecdf_detail {
namespace {

// Sign of scipy.stats.skew(v, bias=True), with nan_to_num's 0 for a (near-)constant column.
int skew_sign(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  double mean = 0;
  for (double t : v) mean += t;
  mean /= n;
  double m2 = 0, m3 = 0;
  for (double t : v) {
    const double c = t - mean;
    m2 += c * c;
    m3 += c * c * c;
  }
  m2 /= n;
  m3 /= n;
  // scipy treats m2 <= (eps_resolution · mean)² as a zero variance (skew NaN → 0).
  if (m2 <= (1e-15 * mean) * (1e-15 * mean)) return 0;
  const double s = m3 / std::pow(m2, 1.5);
  return (s > 0) - (s < 0);
}

}  // namespace

std::vector<double> ecdf_scores(MatrixView a, MatrixView b, Combine combine, const Context& ctx) {
  const Index na = a.rows(), nb = b.rows(), d = a.cols();
  const Index n_all = na + nb;
  const Index first = nb > 0 ? na : 0;
  const Index m = n_all - first;
  const double nd = static_cast<double>(n_all);
  // numpy.linspace(1/N, 1, N), the probabilities of PyOD's column_ecdf.
  std::vector<double> prob(static_cast<std::size_t>(n_all));
  const double step = n_all > 1 ? (1.0 - 1.0 / nd) / (nd - 1.0) : 0.0;
  for (Index k = 0; k < n_all; ++k)
    prob[static_cast<std::size_t>(k)] = static_cast<double>(k) * step + 1.0 / nd;
  prob.back() = 1.0;
  // Per-feature terms of the scored rows, summed per row in feature order afterwards.
  std::vector<double> terms(static_cast<std::size_t>(m * d));
  parallel_for(ctx, d, [&](Index j) {
    std::vector<double> v(static_cast<std::size_t>(n_all));
    for (Index i = 0; i < na; ++i) v[static_cast<std::size_t>(i)] = a(i, j);
    for (Index i = 0; i < nb; ++i) v[static_cast<std::size_t>(na + i)] = b(i, j);
    std::vector<Index> order(static_cast<std::size_t>(n_all));
    std::iota(order.begin(), order.end(), Index{0});
    std::sort(order.begin(), order.end(), [&](Index p, Index q) {
      return v[static_cast<std::size_t>(p)] < v[static_cast<std::size_t>(q)];
    });
    // left[i] = prob of the last position of x_i's tie group (#≤); right uses the first (#≥).
    std::vector<double> left(static_cast<std::size_t>(n_all)), right(left.size());
    for (Index g = 0; g < n_all;) {
      Index e = g;
      const double val = v[static_cast<std::size_t>(order[static_cast<std::size_t>(g)])];
      while (e < n_all && v[static_cast<std::size_t>(order[static_cast<std::size_t>(e)])] == val)
        ++e;
      const double pl = prob[static_cast<std::size_t>(e - 1)];
      const double pr = prob[static_cast<std::size_t>(n_all - 1 - g)];
      for (Index k = g; k < e; ++k) {
        left[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = pl;
        right[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])] = pr;
      }
      g = e;
    }
    const int s = skew_sign(v);
    for (Index i = first; i < n_all; ++i) {
      const double ul = -std::log(left[static_cast<std::size_t>(i)]);
      const double ur = -std::log(right[static_cast<std::size_t>(i)]);
      const double uskew = s < 0 ? ul : (s > 0 ? ur : ul + ur);
      const double o = combine == Combine::Ecod ? std::max(uskew, std::max(ul, ur))
                                                : std::max(uskew, (ul + ur) / 2.0);
      terms[static_cast<std::size_t>((i - first) * d + j)] = o;
    }
  });
  std::vector<double> out(static_cast<std::size_t>(m));
  parallel_for(ctx, m, [&](Index i) {
    double sum = 0;
    for (Index j = 0; j < d; ++j) sum += terms[static_cast<std::size_t>(i * d + j)];
    out[static_cast<std::size_t>(i)] = sum;
  });
  return out;
}

}  // namespace ecdf_detail

namespace {
std::vector<double> score_new(const Estimator& e, const Matrix& train, MatrixView x,
                              ecdf_detail::Combine combine, const Context& ctx) {
  const std::string op = e.name() + ".score_samples";
  anomaly_detail::check_predict_input(x, train.cols(), op);
  if (x.rows() == 0) return {};
  return ecdf_detail::ecdf_scores(train, x, combine, ctx);
}
}  // namespace

const ParamTable& ECOD::param_specs() {
  static const ParamTable table = {ParamSpec::contamination()};
  return table;
}

void ECOD::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  train_ = Matrix(x);
  training_scores_ = ecdf_detail::ecdf_scores(x, MatrixView(), ecdf_detail::Combine::Ecod, ctx);
  set_fitted(true);
}

std::vector<double> ECOD::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  return score_new(*this, train_, x, ecdf_detail::Combine::Ecod, ctx);
}

const ParamTable& COPOD::param_specs() {
  static const ParamTable table = {ParamSpec::contamination()};
  return table;
}

void COPOD::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  train_ = Matrix(x);
  training_scores_ = ecdf_detail::ecdf_scores(x, MatrixView(), ecdf_detail::Combine::Copod, ctx);
  set_fitted(true);
}

std::vector<double> COPOD::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  return score_new(*this, train_, x, ecdf_detail::Combine::Copod, ctx);
}

}  // namespace metaul
