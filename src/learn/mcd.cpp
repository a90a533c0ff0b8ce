#include "metaul/learn/mcd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>
#include <Eigen/Dense>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& MCD::param_specs() {
  static const ParamTable table = {
      ParamSpec::real("support_fraction", 0.5,
                      "fraction of rows in the MCD support (none = (n + d + 1) / 2)")
          .greater_than(0)
          .at_most(1)
          .allow_none(true),
      ParamSpec::contamination(),
      ParamSpec::seed(),
  };
  return table;
}

namespace {

// Regularised lower incomplete gamma P(a, x) (series / continued fraction, Numerical Recipes).
double gamma_p(double a, double x) {
  if (x <= 0) return 0.0;
  const double lg = std::lgamma(a);
  if (x < a + 1) {
    double sum = 1.0 / a, term = sum, ap = a;
    for (int i = 0; i < 1000; ++i) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (std::abs(term) < std::abs(sum) * 1e-17) break;
    }
    return sum * std::exp(-x + a * std::log(x) - lg);
  }
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-17) break;
  }
  return 1.0 - std::exp(-x + a * std::log(x) - lg) * h;
}

struct Estimate {
  Eigen::VectorXd location;
  Eigen::MatrixXd precision;
  double log_det = 0;
  bool singular = false;
};

// Mean and biased covariance of the rows in `rows`; pseudo-inverse and log-determinant.
Estimate estimate(MatrixView x, const std::vector<Index>& rows) {
  const Index d = x.cols();
  Estimate e;
  e.location = Eigen::VectorXd::Zero(d);
  for (Index r : rows)
    for (Index j = 0; j < d; ++j) e.location(j) += x(r, j);
  e.location /= static_cast<double>(rows.size());
  Eigen::MatrixXd z(static_cast<Index>(rows.size()), d);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (Index j = 0; j < d; ++j) z(static_cast<Index>(r), j) = x(rows[r], j) - e.location(j);
  Eigen::MatrixXd cov = z.transpose() * z;
  cov /= static_cast<double>(rows.size());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  const Eigen::VectorXd& w = eig.eigenvalues();
  const double wmax = std::max(w.maxCoeff(), 0.0);
  const double cutoff = 1e-12 * wmax;
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(d);
  for (Index j = 0; j < d; ++j) {
    if (w(j) > cutoff && w(j) > 0) {
      inv(j) = 1.0 / w(j);
      e.log_det += std::log(w(j));
    } else {
      e.singular = true;
    }
  }
  if (e.singular) e.log_det = -std::numeric_limits<double>::infinity();
  e.precision = eig.eigenvectors() * inv.asDiagonal() * eig.eigenvectors().transpose();
  return e;
}

std::vector<double> sq_mahalanobis(MatrixView x, const Eigen::VectorXd& loc,
                                   const Eigen::MatrixXd& prec, const Context& ctx) {
  const Index d = x.cols();
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    Eigen::VectorXd c(d);
    for (Index j = 0; j < d; ++j) c(j) = x(i, j) - loc(j);
    out[static_cast<std::size_t>(i)] = std::max(0.0, c.dot(prec * c));
  });
  return out;
}

// The h rows of smallest distance (ties by row index, so the result is deterministic).
std::vector<Index> smallest(const std::vector<double>& dist, Index h) {
  std::vector<Index> idx(dist.size());
  std::iota(idx.begin(), idx.end(), Index{0});
  std::partial_sort(idx.begin(), idx.begin() + h, idx.end(), [&](Index a, Index b) {
    const double da = dist[static_cast<std::size_t>(a)], db = dist[static_cast<std::size_t>(b)];
    return da < db || (da == db && a < b);
  });
  idx.resize(static_cast<std::size_t>(h));
  std::sort(idx.begin(), idx.end());
  return idx;
}

struct Candidate {
  std::vector<Index> rows;
  Estimate est;
  std::vector<double> dist;
};

// C-steps from `rows` (at most `steps`, stopping when the determinant stops decreasing).
Candidate c_steps(MatrixView x, std::vector<Index> rows, Index h, int steps, const Context& ctx) {
  Candidate best{rows, estimate(x, rows), {}};
  best.dist = sq_mahalanobis(x, best.est.location, best.est.precision, ctx);
  for (int s = 0; s < steps && !best.est.singular; ++s) {
    std::vector<Index> next = smallest(best.dist, h);
    Estimate e = estimate(x, next);
    if (!(e.log_det < best.est.log_det) ||
        std::abs(e.log_det - best.est.log_det) <= 1e-8 + 1e-5 * std::abs(best.est.log_det)) {
      if (e.log_det < best.est.log_det) {
        best.rows = std::move(next);
        best.est = std::move(e);
        best.dist = sq_mahalanobis(x, best.est.location, best.est.precision, ctx);
      }
      break;
    }
    best.rows = std::move(next);
    best.est = std::move(e);
    best.dist = sq_mahalanobis(x, best.est.location, best.est.precision, ctx);
  }
  return best;
}

