// Sampling, simple, statistical and information-theoretic meta-features.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "mf_internal.h"

namespace metaul::meta::detail {
namespace {

constexpr Index kBlock = 2048;

std::vector<Index> subset(Index d, Index limit, Rng rng) {
  std::vector<Index> dims;
  if (d <= limit) {
    dims.resize(static_cast<std::size_t>(d));
    std::iota(dims.begin(), dims.end(), Index{0});
  } else {
    dims = rng.sample_without_replacement(d, limit);
    std::sort(dims.begin(), dims.end());
  }
  return dims;
}

// Column `j` of the row sample, as doubles.
std::vector<double> column(const Matrix& m, Index j) {
  std::vector<double> c(static_cast<std::size_t>(m.rows()));
  for (Index i = 0; i < m.rows(); ++i) c[static_cast<std::size_t>(i)] = m(i, j);
  return c;
}

// Equal-width bin of every value over [lo, hi]; all in bin 0 when hi == lo.
std::vector<int> bin_values(const std::vector<double>& c, int bins) {
  std::vector<int> b(c.size(), 0);
  if (c.empty()) return b;
  const auto [lo_it, hi_it] = std::minmax_element(c.begin(), c.end());
  const double lo = *lo_it, hi = *hi_it;
  const double width = (hi - lo) / bins;
  if (!(width > 0) || !std::isfinite(width)) return b;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double t = std::floor((c[i] - lo) / width);
    b[i] = static_cast<int>(std::clamp(t, 0.0, static_cast<double>(bins - 1)));
  }
  return b;
}

double entropy_of_counts(const std::vector<double>& counts, double total) {
  double h = 0;
  for (double c : counts) {
    if (c > 0) h -= (c / total) * std::log(c / total);
  }
  return h;
}

double entropy_of_bins(const std::vector<int>& b, int bins) {
  std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
  for (int v : b) counts[static_cast<std::size_t>(v)] += 1;
  return entropy_of_counts(counts, static_cast<double>(b.size()));
}

}  // namespace

