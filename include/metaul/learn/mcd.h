#pragma once
/// @file mcd.h
/// Minimum covariance determinant detector (Rousseeuw & Van Driessen 1999, "A fast algorithm
/// for the minimum covariance determinant estimator", Technometrics), as PyOD's MCD on top of
/// scikit-learn's MinCovDet: score = squared robust Mahalanobis distance.
///
/// Spec: `mcd(support_fraction=none, contamination=0.1, seed=0)`.
/// - h = ⌈(n + d + 1)/2⌉ rows (support_fraction none), else ⌊support_fraction · n⌋ (≥ d + 1
///   when possible, ≤ n).
/// - FastMCD search (scikit-learn's fast_mcd structure; Rng(seed), trial t uses split(t)):
///   - n ≤ 500 (or d = 1): 30 random h-subsets, each refined with 2 C-steps (mean and biased
///     covariance of the subset → the h rows of smallest Mahalanobis distance); the 10 of lowest
///     determinant are iterated to convergence (≤ 30 C-steps, stop when the log-determinant no
///     longer decreases by more than 1e-8 + 1e-5·|log det|) and the best is kept.
///   - n > 500: a seeded permutation gives min(5, ⌊n/300⌋) disjoint subsets of 300 rows with
///     h_sub = ⌈300 · h/n⌉; ⌊30/subsets⌋ random starts per subset get 2 C-steps and the 10 best
///     of each subset are pooled. Each pooled estimate selects the h_merged = ⌈m · h/n⌉ nearest
///     rows of a second permutation's first m = min(1500, n) rows and gets 2 C-steps there; the
///     10 best are iterated to convergence on the full data (their h nearest rows first) and the
///     best is kept. Differences to scikit-learn 1.2: it uses ⌊n/300⌋ subsets (no cap), 500
///     starts in all and up to 30 C-steps on the merged subset; its random starts come from
///     numpy, so for n > 500 the two agree on the estimate only where the MCD solution is clear.
///     If h_sub ≤ d (subset covariances necessarily singular) the 30 starts are drawn in the
///     merged subset instead; if also h_merged ≤ d, the n ≤ 500 search runs on the full data.
///   - Singular supports: a covariance whose Cholesky factorisation fails or has a pivot² ≤
///     1e-12 × its largest variance has log det = −∞; as in scikit-learn its C-steps stop there
///     (that support wins) and distances use its pseudo-inverse. If the full data's covariance is
///     singular (constant or collinear columns, d ≥ n) every subset is, so only trial 0 runs: its
///     estimate picks the h nearest rows of the full data, which give the raw estimate. h = n
///     (e.g. d ≥ n − 1 with the default h) has the whole table as its only h-subset.
/// - Consistency correction: the raw covariance is multiplied by median(d²) / χ²_d(0.5).
/// - Reweighting: rows with corrected d² < χ²_d(0.975) give the final location (mean) and
///   covariance (divisor = their count); scores are squared Mahalanobis distances to them with a
///   pseudo-inverse (eigenvalues ≤ 1e-12 · largest dropped), like scipy.linalg.pinvh.
/// Complexity: n > 500: O(30 · 300 d² + 30 · 1500 d² + 10 · C-steps · n d²) (distances and
/// covariances are row-block GEMMs), O(d³) per C-step; a singular support adds one O(d³)
/// eigendecomposition where its distances are needed. Starts and candidates run in parallel,
/// each on one thread; results are identical for any thread count.

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