double median(std::vector<double> v) {
  const std::size_t n = v.size(), mid = n / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double hi = v[mid];
  if (n % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lo + hi);
}

}  // namespace

double MCD::chi2_isf(double q, double k) {
  // Bisection on the CDF P(k/2, x/2) = 1 − q: monotone and robust; 200 halvings reach the
  // double resolution.
  const double target = 1.0 - q;
  double lo = 0, hi = std::max(1.0, k);
  while (gamma_p(k / 2, hi / 2) < target) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (gamma_p(k / 2, mid / 2) < target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

void MCD::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 2);
  const Index n = x.rows(), d = x.cols();
  Index h = p_none("support_fraction")
                ? static_cast<Index>(std::ceil(0.5 * static_cast<double>(n + d + 1)))
                : static_cast<Index>(p_double("support_fraction") * static_cast<double>(n));
  h = std::clamp<Index>(h, std::min<Index>(d + 1, n), n);
  const Rng root(static_cast<std::uint64_t>(p_int("seed")));
  constexpr int kTrials = 30, kKeep = 10, kMaxSteps = 30;
  // Single-threaded inner loops per trial (the Mahalanobis passes are parallel).
  std::vector<Candidate> cands;
  for (int t = 0; t < kTrials; ++t) {
    Rng rng = root.split(static_cast<std::uint64_t>(t));
    auto start = rng.sample_without_replacement(n, h);
    std::vector<Index> rows(start.begin(), start.end());
    std::sort(rows.begin(), rows.end());
    cands.push_back(c_steps(x, std::move(rows), h, 2, ctx));
  }
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    return a.est.log_det < b.est.log_det;
  });
  cands.resize(std::min<std::size_t>(cands.size(), kKeep));
  Candidate best;
  bool have = false;
  for (auto& c : cands) {
    Candidate r = c_steps(x, c.rows, h, kMaxSteps, ctx);
    if (!have || r.est.log_det < best.est.log_det) {
      best = std::move(r);
      have = true;
    }
  }
  // Consistency correction of the raw estimate.
  std::vector<double> dist = best.dist;
  const double df = static_cast<double>(d);
  const double med = median(dist);
  const double correction = med / chi2_isf(0.5, df);
  if (correction > 0) {
    for (double& v : dist) v /= correction;
  }
  // Reweighting step.
  const double cut = chi2_isf(0.025, df);
  std::vector<Index> kept;
  support_.assign(static_cast<std::size_t>(n), 0);
  for (Index i = 0; i < n; ++i) {
    if (dist[static_cast<std::size_t>(i)] < cut) {
      kept.push_back(i);
      support_[static_cast<std::size_t>(i)] = 1;
    }
  }
  if (kept.empty()) {
    kept = best.rows;
    for (Index r : kept) support_[static_cast<std::size_t>(r)] = 1;
  }
  const Estimate fin = estimate(x, kept);
  location_.assign(fin.location.data(), fin.location.data() + d);
  precision_.assign(fin.precision.data(), fin.precision.data() + d * d);
  // Covariance for inspection (the estimate keeps only its pseudo-inverse).
  covariance_.assign(static_cast<std::size_t>(d * d), 0.0);
  for (Index r : kept) {
    for (Index a = 0; a < d; ++a)
      for (Index b = 0; b < d; ++b)
        covariance_[static_cast<std::size_t>(a * d + b)] +=
            (x(r, a) - location_[static_cast<std::size_t>(a)]) *
            (x(r, b) - location_[static_cast<std::size_t>(b)]);
  }
  for (double& v : covariance_) v /= static_cast<double>(kept.size());
  n_features_ = d;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> MCD::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op);
  const Index d = n_features_;
  const Eigen::Map<const Eigen::VectorXd> loc(location_.data(), d);
  const Eigen::Map<const Eigen::MatrixXd> prec(precision_.data(), d, d);
  return sq_mahalanobis(x, loc, prec, ctx);
}

}  // namespace metaul
