#pragma once
/// @file abod.h
/// Angle-based outlier detection, fast variant (Kriegel, Schubert & Zimek 2008, "Angle-based
/// outlier detection in high-dimensional data", KDD), PyOD's `ABOD(method='fast')`.
///
/// Spec: `abod(n_neighbors=10, algorithm=auto, contamination=0.1)`.
/// - For a row p and its k nearest training rows (training rows: the k nearest other rows, the
///   row itself excluded by index; new rows: the k nearest training rows), every pair (a, b) of
///   neighbours with a ≠ p and b ≠ p (as vectors) gives the weighted cosine
///   ⟨a − p, b − p⟩ / (‖a − p‖² ‖b − p‖²).
/// - ABOF(p) = population variance of those values; score = −ABOF (higher = more anomalous).
///   When no pair qualifies (every neighbour equals p) the score is 0 (PyOD gives NaN).
/// Complexity: one all-k-NN query plus O(n k² d). Deterministic (no randomness).

#include <memory>
#include <vector>

#include "metaul/learn/estimator.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

class ABOD : public EstimatorImpl<ABOD, Detector> {
 public:
  static constexpr std::string_view kName = "abod";
  static const ParamTable& param_specs();

  /// requires: X finite, n_samples > n_neighbors.
  /// throws: InvalidInput (`abod.fit: n_neighbors (10) >= n_samples (4)`, non-finite values).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

 private:
  std::vector<double> scores(MatrixView q, const KnnResult& r, const Context& ctx) const;
  std::shared_ptr<const Matrix> train_;
  std::shared_ptr<const KnnIndex> index_;
};

}  // namespace metaul
