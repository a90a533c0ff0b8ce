#pragma once
/// @file loda.h
/// LODA, lightweight on-line detector of anomalies (Pevný 2016, "Loda: Lightweight on-line
/// detector of anomalies", Machine Learning 102), following PyOD's LODA with static bins.
///
/// Spec: `loda(n_bins=10, n_random_cuts=100, contamination=0.1, seed=0)`.
/// - Each of the k = n_random_cuts projections w_i has ⌊√d⌋ non-zero entries (positions drawn
///   without replacement, values standard normal; the others 0).
/// - Histogram of the training projections z = w_i·x: numpy.histogram with n_bins equal bins over
///   [min z, max z] ([z − 0.5, z + 0.5] when constant), counts + 1e-12, normalised to sum 1.
/// - Bin of a projection v (PyOD: searchsorted(edges[:n_bins−1], v, side=left)): the number of
///   the first n_bins − 1 edges strictly below v, so values beyond the range fall in the end bins.
/// - score(x) = (1/k) Σ_i (1/k) (−ln p_i(bin of w_i·x)): the mean negative log-likelihood
///   divided by k once more, exactly PyOD's scale (its weights 1/k and the final division by k).
/// Complexity: fit O(n k √d), score O(n k √d). Determinism: projection i uses
/// Rng(seed).split(i); per-row sums run over the projections in order.

#include <cstdint>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class LODA : public EstimatorImpl<LODA, Detector> {
 public:
  static constexpr std::string_view kName = "loda";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 1.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  /// One sparse projection with its histogram.
  struct Cut {
    std::vector<std::int32_t> features;  ///< non-zero positions (increasing)
    std::vector<double> weights;         ///< their values
    std::vector<double> edges;           ///< n_bins + 1 bin edges
    std::vector<double> probability;     ///< n_bins normalised bin masses
  };
  const std::vector<Cut>& cuts() const { return cuts_; }

 private:
  std::vector<Cut> cuts_;
  Index n_features_ = 0;
};

}  // namespace metaul
