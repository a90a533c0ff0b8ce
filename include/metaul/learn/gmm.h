#pragma once
/// @file gmm.h
/// Gaussian mixture model fitted by expectation-maximisation (Dempster, Laird & Rubin 1977;
/// Bishop, "Pattern Recognition and Machine Learning" 2006, §9.2), with the semantics of
/// scikit-learn's `GaussianMixture`.
///
/// Spec: `gmm(n_components=1, covariance_type=full, tol=1e-3, reg_covar=1e-6, max_iter=100,
/// n_init=1, init_params=kmeans, seed=0)`.
/// - `covariance_type`: `full` (one d × d matrix per component), `tied` (one shared d × d
///   matrix), `diag` (one diagonal per component), `spherical` (one variance per component).
/// - `init_params`: `kmeans` (responsibilities are the one-hot labels of a k-means run, as in
///   scikit-learn), `random` (uniform random responsibilities normalised per row), or `given`
///   (the parameters handed to `set_initial_parameters`; `n_init` is then 1).
/// - `tol`: EM stops when the mean log-likelihood (the lower bound) changes by less than `tol`
///   between two iterations. `reg_covar` is added to the diagonal of every covariance.
/// - Of the `n_init` runs (seeds split from `seed`), the one with the highest lower bound is
///   kept; `converged()` and `n_iter()` describe that run. The labels come from a final E-step
///   with the kept parameters, so `labels() == predict(X)`. Labels are component indices in
///   [0, n_components): a component that is nobody's most probable one leaves its index unused.
///
/// Shapes of the learned parameters (flattened row-major, double precision, k = n_components):
///   `means` k × d;  `covariances` and `precisions_cholesky`: full k × d × d, tied d × d,
///   diag k × d, spherical k;  `weights` k.
/// `precisions_cholesky` holds, as scikit-learn's `precisions_cholesky_`, the upper-triangular
/// U with U Uᵀ = Σ⁻¹ (U = L⁻ᵀ for the Cholesky factor Σ = L Lᵀ); for diag/spherical it is
/// 1/sqrt(variance).
///
/// Complexity: O(n · k · F) per iteration with F = d(d+1)/2 + d + 1 (full, tied), 2d + 1
/// (diag), d + 2 (spherical): each E-step and M-step is one DGEMM per block of rows over the
/// quadratic features of the (globally centred) data. Memory O(k · F) per block of rows.
/// Accuracy: that expansion of (x − μ)ᵀP(x − μ) loses about eps · |x|² · tr(P) to rounding; when
/// this bound exceeds 1e-7 (tight components far from the centre of the data) the E-step and the
/// covariances are computed from x − μ explicitly instead (O(n · k · d²), scikit-learn's way).
/// Determinism: identical output for any thread count (fixed row blocks, ordered reductions).
/// throws (fit): InvalidInput for n_samples < n_components, non-finite data, a wrong shape of
/// the given initial parameters, or a covariance that is not positive definite even with
/// `reg_covar` (the message names the component and suggests increasing reg_covar).

#include <memory>
#include <string>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class GaussianMixture : public EstimatorImpl<GaussianMixture, Clusterer> {
 public:
  static constexpr std::string_view kName = "gmm";
  static const ParamTable& param_specs();

  /// requires: X n × d finite with n ≥ n_components.
  void fit(MatrixView x, const Context& ctx) override;
  bool can_predict() const override { return true; }
  /// The most probable component of every row.  throws: NotFitted, InvalidInput.
  std::vector<int> predict(MatrixView x, const Context& ctx) const override;
  /// Posterior probabilities of the components, n × k.  throws: NotFitted, InvalidInput.
  Matrix predict_proba(MatrixView x, const Context& ctx) const;
  /// Log-likelihood log p(x) of every row under the fitted mixture.
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const;
  /// Mean log-likelihood per row of X.
  double score(MatrixView x, const Context& ctx) const;
  /// Bayesian information criterion: −2 · n · score(X) + n_parameters · ln n.
  double bic(MatrixView x, const Context& ctx) const;
  /// Akaike information criterion: −2 · n · score(X) + 2 · n_parameters.
  double aic(MatrixView x, const Context& ctx) const;
  /// Free parameters of the fitted model (scikit-learn's count): k·d means, k − 1 weights and
  /// k·d(d+1)/2 (full), d(d+1)/2 (tied), k·d (diag) or k (spherical) covariance parameters.
  Index n_parameters() const;

  /// Starting point for `init_params=given`: `weights` (k, positive, summing to 1), `means`
  /// (k × d) and `precisions` (inverse covariances, scikit-learn's `precisions_init` shapes:
  /// full k × d × d, tied d × d, diag k × d, spherical k). Checked at fit.
  void set_initial_parameters(std::vector<double> weights, std::vector<double> means,
                              std::vector<double> precisions);

  const std::vector<double>& weights() const;              ///< k mixture weights
  const std::vector<double>& means() const;                ///< k × d
  const std::vector<double>& covariances() const;          ///< see the shapes above
  const std::vector<double>& precisions_cholesky() const;  ///< see the shapes above
  /// Mean log-likelihood of the training data at the last E-step of the kept run.
  double lower_bound() const;
  bool converged() const;  ///< whether the kept run met `tol` before `max_iter`
  int n_iter() const;      ///< EM iterations of the kept run

 private:
  /// One E-step over X: fills whichever outputs are non-null; returns the summed log p(x).
  double e_step(MatrixView x, const std::string& op, int* labels, float* proba, double* log_norm,
                const Context& ctx) const;

  std::vector<double> init_weights_, init_means_, init_precisions_;
  std::string covariance_type_;
  Index n_features_ = 0;
  std::vector<double> weights_, means_, covariances_, precisions_chol_;
  std::vector<double> center_;  ///< column means of the training data (internal frame)
  struct Fitted;                ///< the model in the internal frame, as the E-step uses it
  std::shared_ptr<const Fitted> fitted_model_;
  double lower_bound_ = 0;
  bool converged_ = false;
  int n_iter_ = 0;
};

}  // namespace metaul
