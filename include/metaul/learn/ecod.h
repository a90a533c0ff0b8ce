#pragma once
/// @file ecod.h
/// Empirical-CDF detectors: ECOD (Li, Zhao, Hu, Botta, Ionescu & Chen 2022, "ECOD: Unsupervised
/// Outlier Detection Using Empirical Cumulative Distribution Functions", IEEE TKDE) and COPOD
/// (Li, Zhao, Botta, Ionescu & Hu 2020, "COPOD: Copula-Based Outlier Detection", ICDM), as
/// implemented in PyOD.
///
/// Specs: `ecod(contamination=0.1)`, `copod(contamination=0.1)`. No other hyperparameters.
/// For every feature j of the N rows scored together:
/// - U_l = −ln F_j(x_j), F_j(v) = #{rows with x_j ≤ v} / N (left tail);
///   U_r = −ln G_j(x_j), G_j(v) = #{rows with x_j ≥ v} / N (right tail);
/// - s_j = sign of the (biased) sample skewness of feature j (0 for a constant feature);
///   U_skew = U_l when s_j < 0, U_r when s_j > 0, U_l + U_r when s_j = 0 (PyOD's formula).
/// - ECOD: score = Σ_j max(U_l, U_r, U_skew);  COPOD: score = Σ_j max(U_skew, (U_l + U_r)/2).
/// Training rows are scored against the training set. As in PyOD, `score_samples(X)` computes the
/// ECDFs and skewness on the training rows and X together (N = n + m) and returns X's scores, so
/// scores of new rows depend on the batch they come in.
/// Complexity: O(N d log N). Deterministic (no randomness; per-row sums in feature order).

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

namespace ecdf_detail {
enum class Combine { Ecod, Copod };
/// Scores of rows [first, N) of the stacked data [a; b] (b may be empty: scores of a).
std::vector<double> ecdf_scores(MatrixView a, MatrixView b, Combine combine, const Context& ctx);
}  // namespace ecdf_detail

class ECOD : public EstimatorImpl<ECOD, Detector> {
 public:
  static constexpr std::string_view kName = "ecod";
  static const ParamTable& param_specs();
  /// requires: X finite, n ≥ 1.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

 private:
  Matrix train_;
};

class COPOD : public EstimatorImpl<COPOD, Detector> {
 public:
  static constexpr std::string_view kName = "copod";
  static const ParamTable& param_specs();
  /// requires: X finite, n ≥ 1.  throws: InvalidInput.
  void fit(MatrixView x, const Context& ctx) override;
  /// throws: NotFitted, InvalidInput (different number of columns, non-finite values).
  std::vector<double> score_samples(MatrixView x, const Context& ctx) const override;

 private:
  Matrix train_;
};

}  // namespace metaul