Samples make_samples(MatrixView x, const MetaFeatureOptions& options, const Context& ctx) {
  Samples s;
  const Index n = x.rows(), d = x.cols();
  s.n = n;
  s.d = d;
  const auto du = static_cast<std::size_t>(d);
  // Pass 1 over fixed row blocks: sums, zeros, integrality, min/max; combined in block order.
  const Index nb = block_count(n, kBlock);
  std::vector<double> bsum(static_cast<std::size_t>(nb) * du, 0.0);
  std::vector<double> bzero(static_cast<std::size_t>(nb) * du, 0.0);
  std::vector<char> bint(static_cast<std::size_t>(nb) * du, 1);
  parallel_for(ctx, nb, [&](Index b) {
    const auto [lo, hi] = block_range(n, kBlock, b);
    double* sum = &bsum[static_cast<std::size_t>(b) * du];
    double* zero = &bzero[static_cast<std::size_t>(b) * du];
    char* integ = &bint[static_cast<std::size_t>(b) * du];
    for (Index i = lo; i < hi; ++i) {
      const float* r = x.row(i);
      for (Index j = 0; j < d; ++j) {
        const float v = r[j];
        sum[j] += v;
        zero[j] += v == 0.0f ? 1.0 : 0.0;
        if (integ[j] && std::nearbyint(v) != v) integ[j] = 0;
      }
    }
  });
  s.mean.assign(du, 0.0);
  s.zero_fraction.assign(du, 0.0);
  s.integer.assign(du, 1);
  for (Index b = 0; b < nb; ++b) {
    for (std::size_t j = 0; j < du; ++j) {
      s.mean[j] += bsum[static_cast<std::size_t>(b) * du + j];
      s.zero_fraction[j] += bzero[static_cast<std::size_t>(b) * du + j];
      s.integer[j] = s.integer[j] && bint[static_cast<std::size_t>(b) * du + j];
    }
  }
  for (std::size_t j = 0; j < du; ++j) {
    s.mean[j] /= static_cast<double>(n);
    s.zero_fraction[j] /= static_cast<double>(n);
  }
  // Pass 2: central moments around the mean.
  std::vector<double> bm(static_cast<std::size_t>(nb) * du * 3, 0.0);
  parallel_for(ctx, nb, [&](Index b) {
    const auto [lo, hi] = block_range(n, kBlock, b);
    double* m = &bm[static_cast<std::size_t>(b) * du * 3];
    for (Index i = lo; i < hi; ++i) {
      const float* r = x.row(i);
      for (Index j = 0; j < d; ++j) {
        const double t = static_cast<double>(r[j]) - s.mean[static_cast<std::size_t>(j)];
        const double t2 = t * t;
        m[3 * j] += t2;
        m[3 * j + 1] += t2 * t;
        m[3 * j + 2] += t2 * t2;
      }
    }
  });
  s.std.assign(du, 0.0);
  s.skewness.assign(du, 0.0);
  s.kurtosis.assign(du, 0.0);
  s.constant.assign(du, 0);
  for (std::size_t j = 0; j < du; ++j) {
    double m2 = 0, m3 = 0, m4 = 0;
    for (Index b = 0; b < nb; ++b) {
      const double* m = &bm[static_cast<std::size_t>(b) * du * 3 + 3 * j];
      m2 += m[0];
      m3 += m[1];
      m4 += m[2];
    }
    m2 /= static_cast<double>(n);
    m3 /= static_cast<double>(n);
    m4 /= static_cast<double>(n);
    const double sd = std::sqrt(m2);
    s.std[j] = sd;
    // A spread below the float rounding of the mean counts as constant.
    if (!(sd > 1e-7 * std::abs(s.mean[j])) || m2 == 0) {
      s.constant[j] = 1;
      continue;
    }
    s.skewness[j] = m3 / (m2 * sd);
    s.kurtosis[j] = m4 / (m2 * m2) - 3.0;
    if (!std::isfinite(s.skewness[j]) || !std::isfinite(s.kurtosis[j])) {
      s.skewness[j] = 0;
      s.kurtosis[j] = 0;
    }
  }

  // Nested row samples: prefixes of one seeded random order of the rows.
  Rng root(options.seed);
  // Wide tables: at most 4,000,000 sampled cells (and at least 1,000 rows) keep the copy and
  // the per-column sorts bounded.
  const Index row_bound =
      std::min(options.max_rows_sample, std::max<Index>(1000, Index{4000000} / d));
  const Index m_sample = std::min(n, row_bound);
  std::vector<Index> rows = n <= row_bound
                                ? [&] {
                                    std::vector<Index> all(static_cast<std::size_t>(n));
                                    std::iota(all.begin(), all.end(), Index{0});
                                    root.split(1).shuffle(std::span<Index>(all));
                                    return all;
                                  }()
                                : root.split(1).sample_without_replacement(n, m_sample);
  s.raw = take_rows(x, rows);
  s.pair_dims = subset(d, options.max_dims_pairwise, root.split(2));
  s.dist_dims = subset(d, options.max_dims_distance, root.split(3));
  const Index mq = std::min(m_sample, options.max_rows_quadratic);
  const auto p = static_cast<Index>(s.dist_dims.size());
  s.z = Matrix(mq, p);
  for (Index i = 0; i < mq; ++i) {
    for (Index t = 0; t < p; ++t) {
      const auto j = static_cast<std::size_t>(s.dist_dims[static_cast<std::size_t>(t)]);
      const double v =
          s.constant[j] ? 0.0 : (s.raw(i, static_cast<Index>(j)) - s.mean[j]) / s.std[j];
      s.z(i, t) = static_cast<float>(v);
    }
  }
  s.n_landmark = std::min(mq, options.max_rows_landmark);
  return s;
}

