#pragma once
/// @file optics.h
/// OPTICS: ordering points to identify the clustering structure (Ankerst, Breunig, Kriegel &
/// Sander, SIGMOD 1999), with cluster extraction by the ξ method (same paper, §4.3) or at a
/// DBSCAN radius; the semantics and labels of scikit-learn's `OPTICS`.
///
/// Spec: `optics(min_samples=5, max_eps=inf, metric=euclidean, cluster_method=xi, eps=none,
/// xi=0.05, predecessor_correction=true, min_cluster_size=none, algorithm=auto)`.
/// - core distance: distance to the min_samples-th nearest row (itself counted), infinite when
///   above max_eps.
/// - the ordering repeatedly takes the unprocessed row of smallest reachability (the lowest
///   index among ties, infinite ones included) and lowers the reachability of its unprocessed
///   neighbours within max_eps to max(core distance, distance). As in scikit-learn, core and
///   reachability distances are rounded to 15 decimals, so that mathematically equal values
///   computed by different routes compare equal.
/// - `cluster_method=xi`: steep-area extraction with scikit-learn's corrections (predecessor
///   correction, clusters at least min_cluster_size long; default min_cluster_size =
///   min_samples); labels of the leaf-most clusters, −1 elsewhere.
///   `cluster_method=dbscan`: labels at radius `eps` (default max_eps), as DBSCAN up to the
///   assignment of border rows.
/// Complexity: one radius query per core row plus O(log n) per reachability update (a heap
/// of candidates); O(n²·d) when max_eps is infinite. O(n) memory besides one neighbourhood.
#include <utility>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class OPTICS : public EstimatorImpl<OPTICS, Clusterer> {
 public:
  static constexpr std::string_view kName = "optics";
  static const ParamTable& param_specs();

  /// requires: X n × d finite, n ≥ min_samples (and ≥ min_cluster_size).
  /// throws: InvalidInput, InvalidParameter (eps > max_eps).
  void fit(MatrixView x, const Context& ctx) override;

  /// Row indices in the cluster ordering.  throws: NotFitted.
  const std::vector<Index>& ordering() const;
  /// Reachability distance of every row (by row index; +inf where undefined).
  const std::vector<double>& reachability() const;
  /// Core distance of every row (+inf where above max_eps).
  const std::vector<double>& core_distances() const;
  /// The row that set each row's reachability (−1 where none).
  const std::vector<Index>& predecessor() const;
  /// ξ clusters as [start, end] positions in the ordering, inner clusters first (xi only).
  const std::vector<std::pair<Index, Index>>& cluster_hierarchy() const;

 private:
  std::vector<Index> ordering_;
  std::vector<double> reachability_;
  std::vector<double> core_distances_;
  std::vector<Index> predecessor_;
  std::vector<std::pair<Index, Index>> hierarchy_;
};

namespace optics_detail {

/// scikit-learn's cluster_optics_dbscan.
std::vector<int> extract_dbscan(const std::vector<double>& reachability,
                                const std::vector<double>& core_distances,
                                const std::vector<Index>& ordering, double eps);
/// scikit-learn's _xi_cluster: clusters as [start, end] positions in the ordering.
std::vector<std::pair<Index, Index>> xi_clusters(const std::vector<double>& reachability,
                                                 const std::vector<Index>& predecessor,
                                                 const std::vector<Index>& ordering, double xi,
                                                 Index min_samples, Index min_cluster_size,
                                                 bool predecessor_correction);
/// scikit-learn's _extract_xi_labels.
std::vector<int> xi_labels(const std::vector<Index>& ordering,
                           const std::vector<std::pair<Index, Index>>& clusters);

}  // namespace optics_detail

}  // namespace metaul
