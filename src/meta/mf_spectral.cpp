// Spectral, distance-based and landmarker meta-features (all on the standardised samples).
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/gmm.h"
#include "metaul/learn/kmeans.h"
#include "metaul/learn/knn_index.h"
#include "metaul/metrics/clustering.h"
#include "metaul/registry.h"
#include "mf_internal.h"

namespace metaul::meta::detail {
namespace {

double distance(MatrixView z, Index a, Index b) {
  double s = 0;
  for (Index j = 0; j < z.cols(); ++j) {
    const double t = static_cast<double>(z(a, j)) - static_cast<double>(z(b, j));
    s += t * t;
  }
  return std::sqrt(s);
}

// Mean, coefficient of variation, skewness, kurtosis and top-1%/5% gaps of a score vector.
void put_scores(Out& out, const std::string& prefix, std::vector<double> scores, double norm) {
  const Moments m = moments(scores);
  out.put(prefix + ".mean_norm", norm > 0 ? m.mean / norm : 0.0);
  out.put(prefix + ".cv", m.mean != 0 ? m.std / std::abs(m.mean) : 0.0);
  out.put(prefix + ".skewness", m.skewness);
  out.put(prefix + ".kurtosis", m.kurtosis);
  std::sort(scores.begin(), scores.end());
  const double median = quantile_sorted(scores, 0.5);
  auto gap = [&](double fraction) {
    if (scores.empty() || !(m.std > 0)) return 0.0;
    const auto top = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(scores.size()))));
    double sum = 0;
    for (std::size_t i = scores.size() - top; i < scores.size(); ++i) sum += scores[i];
    return (sum / static_cast<double>(top) - median) / m.std;
  };
  out.put(prefix + ".top1_gap", gap(0.01));
  out.put(prefix + ".top5_gap", gap(0.05));
}

std::int64_t sub_seed(const MetaFeatureOptions& o, std::uint64_t stream) {
  return static_cast<std::int64_t>(Rng(o.seed).split(stream).next() >> 1);
}

}  // namespace

