#include "metaul/learn/gmm.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numbers>
#include <numeric>

#include <fmt/format.h>
#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "metaul/core/blas.h"
#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/kmeans.h"

namespace metaul {

const ParamTable& GaussianMixture::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_components", 1, "number of mixture components k").at_least(1),
      ParamSpec::choice("covariance_type", "full", {"full", "tied", "diag", "spherical"},
                        "covariance per component: full, shared (tied), diagonal or one variance"),
      ParamSpec::real("tol", 1e-3, "stop when the mean log-likelihood changes by less than tol")
          .at_least(0),
      ParamSpec::real("reg_covar", 1e-6, "added to the diagonal of every covariance").at_least(0),
      ParamSpec::integer("max_iter", 100, "maximum EM iterations per run").at_least(1),
      ParamSpec::integer("n_init", 1, "independent runs; the highest lower bound is kept")
          .at_least(1),
      ParamSpec::choice("init_params", "kmeans", {"kmeans", "random", "given"},
                        "initial responsibilities: k-means labels, random, or "
                        "set_initial_parameters"),
      ParamSpec::seed(),
  };
  return table;
}

namespace {

enum class CovType { Full, Tied, Diag, Spherical };

CovType cov_type_from(const std::string& s) {
  if (s == "full") return CovType::Full;
  if (s == "tied") return CovType::Tied;
  if (s == "diag") return CovType::Diag;
  return CovType::Spherical;
}

// Rows per DGEMM block: the F x rows feature block stays within about 1 MiB (256 rows for
// d <= 16), at least 16 rows. Chunks of 4 blocks are the unit of parallel work and of the
// ordered reductions. Both depend only on the number of features, never on the thread count.
Index block_rows(Index f) { return std::clamp<Index>((Index{1} << 17) / f, 16, 256); }
constexpr Index kBlocksPerChunk = 4;

// The per-row features whose linear combinations give every log-density:
// [1, x_1..x_d, quadratic terms], x centred by the training column means.
// full/tied: x_i x_j for i <= j; diag: x_i^2; spherical: |x|^2.
Index feature_count(CovType type, Index d) {
  switch (type) {
    case CovType::Full:
    case CovType::Tied:
      return 1 + d + d * (d + 1) / 2;
    case CovType::Diag:
      return 1 + 2 * d;
    case CovType::Spherical:
      return 2 + d;
  }
  return 0;
}

Index cov_size(CovType type, Index k, Index d) {
  switch (type) {
    case CovType::Full:
      return k * d * d;
    case CovType::Tied:
      return d * d;
    case CovType::Diag:
      return k * d;
    case CovType::Spherical:
      return k;
  }
  return 0;
}

// zt is F × b (row stride b): feature f of row r at zt[f * b + r]. Rows 1..d hold the centred
// coordinates (transposed), which the exact path also reads; `quadratic` adds the rest.
void build_features(MatrixView x, const double* center, Index begin, Index end, CovType type,
                    bool quadratic, double* zt) {
  const Index b = end - begin, d = x.cols();
  std::fill(zt, zt + b, 1.0);
  for (Index r = 0; r < b; ++r) {
    const float* row = x.row(begin + r);
    for (Index j = 0; j < d; ++j) zt[(1 + j) * b + r] = static_cast<double>(row[j]) - center[j];
  }
  if (!quadratic) return;
  double* q = zt + (1 + d) * b;
  if (type == CovType::Full || type == CovType::Tied) {
    for (Index i = 0; i < d; ++i) {
      const double* xi = zt + (1 + i) * b;
      for (Index j = i; j < d; ++j) {
        const double* xj = zt + (1 + j) * b;
        for (Index r = 0; r < b; ++r) q[r] = xi[r] * xj[r];
        q += b;
      }
    }
  } else if (type == CovType::Diag) {
    for (Index i = 0; i < d; ++i) {
      const double* xi = zt + (1 + i) * b;
      for (Index r = 0; r < b; ++r) q[r] = xi[r] * xi[r];
      q += b;
    }
  } else {
    std::fill(q, q + b, 0.0);
    for (Index i = 0; i < d; ++i) {
      const double* xi = zt + (1 + i) * b;
      for (Index r = 0; r < b; ++r) q[r] += xi[r] * xi[r];
    }
  }
}

using MatX = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Parameters in the centred frame, plus what the two E-step paths need.
struct Model {
  std::vector<double> weights, means, covariances;
  // U with U Uᵀ = precision (full/tied: d × d row-major per matrix; diag/spherical: sqrt).
  std::vector<double> prec_chol;
  std::vector<double> coef;    // k × F, for the feature (GEMM) path
  std::vector<double> ut;      // Uᵀ per matrix, for the exact path
  std::vector<double> lconst;  // k: -0.5 d log 2pi + log det U + log w
  double max_trace = 0;        // largest trace of a precision
};

// The feature path expands (x - mu)' P (x - mu); its rounding error grows like
// eps * |x|^2 * |P|, which can swamp the result for tight components far from the data centre.
// Past this bound the exact path (explicit x - mu, scikit-learn's way) is used instead.
bool needs_exact(const Model& m, double radius2) {
  return 4 * std::numeric_limits<double>::epsilon() * m.max_trace * radius2 > 1e-7;
}

// Coefficients of the weighted log-density log w_c + log N(x | mu_c, P_c^-1) over the features:
// -0.5 (d log 2pi + (x - mu)' P (x - mu)) + log det U + log w, expanded in x.
void prepare_e_step(Model& m, CovType type, Index k, Index d, const std::vector<MatX>& precisions,
                    const std::vector<double>& log_det) {
  const Index f = feature_count(type, d);
  m.coef.assign(static_cast<std::size_t>(k * f), 0.0);
  m.lconst.assign(static_cast<std::size_t>(k), 0.0);
  const double log_2pi = std::log(2.0 * std::numbers::pi);
  m.max_trace = 0;
  for (const MatX& p : precisions) m.max_trace = std::max(m.max_trace, p.trace());
  for (Index c = 0; c < k; ++c) {
    const std::size_t mat = type == CovType::Tied ? 0 : static_cast<std::size_t>(c);
    const MatX& p = precisions[mat];
    Eigen::Map<const Eigen::VectorXd> mu(m.means.data() + c * d, d);
    Eigen::VectorXd pm = p * mu;
    m.lconst[c] = -0.5 * static_cast<double>(d) * log_2pi + log_det[mat] +
                  std::log(m.weights[static_cast<std::size_t>(c)]);
    double* row = m.coef.data() + c * f;
    row[0] = m.lconst[c] - 0.5 * mu.dot(pm);
    for (Index i = 0; i < d; ++i) row[1 + i] = pm(i);
    double* q = row + 1 + d;
    if (type == CovType::Full || type == CovType::Tied) {
      for (Index i = 0; i < d; ++i) {
        for (Index j = i; j < d; ++j) *q++ = i == j ? -0.5 * p(i, i) : -p(i, j);
      }
    } else if (type == CovType::Diag) {
      for (Index i = 0; i < d; ++i) q[i] = -0.5 * p(i, i);
    } else {
      q[0] = -0.5 * p(0, 0);
    }
  }
  m.ut.clear();
  if (type == CovType::Full || type == CovType::Tied) {
    const Index mats = type == CovType::Tied ? 1 : k;
    m.ut.resize(static_cast<std::size_t>(mats * d * d));
    for (Index c = 0; c < mats; ++c) {
      Eigen::Map<MatX>(m.ut.data() + c * d * d, d, d) =
          Eigen::Map<const MatX>(m.prec_chol.data() + c * d * d, d, d).transpose();
    }
  }
}

// Fills rt (k × b, row stride b) with the responsibilities of rows [begin, end).
using RespFn = std::function<void(Index begin, Index end, double* rt)>;

struct PassRequest {
  const Model* model = nullptr;  // E-step from this model when resp is empty
  bool exact = false;            // E-step by the exact path
  RespFn resp;                   // given responsibilities (initialisation)
  bool stats = false;            // accumulate k × F sufficient statistics
  // When set: accumulate the scatter sum_r resp * (x - mu_c)(x - mu_c)' around these centred
  // means (k × d × d for full/tied, k × d diagonals for diag/spherical) instead of the stats.
  const std::vector<double>* scatter_means = nullptr;
  int* labels = nullptr;       // n argmax of the posterior
  float* proba = nullptr;      // n × k posterior
  double* log_norm = nullptr;  // n log p(x)
};

struct PassResult {
  std::vector<double> stats;  // k × F (sum_r resp[r,c] * z[r,f]) or the scatter
  double sum_log_norm = 0;
};

// Weighted log-densities of one block by the exact path: for each component, D = X - mu and
// Y = Uᵀ D (one small DGEMM for full/tied), log p = lconst - 0.5 |Y|^2.
void exact_log_prob(const Model& m, CovType type, Index k, Index d, Index b, const double* xt,
                    const Context& serial, double* dt, double* yt, double* logp) {
  for (Index c = 0; c < k; ++c) {
    const double* mu = m.means.data() + c * d;
    double* lp = logp + c * b;
    std::fill(lp, lp + b, 0.0);
    if (type == CovType::Full || type == CovType::Tied) {
      for (Index j = 0; j < d; ++j) {
        for (Index r = 0; r < b; ++r) dt[j * b + r] = xt[j * b + r] - mu[j];
      }
      const double* ut = m.ut.data() + (type == CovType::Tied ? 0 : c * d * d);
      blas::dgemm_nn(serial, d, b, d, 1.0, ut, d, dt, b, 0.0, yt, b);
      for (Index j = 0; j < d; ++j) {
        for (Index r = 0; r < b; ++r) lp[r] += yt[j * b + r] * yt[j * b + r];
      }
    } else {
      for (Index j = 0; j < d; ++j) {
        const double pc = type == CovType::Diag ? m.prec_chol[c * d + j] : m.prec_chol[c];
        for (Index r = 0; r < b; ++r) {
          const double t = (xt[j * b + r] - mu[j]) * pc;
          lp[r] += t * t;
        }
      }
    }
    for (Index r = 0; r < b; ++r) lp[r] = m.lconst[c] - 0.5 * lp[r];
  }
}

// One pass over X in fixed chunks of rows: E-step (or given responsibilities) and, optionally,
// the sufficient statistics of the M-step (DGEMMs on the feature block) or the exact scatter.
PassResult run_pass(MatrixView x, const std::vector<double>& center, CovType type, Index k,
                    const PassRequest& req, const Context& ctx) {
  const Index n = x.rows(), d = x.cols();
  const Index f = feature_count(type, d);
  const bool scatter = req.scatter_means != nullptr;
  const bool e_step = !req.resp;
  const bool quadratic = (e_step && !req.exact) || (req.stats && !scatter);
  const Index out_size = !scatter                                           ? k * f
                         : (type == CovType::Full || type == CovType::Tied) ? k * d * d
                                                                            : k * d;
  const bool accumulate = req.stats || scatter;
  const Index block = block_rows(f), chunk_rows = kBlocksPerChunk * block;
  const Index chunks = block_count(n, chunk_rows);
  std::vector<double> chunk_out(accumulate ? static_cast<std::size_t>(chunks * out_size) : 0, 0.0);
  std::vector<double> chunk_log(static_cast<std::size_t>(chunks), 0.0);
  // Each block's BLAS call runs on one thread; the parallelism is over chunks.
  Context serial;
  serial.threads = 1;
  blas::set_threads(1);
  parallel_for_dynamic(ctx, chunks, [&](Index ch) {
    std::vector<double> zt(static_cast<std::size_t>((quadratic ? f : 1 + d) * block));
    std::vector<double> logp(static_cast<std::size_t>(k * block));
    std::vector<double> rt(static_cast<std::size_t>(k * block));
    std::vector<double> mx(static_cast<std::size_t>(block)), sum(static_cast<std::size_t>(block));
    std::vector<double> dt, yt;
    if (req.exact || scatter) {
      dt.resize(static_cast<std::size_t>(d * block));
      yt.resize(static_cast<std::size_t>(d * block));
    }
    double* out = accumulate ? chunk_out.data() + ch * out_size : nullptr;
    double log_total = 0;
    const auto [cb, ce] = block_range(n, chunk_rows, ch);
    for (Index begin = cb; begin < ce; begin += block) {
      const Index end = std::min(ce, begin + block), b = end - begin;
      build_features(x, center.data(), begin, end, type, quadratic, zt.data());
      const double* xt = zt.data() + b;
      if (!e_step) {
        req.resp(begin, end, rt.data());
      } else {
        if (req.exact) {
          exact_log_prob(*req.model, type, k, d, b, xt, serial, dt.data(), yt.data(), logp.data());
        } else {
          blas::dgemm_nn(serial, k, b, f, 1.0, req.model->coef.data(), f, zt.data(), b, 0.0,
                         logp.data(), b);
        }
        std::fill(mx.begin(), mx.begin() + b, -std::numeric_limits<double>::infinity());
        std::fill(sum.begin(), sum.begin() + b, 0.0);
        for (Index c = 0; c < k; ++c) {
          const double* lp = logp.data() + c * b;
          for (Index r = 0; r < b; ++r) mx[r] = std::max(mx[r], lp[r]);
        }
        for (Index c = 0; c < k; ++c) {
          const double* lp = logp.data() + c * b;
          double* o = rt.data() + c * b;
          for (Index r = 0; r < b; ++r) {
            // exp underflows to exactly 0 below -745; skipping it there is exact and avoids
            // the slow underflow path of exp.
            const double t = lp[r] - mx[r];
            o[r] = t < -746.0 ? 0.0 : std::exp(t);
            sum[r] += o[r];
          }
        }
        for (Index r = 0; r < b; ++r) {
          const double lse = mx[r] + std::log(sum[r]);
          log_total += lse;
          if (req.log_norm) req.log_norm[begin + r] = lse;
          sum[r] = 1.0 / sum[r];
        }
        for (Index c = 0; c < k; ++c) {
          double* o = rt.data() + c * b;
          for (Index r = 0; r < b; ++r) o[r] *= sum[r];
        }
        if (req.labels) {
          for (Index r = 0; r < b; ++r) {
            int best = 0;
            for (Index c = 1; c < k; ++c) {
              if (logp[c * b + r] > logp[best * b + r]) best = static_cast<int>(c);
            }
            req.labels[begin + r] = best;
          }
        }
        if (req.proba) {
          for (Index r = 0; r < b; ++r) {
            for (Index c = 0; c < k; ++c) {
              req.proba[(begin + r) * k + c] = static_cast<float>(rt[c * b + r]);
            }
          }
        }
      }
      if (req.stats && !scatter) {
        blas::dgemm_nt(serial, k, f, b, 1.0, rt.data(), b, zt.data(), b, 1.0, out, f);
      }
      if (scatter) {
        for (Index c = 0; c < k; ++c) {
          const double* mu = req.scatter_means->data() + c * d;
          const double* rc = rt.data() + c * b;
          if (type == CovType::Full || type == CovType::Tied) {
            for (Index j = 0; j < d; ++j) {
              for (Index r = 0; r < b; ++r) {
                dt[j * b + r] = xt[j * b + r] - mu[j];
                yt[j * b + r] = dt[j * b + r] * rc[r];
              }
            }
            blas::dgemm_nt(serial, d, d, b, 1.0, yt.data(), b, dt.data(), b, 1.0, out + c * d * d,
                           d);
          } else {
            for (Index j = 0; j < d; ++j) {
              double s = 0;
              for (Index r = 0; r < b; ++r) {
                const double t = xt[j * b + r] - mu[j];
                s += rc[r] * t * t;
              }
              out[c * d + j] += s;
            }
          }
        }
      }
    }
    chunk_log[static_cast<std::size_t>(ch)] = log_total;
  });
  PassResult result;
  if (accumulate) {
    result.stats.assign(static_cast<std::size_t>(out_size), 0.0);
    for (Index ch = 0; ch < chunks; ++ch) {
      for (Index t = 0; t < out_size; ++t) {
        result.stats[static_cast<std::size_t>(t)] += chunk_out[ch * out_size + t];
      }
    }
  }
  for (double v : chunk_log) result.sum_log_norm += v;
  return result;
}

// Precision Choleskys (scikit-learn's layout) from the covariances, then the E-step
// coefficients.  throws: InvalidInput naming the component whose covariance is not PD.
void finish_model(Model& m, CovType type, Index k, Index d, double reg, const std::string& op) {
  const Index mats = type == CovType::Tied ? 1 : k;
  std::vector<MatX> precisions(static_cast<std::size_t>(mats));
  std::vector<double> log_det(static_cast<std::size_t>(mats));
  m.prec_chol.assign(m.covariances.size(), 0.0);
  auto fail = [&](Index c) {
    const std::string which = type == CovType::Tied
                                  ? std::string("the tied covariance")
                                  : fmt::format("the covariance of component {}", c);
    return InvalidInput(fmt::format(
        "{}: {} is not positive definite (ill-defined empirical covariance, e.g. singleton or "
        "collapsed samples); decrease n_components or increase reg_covar ({})",
        op, which, reg));
  };
  for (Index c = 0; c < mats; ++c) {
    MatX& p = precisions[static_cast<std::size_t>(c)];
    if (type == CovType::Full || type == CovType::Tied) {
      Eigen::Map<const MatX> cov(m.covariances.data() + c * d * d, d, d);
      Eigen::LLT<MatX> llt(cov);
      if (llt.info() != Eigen::Success) throw fail(c);
      MatX l = llt.matrixL();
      for (Index i = 0; i < d; ++i) {
        if (!(l(i, i) > 0) || !std::isfinite(l(i, i))) throw fail(c);
      }
      MatX linv = l.triangularView<Eigen::Lower>().solve(MatX::Identity(d, d));
      Eigen::Map<MatX> u(m.prec_chol.data() + c * d * d, d, d);
      u = linv.transpose();
      p = linv.transpose() * linv;
      log_det[static_cast<std::size_t>(c)] = -l.diagonal().array().log().sum();
    } else if (type == CovType::Diag) {
      p = MatX::Zero(d, d);
      double ld = 0;
      for (Index i = 0; i < d; ++i) {
        const double v = m.covariances[static_cast<std::size_t>(c * d + i)];
        if (!(v > 0) || !std::isfinite(v)) throw fail(c);
        const double pc = 1.0 / std::sqrt(v);
        m.prec_chol[static_cast<std::size_t>(c * d + i)] = pc;
        p(i, i) = pc * pc;
        ld += std::log(pc);
      }
      log_det[static_cast<std::size_t>(c)] = ld;
    } else {
      const double v = m.covariances[static_cast<std::size_t>(c)];
      if (!(v > 0) || !std::isfinite(v)) throw fail(c);
      const double pc = 1.0 / std::sqrt(v);
      m.prec_chol[static_cast<std::size_t>(c)] = pc;
      p = MatX::Identity(d, d) * (pc * pc);
      log_det[static_cast<std::size_t>(c)] = static_cast<double>(d) * std::log(pc);
    }
  }
  prepare_e_step(m, type, k, d, precisions, log_det);
}

// Weights and means from the statistics (nk gets scikit-learn's 10 eps).
void weights_and_means(const std::vector<double>& stats, Index f, Index k, Index d, Model& m,
                       std::vector<double>& nk) {
  const double eps10 = 10 * std::numeric_limits<double>::epsilon();
  m.weights.resize(static_cast<std::size_t>(k));
  m.means.resize(static_cast<std::size_t>(k * d));
  nk.resize(static_cast<std::size_t>(k));
  double total = 0;
  for (Index c = 0; c < k; ++c) {
    const double* s = stats.data() + c * f;
    nk[static_cast<std::size_t>(c)] = s[0] + eps10;
    total += nk[static_cast<std::size_t>(c)];
    for (Index i = 0; i < d; ++i) m.means[static_cast<std::size_t>(c * d + i)] = s[1 + i] / nk[c];
  }
  for (Index c = 0; c < k; ++c) m.weights[static_cast<std::size_t>(c)] = nk[c] / total;
}

// M-step from the sufficient statistics (scikit-learn's estimators, written over the sums), or,
// when `scatter` is given, with the covariances from the exact scatter around the new means.
Model m_step(const std::vector<double>& stats, const std::vector<double>* scatter, CovType type,
             Index k, Index d, double reg, const std::string& op) {
  const Index f = feature_count(type, d);
  Model m;
  std::vector<double> nk;
  weights_and_means(stats, f, k, d, m, nk);
  const double total = std::accumulate(nk.begin(), nk.end(), 0.0);
  m.covariances.assign(static_cast<std::size_t>(cov_size(type, k, d)), 0.0);
  // The symmetric quadratic block of component c as a d x d matrix.
  auto quad = [&](Index c) {
    MatX t(d, d);
    const double* q = stats.data() + c * f + 1 + d;
    for (Index i = 0; i < d; ++i) {
      for (Index j = i; j < d; ++j) t(i, j) = t(j, i) = *q++;
    }
    return t;
  };
  if (type == CovType::Full) {
    for (Index c = 0; c < k; ++c) {
      MatX cov;
      if (scatter) {
        cov = Eigen::Map<const MatX>(scatter->data() + c * d * d, d, d);
      } else {
        const double* s = stats.data() + c * f;
        Eigen::Map<const Eigen::VectorXd> sx(s + 1, d);
        Eigen::Map<const Eigen::VectorXd> mu(m.means.data() + c * d, d);
        cov = quad(c) - sx * mu.transpose() - mu * sx.transpose() + s[0] * mu * mu.transpose();
      }
      cov /= nk[static_cast<std::size_t>(c)];
      cov.diagonal().array() += reg;
      Eigen::Map<MatX>(m.covariances.data() + c * d * d, d, d) = cov;
    }
  } else if (type == CovType::Tied) {
    MatX cov = MatX::Zero(d, d);
    for (Index c = 0; c < k; ++c) {
      if (scatter) {
        cov += Eigen::Map<const MatX>(scatter->data() + c * d * d, d, d);
      } else {
        Eigen::Map<const Eigen::VectorXd> mu(m.means.data() + c * d, d);
        cov += quad(c) - nk[static_cast<std::size_t>(c)] * mu * mu.transpose();
      }
    }
    cov /= total;
    cov.diagonal().array() += reg;
    Eigen::Map<MatX>(m.covariances.data(), d, d) = cov;
  } else {
    for (Index c = 0; c < k; ++c) {
      const double* s = stats.data() + c * f;
      const double n_c = nk[static_cast<std::size_t>(c)];
      double spherical = 0;
      for (Index i = 0; i < d; ++i) {
        const double mu = m.means[static_cast<std::size_t>(c * d + i)];
        double v;
        if (scatter) {
          v = (*scatter)[static_cast<std::size_t>(c * d + i)] / n_c;
        } else {
          const double x2 = type == CovType::Diag ? s[1 + d + i] : 0.0;
          v = x2 / n_c - 2 * mu * s[1 + i] / n_c + mu * mu;
        }
        if (type == CovType::Diag) {
          m.covariances[static_cast<std::size_t>(c * d + i)] = v + reg;
        } else {
          spherical += v;
        }
      }
      if (type == CovType::Spherical) {
        if (!scatter) spherical += s[1 + d] / n_c;
        m.covariances[static_cast<std::size_t>(c)] = spherical / static_cast<double>(d) + reg;
      }
    }
  }
  finish_model(m, type, k, d, reg, op);
  return m;
}

// The M-step after a pass whose responsibilities `req` reproduces: the fast formulas when they
// are accurate, else (or when they fail) a second pass for the exact scatter.
Model m_step_checked(MatrixView x, const std::vector<double>& center, const PassRequest& req,
                     const std::vector<double>& stats, CovType type, Index k, double reg,
                     double radius2, bool force_exact, const std::string& op, const Context& ctx) {
  const Index d = x.cols();
  if (!force_exact) {
    try {
      Model fast = m_step(stats, nullptr, type, k, d, reg, op);
      if (!needs_exact(fast, radius2)) return fast;
    } catch (const InvalidInput&) {
      // Possibly a rounding artefact of the fast formulas: decided by the exact scatter below.
    }
  }
  Model means_only;
  std::vector<double> nk;
  weights_and_means(stats, feature_count(type, d), k, d, means_only, nk);
  PassRequest again = req;
  again.stats = false;
  again.labels = nullptr;
  again.proba = nullptr;
  again.log_norm = nullptr;
  again.scatter_means = &means_only.means;
  const PassResult scatter = run_pass(x, center, type, k, again, ctx);
  return m_step(stats, &scatter.stats, type, k, d, reg, op);
}

double max_radius2(MatrixView x, const std::vector<double>& center) {
  double best = 0;
  for (Index i = 0; i < x.rows(); ++i) {
    double s = 0;
    for (Index j = 0; j < x.cols(); ++j) {
      const double t = x(i, j) - center[static_cast<std::size_t>(j)];
      s += t * t;
    }
    best = std::max(best, s);
  }
  return best;
}

}  // namespace

