#include "metaul/learn/pca.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <Eigen/Dense>
#include <Eigen/SVD>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"

namespace metaul {

const ParamTable& PCA::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_components", 0, "components kept (none: min(n_samples, n_features))")
          .at_least(1)
          .allow_none(true),
      ParamSpec::real("variance", 0.0,
                      "keep the fewest components explaining more than this variance fraction")
          .greater_than(0)
          .less_than(1)
          .allow_none(true),
      ParamSpec::boolean("whiten", false, "scale projections to unit variance"),
      ParamSpec::choice("svd_solver", "auto", {"auto", "full", "randomized"},
                        "SVD method; auto follows scikit-learn's size policy"),
      ParamSpec::integer("n_oversamples", 10, "extra sketch columns of the randomized solver")
          .at_least(0),
      ParamSpec::integer("iterated_power", 0,
                         "power iterations of the randomized solver (none: 7 or 4, as sklearn)")
          .at_least(0)
          .allow_none(true)
          .alias("n_iter"),
      ParamSpec::seed(),
  };
  return table;
}

namespace {

using MatX = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;

// scikit-learn's svd_flip (u-based): the largest-magnitude entry of every column of U positive.
void svd_flip(const MatX& u, MatX& v_cols) {
  for (Index c = 0; c < u.cols(); ++c) {
    Index best = 0;
    double best_abs = -1;
    for (Index r = 0; r < u.rows(); ++r) {
      if (std::abs(u(r, c)) > best_abs) {
        best_abs = std::abs(u(r, c));
        best = r;
      }
    }
    if (u(best, c) < 0) v_cols.col(c) = -v_cols.col(c);
  }
}

}  // namespace

void PCA::fit(MatrixView x, const Context& ctx) {
  set_fitted(false);  // a failed fit must not leave a half-updated model usable
  const auto op = op_name("fit");
  check_input(x, op.c_str(), 2);
  const Index n = x.rows(), d = x.cols(), rank_max = std::min(n, d);
  const bool by_count = !p_none("n_components"), by_variance = !p_none("variance");
  if (by_count && by_variance) {
    throw InvalidParameter(fmt::format("{}: set n_components or variance, not both", op));
  }
  Index m = by_count ? p_int("n_components") : rank_max;
  if (m > rank_max) {
    throw InvalidInput(
        fmt::format("{}: n_components ({}) > min(n_samples, n_features) ({})", op, m, rank_max));
  }
  std::string solver = p_string("svd_solver");
  if (solver == "auto") {
    solver = std::max(n, d) <= 500 || by_variance ||
                     !(static_cast<double>(m) < 0.8 * static_cast<double>(rank_max))
                 ? "full"
                 : "randomized";
  }
  if (solver == "randomized" && by_variance) {
    throw InvalidParameter(fmt::format("{}: variance needs svd_solver=full or auto", op));
  }

  // Centred data in double (column-major for Eigen).
  mean_.assign(static_cast<std::size_t>(d), 0.0);
  MatX xc(n, d);
  parallel_for(ctx, d, [&](Index j) {
    double s = 0;
    for (Index i = 0; i < n; ++i) s += x(i, j);
    const double mu = s / static_cast<double>(n);
    mean_[static_cast<std::size_t>(j)] = mu;
    for (Index i = 0; i < n; ++i) xc(i, j) = x(i, j) - mu;
  });
  const double dof = static_cast<double>(n - 1);
  double total_var = 0;
  for (Index j = 0; j < d; ++j) total_var += xc.col(j).squaredNorm() / dof;

  MatX v;  // d × r, right singular vectors as columns
  Eigen::VectorXd s;
  if (solver == "full") {
    Eigen::BDCSVD<MatX> svd(xc, Eigen::ComputeThinV);
    v = svd.matrixV();
    s = svd.singularValues();
  } else {
    const Index p = static_cast<Index>(p_int("n_oversamples"));
    const Index l = std::min(m + p, rank_max);
    const Index power = p_none("iterated_power")
                            ? (static_cast<double>(m) < 0.1 * static_cast<double>(rank_max) ? 7 : 4)
                            : p_int("iterated_power");
    Rng rng(static_cast<std::uint64_t>(p_int("seed")));
    MatX omega(d, l);
    for (Index c = 0; c < l; ++c) {
      for (Index r = 0; r < d; ++r) omega(r, c) = rng.normal();
    }
    MatX q = xc * omega;
    for (Index it = 0; it < power; ++it) {
      q = Eigen::HouseholderQR<MatX>(q).householderQ() * MatX::Identity(n, l);
      MatX z = xc.transpose() * q;
      z = Eigen::HouseholderQR<MatX>(z).householderQ() * MatX::Identity(d, l);
      q = xc * z;
    }
    q = Eigen::HouseholderQR<MatX>(q).householderQ() * MatX::Identity(n, l);
    MatX b = q.transpose() * xc;  // l × d
    Eigen::BDCSVD<MatX> svd(b, Eigen::ComputeThinV);
    v = svd.matrixV();
    s = svd.singularValues();
  }
  // U = Xc V / s only decides the signs; a zero singular value leaves Xc V = 0 and the sign +.
  MatX u = xc * v;
  svd_flip(u, v);

  const Index r = s.size();
  std::vector<double> ev(static_cast<std::size_t>(r)), ratio(static_cast<std::size_t>(r));
  for (Index i = 0; i < r; ++i) {
    ev[i] = s(i) * s(i) / dof;
    ratio[i] = total_var > 0 ? ev[i] / total_var : 0.0;
  }
  if (by_variance) {
    // searchsorted(cumsum(ratio), variance, side="right") + 1
    const double target = p_double("variance");
    double cum = 0;
    m = 0;
    while (m < r && cum + ratio[static_cast<std::size_t>(m)] <= target) {
      cum += ratio[static_cast<std::size_t>(m)];
      ++m;
    }
    m = std::min(m + 1, r);
  }
  m = std::min(m, r);
  if (solver == "full") {
    noise_variance_ = 0;
    if (m < rank_max) {
      for (Index i = m; i < r; ++i) noise_variance_ += ev[i];
      noise_variance_ /= static_cast<double>(r - m);
    }
  } else {
    double kept = 0;
    for (Index i = 0; i < m; ++i) kept += ev[i];
    noise_variance_ = m < rank_max ? (total_var - kept) / static_cast<double>(rank_max - m) : 0.0;
  }
  m_ = m;
  d_ = d;
  solver_ = solver;
  components_.resize(static_cast<std::size_t>(m * d));
  for (Index c = 0; c < m; ++c) {
    for (Index j = 0; j < d; ++j) components_[c * d + j] = v(j, c);
  }
  explained_variance_.assign(ev.begin(), ev.begin() + m);
  ratio_.assign(ratio.begin(), ratio.begin() + m);
  singular_values_.resize(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) singular_values_[i] = s(i);
  set_fitted(true);
}

