#include "metaul/learn/mcd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>

#include <fmt/format.h>
#include <Eigen/Dense>

#include "metaul/core/blas.h"
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

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A location/scatter estimate from an h-subset. `whiten` is L⁻¹ (cov = L Lᵀ) when the
// covariance is positive definite, else the pseudo-inverse of the covariance (`singular`).
struct Fit {
  Eigen::VectorXd location;
  Eigen::MatrixXd whiten;
  Eigen::MatrixXd cov;  // kept while singular and `whiten` not yet computed
  double log_det = 0;
  bool singular = false;
};

// Pseudo-inverse like scipy.linalg.pinvh: eigenvalues ≤ 1e-12 · largest are dropped.
Eigen::MatrixXd pinvh(const Eigen::MatrixXd& cov, bool* singular) {
  const Index d = cov.rows();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  const Eigen::VectorXd& w = eig.eigenvalues();
  const double cutoff = 1e-12 * std::max(w.maxCoeff(), 0.0);
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(d);
  if (singular) *singular = false;
  for (Index j = 0; j < d; ++j) {
    if (w(j) > cutoff && w(j) > 0) {
      inv(j) = 1.0 / w(j);
    } else if (singular) {
      *singular = true;
    }
  }
  return eig.eigenvectors() * inv.asDiagonal() * eig.eigenvectors().transpose();
}

// The kernels run inside parallel_for over candidates or row blocks: BLAS on one thread.
const Context& serial_context() {
  static const Context ctx = [] {
    Context c;
    c.threads = 1;
    return c;
  }();
  return ctx;
}

// Mean and biased covariance (lower triangle filled, then symmetrised) of the rows `rows`.
void mean_cov(const RowMat& x, const std::vector<Index>& rows, Eigen::VectorXd* loc,
              Eigen::MatrixXd* cov) {
  const Index d = x.cols(), h = static_cast<Index>(rows.size());
  loc->setZero(d);
  for (Index r : rows) *loc += x.row(r).transpose();
  *loc /= static_cast<double>(h);
  // Column-major h × d, i.e. row-major d × h: cov = Zᵀ Z / h is one GEMM.
  Eigen::MatrixXd z(h, d);
  for (Index i = 0; i < h; ++i)
    z.row(i) = x.row(rows[static_cast<std::size_t>(i)]) - loc->transpose();
  cov->resize(d, d);
  blas::dgemm_nt(serial_context(), d, d, h, 1.0 / static_cast<double>(h), z.data(), h, z.data(), h,
                 0.0, cov->data(), d);
  *cov = cov->selfadjointView<Eigen::Lower>();
}

// Raw estimate of an h-subset for the C-steps. The log-determinant comes from a Cholesky
// factorisation; a covariance that is not numerically positive definite (a pivot below
// 1e-12 × the largest variance, e.g. a constant column or h ≤ d) is singular: log det = −∞,
// and distances use its pseudo-inverse, as scikit-learn does (fast_logdet = −∞ → pinvh).
Fit estimate(const RowMat& x, const std::vector<Index>& rows) {
  const Index d = x.cols();
  Fit f;
  Eigen::MatrixXd cov;
  mean_cov(x, rows, &f.location, &cov);
  const double scale = cov.diagonal().maxCoeff();
  Eigen::LLT<Eigen::MatrixXd> llt(cov);
  bool ok = llt.info() == Eigen::Success && scale > 0 && std::isfinite(scale);
  if (ok) {
    const Eigen::MatrixXd l = llt.matrixL();
    for (Index j = 0; j < d && ok; ++j) ok = l(j, j) * l(j, j) > 1e-12 * scale;
    if (ok) {
      for (Index j = 0; j < d; ++j) f.log_det += 2.0 * std::log(l(j, j));
      f.whiten = llt.matrixL().solve(Eigen::MatrixXd::Identity(d, d));
      f.whiten.triangularView<Eigen::StrictlyUpper>().setZero();
      return f;
    }
  }
  f.singular = true;
  f.log_det = -std::numeric_limits<double>::infinity();
  f.cov = std::move(cov);
  return f;
}

