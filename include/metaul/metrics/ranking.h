#pragma once
/// @file ranking.h
/// Ranking metrics for anomaly detection: binary labels (1 = outlier, 0 = inlier; any non-zero
/// value counts as 1) against scores where higher = more anomalous.
///
/// throws: InvalidInput when `labels` and `scores` differ in length, when they are empty, when
/// only one class is present (`roc_auc: only one class present in labels (n = 5, outliers =
/// 0)`) or when a score is NaN.
/// Complexity: O(n log n) (one sort).

#include <span>

namespace metaul::metrics {

/// Area under the ROC curve; tied scores count one half (the Mann-Whitney statistic). Equals
/// sklearn.metrics.roc_auc_score.
double roc_auc(std::span<const int> labels, std::span<const double> scores);

/// Average precision: Σ_k (R_k − R_{k−1}) P_k over the distinct score thresholds in decreasing
/// order (step-wise, no interpolation; all rows tied at a threshold enter together). Equals
/// sklearn.metrics.average_precision_score.
double average_precision(std::span<const int> labels, std::span<const double> scores);

/// Precision at n, n = the number of true outliers (PyOD's precision_n_scores): the threshold is
/// the (1 − n / len) quantile of the scores (linear interpolation, numpy.percentile), the rows
/// with a score strictly above it are predicted outliers, and the result is the fraction of
/// true outliers among them (0 when none is predicted). Ties: rows tied at the threshold are not
/// predicted outliers, so with ties at the boundary fewer than n rows may be selected.
double precision_at_n(std::span<const int> labels, std::span<const double> scores);

}  // namespace metaul::metrics
