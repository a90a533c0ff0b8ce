#include "metaul/learn/kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/blas.h"
#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"

namespace metaul {

const ParamTable& KMeans::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_clusters", 8, "number of clusters k").at_least(1),
      ParamSpec::choice("init", "k-means++", {"k-means++", "random", "given"},
                        "seeding: greedy k-means++, k random rows, or set_initial_centers"),
      ParamSpec::integer("n_init", 1, "independent runs; the lowest inertia is kept").at_least(1),
      ParamSpec::integer("max_iter", 300, "maximum Lloyd iterations per run").at_least(1),
      ParamSpec::real("tol", 1e-4,
                      "stop when the squared center shift is <= tol x mean feature variance")
          .at_least(0),
      ParamSpec::choice("algorithm", "lloyd", {"lloyd"}, "iteration scheme"),
      ParamSpec::seed(),
  };
  return table;
}

namespace kmeans_detail {
namespace {

// Rows per SGEMM block: large enough to keep BLAS efficient, small enough for the cache.
constexpr Index kBlockRows = 4096;
// Fixed number of chunks for reductions, so that sums do not depend on the thread count.
constexpr Index kReduceChunks = 16;

std::vector<float> row_sq_norms(MatrixView x, const Context& ctx) {
  std::vector<float> norms(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    const float* r = x.row(i);
    double s = 0;
    for (Index j = 0; j < x.cols(); ++j) s += static_cast<double>(r[j]) * r[j];
    norms[static_cast<std::size_t>(i)] = static_cast<float>(s);
  });
  return norms;
}

double sq_dist(const float* a, const float* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - b[j];
    s += t * t;
  }
  return s;
}

}  // namespace

void assign_nearest(MatrixView x, MatrixView centers, const Context& ctx, std::vector<int>& labels,
                    std::vector<float>& min_dist) {
  const Index n = x.rows(), k = centers.rows(), d = x.cols();
  labels.resize(static_cast<std::size_t>(n));
  min_dist.resize(static_cast<std::size_t>(n));
  const std::vector<float> x_norms = row_sq_norms(x, ctx);
  const std::vector<float> c_norms = row_sq_norms(centers, ctx);
  std::vector<float> dots(static_cast<std::size_t>(std::min(n, kBlockRows) * k));
  for (Index b = 0; b < block_count(n, kBlockRows); ++b) {
    const auto [begin, end] = block_range(n, kBlockRows, b);
    blas::gemm_nt(ctx, end - begin, k, d, 1.0f, x.row(begin), d, centers.data(), d, 0.0f,
                  dots.data(), k);
    parallel_for(ctx, end - begin, [&](Index r) {
      const float* row = dots.data() + r * k;
      float best = std::numeric_limits<float>::infinity();
      int best_c = 0;
      for (Index c = 0; c < k; ++c) {
        const float dist = c_norms[static_cast<std::size_t>(c)] - 2.0f * row[c];
        if (dist < best) {
          best = dist;
          best_c = static_cast<int>(c);
        }
      }
      const auto i = static_cast<std::size_t>(begin + r);
      labels[i] = best_c;
      min_dist[i] = std::max(0.0f, best + x_norms[i]);
    });
  }
}

