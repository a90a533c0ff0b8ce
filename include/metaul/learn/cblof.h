#pragma once
/// @file cblof.h
/// Cluster-based local outlier factor (He, Xu & Deng 2003, "Discovering cluster-based local
/// outliers", Pattern Recognition Letters 24(9-10)), PyOD's `CBLOF` with k-means clustering.
///
/// Spec: `cblof(n_clusters=8, alpha=0.9, beta=5, use_weights=false, seed=0,
/// contamination=0.1)`.
/// - Clusters: metaul's KMeans(n_clusters, seed) (kmeans.h); sizes |C_1| ≥ |C_2| ≥ … sorted in
///   decreasing size (ties: lower label first).
/// - Boundary b (1 ≤ b < k) as PyOD: the first b that satisfies both |C_1|+…+|C_b| ≥ alpha·n and
///   |C_b| / |C_{b+1}| ≥ beta, else the first satisfying the alpha rule, else the beta rule.
///   C_1..C_b are large, the rest small. When no b qualifies (PyOD raises), every cluster is
///   large.
/// - Score of a row in a large cluster: Euclidean distance to its own center; in a small cluster:
///   distance to the nearest large-cluster center; times the cluster size when use_weights.
///   New rows are assigned to the nearest k-means center first. Higher = more anomalous.
/// Complexity: the k-means fit plus O(n k d). Deterministic for a given seed.

#include <vector>

#include "metaul/core/matrix.h"
#include "metaul/learn/estimator.h"

namespace metaul {

class CBLOF : public EstimatorImpl<CBLOF, Detector> {
 public:
  static constexpr std::string_view kName = "cblof";
  static const ParamTable& param_specs();

  /// requires: X finite, n_samples ≥ n_clusters.
  /// throws: InvalidInput (`cblof.fit: n_samples (3) < n_clusters (8)`, non-finite values).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  const Matrix& cluster_centers() const { return centers_; }    ///< k × d
  const std::vector<char>& is_large() const { return large_; }  ///< per cluster
  const std::vector<Index>& cluster_sizes() const { return sizes_; }

 private:
  std::vector<double> scores(MatrixView x, const std::vector<int>& labels,
                             const Context& ctx) const;
  Matrix centers_;
  std::vector<Index> sizes_;
  std::vector<char> large_;
};

}  // namespace metaul