// The pseudo-inverse of a singular estimate is only computed when its distances are needed
// (an eigendecomposition: the expensive part for wide, rank-deficient data).
void finish(Fit* f) {
  if (f->singular && f->whiten.size() == 0) {
    f->whiten = pinvh(f->cov, nullptr);
    f->cov.resize(0, 0);
  }
}

constexpr Index kBlock = 256;

// Squared Mahalanobis distances of rows [begin, end) of x: one GEMM per block of rows.
void distances_range(const RowMat& x, const Eigen::VectorXd& loc, const Eigen::MatrixXd& w,
                     bool pinv, Index begin, Index end, double* out) {
  const Index len = end - begin;
  const Index d = x.cols();
  const RowMat z = x.middleRows(begin, len).rowwise() - loc.transpose();
  // Column-major w is row-major wᵀ: t = z wᵀ (L⁻¹ case) or z w (symmetric pseudo-inverse).
  RowMat t(len, d);
  blas::dgemm_nn(serial_context(), len, d, d, 1.0, z.data(), d, w.data(), d, 0.0, t.data(), d);
  if (!pinv) {
    for (Index i = 0; i < len; ++i) out[i] = t.row(i).squaredNorm();
  } else {
    for (Index i = 0; i < len; ++i) out[i] = std::max(0.0, t.row(i).dot(z.row(i)));
  }
}

std::vector<double> distances(const RowMat& x, Fit& f) {
  finish(&f);
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  for (Index b = 0; b < block_count(x.rows(), kBlock); ++b) {
    const auto [lo, hi] = block_range(x.rows(), kBlock, b);
    distances_range(x, f.location, f.whiten, f.singular, lo, hi, out.data() + lo);
  }
  return out;
}

// The h rows of smallest distance (ties by row index, so the set is deterministic), sorted.
std::vector<Index> smallest(const std::vector<double>& dist, Index h) {
  std::vector<Index> idx(dist.size());
  std::iota(idx.begin(), idx.end(), Index{0});
  if (h < static_cast<Index>(idx.size())) {
    std::nth_element(idx.begin(), idx.begin() + h, idx.end(), [&](Index a, Index b) {
      const double da = dist[static_cast<std::size_t>(a)], db = dist[static_cast<std::size_t>(b)];
      return da < db || (da == db && a < b);
    });
    idx.resize(static_cast<std::size_t>(h));
  }
  std::sort(idx.begin(), idx.end());
  return idx;
}

struct Candidate {
  std::vector<Index> rows;
  Fit est;
  std::vector<double> dist;
};

// C-steps from `rows` (at most `steps`, stopping when the determinant stops decreasing or the
// support is singular).
Candidate c_steps(const RowMat& x, std::vector<Index> rows, Index h, int steps) {
  Candidate best{rows, estimate(x, rows), {}};
  if (best.est.singular || steps == 0) return best;  // distances computed when needed
  best.dist = distances(x, best.est);
  for (int s = 0; s < steps && !best.est.singular; ++s) {
    std::vector<Index> next = smallest(best.dist, h);
    Fit e = estimate(x, next);
    const bool converged =
        !(e.log_det < best.est.log_det) ||
        std::abs(e.log_det - best.est.log_det) <= 1e-8 + 1e-5 * std::abs(best.est.log_det);
    if (converged && !(e.log_det < best.est.log_det)) break;
    best.rows = std::move(next);
    best.est = std::move(e);
    best.dist.clear();
    if (converged || best.est.singular) break;
    best.dist = distances(x, best.est);
  }
  return best;
}

// C-steps on `x` starting from an estimate obtained elsewhere (its h nearest rows of x).
Candidate c_steps_from(const RowMat& x, Fit start, Index h, int steps) {
  return c_steps(x, smallest(distances(x, start), h), h, steps);
}

