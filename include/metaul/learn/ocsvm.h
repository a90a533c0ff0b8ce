#pragma once
/// @file ocsvm.h
/// One-class support vector machine (Schölkopf, Platt, Shawe-Taylor, Smola & Williamson 2001,
/// "Estimating the support of a high-dimensional distribution", Neural Computation 13(7)),
/// trained by LIBSVM (Chang & Lin 2011; Debian's libsvm), as scikit-learn's `OneClassSVM`.
///
/// Spec: `ocsvm(nu=0.5, kernel=rbf, gamma=none, degree=3, coef0=0, tol=0.001, shrinking=true,
/// cache_size=200, contamination=0.1)`.
/// - Kernels: linear ⟨x, y⟩; rbf exp(−γ‖x − y‖²); poly (γ⟨x, y⟩ + coef0)^degree; sigmoid
///   tanh(γ⟨x, y⟩ + coef0). `gamma=none` is scikit-learn's 'scale': 1 / (d · var(X)) with var
///   over all entries of X (1 when that variance is 0).
/// - decision_function(x) = Σ_i α_i K(sv_i, x) − ρ (scikit-learn's); score = −decision_function
///   (higher = more anomalous).
/// - LIBSVM's output is silenced. The solver is sequential (SMO); scoring new rows runs in
///   parallel. Deterministic (no randomness).
/// Complexity: training O(n² d) to O(n³ d) kernel evaluations (cached, `cache_size` MB);
/// scoring O(m · n_SV · d).

#include <memory>
#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

class OneClassSVM : public EstimatorImpl<OneClassSVM, Detector> {
 public:
  static constexpr std::string_view kName = "ocsvm";
  static const ParamTable& param_specs();

  /// requires: X finite, n ≥ 1.  throws: InvalidInput, InvalidParameter (LIBSVM's check).
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;
  /// decision_function of scikit-learn: positive inside the learned support.
  std::vector<double> decision_function(MatrixView x, const Context& ctx) const;

  /// Number of support vectors; the kernel's γ actually used; the offset ρ.
  Index n_support() const;
  double gamma() const { return gamma_; }
  double rho() const;

 private:
  struct Model;
  std::shared_ptr<const Model> model_;
  Index n_features_ = 0;
  double gamma_ = 0;
};

}  // namespace metaul
