#include "metaul/meta/metafeatures.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "mf_internal.h"

namespace metaul::meta {
namespace {

constexpr const char* kSuffix[7] = {"min", "q25", "mean", "median", "q75", "max", "std"};
constexpr const char* kSuffixDoc[7] = {
    "minimum", "25% quantile", "mean", "median", "75% quantile", "maximum", "standard deviation"};

std::vector<MetaFeatureInfo> build_catalog() {
  std::vector<MetaFeatureInfo> c;
  auto add = [&](std::string family, std::string name, std::string doc) {
    c.push_back({std::move(name), std::move(family), std::move(doc)});
  };
  auto add7 = [&](const std::string& family, const std::string& prefix, const std::string& what) {
    for (int s = 0; s < 7; ++s) {
      add(family, prefix + "." + kSuffix[s], fmt::format("{} of {}", kSuffixDoc[s], what));
    }
  };
  // simple
  add("simple", "simple.n_samples", "number of rows n");
  add("simple", "simple.n_features", "number of columns d");
  add("simple", "simple.log_n_samples", "ln n");
  add("simple", "simple.log_n_features", "ln d");
  add("simple", "simple.features_per_sample", "d / n");
  add("simple", "simple.samples_per_feature", "n / d");
  add("simple", "simple.log_samples_per_feature", "ln(n / d)");
  add("simple", "simple.log_size", "ln(n * d)");
  add("simple", "simple.duplicate_rows_fraction",
      "fraction of rows equal to an earlier row (in the quadratic sample)");
  // statistical: per-feature moments over all rows
  add7("stat", "stat.mean", "the per-feature means");
  add7("stat", "stat.std", "the per-feature standard deviations (population)");
  add7("stat", "stat.skewness", "the per-feature skewness g1 (0 for a constant feature)");
  add7("stat", "stat.kurtosis", "the per-feature excess kurtosis g2 (0 for a constant feature)");
  add7("stat", "stat.cv", "the per-feature coefficient of variation std/|mean| (0 if mean = 0)");
  add("stat", "stat.skewness.abs_mean", "mean |skewness| over the features");
  add("stat", "stat.kurtosis.abs_mean", "mean |excess kurtosis| over the features");
  add("stat", "stat.skewed_fraction", "fraction of features with |skewness| > 1");
  add("stat", "stat.heavy_tail_fraction", "fraction of features with excess kurtosis > 1");
  add("stat", "stat.sparsity", "fraction of zero cells");
  add("stat", "stat.sparse_features_fraction", "fraction of features with more than half zeros");
  add("stat", "stat.constant_features_fraction", "fraction of constant features");
  add("stat", "stat.integer_features_fraction",
      "fraction of features whose values are all integers");
  add("stat", "stat.binary_features_fraction",
      "fraction of features with at most 2 distinct values (sample)");
  add("stat", "stat.discrete_features_fraction",
      "fraction of features with at most 10 distinct values (sample)");
  add("stat", "stat.distinct_ratio.min",
      "minimum over features of distinct values / rows (sample)");
  add("stat", "stat.distinct_ratio.mean", "mean over features of distinct values / rows (sample)");
  add("stat", "stat.distinct_ratio.max",
      "maximum over features of distinct values / rows (sample)");
  add("stat", "stat.iqr_outliers.mean",
      "mean per-feature fraction outside [q1 - 1.5 IQR, q3 + 1.5 IQR] (sample)");
  add("stat", "stat.iqr_outliers.max", "maximum per-feature IQR-rule outlier fraction (sample)");
  add("stat", "stat.iqr_outliers.rows",
      "fraction of rows with at least one IQR-rule outlier (sample)");
  add("stat", "stat.sigma3_outliers.mean",
      "mean per-feature fraction with |x - mean| > 3 std (sample)");
  add("stat", "stat.sigma3_outliers.max", "maximum per-feature 3-sigma outlier fraction (sample)");
  add("stat", "stat.sigma3_outliers.rows",
      "fraction of rows with at least one 3-sigma outlier (sample)");
  add("stat", "stat.jb_normal_fraction",
      "fraction of non-constant features passing the Jarque-Bera test at 5% (JB < 5.991)");
  add("stat", "stat.jb_log_mean", "mean over features of ln(1 + JB / n)");
  add("stat", "stat.corr_abs.mean", "mean |Pearson correlation| over feature pairs (0 if d = 1)");
  add("stat", "stat.corr_abs.median", "median |correlation| over feature pairs");
  add("stat", "stat.corr_abs.max", "maximum |correlation| over feature pairs");
  add("stat", "stat.corr_abs.std", "standard deviation of |correlation| over feature pairs");
  add("stat", "stat.corr.mean", "mean signed correlation over feature pairs");
  add("stat", "stat.corr_abs_gt_0.5", "fraction of feature pairs with |correlation| > 0.5");
  add("stat", "stat.corr_abs_gt_0.9", "fraction of feature pairs with |correlation| > 0.9");
  add("stat", "stat.cov_abs_log_mean", "ln(1 + mean |covariance|) over feature pairs (raw scale)");
  // information-theoretic
  add7("info", "info.entropy",
       "the per-feature entropy in 10 equal-width bins, divided by ln 10 (0 for constant)");
  add("info", "info.entropy_sqrt.min",
      "minimum per-feature entropy in sqrt(n) bins, divided by ln(bins)");
  add("info", "info.entropy_sqrt.mean",
      "mean per-feature entropy in sqrt(n) bins, divided by ln(bins)");
  add("info", "info.entropy_sqrt.max",
      "maximum per-feature entropy in sqrt(n) bins, divided by ln(bins)");
  add7("info", "info.mutual_info",
       "the mutual information (nats, 10 bins) of sampled feature pairs");
  add("info", "info.normalized_mi.mean", "mean of I(X;Y)/sqrt(H(X)H(Y)) over sampled pairs");
  add("info", "info.normalized_mi.max", "maximum normalised mutual information over sampled pairs");
  add("info", "info.joint_entropy.mean",
      "mean joint entropy (nats, 10 x 10 bins) of sampled pairs");
  add("info", "info.noise_signal_ratio",
      "(mean entropy - mean MI) / mean MI, in nats (0 when the mean MI is 0)");
  // spectral
  for (int i = 1; i <= 5; ++i) {
    add("spectral", fmt::format("spectral.evr_{}", i),
        fmt::format("explained-variance ratio of principal component {} (0 if absent)", i));
  }
  add("spectral", "spectral.evr_cum_3", "explained-variance ratio of the first 3 components");
  add("spectral", "spectral.n_components_90", "components for 90% variance, divided by d");
  add("spectral", "spectral.n_components_95", "components for 95% variance, divided by d");
  add("spectral", "spectral.n_components_99", "components for 99% variance, divided by d");
  add("spectral", "spectral.eig_decay", "second eigenvalue / first (0 if absent)");
  add("spectral", "spectral.eig_log_slope",
      "least-squares slope of ln(eigenvalue) against ln(rank) over the positive eigenvalues");
  add("spectral", "spectral.eig_entropy", "entropy of the explained-variance ratios / ln(d)");
  add("spectral", "spectral.effective_rank", "exp(entropy of the explained-variance ratios) / d");
  add("spectral", "spectral.participation_ratio", "(sum eigenvalues)^2 / sum eigenvalues^2 / d");
  add("spectral", "spectral.kaiser_fraction", "fraction of correlation eigenvalues above 1");
  add("spectral", "spectral.condition_log10",
      "log10(largest / smallest eigenvalue above 1e-12 of the largest)");
  add("spectral", "spectral.twonn_id",
      "two-NN intrinsic dimension (Facco et al. 2017; 0 if undefined)");
  add("spectral", "spectral.twonn_id_ratio", "two-NN intrinsic dimension / d");
  add("spectral", "spectral.mle_id", "MLE intrinsic dimension, k = 10 (Levina & Bickel 2004)");
  add("spectral", "spectral.mle_id_ratio", "MLE intrinsic dimension / d");
  // distance-based
  add("dist", "dist.mean", "mean of pairwise distances divided by their maximum (sampled pairs)");
  add("dist", "dist.std", "standard deviation of the normalised pairwise distances");
  add("dist", "dist.skewness", "skewness of the pairwise distances");
  add("dist", "dist.kurtosis", "excess kurtosis of the pairwise distances");
  add("dist", "dist.cv", "coefficient of variation of the pairwise distances");
  for (int i = 1; i <= 10; ++i) {
    add("dist", fmt::format("dist.hist_{}", i),
        fmt::format("fraction of normalised pairwise distances in [{:.1f}, {:.1f}{}",
                    (i - 1) / 10.0, i / 10.0, i == 10 ? "]" : ")"));
  }
  add("dist", "dist.relative_contrast",
      "(mean pairwise distance - mean 1-NN distance) / mean 1-NN distance (0 if the latter is 0)");
  add("dist", "dist.contrast_max_min",
      "mean over <= 100 sampled rows of (max - min) / min distance to the other sampled rows "
      "(rows with min = 0 left out; 0 if none)");
  add("dist", "dist.nn_to_mean_ratio", "mean 1-NN distance / mean pairwise distance");
  add("dist", "dist.nn_cv", "coefficient of variation of the 1-NN distances");
  add("dist", "dist.hopkins",
      "Hopkins statistic: about 0.5 for uniform data, near 1 for clustered data");
  // landmarkers
  auto score_family = [&](const std::string& prefix, const std::string& what) {
    add("landmark", prefix + ".mean_norm", what + ": mean score, normalised as documented");
    add("landmark", prefix + ".cv", what + ": coefficient of variation of the scores");
    add("landmark", prefix + ".skewness", what + ": skewness of the scores");
    add("landmark", prefix + ".kurtosis", what + ": excess kurtosis of the scores");
    add("landmark", prefix + ".top1_gap", what + ": (mean of the top 1% scores - median) / std");
    add("landmark", prefix + ".top5_gap", what + ": (mean of the top 5% scores - median) / std");
  };
  score_family("landmark.iforest", "isolation forest (50 trees)");
  add("landmark", "landmark.iforest.path_norm_mean",
      "mean normalised path length E(h)/c(psi) = -log2(score) of the isolation forest");
  score_family("landmark.hbos", "HBOS (10 bins)");
  score_family("landmark.knn5", "distance to the 5th neighbour");
  score_family("landmark.knn10", "distance to the 10th neighbour");
  for (int k = 2; k <= 8; ++k) {
    add("landmark", fmt::format("landmark.kmeans.inertia_k{}", k),
        fmt::format("k-means inertia at k = {} / total sum of squares", k));
  }
  add("landmark", "landmark.kmeans.elbow_ratio",
      "max over k = 3..7 of (I(k-1) - I(k)) / (I(k) - I(k+1)), capped at 1000");
  add("landmark", "landmark.kmeans.elbow_k", "the k of the elbow ratio");
  for (int k : {2, 3, 4, 6, 8}) {
    add("landmark", fmt::format("landmark.kmeans.silhouette_k{}", k),
        fmt::format("silhouette of k-means at k = {} (0 if undefined)", k));
  }
  add("landmark", "landmark.kmeans.best_silhouette_k", "the k of the best silhouette");
  for (int k = 1; k <= 5; ++k) {
    add("landmark", fmt::format("landmark.gmm.bic_{}", k),
        fmt::format("BIC per sample of a diagonal GMM with {} component(s)", k));
  }
  add("landmark", "landmark.gmm.best_k", "number of GMM components with the lowest BIC");
  add("landmark", "landmark.gmm.bic_gain", "(BIC(1) - min BIC) / |BIC(1)| (0 if BIC(1) = 0)");
  for (int q : {1, 5, 10, 25}) {
    add("landmark", fmt::format("landmark.dbscan.noise_q{:02d}", q),
        fmt::format("DBSCAN noise fraction at eps = {}% quantile of 5-NN distances", q));
  }
  for (int q : {1, 5, 10, 25}) {
    add("landmark", fmt::format("landmark.dbscan.clusters_q{:02d}", q),
        fmt::format("DBSCAN cluster count at eps = {}% quantile of 5-NN distances", q));
  }
  return c;
}

void check_options(const MetaFeatureOptions& o) {
  auto positive = [](Index v, const char* name, Index least) {
    if (v < least) {
      throw InvalidParameter(
          fmt::format("extract_metafeatures: {} ({}) must be at least {}", name, v, least));
    }
  };
  positive(o.max_rows_quadratic, "max_rows_quadratic", 2);
  positive(o.max_dims_pairwise, "max_dims_pairwise", 1);
  positive(o.max_rows_landmark, "max_rows_landmark", 2);
  positive(o.max_rows_sample, "max_rows_sample", 2);
  positive(o.max_dims_distance, "max_dims_distance", 1);
}

}  // namespace

const std::vector<MetaFeatureInfo>& metafeature_catalog() {
  static const std::vector<MetaFeatureInfo> catalog = build_catalog();
  return catalog;
}

std::size_t metafeature_index(const std::string& name) {
  const auto& c = metafeature_catalog();
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i].name == name) return i;
  }
  throw InvalidParameter(fmt::format("metafeature_index: unknown meta-feature '{}'", name));
}

