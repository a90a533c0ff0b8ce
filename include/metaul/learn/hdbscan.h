#pragma once
/// @file hdbscan.h
/// HDBSCAN: hierarchical density-based clustering (Campello, Moulavi & Sander, PAKDD 2013;
/// the accelerated formulation of McInnes, Healy & Astels, JOSS 2017), with the parameters and
/// semantics of scikit-learn's `HDBSCAN` (1.3+) and the `hdbscan` package.
///
/// Spec: `hdbscan(min_cluster_size=5, min_samples=none, cluster_selection_epsilon=0,
/// cluster_selection_method=eom, allow_single_cluster=false, alpha=1, metric=euclidean,
/// algorithm=auto)`.
/// Steps:
/// 1. core distance of each row: Euclidean distance to its `min_samples`-th nearest row,
///    the row itself counted (scikit-learn's convention; the `hdbscan` package's
///    min_samples = k is this min_samples = k + 1). `min_samples=none` means min_cluster_size.
/// 2. minimum spanning tree of the mutual-reachability graph
///    d_mr(a, b) = max(core(a), core(b), ‖a − b‖ / alpha), by Prim's algorithm on the implicit
///    dense graph (starting at row 0, the lowest index winning among equal keys):
///    O(n²·d) time, O(n) memory, parallel over rows within each step.
/// 3. single-linkage tree (MST edges sorted stably by weight), condensed with
///    `min_cluster_size` (a split is a true split only when both sides have at least
///    min_cluster_size rows; otherwise the small side's rows "fall out" at λ = 1/distance).
/// 4. flat clusters: excess of mass (`eom`: the set of non-nested clusters with the largest
///    total stability Σ (λ_point − λ_birth)) or `leaf` (the leaves of the condensed tree),
///    optionally merged below `cluster_selection_epsilon` (Malzer & Baum 2020); the root is a
///    candidate only with `allow_single_cluster`.
/// Outputs: labels (−1 = noise; clusters numbered in the order of their condensed-tree ids),
/// membership `probabilities` (λ of the row, capped at the largest λ of its cluster, divided
/// by it), and the condensed tree.
/// Ties: with equal mutual-reachability distances the tree (hence the labels of a few boundary
/// rows) depends on the MST chosen; metaul's choice is fixed and documented above, so results
/// are reproducible and independent of the thread count.
/// Complexity: O(n²·d) time, O(n·min_samples) memory.
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

/// One row of the condensed tree. Nodes < n are rows of X; cluster nodes are numbered from n
/// (the root) upwards in breadth-first order of their birth.
struct CondensedEdge {
  Index parent = 0;
  Index child = 0;
  double lambda = 0;     ///< 1 / distance at which `child` leaves or splits from `parent`
  Index child_size = 1;  ///< rows under `child`
};

class HDBSCAN : public EstimatorImpl<HDBSCAN, Clusterer> {
 public:
  static constexpr std::string_view kName = "hdbscan";
  static const ParamTable& param_specs();

  /// requires: X n × d (n ≥ 2), finite, min_samples ≤ n.
  /// throws: InvalidInput, InvalidParameter.
  void fit(MatrixView x, const Context& ctx) override;

  /// Membership strength in [0, 1] of every row (0 for noise).  throws: NotFitted.
  const std::vector<double>& probabilities() const;
  /// The condensed tree, parents before children.  throws: NotFitted.
  const std::vector<CondensedEdge>& condensed_tree() const;
  /// Number of rows of the condensed tree.
  Index condensed_tree_size() const { return static_cast<Index>(condensed_tree().size()); }
  /// Number of flat clusters.  throws: NotFitted.
  int n_clusters() const;

 private:
  std::vector<double> probabilities_;
  std::vector<CondensedEdge> condensed_;
  int n_clusters_ = 0;
};

namespace hdbscan_detail {

/// A single-linkage merge: nodes `left` and `right` (rows < n, merges n + i) joined at
/// `distance` into a node of `size` rows.
struct Merge {
  Index left, right;
  double distance;
  Index size;
};

/// Minimum spanning tree of the mutual-reachability graph by Prim (see the file comment);
/// returns the n − 1 edges as merges in Prim's order (left = tree side, size unset).
/// A step's scan runs on ctx's threads only when at least `parallel_rows` rows remain.
std::vector<Merge> mutual_reachability_mst(MatrixView x, const std::vector<double>& core,
                                           double alpha, const Context& ctx,
                                           Index parallel_rows = 32768);
/// Single-linkage tree from MST edges (sorted stably by weight).
std::vector<Merge> single_linkage(std::vector<Merge> mst, Index n);
/// Condensed tree of a single-linkage tree.
std::vector<CondensedEdge> condense(const std::vector<Merge>& tree, Index n,
                                    Index min_cluster_size);
/// Flat clusters of a condensed tree: labels and probabilities (size n).
void extract_clusters(const std::vector<CondensedEdge>& condensed, Index n, bool leaf,
                      bool allow_single_cluster, double epsilon, std::vector<int>& labels,
                      std::vector<double>& probabilities);

}  // namespace hdbscan_detail

}  // namespace metaul