void GaussianMixture::set_initial_parameters(std::vector<double> weights, std::vector<double> means,
                                             std::vector<double> precisions) {
  init_weights_ = std::move(weights);
  init_means_ = std::move(means);
  init_precisions_ = std::move(precisions);
  set_fitted(false);
}

struct GaussianMixture::Fitted {
  Model model;  // centred frame
};

void GaussianMixture::fit(MatrixView x, const Context& ctx) {
  set_fitted(false);  // a failed fit must not leave a half-updated model usable
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  const Index k = p_int("n_components");
  if (n < k) {
    throw InvalidInput(fmt::format("{}: n_samples ({}) < n_components ({})", op, n, k));
  }
  const CovType type = cov_type_from(p_string("covariance_type"));
  const double reg = p_double("reg_covar"), tol = p_double("tol");
  const int max_iter = static_cast<int>(p_int("max_iter"));
  const std::string& init = p_string("init_params");
  const int n_init = init == "given" ? 1 : static_cast<int>(p_int("n_init"));
  if (init == "given") {
    const Index want_prec = cov_size(type, k, d);
    if (static_cast<Index>(init_weights_.size()) != k ||
        static_cast<Index>(init_means_.size()) != k * d ||
        static_cast<Index>(init_precisions_.size()) != want_prec) {
      throw InvalidInput(fmt::format(
          "{}: init_params=given needs {} weights, {} x {} means and {} precision values, got "
          "{}, {} and {}",
          op, k, k, d, want_prec, init_weights_.size(), init_means_.size(),
          init_precisions_.size()));
    }
    double wsum = 0;
    for (double w : init_weights_) {
      if (!(w >= 0 && w <= 1)) {
        throw InvalidInput(fmt::format("{}: initial weight {} is outside [0, 1]", op, w));
      }
      wsum += w;
    }
    if (std::abs(wsum - 1.0) > 1e-6) {
      throw InvalidInput(fmt::format("{}: initial weights sum to {}, not 1", op, wsum));
    }
  }

  // Work in the frame centred on the column means: the quadratic features then lose no
  // precision to a large common offset.
  center_.assign(static_cast<std::size_t>(d), 0.0);
  for (Index i = 0; i < n; ++i) {
    const float* row = x.row(i);
    for (Index j = 0; j < d; ++j) center_[static_cast<std::size_t>(j)] += row[j];
  }
  for (double& c : center_) c /= static_cast<double>(n);
  const double radius2 = max_radius2(x, center_);

  const Rng base(static_cast<std::uint64_t>(p_int("seed")));
  bool have_best = false;
  Model best;
  double best_lower = -std::numeric_limits<double>::infinity();
  for (int run = 0; run < n_init; ++run) {
    Rng rng = base.split(static_cast<std::uint64_t>(run));
    Model model;
    if (init == "given") {
      model.weights = init_weights_;
      model.means = init_means_;
      for (Index c = 0; c < k; ++c) {
        for (Index j = 0; j < d; ++j) model.means[c * d + j] -= center_[j];
      }
      // Only the E-step is needed to start; it comes from the precisions and their Cholesky
      // factors (lower, as scikit-learn takes them from precisions_init).
      const Index mats = type == CovType::Tied ? 1 : k;
      std::vector<MatX> precisions(static_cast<std::size_t>(mats));
      std::vector<double> log_det(static_cast<std::size_t>(mats));
      model.prec_chol.assign(init_precisions_.size(), 0.0);
      for (Index c = 0; c < mats; ++c) {
        MatX p = MatX::Zero(d, d);
        if (type == CovType::Full || type == CovType::Tied) {
          p = Eigen::Map<const MatX>(init_precisions_.data() + c * d * d, d, d);
        } else if (type == CovType::Diag) {
          for (Index i = 0; i < d; ++i) p(i, i) = init_precisions_[c * d + i];
        } else {
          p.diagonal().setConstant(init_precisions_[c]);
        }
        Eigen::LLT<MatX> llt(p);
        if (llt.info() != Eigen::Success) {
          throw InvalidInput(fmt::format(
              "{}: the initial precision of component {} is not positive definite", op, c));
        }
        const MatX l = llt.matrixL();
        if (type == CovType::Full || type == CovType::Tied) {
          Eigen::Map<MatX>(model.prec_chol.data() + c * d * d, d, d) = l;
        } else if (type == CovType::Diag) {
          for (Index i = 0; i < d; ++i) model.prec_chol[c * d + i] = l(i, i);
        } else {
          model.prec_chol[c] = l(0, 0);
        }
        precisions[c] = p;
        log_det[c] = l.diagonal().array().log().sum();
      }
      prepare_e_step(model, type, k, d, precisions, log_det);
    } else {
      PassRequest req;
      req.stats = true;
      std::vector<int> km_labels;
      std::vector<double> random_resp;
      if (init == "kmeans") {
        KMeans km;
        km.set_param("n_clusters", k);
        km.set_param("seed", static_cast<std::int64_t>(rng.next() >> 1));
        km.fit(x, ctx);
        km_labels = km.labels();
        req.resp = [&](Index begin, Index end, double* rt) {
          const Index b = end - begin;
          std::fill(rt, rt + k * b, 0.0);
          for (Index r = 0; r < b; ++r) rt[km_labels[begin + r] * b + r] = 1.0;
        };
      } else {
        random_resp.resize(static_cast<std::size_t>(n * k));
        for (Index i = 0; i < n; ++i) {
          double s = 0;
          for (Index c = 0; c < k; ++c) s += (random_resp[i * k + c] = rng.uniform());
          for (Index c = 0; c < k; ++c) random_resp[i * k + c] /= s;
        }
        req.resp = [&](Index begin, Index end, double* rt) {
          const Index b = end - begin;
          for (Index r = 0; r < b; ++r) {
            for (Index c = 0; c < k; ++c) rt[c * b + r] = random_resp[(begin + r) * k + c];
          }
        };
      }
      const PassResult pass = run_pass(x, center_, type, k, req, ctx);
      model = m_step_checked(x, center_, req, pass.stats, type, k, reg, radius2, true, op, ctx);
    }

    double lower = -std::numeric_limits<double>::infinity();
    bool converged = false;
    int iter = 0;
    while (iter < max_iter) {
      ++iter;
      const double previous = lower;
      PassRequest req;
      req.model = &model;
      req.exact = needs_exact(model, radius2);
      req.stats = true;
      const PassResult pass = run_pass(x, center_, type, k, req, ctx);
      lower = pass.sum_log_norm / static_cast<double>(n);
      model = m_step_checked(x, center_, req, pass.stats, type, k, reg, radius2, false, op, ctx);
      if (std::abs(lower - previous) < tol) {
        converged = true;
        break;
      }
      if (!ctx.report("gmm.em", iter, max_iter) || ctx.out_of_time()) break;
    }
    if (!have_best || lower > best_lower) {
      have_best = true;
      best_lower = lower;
      best = std::move(model);
      n_iter_ = iter;
      converged_ = converged;
    }
  }

  covariance_type_ = p_string("covariance_type");
  n_features_ = d;
  lower_bound_ = best_lower;
  weights_ = best.weights;
  means_ = best.means;
  for (Index c = 0; c < k; ++c) {
    for (Index j = 0; j < d; ++j) means_[c * d + j] += center_[j];
  }
  covariances_ = best.covariances;
  precisions_chol_ = best.prec_chol;
  auto fitted = std::make_shared<Fitted>();
  fitted->model = std::move(best);
  fitted_model_ = std::move(fitted);

  labels_.assign(static_cast<std::size_t>(n), 0);
  PassRequest req;
  req.model = &fitted_model_->model;
  req.exact = needs_exact(fitted_model_->model, radius2);
  req.labels = labels_.data();
  run_pass(x, center_, type, k, req, ctx);
  set_fitted(true);
}

