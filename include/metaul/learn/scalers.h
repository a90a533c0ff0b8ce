#pragma once
/// @file scalers.h
/// Per-feature scalers with scikit-learn's semantics (`sklearn.preprocessing`).
///
/// All three learn one offset and one scale per column at `fit` (statistics in double) and
/// `transform` maps every value independently, so they cost O(n · d) (the robust scaler
/// O(n · d · log n) for its quantiles). Outputs are float32 n × d. A column whose spread is
/// (numerically) zero gets scale 1, so constant features pass through centred instead of
/// becoming NaN. `transform`/`inverse_transform` on a matrix with a different number of columns
/// throw InvalidInput naming both numbers; before `fit` they throw NotFitted.

#include <vector>

#include "metaul/learn/estimator.h"

namespace metaul {

/// Standardisation: (x − mean) / std, std the population standard deviation (ddof = 0).
/// Spec: `standard_scaler(with_mean=true, with_std=true)`. A feature is treated as constant
/// (scale 1) with scikit-learn's test var ≤ n·eps·var + (n·mean·eps)².
class StandardScaler : public EstimatorImpl<StandardScaler, Transformer> {
 public:
  static constexpr std::string_view kName = "standard_scaler";
  static const ParamTable& param_specs();

  void fit(MatrixView x, const Context& ctx) override;
  Matrix transform(MatrixView x, const Context& ctx) const override;
  Matrix inverse_transform(MatrixView x, const Context& ctx) const;

  const std::vector<double>& mean() const;   ///< column means (zeros when with_mean=false)
  const std::vector<double>& var() const;    ///< column variances (ddof = 0)
  const std::vector<double>& scale() const;  ///< per-column divisor (ones when with_std=false)

 private:
  std::vector<double> mean_, var_, scale_;
};

/// Robust scaling: (x − median) / (q_max-th − q_min-th percentile), the percentiles linearly
/// interpolated between order statistics (numpy's default "linear" method).
/// Spec: `robust_scaler(with_centering=true, with_scaling=true, q_min=25, q_max=75)`;
/// requires 0 ≤ q_min < q_max ≤ 100 (checked at fit, InvalidParameter).
class RobustScaler : public EstimatorImpl<RobustScaler, Transformer> {
 public:
  static constexpr std::string_view kName = "robust_scaler";
  static const ParamTable& param_specs();

  void fit(MatrixView x, const Context& ctx) override;
  Matrix transform(MatrixView x, const Context& ctx) const override;
  Matrix inverse_transform(MatrixView x, const Context& ctx) const;

  const std::vector<double>& center() const;  ///< column medians (zeros without centering)
  const std::vector<double>& scale() const;   ///< interquantile ranges (ones without scaling)

 private:
  std::vector<double> center_, scale_;
};

/// Min-max scaling of every column onto [min, max]: x · scale + offset with
/// scale = (max − min) / (data_max − data_min) and offset = min − data_min · scale.
/// Spec: `minmax_scaler(min=0, max=1, clip=false)`; requires min < max (InvalidParameter at
/// fit). With `clip`, transformed values are clipped to [min, max].
class MinMaxScaler : public EstimatorImpl<MinMaxScaler, Transformer> {
 public:
  static constexpr std::string_view kName = "minmax_scaler";
  static const ParamTable& param_specs();

  void fit(MatrixView x, const Context& ctx) override;
  Matrix transform(MatrixView x, const Context& ctx) const override;
  Matrix inverse_transform(MatrixView x, const Context& ctx) const;

  const std::vector<double>& data_min() const;
  const std::vector<double>& data_max() const;
  const std::vector<double>& scale() const;   ///< per-column factor
  const std::vector<double>& offset() const;  ///< scikit-learn's `min_`

 private:
  std::vector<double> data_min_, data_max_, scale_, offset_;
};

}  // namespace metaul
