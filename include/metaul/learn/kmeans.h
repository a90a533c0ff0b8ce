#pragma once
/// @file kmeans.h
/// k-means clustering (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007, the
/// greedy variant of scikit-learn: 2 + ln k candidates per step).
///
/// Spec: `kmeans(n_clusters=8, init=k-means++, n_init=1, max_iter=300, tol=1e-4,
/// algorithm=lloyd, seed=0)`.
/// - Distances are computed block-wise with one SGEMM per block of rows (‖c‖² − 2x·c, float),
///   the argmin fused with the accumulation of the new means (double).
/// - Iterations follow scikit-learn's Lloyd loop: each one assigns the points to the current
///   centers and moves the centers to the means; it stops when no label changed ("strict
///   convergence") or when the summed squared shift of the centers is ≤ tol × (mean per-feature
///   variance of X); then, unless strict, the labels are recomputed from the final centers.
///   `n_iter` counts these iterations as scikit-learn's `n_iter_` does.
/// - `algorithm=hamerly` (Hamerly 2010, "Making k-means even faster") keeps one upper and one
///   lower distance bound per point and re-scores only the points whose bounds do not prove their
///   label; the proof includes a margin for the rounding of the float distances, and re-scored
///   points use Lloyd's SGEMM and argmin, so labels, centers and n_iter are identical to
///   `algorithm=lloyd` (faster when most points keep their cluster; O(n) extra memory).
/// - `algorithm=elkan` adds Elkan's (2003, "Using the triangle inequality to accelerate k-means")
///   k lower bounds per point to Hamerly's test, kept lazily (distances of the last re-scoring
///   minus the centers' cumulative drift since), which settles more points while centers still
///   move a lot; same exactness guarantee; O(n·k) extra memory (float).
/// - An empty cluster is re-seeded with the point farthest from its assigned center (largest
///   first), which leaves its old cluster, as in scikit-learn.
/// - Data whose squares would overflow (or underflow) float are scaled by an exact power of two
///   internally; the results are given in the original units.
/// - Of the `n_init` runs (seeds split from `seed`), the one with the lowest inertia is kept.
/// - `init=given` starts from `set_initial_centers` (n_init is then 1).
/// Complexity: O(n·k·d) per iteration, O(n·k) extra memory per block of rows.
/// Determinism: identical output for any thread count (fixed-block reductions).

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class KMeans : public EstimatorImpl<KMeans, Clusterer> {
 public:
  static constexpr std::string_view kName = "kmeans";
  static const ParamTable& param_specs();

  /// requires: X is n × d with n ≥ n_clusters, finite.  throws: InvalidInput, InvalidParameter.
  void fit(MatrixView x, const Context& ctx) override;
  bool can_predict() const override { return true; }
  /// Index of the nearest fitted center for every row.
  std::vector<int> predict(MatrixView x, const Context& ctx) const override;

  /// Centers used when `init=given` (k × d; k must equal n_clusters at fit).
  void set_initial_centers(Matrix centers) { initial_centers_ = std::move(centers); }

  const Matrix& centers() const;  ///< k × d fitted centers
  double inertia() const;         ///< sum of squared distances to the nearest center
  int n_iter() const;             ///< Lloyd iterations of the kept run

 private:
  Matrix initial_centers_;
  Matrix centers_;
  double inertia_ = 0;
  int n_iter_ = 0;
};

namespace kmeans_detail {

/// Greedy k-means++ seeding: k rows of X chosen with D² sampling.
Matrix kmeanspp_init(MatrixView x, int k, std::uint64_t seed, const Context& ctx);

/// For each row of X, the nearest center and its squared distance (computed in float via
/// SGEMM, clamped at 0). `labels` and `min_dist` are resized to n.
void assign_nearest(MatrixView x, MatrixView centers, const Context& ctx, std::vector<int>& labels,
                    std::vector<float>& min_dist);

/// One Lloyd refinement from `centers` until convergence or `max_iter`; returns iterations.
/// Leaves labels and the inertia (double) of the final assignment. `tol_abs` is absolute (the
/// bound on the summed squared center shift); 0 runs until strict convergence or max_iter.
/// Bit-identical for any thread count.
int lloyd(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
          std::vector<int>& labels, double& inertia);

/// As `lloyd`, with Hamerly's bounds; gives exactly lloyd's labels, centers and iterations.
int hamerly(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
            std::vector<int>& labels, double& inertia);

/// As `hamerly`, with Elkan's per-center lower bounds as well; identical to `lloyd` too.
int elkan(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
          std::vector<int>& labels, double& inertia);

}  // namespace kmeans_detail

}  // namespace metaul
