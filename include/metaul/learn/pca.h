#pragma once
/// @file pca.h
/// Principal component analysis (Pearson 1901; Hotelling 1933) with scikit-learn's semantics,
/// including the randomized solver of Halko, Martinsson & Tropp (2011, "Finding structure with
/// randomness", Algorithm 4.4 with subspace power iterations).
///
/// Spec: `pca(n_components=none, variance=none, whiten=false, svd_solver=auto,
/// n_oversamples=10, iterated_power=none, seed=0)`.
/// - How many components (scikit-learn's `n_components` as int, None or float, split in two):
///   `n_components=m` keeps m; `variance=v` with v in (0, 1) keeps the fewest components whose
///   explained-variance ratios sum to more than v; both none keeps min(n, d). Setting both is an
///   InvalidParameter at fit.
/// - `svd_solver`: `full` (thin SVD of the centred data, Eigen's divide-and-conquer),
///   `randomized`, or `auto` = scikit-learn's policy: full when max(n, d) ≤ 500 or a variance
///   fraction is asked for or m ≥ 0.8 · min(n, d), otherwise randomized.
/// - Randomized: a Gaussian sketch of m + n_oversamples columns, `iterated_power` power
///   iterations (none = 7 when m < 0.1 · min(n, d), else 4) re-orthonormalised by QR each time
///   (scikit-learn uses LU; the spanned subspace is the same), then an exact SVD of the small
///   projected matrix. Exact on data of rank ≤ m + n_oversamples.
/// - Signs follow scikit-learn's `svd_flip`: in each column of U the entry of largest
///   magnitude is positive, so components equal scikit-learn's for the same data.
/// - `whiten` divides the projections by sqrt(explained_variance) (a zero variance divides by 1).
///
/// Learned: `components` m × d (rows = principal axes, row-major), `explained_variance` m
/// (singular values² / (n − 1)), `explained_variance_ratio` m, `singular_values` m, `mean` d,
/// `noise_variance` (mean of the discarded variances, scikit-learn's `noise_variance_`).
/// `transform`: (X − mean) · componentsᵀ (n × m); `inverse_transform`: the map back (n × d).
/// Complexity: full O(n · d · min(n, d)); randomized O(n · d · (m + p) · (iterated_power + 1)).
/// throws: InvalidInput (n < 2, non-finite data, wrong number of columns), InvalidParameter
/// (m > min(n, d), variance with svd_solver=randomized, both n_components and variance set).

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class PCA : public EstimatorImpl<PCA, Transformer> {
 public:
  static constexpr std::string_view kName = "pca";
  static const ParamTable& param_specs();

  void fit(MatrixView x, const Context& ctx) override;
  Matrix transform(MatrixView x, const Context& ctx) const override;
  /// Maps projections (n × m) back to the input space (n × d).
  Matrix inverse_transform(MatrixView y, const Context& ctx) const;

  Index n_components() const;                                   ///< m, after fit
  const std::vector<double>& components() const;                ///< m × d
  const std::vector<double>& explained_variance() const;        ///< m
  const std::vector<double>& explained_variance_ratio() const;  ///< m
  const std::vector<double>& singular_values() const;           ///< m
  const std::vector<double>& mean() const;                      ///< d
  double noise_variance() const;
  /// The solver actually used ("full" or "randomized"), after fit.
  const std::string& fitted_solver() const;

 private:
  Index m_ = 0, d_ = 0;
  std::vector<double> components_, explained_variance_, ratio_, singular_values_, mean_;
  double noise_variance_ = 0;
  std::string solver_;
};

}  // namespace metaul
