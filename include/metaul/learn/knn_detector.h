#pragma once
/// @file knn_detector.h
/// k-nearest-neighbour distance outlier score (Ramaswamy, Rastogi & Shim 2000, "Efficient
/// algorithms for mining outliers from large data sets", SIGMOD; Angiulli & Pizzuti 2002 for the
/// mean variant), PyOD's `KNN`.
///
/// Spec: `knn(n_neighbors=5, method=largest, algorithm=auto, contamination=0.1)`.
/// - Training scores: for each training row, its k nearest **other** training rows (the row
///   itself is excluded by index; identical rows are still neighbours), and the score is the
///   distance to the k-th one (`largest`), the mean of the k distances (`mean`) or their median
///   (`median`, numpy's: the mean of the two middle values for even k).
/// - `score_samples(X)`: the same statistic over the k nearest training rows of each new row
///   (nothing excluded).
/// - `algorithm` picks the neighbour index (knn_index.h): brute and kd_tree are exact and give
///   identical scores; hnsw (hnsw_index.h) is approximate (exact distances to the rows it finds).
/// Higher = more anomalous. The detector keeps a copy of the training rows.
/// Complexity: fit = an all-k-NN query on the training set (brute O(n² d), kd-tree about
/// O(n log n) at low d); score O(m · query). Deterministic (no randomness).

#include <memory>
#include <vector>

#include "metaul/learn/estimator.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

class KNNDetector : public EstimatorImpl<KNNDetector, Detector> {
 public:
  static constexpr std::string_view kName = "knn";
  static const ParamTable& param_specs();

  /// requires: X finite, n_samples > n_neighbors.
  /// throws: InvalidInput (`knn.fit: n_neighbors (5) >= n_samples (5)`, non-finite values).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

 private:
  std::vector<double> reduce(const KnnResult& r) const;
  std::shared_ptr<const Matrix> train_;
  std::shared_ptr<const KnnIndex> index_;
};

}  // namespace metaul
