#pragma once
/// @file pca_detector.h
/// PCA-based outlier detector (Shyu, Chen, Sarinnapakorn & Chang 2003, "A novel anomaly
/// detection scheme based on principal component classifier", ICDM workshop; PyOD's PCA).
///
/// Spec: `pca(n_components=none, n_selected_components=none, weighted=true,
/// standardization=true, contamination=0.1)`.
/// - With `standardization`, features are centred and divided by their population standard
///   deviation (a constant feature by 1, as scikit-learn's StandardScaler); the data are then
///   centred and the covariance (divisor n − 1) is eigen-decomposed (Eigen, in double).
/// - The first k = n_components eigenvectors (decreasing eigenvalue; none = min(n, d)) are kept;
///   the last q = n_selected_components of them (the smallest variances; none = k) are scored.
/// - score(x) = Σ_{j selected} (z·v_j)² / λ_j with z the standardised, centred row (unweighted:
///   Σ (z·v_j)²). Components with λ_j ≤ 1e-12 · λ_max carry no variance and are skipped.
/// Note: PyOD's implementation sums Euclidean distances from z to the eigenvectors divided by
/// the explained-variance ratios; this class follows the paper's weighted squared projections.
/// Complexity: fit O(n d² + d³), score O(n d q).

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class PCADetector : public EstimatorImpl<PCADetector, Detector> {
 public:
  static constexpr std::string_view kName = "pca";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 2; n_components ≤ min(n, d); n_selected_components ≤ k.
  /// throws: InvalidInput (bad X, n_components > min(n, d)), InvalidParameter
  /// (n_selected_components > n_components).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  /// Eigenvalues of the kept components, decreasing (explained variances).
  const std::vector<double>& explained_variance() const { return eigenvalues_; }

 private:
  std::vector<double> mean_, scale_;
  std::vector<double> eigenvalues_;           // k, decreasing
  std::vector<std::vector<double>> vectors_;  // k eigenvectors of length d
  int n_selected_ = 0;
  Index n_features_ = 0;
};

}  // namespace metaul
