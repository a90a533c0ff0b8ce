#pragma once
/// @file anomaly_common.h
/// Small helpers shared by the anomaly detectors.

#include <memory>
#include <string>

#include "metaul/core/context.h"
#include "metaul/core/matrix.h"
#include "metaul/learn/knn_index.h"

namespace metaul::anomaly_detail {

/// Checks rows to score: the fitted number of columns and finite values (0 rows allowed).
/// throws: InvalidInput `<op>: X has 3 columns but the detector was fitted on 5`.
void check_predict_input(MatrixView x, Index n_features, const std::string& op);

/// What the neighbour-based detectors (knn, lof, cof, abod, sod) keep from fit: their own copy
/// of the training rows, the index built on it, and the k nearest rows of every training row.
struct TrainingNeighbors {
  std::shared_ptr<const Matrix> train;
  std::shared_ptr<const KnnIndex> index;
  KnnResult neighbors;
};

/// Checks X (finite, at least one row and column, n_neighbors < n_samples), copies it, builds
/// the `algorithm` index (see make_knn_index) and queries the k nearest rows of every training
/// row, the row itself excluded when `exclude_self` (PyOD's training-score semantics).
/// throws: InvalidInput `<op>: n_neighbors (20) >= n_samples (10)`.
TrainingNeighbors fit_training_neighbors(MatrixView x, Index n_neighbors,
                                         const std::string& algorithm, const Context& ctx,
                                         const std::string& op, bool exclude_self = true);

}  // namespace metaul::anomaly_detail
