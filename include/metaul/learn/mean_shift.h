#pragma once
/// @file mean_shift.h
/// Mean shift clustering with a flat kernel (Fukunaga & Hostetler 1975; Comaniciu & Meer 2002,
/// "Mean shift: a robust approach toward feature space analysis", IEEE TPAMI), as
/// scikit-learn's `MeanShift`.
///
/// Spec: `mean_shift(bandwidth=none, bin_seeding=false, min_bin_freq=1, cluster_all=true,
/// max_iter=300, seed=0)`.
/// - Every seed (each row, or with bin_seeding the centres of the grid cells of side
///   `bandwidth` holding ≥ min_bin_freq rows) moves to the mean of the rows within `bandwidth`
///   until it moves less than 1e-3·bandwidth or after max_iter steps. Means are float32 sums in
///   row order, as NumPy computes them, so converged modes coincide exactly with scikit-learn's.
/// - Modes are ranked by the number of rows within reach (then by coordinates, descending); a
///   mode within `bandwidth` of a higher-ranked kept mode is dropped. Labels number the kept
///   modes in rank order; each row takes its nearest mode, or −1 when cluster_all=false and the
///   mode is farther than `bandwidth`.
/// - bandwidth=none estimates it as scikit-learn's estimate_bandwidth(quantile=0.3): the mean
///   distance of a row to its ⌊0.3·m⌋-th nearest row (itself counted), over all m = n rows, or
///   over a `seed`-ed sample of m = 10,000 rows when n is larger.
/// Complexity: O(seeds × iterations × n × d) (brute-force range queries, parallel over seeds),
/// plus O(m²·d) for the bandwidth estimate; O(n·d) memory.
/// Determinism: identical output for any thread count.

#include "metaul/learn/estimator.h"

namespace metaul {

class MeanShift : public EstimatorImpl<MeanShift, Clusterer> {
 public:
  static constexpr std::string_view kName = "mean_shift";
  static const ParamTable& param_specs();
  /// Rows used by the bandwidth estimate at most.
  static constexpr Index kBandwidthSample = 10000;

  /// throws: InvalidInput (no seed had a row within bandwidth).
  void fit(MatrixView x, const Context& ctx) override;
  bool can_predict() const override { return true; }
  /// Index of the nearest mode for every row (cluster_all is not applied, as in scikit-learn).
  std::vector<int> predict(MatrixView x, const Context& ctx) const override;

  const Matrix& cluster_centers() const;  ///< k × d kept modes, in label order
  double bandwidth() const;               ///< bandwidth used (given or estimated)
  int n_iter() const;                     ///< largest number of iterations over the seeds

 private:
  Matrix centers_;
  double bandwidth_ = 0;
  int n_iter_ = 0;
};

namespace mean_shift_detail {

/// scikit-learn's estimate_bandwidth(x, quantile) over all rows of x.
double estimate_bandwidth(MatrixView x, double quantile, const Context& ctx);

}  // namespace mean_shift_detail

}  // namespace metaul