Matrix kmeanspp_init(MatrixView x, int k, std::uint64_t seed, const Context& ctx) {
  const Index n = x.rows(), d = x.cols();
  Rng rng(seed);
  Matrix centers(k, d);
  const int n_trials = 2 + static_cast<int>(std::log(k));
  Index first = static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)));
  std::copy(x.row(first), x.row(first) + d, centers.row(0));
  std::vector<double> closest(static_cast<std::size_t>(n));
  parallel_for(ctx, n, [&](Index i) {
    closest[static_cast<std::size_t>(i)] = sq_dist(x.row(i), centers.row(0), d);
  });
  std::vector<double> candidate_dist(static_cast<std::size_t>(n) * n_trials);
  for (int c = 1; c < k; ++c) {
    // Cumulative potential for D² sampling (sequential: exact and thread-independent).
    std::vector<double> cumulative(static_cast<std::size_t>(n));
    std::partial_sum(closest.begin(), closest.end(), cumulative.begin());
    const double total = cumulative.back();
    std::vector<Index> candidates(static_cast<std::size_t>(n_trials));
    for (auto& cand : candidates) {
      if (total <= 0) {
        cand = static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)));
        continue;
      }
      const double r = rng.uniform() * total;
      auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
      cand = std::min<Index>(static_cast<Index>(it - cumulative.begin()), n - 1);
    }
    // Greedy step: keep the candidate that lowers the potential most.
    parallel_for(ctx, n, [&](Index i) {
      for (int t = 0; t < n_trials; ++t) {
        const double dist = sq_dist(x.row(i), x.row(candidates[static_cast<std::size_t>(t)]), d);
        candidate_dist[static_cast<std::size_t>(t) * n + i] =
            std::min(closest[static_cast<std::size_t>(i)], dist);
      }
    });
    int best_t = 0;
    double best_potential = std::numeric_limits<double>::infinity();
    for (int t = 0; t < n_trials; ++t) {
      const double* dist = candidate_dist.data() + static_cast<std::size_t>(t) * n;
      const double potential = std::accumulate(dist, dist + n, 0.0);
      if (potential < best_potential) {
        best_potential = potential;
        best_t = t;
      }
    }
    const Index chosen = candidates[static_cast<std::size_t>(best_t)];
    std::copy(x.row(chosen), x.row(chosen) + d, centers.row(c));
    std::copy(candidate_dist.begin() + static_cast<std::ptrdiff_t>(best_t) * n,
              candidate_dist.begin() + static_cast<std::ptrdiff_t>(best_t + 1) * n,
              closest.begin());
  }
  return centers;
}

namespace {

// New centers as the mean of their points (double accumulation in fixed chunks). Empty clusters
// take the points farthest from their current center, as scikit-learn does.
void update_centers(MatrixView x, const std::vector<int>& labels, const std::vector<float>& min_dist,
                    const Context& ctx, Matrix& centers) {
  const Index n = x.rows(), d = x.cols(), k = centers.rows();
  const Index chunks = std::min(kReduceChunks, n);
  std::vector<double> sums(static_cast<std::size_t>(chunks * k * d), 0.0);
  std::vector<Index> counts(static_cast<std::size_t>(chunks * k), 0);
  parallel_for(ctx, chunks, [&](Index c) {
    const Index begin = n * c / chunks, end = n * (c + 1) / chunks;
    double* s = sums.data() + c * k * d;
    Index* cnt = counts.data() + c * k;
    for (Index i = begin; i < end; ++i) {
      const int l = labels[static_cast<std::size_t>(i)];
      const float* row = x.row(i);
      double* target = s + l * d;
      for (Index j = 0; j < d; ++j) target[j] += row[j];
      ++cnt[l];
    }
  });
  std::vector<double> total(static_cast<std::size_t>(k * d), 0.0);
  std::vector<Index> total_count(static_cast<std::size_t>(k), 0);
  for (Index c = 0; c < chunks; ++c) {
    for (Index t = 0; t < k * d; ++t) total[static_cast<std::size_t>(t)] += sums[c * k * d + t];
    for (Index t = 0; t < k; ++t) total_count[static_cast<std::size_t>(t)] += counts[c * k + t];
  }
  std::vector<Index> far_order;
  std::size_t next_far = 0;
  for (Index c = 0; c < k; ++c) {
    if (total_count[static_cast<std::size_t>(c)] == 0) {
      if (far_order.empty()) {
        far_order.resize(static_cast<std::size_t>(n));
        std::iota(far_order.begin(), far_order.end(), 0);
        std::stable_sort(far_order.begin(), far_order.end(), [&](Index a, Index b) {
          return min_dist[static_cast<std::size_t>(a)] > min_dist[static_cast<std::size_t>(b)];
        });
      }
      const Index far = far_order[next_far++ % far_order.size()];
      std::copy(x.row(far), x.row(far) + d, centers.row(c));
      continue;
    }
    const double inv = 1.0 / static_cast<double>(total_count[static_cast<std::size_t>(c)]);
    for (Index j = 0; j < d; ++j) {
      centers(c, j) = static_cast<float>(total[static_cast<std::size_t>(c * d + j)] * inv);
    }
  }
}

double exact_inertia(MatrixView x, MatrixView centers, const std::vector<int>& labels,
                     const Context& ctx) {
  const Index n = x.rows();
  const Index chunks = std::min(kReduceChunks, std::max<Index>(n, 1));
  std::vector<double> partial(static_cast<std::size_t>(chunks), 0.0);
  parallel_for(ctx, chunks, [&](Index c) {
    double s = 0;
    for (Index i = n * c / chunks; i < n * (c + 1) / chunks; ++i) {
      s += sq_dist(x.row(i), centers.row(labels[static_cast<std::size_t>(i)]), x.cols());
    }
    partial[static_cast<std::size_t>(c)] = s;
  });
  return std::accumulate(partial.begin(), partial.end(), 0.0);
}

}  // namespace

