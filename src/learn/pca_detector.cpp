#include "metaul/learn/pca_detector.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <Eigen/Dense>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& PCADetector::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_components", 0, "principal components kept (none = min(n, d))")
          .at_least(1)
          .allow_none(true),
      ParamSpec::integer("n_selected_components", 0,
                         "smallest kept components used in the score (none = all kept)")
          .at_least(1)
          .allow_none(true),
      ParamSpec::boolean("weighted", true, "divide each squared projection by its eigenvalue"),
      ParamSpec::boolean("standardization", true, "scale features to unit variance first"),
      ParamSpec::contamination(),
  };
  return table;
}

namespace {
constexpr Index kReduceBlock = 4096;
}

void PCADetector::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 2);
  const Index n = x.rows(), d = x.cols();
  const Index max_k = std::min(n, d);
  const Index k = p_none("n_components") ? max_k : p_int("n_components");
  if (k > max_k) {
    throw InvalidInput(
        fmt::format("{}: n_components ({}) > min(n_samples, n_features) ({})", op, k, max_k));
  }
  const Index q = p_none("n_selected_components") ? k : p_int("n_selected_components");
  if (q > k) {
    throw InvalidParameter(
        fmt::format("{}: n_selected_components ({}) > n_components ({})", op, q, k));
  }
  const bool standardize = p_bool("standardization");
  // Column means and variances in fixed blocks of rows (thread-count independent).
  const Index blocks = block_count(n, kReduceBlock);
  std::vector<double> part(static_cast<std::size_t>(blocks * d), 0.0);
  parallel_for(ctx, blocks, [&](Index b) {
    const auto [begin, end] = block_range(n, kReduceBlock, b);
    double* s = part.data() + b * d;
    for (Index i = begin; i < end; ++i)
      for (Index j = 0; j < d; ++j) s[j] += x(i, j);
  });
  mean_.assign(static_cast<std::size_t>(d), 0.0);
  for (Index b = 0; b < blocks; ++b)
    for (Index j = 0; j < d; ++j)
      mean_[static_cast<std::size_t>(j)] += part[static_cast<std::size_t>(b * d + j)];
  for (double& m : mean_) m /= static_cast<double>(n);
  scale_.assign(static_cast<std::size_t>(d), 1.0);
  if (standardize) {
    std::fill(part.begin(), part.end(), 0.0);
    parallel_for(ctx, blocks, [&](Index b) {
      const auto [begin, end] = block_range(n, kReduceBlock, b);
      double* s = part.data() + b * d;
      for (Index i = begin; i < end; ++i)
        for (Index j = 0; j < d; ++j) {
          const double c = x(i, j) - mean_[static_cast<std::size_t>(j)];
          s[j] += c * c;
        }
    });
    for (Index j = 0; j < d; ++j) {
      double v = 0;
      for (Index b = 0; b < blocks; ++b) v += part[static_cast<std::size_t>(b * d + j)];
      const double sd = std::sqrt(v / static_cast<double>(n));
      // StandardScaler leaves near-constant features unscaled.
      scale_[static_cast<std::size_t>(j)] =
          sd > 10 * std::numeric_limits<double>::epsilon() *
                          std::abs(mean_[static_cast<std::size_t>(j)]) &&
                  sd > 0
              ? sd
              : 1.0;
    }
  }
  // Covariance of the centred, scaled rows: per-block partial Gram matrices, combined in order.
  std::vector<Eigen::MatrixXd> grams(static_cast<std::size_t>(blocks));
  parallel_for(ctx, blocks, [&](Index b) {
    const auto [begin, end] = block_range(n, kReduceBlock, b);
    Eigen::MatrixXd z(end - begin, d);
    for (Index i = begin; i < end; ++i)
      for (Index j = 0; j < d; ++j)
        z(i - begin, j) =
            (x(i, j) - mean_[static_cast<std::size_t>(j)]) / scale_[static_cast<std::size_t>(j)];
    grams[static_cast<std::size_t>(b)] = z.transpose() * z;
  });
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
  for (const auto& g : grams) cov += g;
  cov /= static_cast<double>(n - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  if (eig.info() != Eigen::Success) {
    throw InvalidInput(fmt::format("{}: eigen-decomposition failed", op));
  }
  // Eigen returns increasing eigenvalues: the k largest are the last k.
  eigenvalues_.clear();
  vectors_.clear();
  for (Index c = 0; c < k; ++c) {
    const Index col = d - 1 - c;
    eigenvalues_.push_back(std::max(0.0, eig.eigenvalues()(col)));
    std::vector<double> v(static_cast<std::size_t>(d));
    for (Index j = 0; j < d; ++j) v[static_cast<std::size_t>(j)] = eig.eigenvectors()(j, col);
    vectors_.push_back(std::move(v));
  }
  n_selected_ = static_cast<int>(q);
  n_features_ = d;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> PCADetector::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op);
  const bool weighted = p_bool("weighted");
  const std::size_t k = vectors_.size();
  const std::size_t first = k - static_cast<std::size_t>(n_selected_);
  const double lmax = eigenvalues_.empty() ? 0.0 : eigenvalues_.front();
  const Index d = n_features_;
  std::vector<double> out(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    std::vector<double> z(static_cast<std::size_t>(d));
    for (Index j = 0; j < d; ++j) {
      const auto jj = static_cast<std::size_t>(j);
      z[jj] = (x(i, j) - mean_[jj]) / scale_[jj];
    }
    double s = 0;
    for (std::size_t c = first; c < k; ++c) {
      const double lambda = eigenvalues_[c];
      if (!(lambda > 1e-12 * lmax)) continue;
      double p = 0;
      for (std::size_t j = 0; j < z.size(); ++j) p += z[j] * vectors_[c][j];
      s += weighted ? p * p / lambda : p * p;
    }
    out[static_cast<std::size_t>(i)] = s;
  });
  return out;
}

}  // namespace metaul
