#pragma once
// Internal pieces of the meta-feature extractor shared by the family files.
#include <string>
#include <vector>

#include "metaul/meta/metafeatures.h"

namespace metaul::meta::detail {

struct Summary {
  double min = 0, q25 = 0, mean = 0, median = 0, q75 = 0, max = 0, std = 0;
};
struct Moments {
  double mean = 0, std = 0, skewness = 0, kurtosis = 0;
};

/// Appends values in catalog order; a value that is not finite becomes 0.
struct Out {
  std::vector<double> values;
  /// throws std::logic_error when `name` is not the next catalog entry.
  void put(const std::string& name, double value);
  /// The seven summaries min/q25/mean/median/q75/max/std of `v` (zeros when empty).
  void put7(const std::string& prefix, std::vector<double> v);
};

double quantile_sorted(const std::vector<double>& v, double q);
Summary summarize(std::vector<double> v);
/// Population moments; skewness and excess kurtosis are 0 for constant input.
Moments moments(const std::vector<double>& v);

/// Per-column statistics over every row, and the nested seeded samples.
struct Samples {
  Index n = 0, d = 0;
  std::vector<double> mean, std, skewness, kurtosis;  // per column, population
  std::vector<double> zero_fraction;
  std::vector<char> integer;  // every value integral
  std::vector<char> constant;
  Matrix raw;                    // ≤ max_rows_sample rows, every column
  std::vector<Index> pair_dims;  // ≤ max_dims_pairwise columns
  std::vector<Index> dist_dims;  // ≤ max_dims_distance columns
  Matrix z;                      // ≤ max_rows_quadratic rows of standardised dist_dims
  Index n_landmark = 0;          // landmark sample: the first n_landmark rows of z
};

Samples make_samples(MatrixView x, const MetaFeatureOptions& options, const Context& ctx);
void simple_and_statistical(MatrixView x, const Samples& s, const MetaFeatureOptions& options,
                            const Context& ctx, Out& out);
void information(const Samples& s, const MetaFeatureOptions& options, Out& out);
void spectral_and_distance(const Samples& s, const MetaFeatureOptions& options, const Context& ctx,
                           Out& out);
void landmarkers(const Samples& s, const MetaFeatureOptions& options, const Context& ctx, Out& out);

}  // namespace metaul::meta::detail