namespace {

void check_predict_input(MatrixView x, Index d, const std::string& op) {
  check_input(x, op.c_str());
  if (x.cols() != d) {
    throw InvalidInput(
        fmt::format("{}: X has {} features, the model was fitted with {}", op, x.cols(), d));
  }
}

}  // namespace

double GaussianMixture::e_step(MatrixView x, const std::string& op, int* labels, float* proba,
                               double* log_norm, const Context& ctx) const {
  check_predict_input(x, n_features_, op);
  PassRequest req;
  req.model = &fitted_model_->model;
  req.exact = needs_exact(fitted_model_->model, max_radius2(x, center_));
  req.labels = labels;
  req.proba = proba;
  req.log_norm = log_norm;
  return run_pass(x, center_, cov_type_from(covariance_type_), static_cast<Index>(weights_.size()),
                  req, ctx)
      .sum_log_norm;
}

std::vector<int> GaussianMixture::predict(MatrixView x, const Context& ctx) const {
  require_fitted("predict");
  std::vector<int> labels(static_cast<std::size_t>(x.rows()));
  e_step(x, op_name("predict"), labels.data(), nullptr, nullptr, ctx);
  return labels;
}

Matrix GaussianMixture::predict_proba(MatrixView x, const Context& ctx) const {
  require_fitted("predict_proba");
  Matrix proba(x.rows(), static_cast<Index>(weights_.size()));
  e_step(x, op_name("predict_proba"), nullptr, proba.data(), nullptr, ctx);
  return proba;
}

