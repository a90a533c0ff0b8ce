#pragma once
/// @file lof.h
/// Local outlier factor (Breunig, Kriegel, Ng & Sander 2000, "LOF: identifying density-based
/// local outliers", SIGMOD), computed exactly as scikit-learn's `LocalOutlierFactor`.
///
/// Spec: `lof(n_neighbors=20, algorithm=auto, contamination=0.1)`.
/// - N_k(i): the k nearest other training rows of row i (the row itself excluded by index;
///   duplicates of it are neighbours, ties broken by the lower index). k-distance(i) = distance
///   to the k-th of them (scikit-learn's definition: exactly k neighbours, no tie extension).
/// - reach-dist(i, o) = max(dist(i, o), k-distance(o)); lrd(i) = 1 / (mean_{o ∈ N_k(i)}
///   reach-dist(i, o) + 1e-10) (scikit-learn's 1e-10 keeps duplicates finite).
/// - Training score = LOF(i) = mean_{o ∈ N_k(i)} lrd(o) / lrd(i) = −negative_outlier_factor_.
/// - `score_samples(X)` (novelty): the same with N_k(x) the k nearest training rows of the new
///   row, = −scikit-learn's `score_samples` with novelty=True.
/// Higher = more anomalous (≈ 1 for inliers). Keeps a copy of the training rows.
/// Complexity: one all-k-NN query (see knn_index.h) plus O(n k). Deterministic.

#include <memory>
#include <vector>

#include "metaul/learn/estimator.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

class LOF : public EstimatorImpl<LOF, Detector> {
 public:
  static constexpr std::string_view kName = "lof";
  static const ParamTable& param_specs();

  /// requires: X finite, n_samples > n_neighbors.
  /// throws: InvalidInput (`lof.fit: n_neighbors (20) >= n_samples (10)`, non-finite values).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  /// Local reachability densities of the training rows.
  const std::vector<double>& lrd() const { return lrd_; }

 private:
  std::vector<double> lof_of(const KnnResult& r, const Context& ctx,
                             std::vector<double>* lrd_out) const;
  std::shared_ptr<const Matrix> train_;
  std::shared_ptr<const KnnIndex> index_;
  std::vector<double> kdist_;
  std::vector<double> lrd_;
};

}  // namespace metaul