void simple_and_statistical(MatrixView x, const Samples& s, const MetaFeatureOptions&,
                            const Context&, Out& out) {
  const double n = static_cast<double>(s.n), d = static_cast<double>(s.d);
  const auto du = static_cast<std::size_t>(s.d);
  out.put("simple.n_samples", n);
  out.put("simple.n_features", d);
  out.put("simple.log_n_samples", std::log(n));
  out.put("simple.log_n_features", std::log(d));
  out.put("simple.features_per_sample", d / n);
  out.put("simple.samples_per_feature", n / d);
  out.put("simple.log_samples_per_feature", std::log(n / d));
  out.put("simple.log_size", std::log(n) + std::log(d));
  {
    // Duplicate rows of the quadratic-sized prefix of the raw sample, by sorting row indices.
    const Index m = s.z.rows();
    std::vector<Index> idx(static_cast<std::size_t>(m));
    std::iota(idx.begin(), idx.end(), Index{0});
    auto less = [&](Index a, Index b) {
      return std::lexicographical_compare(s.raw.row(a), s.raw.row(a) + s.d, s.raw.row(b),
                                          s.raw.row(b) + s.d);
    };
    std::sort(idx.begin(), idx.end(), less);
    double dup = 0;
    for (std::size_t i = 1; i < idx.size(); ++i) {
      if (std::equal(s.raw.row(idx[i]), s.raw.row(idx[i]) + s.d, s.raw.row(idx[i - 1]))) dup += 1;
    }
    out.put("simple.duplicate_rows_fraction", dup / static_cast<double>(m));
  }
  (void)x;

  std::vector<double> cv(du);
  for (std::size_t j = 0; j < du; ++j) {
    cv[j] = s.mean[j] == 0.0 || s.constant[j] ? 0.0 : s.std[j] / std::abs(s.mean[j]);
  }
  out.put7("stat.mean", s.mean);
  out.put7("stat.std", s.std);
  out.put7("stat.skewness", s.skewness);
  out.put7("stat.kurtosis", s.kurtosis);
  out.put7("stat.cv", cv);
  double abs_skew = 0, abs_kurt = 0, skewed = 0, heavy = 0;
  for (std::size_t j = 0; j < du; ++j) {
    abs_skew += std::abs(s.skewness[j]);
    abs_kurt += std::abs(s.kurtosis[j]);
    skewed += std::abs(s.skewness[j]) > 1 ? 1 : 0;
    heavy += s.kurtosis[j] > 1 ? 1 : 0;
  }
  out.put("stat.skewness.abs_mean", abs_skew / d);
  out.put("stat.kurtosis.abs_mean", abs_kurt / d);
  out.put("stat.skewed_fraction", skewed / d);
  out.put("stat.heavy_tail_fraction", heavy / d);
  double zeros = 0, sparse = 0, constant = 0, integer = 0;
  for (std::size_t j = 0; j < du; ++j) {
    zeros += s.zero_fraction[j];
    sparse += s.zero_fraction[j] > 0.5 ? 1 : 0;
    constant += s.constant[j] ? 1 : 0;
    integer += s.integer[j] ? 1 : 0;
  }
  out.put("stat.sparsity", zeros / d);
  out.put("stat.sparse_features_fraction", sparse / d);
  out.put("stat.constant_features_fraction", constant / d);
  out.put("stat.integer_features_fraction", integer / d);

  // Order statistics on the row sample.
  const Index m = s.raw.rows();
  const double md = static_cast<double>(m);
  double binary = 0, discrete = 0;
  std::vector<double> distinct(du), iqr_rate(du), sig_rate(du);
  std::vector<char> iqr_row(static_cast<std::size_t>(m), 0),
      sig_row(static_cast<std::size_t>(m), 0);
  for (std::size_t j = 0; j < du; ++j) {
    const std::vector<double> c = column(s.raw, static_cast<Index>(j));
    std::vector<double> sorted = c;
    std::sort(sorted.begin(), sorted.end());
    const double q1 = quantile_sorted(sorted, 0.25), q3 = quantile_sorted(sorted, 0.75);
    const double k =
        static_cast<double>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
    binary += k <= 2 ? 1 : 0;
    discrete += k <= 10 ? 1 : 0;
    distinct[j] = k / md;
    const double lo = q1 - 1.5 * (q3 - q1), hi = q3 + 1.5 * (q3 - q1);
    double iq = 0, sg = 0;
    for (Index i = 0; i < m; ++i) {
      const double v = c[static_cast<std::size_t>(i)];
      if (v < lo || v > hi) {
        iq += 1;
        iqr_row[static_cast<std::size_t>(i)] = 1;
      }
      if (!s.constant[j] && std::abs(v - s.mean[j]) > 3 * s.std[j]) {
        sg += 1;
        sig_row[static_cast<std::size_t>(i)] = 1;
      }
    }
    iqr_rate[j] = iq / md;
    sig_rate[j] = sg / md;
  }
  out.put("stat.binary_features_fraction", binary / d);
  out.put("stat.discrete_features_fraction", discrete / d);
  const Summary ds = summarize(distinct);
  out.put("stat.distinct_ratio.min", ds.min);
  out.put("stat.distinct_ratio.mean", ds.mean);
  out.put("stat.distinct_ratio.max", ds.max);
  const Summary is = summarize(iqr_rate);
  out.put("stat.iqr_outliers.mean", is.mean);
  out.put("stat.iqr_outliers.max", is.max);
  out.put("stat.iqr_outliers.rows",
          static_cast<double>(std::count(iqr_row.begin(), iqr_row.end(), 1)) / md);
  const Summary ss = summarize(sig_rate);
  out.put("stat.sigma3_outliers.mean", ss.mean);
  out.put("stat.sigma3_outliers.max", ss.max);
  out.put("stat.sigma3_outliers.rows",
          static_cast<double>(std::count(sig_row.begin(), sig_row.end(), 1)) / md);
  double jb_pass = 0, jb_log = 0;
  for (std::size_t j = 0; j < du; ++j) {
    const double jb = n / 6.0 * (s.skewness[j] * s.skewness[j] + s.kurtosis[j] * s.kurtosis[j] / 4);
    if (!s.constant[j] && jb < 5.991) jb_pass += 1;
    jb_log += std::log1p(jb / n);
  }
  out.put("stat.jb_normal_fraction", jb_pass / d);
  out.put("stat.jb_log_mean", jb_log / d);

  // Correlations between the pairwise subset of features on the row sample.
  const std::size_t p = s.pair_dims.size();
  std::vector<std::vector<double>> zc(p);
  std::vector<double> sd(p, 0.0);
  for (std::size_t a = 0; a < p; ++a) {
    zc[a] = column(s.raw, s.pair_dims[a]);
    const Moments mo = moments(zc[a]);
    sd[a] = mo.std > 1e-7 * std::abs(mo.mean) ? mo.std : 0.0;
    for (double& v : zc[a]) v -= mo.mean;
  }
  std::vector<double> corr, abs_corr;
  double cov_abs = 0;
  for (std::size_t a = 0; a < p; ++a) {
    for (std::size_t b = a + 1; b < p; ++b) {
      double dot = 0;
      for (Index i = 0; i < m; ++i)
        dot += zc[a][static_cast<std::size_t>(i)] * zc[b][static_cast<std::size_t>(i)];
      const double cov = dot / md;
      cov_abs += std::abs(cov);
      double r = sd[a] > 0 && sd[b] > 0 ? cov / (sd[a] * sd[b]) : 0.0;
      if (!std::isfinite(r)) r = 0;
      r = std::clamp(r, -1.0, 1.0);
      corr.push_back(r);
      abs_corr.push_back(std::abs(r));
    }
  }
  const Summary cs = summarize(abs_corr);
  double gt5 = 0, gt9 = 0;
  for (double r : abs_corr) {
    gt5 += r > 0.5 ? 1 : 0;
    gt9 += r > 0.9 ? 1 : 0;
  }
  const double np = std::max<double>(1.0, static_cast<double>(abs_corr.size()));
  out.put("stat.corr_abs.mean", cs.mean);
  out.put("stat.corr_abs.median", cs.median);
  out.put("stat.corr_abs.max", cs.max);
  out.put("stat.corr_abs.std", cs.std);
  out.put("stat.corr.mean", moments(corr).mean);
  out.put("stat.corr_abs_gt_0.5", gt5 / np);
  out.put("stat.corr_abs_gt_0.9", gt9 / np);
  out.put("stat.cov_abs_log_mean", std::log1p(cov_abs / np));
}

