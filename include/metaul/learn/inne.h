#pragma once
/// @file inne.h
/// Isolation using nearest-neighbour ensembles (Bandaragoda, Ting, Albrecht, Liu, Zhu & Wells
/// 2018, "Isolation-based anomaly detection using nearest-neighbor ensembles", Computational
/// Intelligence 34(4)), PyOD's `INNE`.
///
/// Spec: `inne(n_estimators=200, max_samples=8, seed=0, contamination=0.1)`.
/// - Each estimator draws ψ = min(max_samples, n) distinct training rows (the centroids). The
///   hypersphere of centroid c has radius τ(c) = squared distance to its nearest other centroid
///   η(c) (PyOD works with squared distances), and isolation ratio
///   1 − (τ(η(c)) + ε) / (τ(c) + ε), ε = 2.2e-16 (float64 machine epsilon).
/// - A row x covered by some hypersphere (‖x − c‖² ≤ τ(c)) takes the ratio of the covering
///   centroid with the smallest radius (the first one on ties); an uncovered row takes 1.
///   Score = mean over estimators (higher = more anomalous, in [0, 1]).
/// - Randomness: estimator t samples with an Rng seeded from the t-th draw of Rng(seed), so the
///   result does not depend on the thread count (it differs from PyOD's numpy draws).
/// Complexity: fit O(T ψ² d) plus scoring the training rows; score O(m T ψ d).

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class INNE : public EstimatorImpl<INNE, Detector> {
 public:
  static constexpr std::string_view kName = "inne";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 2.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

 private:
  Index n_features_ = 0;
  Index psi_ = 0;
  std::vector<float> centroids_;  // T × ψ × d
  std::vector<double> radius_;    // T × ψ (squared)
  std::vector<double> ratio_;     // T × ψ
};

}  // namespace metaul
