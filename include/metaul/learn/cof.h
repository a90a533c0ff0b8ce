#pragma once
/// @file cof.h
/// Connectivity-based outlier factor (Tang, Chen, Fu & Cheung 2002, "Enhancing effectiveness
/// of outlier detections for low density patterns", PAKDD), PyOD's `COF(method='fast')`.
///
/// Spec: `cof(n_neighbors=20, algorithm=auto, contamination=0.1)`.
/// - Path of row p: p_0 = p, then its k nearest other training rows p_1..p_k in order of
///   distance (ties: lower index). Cost c_j = min_{m < j} ‖p_j − p_m‖ (j = 1..k), PyOD's
///   approximation of the set-based nearest path.
/// - Average chaining distance ac(p) = Σ_j 2 (k + 1 − j) / (k (k + 1)) · c_j.
/// - COF(p) = k · ac(p) / Σ_{o ∈ N_k(p)} ac(o); 0/0 gives 0 and x/0 gives the largest double
///   (numpy.nan_to_num, as PyOD). Higher = more anomalous.
/// - `score_samples(X)` scores new rows against the training rows: the path runs through the k
///   nearest training rows and the denominator uses their training ac (PyOD instead refits on
///   the new rows).
/// Complexity: one all-k-NN query plus O(n k² d). Deterministic (no randomness).

#include <memory>
#include <vector>

#include "metaul/learn/estimator.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

class COF : public EstimatorImpl<COF, Detector> {
 public:
  static constexpr std::string_view kName = "cof";
  static const ParamTable& param_specs();

  /// requires: X finite, n_samples > n_neighbors.
  /// throws: InvalidInput (`cof.fit: n_neighbors (20) >= n_samples (10)`, non-finite values).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  /// Average chaining distances of the training rows.
  const std::vector<double>& ac_dist() const { return ac_; }

 private:
  std::vector<double> chaining(MatrixView q, const KnnResult& r, const Context& ctx) const;
  std::vector<double> ratio(const std::vector<double>& ac_q, const KnnResult& r) const;
  std::shared_ptr<const Matrix> train_;
  std::shared_ptr<const KnnIndex> index_;
  std::vector<double> ac_;
};

}  // namespace metaul
