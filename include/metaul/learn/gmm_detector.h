#pragma once
/// @file gmm_detector.h
/// Gaussian-mixture outlier score: the negative log-likelihood −log p(x) under a
/// `GaussianMixture` (gmm.h; Dempster, Laird & Rubin 1977 EM), PyOD's `GMM` detector.
///
/// Spec (anomaly family): `gmm(n_components=1, covariance_type=full, tol=0.001,
/// reg_covar=1e-06, max_iter=100, n_init=1, seed=0, contamination=0.1)`; the parameters are those
/// of the `gmm` clusterer and are passed to it unchanged.
/// Training scores = −score_samples of the mixture on the training rows; higher = more
/// anomalous. Complexity: the mixture's EM (O(iter · n k d²) for full covariances).
/// Deterministic for a given seed and any thread count (as GaussianMixture).

#include <vector>

#include "metaul/learn/estimator.h"
#include "metaul/learn/gmm.h"

namespace metaul {

class GMMDetector : public EstimatorImpl<GMMDetector, Detector> {
 public:
  static constexpr std::string_view kName = "gmm";
  static const ParamTable& param_specs();

  /// requires: X finite, n_samples ≥ n_components.
  /// throws: InvalidInput (`gmm.fit: ...` from the mixture), InvalidParameter.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

  /// The fitted mixture.
  const GaussianMixture& mixture() const { return gmm_; }

 private:
  GaussianMixture gmm_;
  Index n_features_ = 0;
};

}  // namespace metaul