Matrix PCA::transform(MatrixView x, const Context& ctx) const {
  require_fitted("transform");
  const auto op = op_name("transform");
  check_input(x, op.c_str(), 0);
  if (x.cols() != d_) {
    throw InvalidInput(
        fmt::format("{}: X has {} features, the model was fitted with {}", op, x.cols(), d_));
  }
  const bool whiten = p_bool("whiten");
  Matrix out(x.rows(), m_);
  parallel_for(ctx, x.rows(), [&](Index i) {
    std::vector<double> centred(static_cast<std::size_t>(d_));
    for (Index j = 0; j < d_; ++j) centred[j] = x(i, j) - mean_[j];
    for (Index c = 0; c < m_; ++c) {
      double dot = 0;
      for (Index j = 0; j < d_; ++j) dot += centred[j] * components_[c * d_ + j];
      const double ev = explained_variance_[c];
      if (whiten && ev > 0) dot /= std::sqrt(ev);
      out(i, c) = static_cast<float>(dot);
    }
  });
  return out;
}

Matrix PCA::inverse_transform(MatrixView y, const Context& ctx) const {
  require_fitted("inverse_transform");
  const auto op = op_name("inverse_transform");
  check_input(y, op.c_str(), 0);
  if (y.cols() != m_) {
    throw InvalidInput(
        fmt::format("{}: Y has {} columns, the model has {} components", op, y.cols(), m_));
  }
  const bool whiten = p_bool("whiten");
  Matrix out(y.rows(), d_);
  parallel_for(ctx, y.rows(), [&](Index i) {
    for (Index j = 0; j < d_; ++j) {
      double v = mean_[j];
      for (Index c = 0; c < m_; ++c) {
        const double ev = explained_variance_[c];
        const double f = whiten && ev > 0 ? std::sqrt(ev) : 1.0;
        v += y(i, c) * f * components_[c * d_ + j];
      }
      out(i, j) = static_cast<float>(v);
    }
  });
  return out;
}

Index PCA::n_components() const {
  require_fitted("n_components");
  return m_;
}
const std::vector<double>& PCA::components() const {
  require_fitted("components");
  return components_;
}
const std::vector<double>& PCA::explained_variance() const {
  require_fitted("explained_variance");
  return explained_variance_;
}
const std::vector<double>& PCA::explained_variance_ratio() const {
  require_fitted("explained_variance_ratio");
  return ratio_;
}
const std::vector<double>& PCA::singular_values() const {
  require_fitted("singular_values");
  return singular_values_;
}
const std::vector<double>& PCA::mean() const {
  require_fitted("mean");
  return mean_;
}
double PCA::noise_variance() const {
  require_fitted("noise_variance");
  return noise_variance_;
}
const std::string& PCA::fitted_solver() const {
  require_fitted("fitted_solver");
  return solver_;
}

}  // namespace metaul
