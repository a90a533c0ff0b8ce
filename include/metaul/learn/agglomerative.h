#pragma once
/// @file agglomerative.h
/// Agglomerative hierarchical clustering with Euclidean distances, linkage ward, average,
/// complete or single; the labels, merge tree and merge distances are those of scikit-learn's
/// `AgglomerativeClustering` (no connectivity constraint).
///
/// Spec: `agglomerative(n_clusters=2, distance_threshold=none, linkage=ward)`.
/// - Exactly one of `n_clusters` and `distance_threshold` must be set (the other `none`), as in
///   scikit-learn. With a threshold, the number of clusters is 1 + the number of merges at a
///   distance ≥ `distance_threshold`.
/// - single: Prim's minimum spanning tree on the fly (Gower & Ross 1969), O(n²·d) time, O(n)
///   memory; the tree is labelled as scikit-learn's `single_linkage_label`.
/// - ward, average, complete: the nearest-neighbour-chain algorithm (Murtagh 1983; Müllner 2011,
///   "Modern hierarchical, agglomerative clustering algorithms", arXiv:1109.2378) on a condensed
///   matrix of n(n−1)/2 doubles with Lance–Williams updates, as SciPy's `linkage`: O(n²) time
///   after the O(n²·d) distances. Ward distances are the SciPy ones (√ of the Lance–Williams
///   recurrence on Euclidean distances). Memory limit: the condensed matrix may use at most
///   kMaxCondensedBytes (2 GiB, about n = 23,000); beyond that fit throws InvalidInput.
/// - The tree is cut as scikit-learn's `_hc_cut`, which fixes the label numbering.
/// Determinism: identical output for any thread count (only the distances are computed in
/// parallel, each one sequentially in double).

#include <array>
#include <cstddef>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class Agglomerative : public EstimatorImpl<Agglomerative, Clusterer> {
 public:
  static constexpr std::string_view kName = "agglomerative";
  static const ParamTable& param_specs();
  /// Largest condensed distance matrix (ward, average, complete) that fit will allocate.
  static constexpr std::size_t kMaxCondensedBytes = std::size_t{2} << 30;

  /// requires: X is n × d with n ≥ 2, finite; n ≥ n_clusters.
  /// throws: InvalidInput (too few rows, memory limit), InvalidParameter (both or neither of
  /// n_clusters and distance_threshold set).
  void fit(MatrixView x, const Context& ctx) override;

  /// (n−1) merges: row i joins nodes children()[i][0] and [1] into node n + i; nodes < n are
  /// samples (scikit-learn's `children_`).
  const std::vector<std::array<Index, 2>>& children() const;
  /// Linkage distance of every merge, nondecreasing (scikit-learn's `distances_`).
  const std::vector<double>& distances() const;
  /// Number of clusters of the cut (n_clusters or the one implied by distance_threshold).
  int n_clusters() const;

 private:
  std::vector<std::array<Index, 2>> children_;
  std::vector<double> distances_;
  int n_clusters_ = 0;
};

namespace agglomerative_detail {

/// One edge of a minimum spanning tree grown by Prim's algorithm from row 0.
struct MstEdge {
  Index last;   ///< the node added just before `added` (what scikit-learn records)
  Index tree;   ///< the tree node nearest to `added` (the true MST edge is tree–added)
  Index added;  ///< the node joined by this edge
  double weight;
};

/// Prim's MST of the complete Euclidean graph, in the order the nodes were added, ties to the
/// lowest index. With `core` (size n) the weights are mutual reachability distances
/// max(d(i,j), core[i], core[j]). O(n²·d) time, O(n) memory; parallel, thread-count independent.
std::vector<MstEdge> prim_mst(MatrixView x, const std::vector<double>* core, const Context& ctx);

struct Tree {
  std::vector<std::array<Index, 2>> children;
  std::vector<double> distances;
};

/// Single linkage tree (sklearn's mst_linkage_core + single_linkage_label).
Tree single_linkage(MatrixView x, const Context& ctx);
/// Ward, average or complete linkage tree by nearest-neighbour chain (SciPy's nn_chain).
/// `method` is "ward", "average" or "complete".
Tree chain_linkage(MatrixView x, const std::string& method, const Context& ctx);
/// Cuts a full merge tree over n leaves into k clusters with scikit-learn's `_hc_cut` numbering.
/// requires: 1 ≤ k ≤ n.
std::vector<int> cut_tree(const std::vector<std::array<Index, 2>>& children, Index n, int k);

}  // namespace agglomerative_detail

}  // namespace metaul