std::vector<double> GaussianMixture::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  e_step(x, op_name("score_samples"), nullptr, nullptr, out.data(), ctx);
  return out;
}

double GaussianMixture::score(MatrixView x, const Context& ctx) const {
  require_fitted("score");
  return e_step(x, op_name("score"), nullptr, nullptr, nullptr, ctx) /
         static_cast<double>(x.rows());
}

Index GaussianMixture::n_parameters() const {
  require_fitted("n_parameters");
  const Index k = static_cast<Index>(weights_.size()), d = n_features_;
  Index cov = 0;
  switch (cov_type_from(covariance_type_)) {
    case CovType::Full:
      cov = k * d * (d + 1) / 2;
      break;
    case CovType::Tied:
      cov = d * (d + 1) / 2;
      break;
    case CovType::Diag:
      cov = k * d;
      break;
    case CovType::Spherical:
      cov = k;
      break;
  }
  return cov + k * d + k - 1;
}

double GaussianMixture::bic(MatrixView x, const Context& ctx) const {
  const double n = static_cast<double>(x.rows());
  return -2 * score(x, ctx) * n + static_cast<double>(n_parameters()) * std::log(n);
}

double GaussianMixture::aic(MatrixView x, const Context& ctx) const {
  const double n = static_cast<double>(x.rows());
  return -2 * score(x, ctx) * n + 2 * static_cast<double>(n_parameters());
}

const std::vector<double>& GaussianMixture::weights() const {
  require_fitted("weights");
  return weights_;
}
const std::vector<double>& GaussianMixture::means() const {
  require_fitted("means");
  return means_;
}
const std::vector<double>& GaussianMixture::covariances() const {
  require_fitted("covariances");
  return covariances_;
}
const std::vector<double>& GaussianMixture::precisions_cholesky() const {
  require_fitted("precisions_cholesky");
  return precisions_chol_;
}
double GaussianMixture::lower_bound() const {
  require_fitted("lower_bound");
  return lower_bound_;
}
bool GaussianMixture::converged() const {
  require_fitted("converged");
  return converged_;
}
int GaussianMixture::n_iter() const {
  require_fitted("n_iter");
  return n_iter_;
}

}  // namespace metaul