// Random h-subsets of x (trial t uses root.split(first_stream + t)), refined with 2 C-steps.
std::vector<Candidate> random_starts(const RowMat& x, Index h, int trials,
                                     std::uint64_t first_stream, const Rng& root,
                                     const Context& ctx) {
  std::vector<Candidate> out(static_cast<std::size_t>(trials));
  parallel_for(ctx, trials, [&](Index t) {
    Rng rng = root.split(first_stream + static_cast<std::uint64_t>(t));
    const auto start = rng.sample_without_replacement(x.rows(), h);
    std::vector<Index> rows(start.begin(), start.end());
    std::sort(rows.begin(), rows.end());
    out[static_cast<std::size_t>(t)] = c_steps(x, std::move(rows), h, 2);
  });
  return out;
}

// The `keep` candidates of lowest determinant (stable: ties keep their order).
void keep_best(std::vector<Candidate>* c, std::size_t keep) {
  std::stable_sort(c->begin(), c->end(), [](const Candidate& a, const Candidate& b) {
    return a.est.log_det < b.est.log_det;
  });
  if (c->size() > keep) c->resize(keep);
}

RowMat gather(const RowMat& x, const std::vector<Index>& rows) {
  RowMat out(static_cast<Index>(rows.size()), x.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Index>(i)) = x.row(rows[i]);
  return out;
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
  constexpr int kTrials = 30, kKeep = 10, kMaxSteps = 30, kMaxSubsets = 5;
  constexpr Index kSubsetSize = 300, kMergedSize = 1500;
  constexpr std::uint64_t kShuffleStream = std::uint64_t{1} << 32;
  RowMat xd(n, d);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < d; ++j) xd(i, j) = x(i, j);

  // h scaled to a subset of m rows, as scikit-learn's h_subset / h_merged.
  const auto scaled_h = [&](Index m) {
    return static_cast<Index>(
        std::ceil(static_cast<double>(m) * (static_cast<double>(h) / static_cast<double>(n))));
  };
  const Index n_merged = std::min(kMergedSize, n), h_merged = scaled_h(n_merged);
  std::vector<Index> all(static_cast<std::size_t>(n));
  std::iota(all.begin(), all.end(), Index{0});
  std::vector<Candidate> cands;
  if (h == n) {
    // The only h-subset is the whole table.
    cands.push_back(c_steps(xd, all, h, 0));
  } else if (estimate(xd, all).singular) {
    // Rank-deficient data (constant or collinear columns, d ≥ n): every h-subset is singular,
    // so every start stops at once with log det = −∞, as in scikit-learn, and the first one
    // wins. As there, its h nearest rows on the full data give the support.
    Rng rng = root.split(0);
    const auto start = rng.sample_without_replacement(n, h);
    std::vector<Index> rows(start.begin(), start.end());
    std::sort(rows.begin(), rows.end());
    cands.push_back(c_steps_from(xd, c_steps(xd, std::move(rows), h, 2).est, h, kMaxSteps));
  } else if (n > 500 && d > 1 && h_merged > d) {
    // Large n (scikit-learn's fast_mcd): random starts in up to 5 disjoint subsets of 300 rows,
    // their best candidates refined on a merged subset of up to 1500 rows, the 10 best of those
    // iterated on the full data.
    const Index n_subsets = std::min<Index>(kMaxSubsets, n / kSubsetSize);
    const Index h_sub = scaled_h(kSubsetSize);
    std::vector<Index> perm(static_cast<std::size_t>(n));
    std::iota(perm.begin(), perm.end(), Index{0});
    Rng shuffle_rng = root.split(kShuffleStream);
    shuffle_rng.shuffle(std::span<Index>(perm));
    std::vector<Fit> pool;
    if (h_sub > d) {
      const int per_subset = std::max<int>(1, kTrials / static_cast<int>(n_subsets));
      std::vector<RowMat> subsets;
      for (Index s = 0; s < n_subsets; ++s) {
        std::vector<Index> rows(perm.begin() + s * kSubsetSize,
                                perm.begin() + (s + 1) * kSubsetSize);
        subsets.push_back(gather(xd, rows));
      }
      const Index tasks = n_subsets * per_subset;
      std::vector<Candidate> found(static_cast<std::size_t>(tasks));
      parallel_for(ctx, tasks, [&](Index t) {
        const RowMat& xs = subsets[static_cast<std::size_t>(t / per_subset)];
        Rng rng = root.split(static_cast<std::uint64_t>(t));
        const auto start = rng.sample_without_replacement(kSubsetSize, h_sub);
        std::vector<Index> rows(start.begin(), start.end());
        std::sort(rows.begin(), rows.end());
        found[static_cast<std::size_t>(t)] = c_steps(xs, std::move(rows), h_sub, 2);
      });
      for (Index s = 0; s < n_subsets; ++s) {
        std::vector<Candidate> sub(std::make_move_iterator(found.begin() + s * per_subset),
                                   std::make_move_iterator(found.begin() + (s + 1) * per_subset));
        keep_best(&sub, kKeep);
        for (auto& c : sub) pool.push_back(std::move(c.est));
      }
    }
    // Merged subset: a second seeded permutation's first n_merged rows.
    std::vector<Index> merged(static_cast<std::size_t>(n));
    std::iota(merged.begin(), merged.end(), Index{0});
    Rng merge_rng = root.split(kShuffleStream + 1);
    merge_rng.shuffle(std::span<Index>(merged));
    merged.resize(static_cast<std::size_t>(n_merged));
    std::sort(merged.begin(), merged.end());
    const RowMat xm = gather(xd, merged);
    std::vector<Candidate> refined;
    if (pool.empty()) {
      // Subsets too small for a regular covariance (h_sub ≤ d): start in the merged subset.
      refined = random_starts(xm, h_merged, kTrials, 0, root, ctx);
    } else {
      refined.resize(pool.size());
      parallel_for(ctx, static_cast<Index>(pool.size()), [&](Index i) {
        refined[static_cast<std::size_t>(i)] =
            c_steps_from(xm, pool[static_cast<std::size_t>(i)], h_merged, 2);
      });
    }
    keep_best(&refined, kKeep);
    cands.resize(refined.size());
    parallel_for(ctx, static_cast<Index>(refined.size()), [&](Index i) {
      cands[static_cast<std::size_t>(i)] =
          c_steps_from(xd, refined[static_cast<std::size_t>(i)].est, h, kMaxSteps);
    });
  } else {
    cands = random_starts(xd, h, kTrials, 0, root, ctx);
    keep_best(&cands, kKeep);
    parallel_for(ctx, static_cast<Index>(cands.size()), [&](Index i) {
      auto& c = cands[static_cast<std::size_t>(i)];
      c = c_steps(xd, c.rows, h, kMaxSteps);
    });
  }
  std::size_t best_i = 0;
  for (std::size_t i = 1; i < cands.size(); ++i)
    if (cands[i].est.log_det < cands[best_i].est.log_det) best_i = i;
  Candidate& best = cands[best_i];
  if (best.dist.empty()) best.dist = distances(xd, best.est);

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
  Eigen::VectorXd loc;
  Eigen::MatrixXd cov;
  mean_cov(xd, kept, &loc, &cov);
  const Eigen::MatrixXd prec = pinvh(cov, nullptr);
  location_.assign(loc.data(), loc.data() + d);
  covariance_.assign(cov.data(), cov.data() + d * d);
  precision_.assign(prec.data(), prec.data() + d * d);
  n_features_ = d;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> MCD::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op);
  const Index n = x.rows(), d = n_features_;
  const Eigen::Map<const Eigen::VectorXd> loc(location_.data(), d);
  const Eigen::Map<const Eigen::MatrixXd> prec(precision_.data(), d, d);
  const Eigen::VectorXd l = loc;
  const Eigen::MatrixXd p = prec;
  std::vector<double> out(static_cast<std::size_t>(n));
  parallel_for(ctx, block_count(n, kBlock), [&](Index b) {
    const auto [lo, hi] = block_range(n, kBlock, b);
    RowMat xb(hi - lo, d);
    for (Index i = lo; i < hi; ++i)
      for (Index j = 0; j < d; ++j) xb(i - lo, j) = x(i, j);
    distances_range(xb, l, p, true, 0, hi - lo, out.data() + lo);
  });
  return out;
}

}  // namespace metaul