void spectral_and_distance(const Samples& s, const MetaFeatureOptions& options, const Context& ctx,
                           Out& out) {
  const MatrixView z = s.z.view();
  const Index m = z.rows(), p = z.cols();
  // Eigenvalues of the covariance of the standardised sample (the correlation matrix, with
  // constant features contributing zero rows and columns).
  Eigen::MatrixXd zd(m, p);
  for (Index i = 0; i < m; ++i) {
    for (Index j = 0; j < p; ++j) zd(i, j) = z(i, j);
  }
  const Eigen::MatrixXd cov = (zd.transpose() * zd) / static_cast<double>(m);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov, Eigen::EigenvaluesOnly);
  std::vector<double> lam(static_cast<std::size_t>(p));
  for (Index j = 0; j < p; ++j)
    lam[static_cast<std::size_t>(p - 1 - j)] = std::max(0.0, eig.eigenvalues()(j));
  const double total = std::accumulate(lam.begin(), lam.end(), 0.0);
  std::vector<double> evr(lam.size(), 0.0);
  if (total > 0) {
    for (std::size_t j = 0; j < lam.size(); ++j) evr[j] = lam[j] / total;
  }
  for (int i = 1; i <= 5; ++i) {
    out.put(fmt::format("spectral.evr_{}", i),
            static_cast<std::size_t>(i) <= evr.size() ? evr[static_cast<std::size_t>(i - 1)] : 0.0);
  }
  double cum3 = 0;
  for (std::size_t j = 0; j < std::min<std::size_t>(3, evr.size()); ++j) cum3 += evr[j];
  out.put("spectral.evr_cum_3", cum3);
  for (const auto& [name, level] :
       {std::pair{"spectral.n_components_90", 0.90}, std::pair{"spectral.n_components_95", 0.95},
        std::pair{"spectral.n_components_99", 0.99}}) {
    double cum = 0;
    std::size_t k = 0;
    if (total > 0) {
      while (k < evr.size() && cum < level - 1e-12) cum += evr[k++];
    }
    out.put(name, static_cast<double>(k) / static_cast<double>(p));
  }
  out.put("spectral.eig_decay", lam.size() >= 2 && lam[0] > 0 ? lam[1] / lam[0] : 0.0);
  {
    std::vector<double> lx, ly;
    for (std::size_t j = 0; j < lam.size(); ++j) {
      if (lam[j] > 1e-12 * lam[0]) {
        lx.push_back(std::log(static_cast<double>(j + 1)));
        ly.push_back(std::log(lam[j]));
      }
    }
    double slope = 0;
    if (lx.size() >= 2) {
      const double mx = moments(lx).mean, my = moments(ly).mean;
      double sxy = 0, sxx = 0;
      for (std::size_t j = 0; j < lx.size(); ++j) {
        sxy += (lx[j] - mx) * (ly[j] - my);
        sxx += (lx[j] - mx) * (lx[j] - mx);
      }
      slope = sxx > 0 ? sxy / sxx : 0.0;
    }
    out.put("spectral.eig_log_slope", slope);
  }
  double h = 0, sq = 0;
  for (double r : evr) {
    if (r > 0) h -= r * std::log(r);
    sq += r * r;
  }
  out.put("spectral.eig_entropy", p > 1 ? h / std::log(static_cast<double>(p)) : 0.0);
  out.put("spectral.effective_rank", total > 0 ? std::exp(h) / static_cast<double>(p) : 0.0);
  out.put("spectral.participation_ratio", sq > 0 ? 1.0 / sq / static_cast<double>(p) : 0.0);
  double kaiser = 0;
  for (double l : lam) kaiser += l > 1.0 + 1e-9 ? 1 : 0;
  out.put("spectral.kaiser_fraction", kaiser / static_cast<double>(p));
  {
    double smallest = 0;
    for (double l : lam) {
      if (l > 1e-12 * lam[0]) smallest = l;
    }
    out.put("spectral.condition_log10", smallest > 0 ? std::log10(lam[0] / smallest) : 0.0);
  }

  // Neighbours within the quadratic sample (exact, self excluded).
  const Index kq = std::min<Index>(10, m - 1);
  BruteForceIndex index;
  index.build(z, ctx);
  QueryOptions self;
  self.exclude_self = true;
  const KnnResult nn = index.query(z, kq, ctx, self);
  {
    double sum_log = 0;
    Index count = 0;
    if (kq >= 2) {
      for (Index i = 0; i < m; ++i) {
        const double r1 = nn.distance(i, 0), r2 = nn.distance(i, 1);
        if (r1 > 0) {
          sum_log += std::log(r2 / r1);
          ++count;
        }
      }
    }
    const double id = sum_log > 0 ? static_cast<double>(count) / sum_log : 0.0;
    out.put("spectral.twonn_id", id);
    out.put("spectral.twonn_id_ratio", id / static_cast<double>(s.d));
    double inv_sum = 0;
    Index valid = 0;
    if (kq >= 2) {
      for (Index i = 0; i < m; ++i) {
        const double tk = nn.distance(i, kq - 1);
        if (!(nn.distance(i, 0) > 0)) continue;
        double acc = 0;
        for (Index j = 0; j + 1 < kq; ++j) acc += std::log(tk / nn.distance(i, j));
        inv_sum += acc / static_cast<double>(kq - 1);
        ++valid;
      }
    }
    const double mle = inv_sum > 0 ? static_cast<double>(valid) / inv_sum : 0.0;
    out.put("spectral.mle_id", mle);
    out.put("spectral.mle_id_ratio", mle / static_cast<double>(s.d));
  }

  // Distances of seeded random pairs.
  Rng rng = Rng(options.seed).split(5);
  constexpr Index kPairs = 20000;
  std::vector<double> dist(static_cast<std::size_t>(kPairs));
  for (auto& v : dist) {
    const auto a = static_cast<Index>(rng.below(static_cast<std::uint64_t>(m)));
    auto b = static_cast<Index>(rng.below(static_cast<std::uint64_t>(m - 1)));
    if (b >= a) ++b;
    v = distance(z, a, b);
  }
  const double dmax = *std::max_element(dist.begin(), dist.end());
  std::vector<double> norm(dist.size(), 0.0);
  if (dmax > 0) {
    for (std::size_t i = 0; i < dist.size(); ++i) norm[i] = dist[i] / dmax;
  }
  const Moments dm = moments(norm);
  out.put("dist.mean", dm.mean);
  out.put("dist.std", dm.std);
  out.put("dist.skewness", dm.skewness);
  out.put("dist.kurtosis", dm.kurtosis);
  out.put("dist.cv", dm.mean > 0 ? dm.std / dm.mean : 0.0);
  std::vector<double> hist(10, 0.0);
  for (double v : norm) hist[static_cast<std::size_t>(std::min(9.0, std::floor(v * 10)))] += 1;
  for (int i = 0; i < 10; ++i) {
    out.put(fmt::format("dist.hist_{}", i + 1),
            hist[static_cast<std::size_t>(i)] / static_cast<double>(norm.size()));
  }
  std::vector<double> nn1(static_cast<std::size_t>(m));
  for (Index i = 0; i < m; ++i) nn1[static_cast<std::size_t>(i)] = nn.distance(i, 0);
  const Moments nm = moments(nn1);
  const double mean_dist = moments(dist).mean;
  out.put("dist.relative_contrast", nm.mean > 0 ? (mean_dist - nm.mean) / nm.mean : 0.0);
  {
    // Relative contrast of Beyer et al. 1999 for the first rows of the randomly ordered sample.
    const Index probes = std::min<Index>(100, m);
    std::vector<double> contrast(static_cast<std::size_t>(probes), -1.0);
    parallel_for(ctx, probes, [&](Index i) {
      double lo = std::numeric_limits<double>::infinity(), hi = 0;
      for (Index j = 0; j < m; ++j) {
        if (j == i) continue;
        const double dij = distance(z, i, j);
        lo = std::min(lo, dij);
        hi = std::max(hi, dij);
      }
      if (lo > 0 && std::isfinite(lo)) contrast[static_cast<std::size_t>(i)] = (hi - lo) / lo;
    });
    double sum = 0;
    Index used = 0;
    for (double c : contrast) {
      if (c >= 0) {
        sum += c;
        ++used;
      }
    }
    out.put("dist.contrast_max_min", used > 0 ? sum / static_cast<double>(used) : 0.0);
  }
  out.put("dist.nn_to_mean_ratio", mean_dist > 0 ? nm.mean / mean_dist : 0.0);
  out.put("dist.nn_cv", nm.mean > 0 ? nm.std / nm.mean : 0.0);
  {
    // Hopkins: uniform probes in the bounding box vs. sampled rows (the first rows of the
    // randomly ordered sample), nearest-neighbour distances to the sample.
    const Index probes = std::clamp<Index>(m / 10, 1, 100);
    std::vector<double> lo(static_cast<std::size_t>(p)), hi(static_cast<std::size_t>(p));
    for (Index j = 0; j < p; ++j) {
      lo[j] = hi[j] = z(0, j);
      for (Index i = 1; i < m; ++i) {
        lo[j] = std::min<double>(lo[j], z(i, j));
        hi[j] = std::max<double>(hi[j], z(i, j));
      }
    }
    Matrix u(probes, p);
    Rng ur = Rng(options.seed).split(6);
    for (Index i = 0; i < probes; ++i) {
      for (Index j = 0; j < p; ++j) {
        u(i, j) = static_cast<float>(
            ur.uniform(lo[static_cast<std::size_t>(j)], hi[static_cast<std::size_t>(j)]));
      }
    }
    const KnnResult un = index.query(u, 1, ctx);
    double su = 0, sw = 0;
    for (Index i = 0; i < probes; ++i) {
      su += un.distance(i, 0);
      sw += nn.distance(i, 0);
    }
    out.put("dist.hopkins", su + sw > 0 ? su / (su + sw) : 0.5);
  }
}

