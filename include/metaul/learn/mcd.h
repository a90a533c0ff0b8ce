#pragma once
/// @file mcd.h
/// Minimum covariance determinant detector (Rousseeuw & Van Driessen 1999, "A fast algorithm
/// for the minimum covariance determinant estimator", Technometrics), as PyOD's MCD on top of
/// scikit-learn's MinCovDet: score = squared robust Mahalanobis distance.
///
/// Spec: `mcd(support_fraction=none, contamination=0.1, seed=0)`.
/// - h = ⌈(n + d + 1)/2⌉ rows (support_fraction none), else ⌊support_fraction · n⌋ (≥ d + 1
///   when possible, ≤ n).
/// - FastMCD search: 30 random h-subsets (Rng(seed)), each refined with 2 C-steps (mean and
///   biased covariance of the subset → the h rows of smallest Mahalanobis distance); the 10 of
///   lowest determinant are iterated to convergence (≤ 30 C-steps, stop when the determinant
///   no longer decreases) and the best is kept. Unlike scikit-learn, large n are not first
///   split into subsets of 300 rows (same estimator, more work per C-step).
/// - Consistency correction: the raw covariance is multiplied by median(d²) / χ²_d(0.5).
/// - Reweighting: rows with corrected d² < χ²_d(0.975) give the final location (mean) and
///   covariance (divisor = their count); scores are squared Mahalanobis distances to them with a
///   pseudo-inverse (eigenvalues ≤ 1e-12 · largest dropped), like scipy.linalg.pinvh.
/// Complexity: O(trials · C-steps · n d²) + O(d³) per step. Deterministic for any thread count.

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class MCD : public EstimatorImpl<MCD, Detector> {
 public:
  static constexpr std::string_view kName = "mcd";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 2.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  const std::vector<double>& location() const { return location_; }
  /// d × d row-major reweighted covariance.
  const std::vector<double>& covariance() const { return covariance_; }
  /// Rows used for the reweighted estimate (1 = in the support).
  const std::vector<int>& support() const { return support_; }

  /// Upper quantile of the chi-squared distribution: x with P(χ²_k > x) = q.
  static double chi2_isf(double q, double k);

 private:
  std::vector<double> location_, covariance_, precision_;
  std::vector<int> support_;
  Index n_features_ = 0;
};

}  // namespace metaul
