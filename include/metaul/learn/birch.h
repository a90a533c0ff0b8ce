#pragma once
/// @file birch.h
/// BIRCH clustering (Zhang, Ramakrishnan & Livny 1996, "BIRCH: an efficient data clustering
/// method for very large databases", SIGMOD) as scikit-learn's `Birch`.
///
/// Spec: `birch(threshold=0.5, branching_factor=50, n_clusters=3)`.
/// - Rows are inserted one by one into a clustering-feature tree: a row joins the nearest leaf
///   subcluster when the merged subcluster's radius stays ≤ threshold, otherwise it starts a new
///   subcluster; a node holding more than branching_factor subclusters is split around its two
///   farthest subclusters. The arithmetic is float32, as scikit-learn's on float32 input.
/// - Global step: the leaf subcluster centroids (in leaf order) are clustered by
///   `agglomerative(n_clusters, linkage=ward)`; with n_clusters=none, or fewer subclusters than
///   n_clusters, every subcluster is its own cluster.
/// - Each row takes the label of its nearest subcluster centroid.
/// Labels are scikit-learn's, numbering included (identical on the fixtures of
/// tools/fixtures_hier.py); scikit-learn's float32 dot products go through BLAS, so a decision
/// that falls within float32 rounding of a tie may rarely go the other way.
/// Complexity: O(n · branching_factor · depth · d) for the tree, then agglomerative clustering of
/// the subclusters (O(s²) memory for s subclusters) and O(n · s · d) for the labels.
/// Determinism: sequential insertion; identical output for any thread count.

#include "metaul/learn/estimator.h"

namespace metaul {

class Birch : public EstimatorImpl<Birch, Clusterer> {
 public:
  static constexpr std::string_view kName = "birch";
  static const ParamTable& param_specs();

  /// throws: InvalidInput (see check_input).
  void fit(MatrixView x, const Context& ctx) override;
  bool can_predict() const override { return true; }
  /// Label of the nearest subcluster centroid for every row.
  std::vector<int> predict(MatrixView x, const Context& ctx) const override;

  /// s × d centroids of the leaf subclusters, in leaf order (scikit-learn's
  /// subcluster_centers_).
  const Matrix& subcluster_centers() const;
  /// Cluster of each subcluster (scikit-learn's subcluster_labels_).
  const std::vector<int>& subcluster_labels() const;

 private:
  Matrix centers_;
  std::vector<int> subcluster_labels_;
};

}  // namespace metaul