void landmarkers(const Samples& s, const MetaFeatureOptions& options, const Context& outer,
                 Out& out) {
  // The landmark sample is small: many short parallel regions cost more than they save, so the
  // learners run on one thread (their results do not depend on the thread count).
  Context ctx = outer;
  ctx.threads = 1;
  const MatrixView z = s.z.view().rows_range(0, s.n_landmark);
  const Index m = z.rows(), p = z.cols();
  const double md = static_cast<double>(m);
  // A landmarker that cannot run on this sample (too few distinct rows, ...) gives NaN, which
  // Out::put turns into the fallback 0.
  const double nan = std::numeric_limits<double>::quiet_NaN();

  auto run_detector = [&](const std::string& spec) -> std::vector<double> {
    try {
      auto det = make_detector(spec);
      det->fit(z, ctx);
      return det->training_scores();
    } catch (const Error&) {
      return std::vector<double>(static_cast<std::size_t>(m), 0.0);
    }
  };
  const std::vector<double> iso =
      run_detector(fmt::format("iforest(n_estimators=50,seed={})", sub_seed(options, 10)));
  put_scores(out, "landmark.iforest", iso, 1.0);
  double path = 0;
  for (double v : iso) path += v > 0 ? -std::log2(v) : 0.0;
  out.put("landmark.iforest.path_norm_mean", path / md);
  put_scores(out, "landmark.hbos", run_detector("hbos"), static_cast<double>(p));

  // kNN distance scores; the mean is normalised by the mean pairwise distance of the sample.
  const Index kl = std::min<Index>(10, m - 1);
  BruteForceIndex index;
  index.build(z, ctx);
  QueryOptions self;
  self.exclude_self = true;
  const KnnResult nn = index.query(z, kl, ctx, self);
  double pair_mean = 0;
  {
    Rng rng = Rng(options.seed).split(7);
    constexpr int kPairs = 4000;
    for (int t = 0; t < kPairs; ++t) {
      const auto a = static_cast<Index>(rng.below(static_cast<std::uint64_t>(m)));
      auto b = static_cast<Index>(rng.below(static_cast<std::uint64_t>(m - 1)));
      if (b >= a) ++b;
      pair_mean += distance(z, a, b);
    }
    pair_mean /= kPairs;
  }
  auto kth = [&](Index k) {
    std::vector<double> v(static_cast<std::size_t>(m));
    const Index c = std::min(k, kl) - 1;
    for (Index i = 0; i < m; ++i) v[static_cast<std::size_t>(i)] = nn.distance(i, c);
    return v;
  };
  const std::vector<double> knn5 = kth(5);
  put_scores(out, "landmark.knn5", knn5, pair_mean);
  put_scores(out, "landmark.knn10", kth(10), pair_mean);

  // k-means inertia curve and silhouettes.
  double total_ss = 0;
  {
    std::vector<double> mu(static_cast<std::size_t>(p), 0.0);
    for (Index i = 0; i < m; ++i) {
      for (Index j = 0; j < p; ++j) mu[static_cast<std::size_t>(j)] += z(i, j);
    }
    for (double& v : mu) v /= md;
    for (Index i = 0; i < m; ++i) {
      for (Index j = 0; j < p; ++j) {
        const double t = z(i, j) - mu[static_cast<std::size_t>(j)];
        total_ss += t * t;
      }
    }
  }
  std::vector<double> inertia(9, 0.0);
  std::vector<std::vector<int>> labels(9);
  for (int k = 2; k <= 8; ++k) {
    if (m < k || !(total_ss > 0)) continue;
    try {
      auto km =
          make_clusterer(fmt::format("kmeans(n_clusters={},seed={})", k, sub_seed(options, 11)));
      km->fit(z, ctx);
      inertia[static_cast<std::size_t>(k)] = dynamic_cast<const KMeans&>(*km).inertia() / total_ss;
      labels[static_cast<std::size_t>(k)] = km->labels();
    } catch (const Error&) {
    }
  }
  for (int k = 2; k <= 8; ++k) {
    out.put(fmt::format("landmark.kmeans.inertia_k{}", k), inertia[static_cast<std::size_t>(k)]);
  }
  double best_ratio = 0;
  int elbow_k = 0;
  for (int k = 3; k <= 7; ++k) {
    const double num =
        inertia[static_cast<std::size_t>(k - 1)] - inertia[static_cast<std::size_t>(k)];
    const double den =
        inertia[static_cast<std::size_t>(k)] - inertia[static_cast<std::size_t>(k + 1)];
    double r = den > 1e-12 ? num / den : (num > 1e-12 ? 1000.0 : 0.0);
    r = std::clamp(r, 0.0, 1000.0);
    if (r > best_ratio) {
      best_ratio = r;
      elbow_k = k;
    }
  }
  out.put("landmark.kmeans.elbow_ratio", best_ratio);
  out.put("landmark.kmeans.elbow_k", elbow_k);
  double best_sil = -2;
  int best_sil_k = 0;
  for (int k : {2, 3, 4, 6, 8}) {
    double sil = 0;
    const auto& lab = labels[static_cast<std::size_t>(k)];
    if (!lab.empty() && *std::max_element(lab.begin(), lab.end()) >= 1) {
      try {
        sil = metrics::silhouette(z, lab, ctx, 600, options.seed);
      } catch (const Error&) {
        sil = 0;
      }
    }
    if (!std::isfinite(sil)) sil = 0;
    out.put(fmt::format("landmark.kmeans.silhouette_k{}", k), sil);
    if (!lab.empty() && sil > best_sil) {
      best_sil = sil;
      best_sil_k = k;
    }
  }
  out.put("landmark.kmeans.best_silhouette_k", best_sil_k);

  // Diagonal GMM BIC per sample for 1..5 components.
  std::vector<double> bic(6, nan);
  for (int k = 1; k <= 5; ++k) {
    if (m < k) continue;
    try {
      auto gmm = make_clusterer(
          fmt::format("gmm(n_components={},covariance_type=diag,max_iter=50,seed={})", k,
                      sub_seed(options, 12)));
      gmm->fit(z, ctx);
      bic[static_cast<std::size_t>(k)] =
          dynamic_cast<const GaussianMixture&>(*gmm).bic(z, ctx) / md;
    } catch (const Error&) {
    }
  }
  int best_k = 0;
  double best_bic = 0;
  for (int k = 1; k <= 5; ++k) {
    const double b = bic[static_cast<std::size_t>(k)];
    out.put(fmt::format("landmark.gmm.bic_{}", k), b);
    if (std::isfinite(b) && (best_k == 0 || b < best_bic)) {
      best_k = k;
      best_bic = b;
    }
  }
  out.put("landmark.gmm.best_k", best_k);
  const double b1 = bic[1];
  out.put("landmark.gmm.bic_gain",
          std::isfinite(b1) && b1 != 0 && best_k > 0 ? (b1 - best_bic) / std::abs(b1) : 0.0);

  // DBSCAN at quantiles of the 5-NN distances.
  std::vector<double> sorted = knn5;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> noise, clusters;
  for (double q : {0.01, 0.05, 0.10, 0.25}) {
    const double eps = std::max(quantile_sorted(sorted, q), 1e-6);
    double nf = nan, nc = nan;
    try {
      auto db = make_clusterer("dbscan(min_samples=5)");
      db->set_param_text("eps", fmt::format("{:.17g}", eps));
      const std::vector<int> lab = db->fit_predict(z, ctx);
      nf = static_cast<double>(std::count(lab.begin(), lab.end(), -1)) / md;
      nc = static_cast<double>(*std::max_element(lab.begin(), lab.end()) + 1);
    } catch (const Error&) {
    }
    noise.push_back(nf);
    clusters.push_back(nc);
  }
  const int qs[4] = {1, 5, 10, 25};
  for (int i = 0; i < 4; ++i)
    out.put(fmt::format("landmark.dbscan.noise_q{:02d}", qs[i]), noise[i]);
  for (int i = 0; i < 4; ++i) {
    out.put(fmt::format("landmark.dbscan.clusters_q{:02d}", qs[i]), clusters[i]);
  }
}

}  // namespace metaul::meta::detail