int lloyd(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
          std::vector<int>& labels, double& inertia) {
  std::vector<float> min_dist;
  assign_nearest(x, centers, ctx, labels, min_dist);
  int iter = 0;
  std::vector<int> previous;
  while (iter < max_iter) {
    ++iter;
    Matrix old = centers;
    update_centers(x, labels, min_dist, ctx, centers);
    double shift = 0;
    for (Index t = 0; t < centers.size(); ++t) {
      const double diff = static_cast<double>(centers.data()[t]) - old.data()[t];
      shift += diff * diff;
    }
    previous.swap(labels);
    assign_nearest(x, centers, ctx, labels, min_dist);
    if (labels == previous || shift <= tol_abs) break;
  }
  inertia = exact_inertia(x, centers, labels, ctx);
  return iter;
}

}  // namespace kmeans_detail

void KMeans::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const int k = static_cast<int>(p_int("n_clusters"));
  if (x.rows() < k) {
    throw InvalidInput(fmt::format("{}: n_samples ({}) < n_clusters ({})", op, x.rows(), k));
  }
  const std::string& init = p_string("init");
  if (init == "given" && (initial_centers_.rows() != k || initial_centers_.cols() != x.cols())) {
    throw InvalidInput(fmt::format("{}: init=given needs {} x {} initial centers, got {} x {}", op,
                                   k, x.cols(), initial_centers_.rows(), initial_centers_.cols()));
  }
  // Absolute tolerance from the mean per-feature variance, as in scikit-learn.
  double mean_var = 0;
  for (Index j = 0; j < x.cols(); ++j) {
    double s = 0, s2 = 0;
    for (Index i = 0; i < x.rows(); ++i) {
      s += x(i, j);
      s2 += static_cast<double>(x(i, j)) * x(i, j);
    }
    const double mean = s / static_cast<double>(x.rows());
    mean_var += std::max(0.0, s2 / static_cast<double>(x.rows()) - mean * mean);
  }
  const double tol_abs = p_double("tol") * mean_var / static_cast<double>(x.cols());
  const int n_init = init == "given" ? 1 : static_cast<int>(p_int("n_init"));
  const Rng base(static_cast<std::uint64_t>(p_int("seed")));

  double best_inertia = std::numeric_limits<double>::infinity();
  for (int run = 0; run < n_init; ++run) {
    Rng rng = base.split(static_cast<std::uint64_t>(run));
    Matrix centers;
    if (init == "given") {
      centers = initial_centers_;
    } else if (init == "random") {
      centers = take_rows(x, rng.sample_without_replacement(x.rows(), k));
    } else {
      centers = kmeans_detail::kmeanspp_init(x, k, rng.next(), ctx);
    }
    std::vector<int> labels;
    double inertia = 0;
    const int iters = kmeans_detail::lloyd(x, centers, static_cast<int>(p_int("max_iter")),
                                           tol_abs, ctx, labels, inertia);
    if (inertia < best_inertia) {
      best_inertia = inertia;
      centers_ = std::move(centers);
      labels_ = std::move(labels);
      n_iter_ = iters;
    }
  }
  inertia_ = best_inertia;
  set_fitted(true);
}

std::vector<int> KMeans::predict(MatrixView x, const Context& ctx) const {
  require_fitted("predict");
  check_input(x, op_name("predict").c_str());
  if (x.cols() != centers_.cols()) {
    throw InvalidInput(fmt::format("{}: X has {} features, the model was fitted with {}",
                                   op_name("predict"), x.cols(), centers_.cols()));
  }
  std::vector<int> labels;
  std::vector<float> dist;
  kmeans_detail::assign_nearest(x, centers_, ctx, labels, dist);
  return labels;
}

const Matrix& KMeans::centers() const {
  require_fitted("centers");
  return centers_;
}
double KMeans::inertia() const {
  require_fitted("inertia");
  return inertia_;
}
int KMeans::n_iter() const {
  require_fitted("n_iter");
  return n_iter_;
}

}  // namespace metaul
