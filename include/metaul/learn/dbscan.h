#pragma once
/// @file dbscan.h
/// DBSCAN: density-based spatial clustering of applications with noise (Ester, Kriegel, Sander
/// & Xu, KDD 1996), with the semantics of scikit-learn's `DBSCAN`.
///
/// Spec: `dbscan(eps=0.5, min_samples=5, metric=euclidean, algorithm=auto, leaf_size=30)`.
/// - A row is a *core* row when at least `min_samples` rows (itself included) lie within
///   Euclidean distance `eps` of it (inclusive: squared distance ≤ eps², in double).
/// - Clusters are the connected components of core rows (two core rows are linked when within
///   eps), plus the non-core rows within eps of a core row (border rows); other rows are noise
///   (label −1).
/// - Labels are exactly scikit-learn's: clusters are numbered in the order of their
///   lowest-index core row, and a border row reachable from several clusters takes the one with
///   the lowest number (the first that reaches it in scikit-learn's depth-first expansion).
/// - algorithm: `grid` (cells of side eps/√d hashed by coordinates; every pair of rows in one
///   cell is within eps, so dense cells are core and connected without distance computations —
///   the grid approach of Gunawan 2013 / Gan & Tao 2015; d ≤ 3), `kd_tree` and `brute`
///   (neighbourhoods from `KnnIndex` radius queries, processed in blocks of rows). `auto` picks
///   grid for d ≤ 2 (when the extent fits 2^21 cells per axis; in 3-d the 125 neighbour cells
///   make the grid slower than the kd-tree on sparse data), kd_tree for d ≤ 16, else brute.
///   `grid` on data it cannot represent (d > 3, extent too large) falls back the same way;
///   `algorithm_used()` tells which search ran.
/// Memory: O(n) plus one block of neighbourhoods; the neighbourhoods of all rows are never
/// held at once. Complexity: O(n · neighbours) distance evaluations at worst (less with the
/// grid and the early stop at min_samples neighbours when counting).
/// Determinism: labels do not depend on the thread count or the algorithm.
#include <string>
#include <string_view>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class DBSCAN : public EstimatorImpl<DBSCAN, Clusterer> {
 public:
  static constexpr std::string_view kName = "dbscan";
  static const ParamTable& param_specs();

  /// requires: X n × d (n ≥ 1), finite.  throws: InvalidInput, InvalidParameter.
  void fit(MatrixView x, const Context& ctx) override;

  /// Indices of the core rows, ascending.  throws: NotFitted.
  const std::vector<Index>& core_sample_indices() const;
  /// Number of clusters found (labels are 0..n_clusters−1 and −1).  throws: NotFitted.
  int n_clusters() const;
  /// The neighbour search actually used at the last fit: "grid", "kd_tree" or "brute".
  const std::string& algorithm_used() const { return algorithm_used_; }

 private:
  std::vector<Index> core_indices_;
  int n_clusters_ = 0;
  std::string algorithm_used_;
};

namespace dbscan_detail {

/// Core flags and labels from the squared radius, with a given neighbour search
/// ("grid", "kd_tree", "brute"). `labels` has one entry per row; `is_core` likewise.
/// Returns false when the grid cannot represent the data's extent (caller falls back).
bool grid_dbscan(MatrixView x, double eps, Index min_samples, const Context& ctx,
                 std::vector<char>& is_core, std::vector<int>& labels);
void index_dbscan(MatrixView x, double eps, Index min_samples, std::string_view algorithm,
                  int leaf_size, const Context& ctx, std::vector<char>& is_core,
                  std::vector<int>& labels);

}  // namespace dbscan_detail

}  // namespace metaul
