#pragma once
/// @file minibatch_kmeans.h
/// Mini-batch k-means (Sculley 2010, "Web-scale k-means clustering"), following scikit-learn's
/// MiniBatchKMeans (1.2) step by step.
///
/// Spec: `minibatch_kmeans(n_clusters=8, init=k-means++, batch_size=1024, max_iter=100,
/// max_no_improvement=10, tol=0, reassignment_ratio=0.01, n_init=3, init_size=none, seed=0)`.
/// - Seeding: each of the `n_init` candidate seedings runs k-means++ (or picks k random rows) on
///   `init_size` rows drawn with replacement (default 3 × batch_size, at least 3 × n_clusters, at
///   most n); the one with the lowest inertia on a common validation sample of the same size is
///   kept. `init=given` starts from `set_initial_centers` (n_init is then 1).
/// - Steps: `max_iter · n / batch_size` mini-batches of `batch_size` rows drawn with replacement;
///   every point moves its center with a per-center learning rate 1 / (points seen so far).
/// - Reassignment: when a center has seen no point, or every 10·n_clusters sampled points,
///   centers whose count is below `reassignment_ratio` × the largest count are moved to random
///   points of the current batch (at most half the batch), with their count set to the smallest
///   remaining one.
/// - Stopping: an exponentially weighted average of the batch inertia (weight 2·batch_size/(n+1))
///   that has not improved for `max_no_improvement` steps, or (tol > 0) a summed squared center
///   move ≤ tol × mean feature variance.
/// - Labels and inertia are those of the full data set against the final centers.
/// Complexity: O(steps · batch_size · k · d) plus O(n · k · d) for the final labels.
/// Determinism: identical output for any thread count (sequential updates, fixed-chunk GEMM).

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class MiniBatchKMeans : public EstimatorImpl<MiniBatchKMeans, Clusterer> {
 public:
  static constexpr std::string_view kName = "minibatch_kmeans";
  static const ParamTable& param_specs();

  /// requires: X is n × d, finite, n ≥ n_clusters.  throws: InvalidInput, InvalidParameter.
  void fit(MatrixView x, const Context& ctx) override;
  bool can_predict() const override { return true; }
  /// Index of the nearest fitted center for every row.  throws: NotFitted, InvalidInput.
  std::vector<int> predict(MatrixView x, const Context& ctx) const override;

  /// Centers used when `init=given` (k × d; k must equal n_clusters at fit).
  void set_initial_centers(Matrix centers) { initial_centers_ = std::move(centers); }

  const Matrix& centers() const;  ///< k × d fitted centers
  double inertia() const;         ///< sum of squared distances of X to the nearest center
  int n_steps() const;            ///< mini-batch steps run
  int n_iter() const;             ///< passes over the data: ceil(n_steps · batch_size / n)

 private:
  Matrix initial_centers_;
  Matrix centers_;
  double inertia_ = 0;
  int n_steps_ = 0;
  int n_iter_ = 0;
};

}  // namespace metaul