namespace detail {

void Out::put(const std::string& name, double value) {
  const auto& c = metafeature_catalog();
  if (values.size() >= c.size() || c[values.size()].name != name) {
    throw std::logic_error("extract_metafeatures: catalog order broken at " + name);
  }
  values.push_back(std::isfinite(value) ? value : 0.0);
}

void Out::put7(const std::string& prefix, std::vector<double> v) {
  const Summary s = summarize(std::move(v));
  put(prefix + ".min", s.min);
  put(prefix + ".q25", s.q25);
  put(prefix + ".mean", s.mean);
  put(prefix + ".median", s.median);
  put(prefix + ".q75", s.q75);
  put(prefix + ".max", s.max);
  put(prefix + ".std", s.std);
}

double quantile_sorted(const std::vector<double>& v, double q) {
  if (v.empty()) return 0.0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  const double t = pos - static_cast<double>(lo);
  return v[lo] + t * (v[hi] - v[lo]);
}

Summary summarize(std::vector<double> v) {
  Summary s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.q25 = quantile_sorted(v, 0.25);
  s.median = quantile_sorted(v, 0.5);
  s.q75 = quantile_sorted(v, 0.75);
  const Moments m = moments(v);
  s.mean = m.mean;
  s.std = m.std;
  return s;
}

Moments moments(const std::vector<double>& v) {
  Moments m;
  if (v.empty()) return m;
  const double n = static_cast<double>(v.size());
  double sum = 0;
  for (double x : v) sum += x;
  m.mean = sum / n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double x : v) {
    const double t = x - m.mean;
    const double t2 = t * t;
    m2 += t2;
    m3 += t2 * t;
    m4 += t2 * t2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  m.std = std::sqrt(m2);
  // A spread below the rounding noise of the mean counts as constant.
  if (m2 > 0 && m.std > 1e-12 * std::abs(m.mean)) {
    m.skewness = m3 / (m2 * m.std);
    m.kurtosis = m4 / (m2 * m2) - 3.0;
  }
  if (!std::isfinite(m.skewness)) m.skewness = 0;
  if (!std::isfinite(m.kurtosis)) m.kurtosis = 0;
  return m;
}

}  // namespace detail

std::vector<double> extract_metafeatures(MatrixView x, const Context& ctx,
                                         const MetaFeatureOptions& options) {
  check_input(x, "extract_metafeatures", 2);
  check_options(options);
  detail::Out out;
  out.values.reserve(metafeature_catalog().size());
  const detail::Samples samples = detail::make_samples(x, options, ctx);
  detail::simple_and_statistical(x, samples, options, ctx, out);
  detail::information(samples, options, out);
  detail::spectral_and_distance(samples, options, ctx, out);
  detail::landmarkers(samples, options, ctx, out);
  if (out.values.size() != metafeature_catalog().size()) {
    throw std::logic_error("extract_metafeatures: catalog size mismatch");
  }
  return out.values;
}

}  // namespace metaul::meta
