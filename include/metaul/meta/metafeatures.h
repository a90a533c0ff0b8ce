#pragma once
/// @file metafeatures.h
/// Label-free meta-features of a data set: a fixed, ordered vector of numbers that describes an
/// n × d table for the meta-learner (similarity between data sets, performance prediction).
///
/// Families (see docs/metafeatures.md for every name, its meaning and its fallback):
/// - `simple`: sizes and their ratios.
/// - `stat`: per-feature moments (mean, std, skewness, excess kurtosis, coefficient of
///   variation) summarised over the features by min/q25/mean/median/q75/max/std; sparsity,
///   integer/binary/discrete/constant feature rates; IQR and 3σ outlier rates; Jarque-Bera
///   normality; correlation and covariance summaries.
/// - `info`: entropy of each feature discretised into 10 and √n equal-width bins, mutual
///   information between sampled feature pairs.
/// - `spectral`: PCA explained-variance ratios of the standardised data, components for
///   90/95/99 % variance, eigenvalue decay, intrinsic dimension (two-NN, Facco et al. 2017,
///   "Estimating the intrinsic dimension of datasets by a minimal neighborhood information",
///   Sci. Rep.; MLE, Levina & Bickel 2004, NIPS, with MacKay & Ghahramani's averaging).
/// - `dist`: moments and histogram of normalised pairwise distances on sampled pairs, relative
///   contrast (Beyer et al. 1999, "When is nearest neighbor meaningful?", ICDT), Hopkins
///   statistic (Hopkins & Skellam 1954).
/// - `landmark`: cheap runs of base learners on a seeded sub-sample of the standardised data:
///   isolation forest, HBOS, kNN distance scores, k-means (k = 2..8) inertia and silhouette,
///   diagonal GMM BIC (1..5 components), DBSCAN at kNN-distance quantiles.
///
/// Sampling (all seeded by `MetaFeatureOptions::seed`; samples are nested, the smaller a prefix
/// of the larger one random permutation of the rows):
/// - per-feature moments, sparsity and integrality use every row (O(n·d));
/// - order statistics, entropies, mutual information and correlations use ≤ max_rows_sample rows
///   (and ≤ max(1000, 4,000,000 / d) rows, for wide tables);
/// - correlations and mutual information use ≤ max_dims_pairwise features (seeded subset);
/// - spectral, distance and intrinsic-dimension features use ≤ max_rows_quadratic rows and
///   ≤ max_dims_distance features (seeded subset) of the standardised data;
/// - landmarkers use ≤ max_rows_landmark rows of the same standardised data (on one thread:
///   the sample is small and their results do not depend on the thread count).
///
/// No labels are used. The result is bit-identical for any ctx.threads.
#include <cstdint>
#include <string>
#include <vector>

#include "metaul/core/context.h"
#include "metaul/core/matrix.h"

namespace metaul::meta {

/// One entry of the catalog: a stable identifier (`stat.skewness.mean`), its family and a
/// one-line description.
struct MetaFeatureInfo {
  std::string name;
  std::string family;
  std::string doc;
};

/// The fixed, ordered list of meta-features; `extract_metafeatures` returns values in this order.
const std::vector<MetaFeatureInfo>& metafeature_catalog();

/// Position of `name` in the catalog.  throws: InvalidParameter for an unknown name.
std::size_t metafeature_index(const std::string& name);

/// Cost bounds of the extraction (see the file comment for which features use which sample).
struct MetaFeatureOptions {
  /// Seed of every sub-sample and every randomised landmarker.
  std::uint64_t seed = 0;
  /// Rows for the quadratic terms (pairwise distances, kNN, spectral, intrinsic dimension).
  Index max_rows_quadratic = 5000;
  /// Features for the pairwise terms (correlations, mutual information).
  Index max_dims_pairwise = 64;
  /// Rows for the landmarkers (base learners).
  Index max_rows_landmark = 2000;
  /// Rows for order statistics (quantiles, entropies, correlations).
  Index max_rows_sample = 20000;
  /// Features for distances, spectra and landmarkers.
  Index max_dims_distance = 256;
};

/// Extracts the meta-features of `x` (n × d, float32, row-major), in catalog order. Every value
/// is finite for valid input; undefined quantities take the documented fallback (usually 0).
/// requires: n ≥ 2, d ≥ 1, every value finite.
/// throws: InvalidInput for fewer than 2 rows, no columns or non-finite values; InvalidParameter
/// for a non-positive sampling bound.
/// complexity: O(n·d) for the full-data pass plus bounded work on the samples.
std::vector<double> extract_metafeatures(MatrixView x, const Context& ctx,
                                         const MetaFeatureOptions& options = {});

}  // namespace metaul::meta
