#pragma once
/// @file clustering.h
/// Clustering quality metrics.
///
/// External metrics compare a predicted partition with a reference one. Reference label -1
/// means "no reference cluster" (noise or unlabelled): those points are left out of every
/// external metric. A predicted -1 (noise) counts as one cluster of its own, as in
/// scikit-learn, so that labelling everything noise is not rewarded.
/// throws: InvalidInput when the two label vectors differ in length or nothing is left.
///
/// Internal metrics judge a partition of X alone; predicted noise points (-1) are left out, and
/// fewer than 2 clusters (or as many clusters as points) is an InvalidInput error, as in
/// scikit-learn.

#include <cstdint>
#include <span>

#include "metaul/core/context.h"
#include "metaul/core/matrix.h"

namespace metaul::metrics {

/// Adjusted Rand index (Hubert & Arabie 1985). 1 = identical, ~0 = chance. Equals
/// sklearn.metrics.adjusted_rand_score.
double adjusted_rand_index(std::span<const int> truth, std::span<const int> pred);
/// Adjusted mutual information with arithmetic-mean normalisation (Vinh et al. 2010), equal to
/// sklearn.metrics.adjusted_mutual_info_score's default.
double adjusted_mutual_info(std::span<const int> truth, std::span<const int> pred);
/// Normalised mutual information, arithmetic mean (sklearn's default).
double normalized_mutual_info(std::span<const int> truth, std::span<const int> pred);
/// Normalised clustering accuracy (Gagolewski 2022, "Normalised clustering accuracy: an
/// asymmetric external cluster validity measure"): the best one-to-one matching of predicted to
/// reference clusters, averaging per reference cluster the recall rescaled so that 0 = chance and
/// 1 = perfect. Extra predicted clusters count as errors; with fewer predicted clusters than
/// reference ones the unmatched reference clusters score recall 0. The matching is found with the
/// Hungarian algorithm, O(K² · max(K, L)) for K reference and L predicted clusters. With a single
/// reference cluster the rescaling is undefined and the best-matched recall is returned.
double normalized_clustering_accuracy(std::span<const int> truth, std::span<const int> pred);
/// Purity: the fraction of points in the majority reference class of their predicted cluster.
double purity(std::span<const int> truth, std::span<const int> pred);

/// Mean silhouette coefficient (Rousseeuw 1987), Euclidean. Exact when the number of
/// non-noise points is ≤ `max_exact`; otherwise computed on a uniform sample of `max_exact`
/// points drawn with `seed`. Equals sklearn.metrics.silhouette_score. Distances are computed in
/// double in fixed-size tiles, in parallel on ctx.n_threads(); the result does not depend on the
/// thread count. O(n² · d) time, O(n · d + n · k / 32) memory.
double silhouette(MatrixView x, std::span<const int> labels, const Context& ctx,
                  Index max_exact = 20000, std::uint64_t seed = 0);
/// Calinski-Harabasz index (variance ratio), equal to sklearn's calinski_harabasz_score.
double calinski_harabasz(MatrixView x, std::span<const int> labels);
/// Davies-Bouldin index (lower is better), equal to sklearn's davies_bouldin_score.
double davies_bouldin(MatrixView x, std::span<const int> labels);

}  // namespace metaul::metrics