void information(const Samples& s, const MetaFeatureOptions& options, Out& out) {
  const auto du = static_cast<std::size_t>(s.d);
  const double m = static_cast<double>(s.raw.rows());
  const int sqrt_bins = std::max(2, static_cast<int>(std::lround(std::sqrt(m))));
  std::vector<double> h10(du), hs(du);
  for (std::size_t j = 0; j < du; ++j) {
    const std::vector<double> c = column(s.raw, static_cast<Index>(j));
    h10[j] = entropy_of_bins(bin_values(c, 10), 10) / std::log(10.0);
    hs[j] = entropy_of_bins(bin_values(c, sqrt_bins), sqrt_bins) / std::log(sqrt_bins);
  }
  out.put7("info.entropy", h10);
  const Summary hss = summarize(hs);
  out.put("info.entropy_sqrt.min", hss.min);
  out.put("info.entropy_sqrt.mean", hss.mean);
  out.put("info.entropy_sqrt.max", hss.max);

  // Mutual information on at most 256 seeded pairs of the pairwise feature subset.
  const std::size_t p = s.pair_dims.size();
  std::vector<std::vector<int>> bins(p);
  std::vector<double> hb(p);
  for (std::size_t a = 0; a < p; ++a) {
    bins[a] = bin_values(column(s.raw, s.pair_dims[a]), 10);
    hb[a] = entropy_of_bins(bins[a], 10);
  }
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < p; ++a) {
    for (std::size_t b = a + 1; b < p; ++b) pairs.emplace_back(a, b);
  }
  constexpr std::size_t kMaxPairs = 256;
  if (pairs.size() > kMaxPairs) {
    Rng rng = Rng(options.seed).split(4);
    const auto pick = rng.sample_without_replacement(static_cast<Index>(pairs.size()),
                                                     static_cast<Index>(kMaxPairs));
    std::vector<std::pair<std::size_t, std::size_t>> chosen;
    for (Index i : pick) chosen.push_back(pairs[static_cast<std::size_t>(i)]);
    std::sort(chosen.begin(), chosen.end());
    pairs = std::move(chosen);
  }
  std::vector<double> mi, nmi, joint;
  std::vector<double> counts(100);
  for (const auto& [a, b] : pairs) {
    std::fill(counts.begin(), counts.end(), 0.0);
    for (std::size_t i = 0; i < bins[a].size(); ++i) {
      counts[static_cast<std::size_t>(bins[a][i] * 10 + bins[b][i])] += 1;
    }
    const double hj = entropy_of_counts(counts, m);
    const double info = std::max(0.0, hb[a] + hb[b] - hj);
    mi.push_back(info);
    joint.push_back(hj);
    nmi.push_back(hb[a] > 0 && hb[b] > 0 ? std::min(1.0, info / std::sqrt(hb[a] * hb[b])) : 0.0);
  }
  out.put7("info.mutual_info", mi);
  const Summary ns = summarize(nmi);
  out.put("info.normalized_mi.mean", ns.mean);
  out.put("info.normalized_mi.max", ns.max);
  out.put("info.joint_entropy.mean", moments(joint).mean);
  const double mean_mi = moments(mi).mean;
  const double mean_h = moments(h10).mean * std::log(10.0);
  out.put("info.noise_signal_ratio", mean_mi > 0 ? (mean_h - mean_mi) / mean_mi : 0.0);
}

}  // namespace metaul::meta::detail
