#pragma once
/// @file hbos.h
/// Histogram-based outlier score (Goldstein & Dengel 2012, "Histogram-based Outlier Score
/// (HBOS): A fast unsupervised anomaly detection algorithm", KI-2012 poster track), static bins
/// as in PyOD's HBOS.
///
/// Spec: `hbos(n_bins=10, alpha=0.1, tol=0.5, dynamic_bins=false, contamination=0.1)`.
/// - Per feature j: `n_bins` equal-width bins over [min_j, max_j] of the training rows
///   (numpy.histogram; a constant feature gets [v − 0.5, v + 0.5]); density h = count /
///   (n · width).
/// - score(x) = Σ_j −log2(h_j(bin of x_j) + alpha) (alpha keeps the log finite).
/// - A value below the first edge (above the last) uses the first (last) bin when it lies within
///   tol · bin width of the edge, else the feature's largest term −log2(min_b h_b + alpha)
///   (PyOD's rule). A value equal to the last edge belongs to the last bin.
/// - dynamic_bins (the paper's dynamic-width histogram; not in PyOD): the sorted values are cut
///   into runs of ⌊n / n_bins⌋ values, each run extended while the next value is equal (equal
///   values never straddle bins), the last run taking the rest, so there are at most n_bins
///   bins. Bin b spans [first value of b, first value of b + 1), the last one [its first value,
///   max]; density = count / (n · width), and a zero-width last bin gets the width
///   (max − min) / bins (1 for a constant feature). Scoring is as above with these edges.
/// Complexity: fit O(n d) (dynamic: O(n log n · d)), score O(n d log n_bins). Deterministic.

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class HBOS : public EstimatorImpl<HBOS, Detector> {
 public:
  static constexpr std::string_view kName = "hbos";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 1.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  /// Bin edges of feature j (n_bins + 1 values).
  const std::vector<double>& bin_edges(Index j) const {
    return edges_[static_cast<std::size_t>(j)];
  }
  /// Densities of feature j (n_bins values).
  const std::vector<double>& densities(Index j) const { return hist_[static_cast<std::size_t>(j)]; }

 private:
  std::vector<std::vector<double>> edges_;
  std::vector<std::vector<double>> hist_;
  Index n_features_ = 0;
};

}  // namespace metaul
