#pragma once
/// @file genie.h
/// Genie hierarchical clustering (Gagolewski, Bartoszuk & Cena 2016, "Genie: A new, fast, and
/// outlier-resistant hierarchical clustering algorithm", Information Sciences 363:8–23).
///
/// Spec: `genie(n_clusters=2, gini_threshold=0.3, M=1)`.
/// The edges of the Euclidean minimum spanning tree are consumed in increasing order of weight,
/// as in single linkage, except that whenever the Gini index of the cluster sizes exceeds
/// `gini_threshold`, the next merge must involve a cluster of the smallest current size (the
/// lightest remaining edge touching such a cluster is taken). `gini_threshold=1` gives single
/// linkage; smaller values give more balanced clusters.
/// - `M > 2` builds the tree on mutual reachability distances
///   max(d(i,j), c(i), c(j)), c(i) = distance to the (M−1)-th nearest neighbour of i (Campello
///   et al. 2013), as genieclust's smoothing; M = 1 and M = 2 both mean plain Euclidean
///   distances. Unlike genieclust, MST leaves are not set aside as noise: every row gets a
///   cluster (no label −1).
/// - Labels are numbered 0..k−1 in order of first appearance in the rows.
/// Complexity: O(n²·d) time for the MST (Prim, parallel), O(n) memory; the Genie merges take
/// O(n·s) with s the number of distinct cluster sizes, plus the scans for the smallest-cluster
/// edges (fast in practice, O(n²) in the worst case). Core distances (M > 2) cost O(n²·d).
/// Determinism: identical output for any thread count.

#include "metaul/learn/estimator.h"

namespace metaul {

class Genie : public EstimatorImpl<Genie, Clusterer> {
 public:
  static constexpr std::string_view kName = "genie";
  static const ParamTable& param_specs();

  /// requires: X is n × d, n ≥ n_clusters, n > M − 1 when M > 2, finite.
  /// throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
};

namespace genie_detail {

/// Gini index of positive counts: Σ_{i<j} |c_i − c_j| / ((k − 1) Σ c_i); 0 for k ≤ 1.
double gini_index(const std::vector<Index>& counts);

}  // namespace genie_detail

}  // namespace metaul
