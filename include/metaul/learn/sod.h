#pragma once
/// @file sod.h
/// Subspace outlier degree (Kriegel, Kröger, Schubert & Zimek 2009, "Outlier detection in
/// axis-parallel subspaces of high dimensional data", PAKDD), PyOD's `SOD`.
///
/// Spec: `sod(n_neighbors=20, ref_set=10, alpha=0.8, algorithm=auto, contamination=0.1)`.
/// - N(i): the k = n_neighbors nearest training rows of row i, the row itself included (PyOD
///   queries kneighbors(X) on the fitted X).
/// - Shared-nearest-neighbour similarity of rows i and j: |N(i) ∩ N(j)|. The reference set R(i)
///   is the ref_set rows j ≠ i with the largest similarity, ties broken by the lower index
///   (PyOD uses numpy's unstable argsort and drops the first entry instead of row i itself:
///   identical except in ties).
/// - With μ, σ²_j the mean and per-dimension population variance of R(i): a dimension is
///   relevant when σ²_j < alpha · Σ_j σ²_j / d; score = sqrt(Σ_relevant (x_j − μ_j)² / #relevant)
///   (0 when no dimension is relevant). Higher = more anomalous.
/// - `score_samples(X)` scores new rows against the training rows: N(x) is the k nearest
///   training rows of x and R(x) the training rows sharing most of them (PyOD instead refits on
///   the new rows).
/// Complexity: one all-k-NN query, O(n k²) for the similarities (reverse neighbour lists),
/// O(n · ref_set · d) for the scores. Deterministic.

#include <memory>
#include <vector>

#include "metaul/learn/estimator.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

class SOD : public EstimatorImpl<SOD, Detector> {
 public:
  static constexpr std::string_view kName = "sod";
  static const ParamTable& param_specs();

  /// requires: X finite, n_samples > n_neighbors > ref_set.
  /// throws: InvalidInput (`sod.fit: n_neighbors (20) >= n_samples (10)`), InvalidParameter
  /// (`sod.fit: ref_set (10) >= n_neighbors (5)`).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

 private:
  std::vector<double> scores(MatrixView q, const KnnResult& r, bool training,
                             const Context& ctx) const;
  std::shared_ptr<const Matrix> train_;
  std::shared_ptr<const KnnIndex> index_;
  KnnResult neighbors_;             // N(i) of the training rows (self included)
  std::vector<Index> rev_offsets_;  // reverse lists: the rows j whose N(j) contains m
  std::vector<Index> rev_;
};

}  // namespace metaul
