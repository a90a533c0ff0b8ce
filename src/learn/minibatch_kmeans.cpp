#include "metaul/learn/minibatch_kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/kmeans.h"

namespace metaul {

const ParamTable& MiniBatchKMeans::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_clusters", 8, "number of clusters k").at_least(1),
      ParamSpec::choice("init", "k-means++", {"k-means++", "random", "given"},
                        "seeding on init_size rows: greedy k-means++, k random rows, or given"),
      ParamSpec::integer("batch_size", 1024, "rows per mini-batch").at_least(1),
      ParamSpec::integer("max_iter", 100, "maximum passes over the data").at_least(1),
      ParamSpec::integer("max_no_improvement", 10,
                         "stop after this many steps without a better smoothed batch inertia")
          .at_least(1)
          .allow_none(),
      ParamSpec::real("tol", 0.0,
                      "stop when the squared center move is <= tol x mean feature variance")
          .at_least(0),
      ParamSpec::real("reassignment_ratio", 0.01,
                      "centers with fewer points than this fraction of the largest are reseeded")
          .at_least(0),
      ParamSpec::integer("n_init", 3, "candidate seedings; the best on a validation sample is kept")
          .at_least(1),
      ParamSpec::integer("init_size", 0, "rows used for seeding (none: 3 x batch_size)")
          .at_least(1)
          .allow_none(true),
      ParamSpec::seed(),
  };
  return table;
}

namespace {

double sq_dist(const float* a, const float* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - b[j];
    s += t * t;
  }
  return s;
}

// Labels of X against `centers` and the exact inertia (double, fixed chunks).
double labels_inertia(MatrixView x, MatrixView centers, const Context& ctx,
                      std::vector<int>& labels) {
  std::vector<float> dist;
  kmeans_detail::assign_nearest(x, centers, ctx, labels, dist);
  const Index chunks = block_count(x.rows(), 1024);
  std::vector<double> part(static_cast<std::size_t>(chunks), 0.0);
  parallel_for_dynamic(ctx, chunks, [&](Index b) {
    const auto [begin, end] = block_range(x.rows(), 1024, b);
    double s = 0;
    for (Index i = begin; i < end; ++i) {
      s += sq_dist(x.row(i), centers.row(labels[static_cast<std::size_t>(i)]), x.cols());
    }
    part[static_cast<std::size_t>(b)] = s;
  });
  return std::accumulate(part.begin(), part.end(), 0.0);
}

Matrix sample_rows(MatrixView x, Index m, Rng& rng) {
  std::vector<Index> idx(static_cast<std::size_t>(m));
  for (auto& i : idx) i = static_cast<Index>(rng.below(static_cast<std::uint64_t>(x.rows())));
  return take_rows(x, idx);
}

double mean_feature_variance(MatrixView x) {
  const Index n = x.rows(), d = x.cols();
  std::vector<double> mean(static_cast<std::size_t>(d), 0.0), var(static_cast<std::size_t>(d));
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) mean[static_cast<std::size_t>(j)] += x(i, j);
  }
  for (auto& m : mean) m /= static_cast<double>(n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) {
      const double t = x(i, j) - mean[static_cast<std::size_t>(j)];
      var[static_cast<std::size_t>(j)] += t * t;
    }
  }
  return std::accumulate(var.begin(), var.end(), 0.0) / static_cast<double>(n * d);
}

}  // namespace

void MiniBatchKMeans::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  const int k = static_cast<int>(p_int("n_clusters"));
  if (n < k) throw InvalidInput(fmt::format("{}: n_samples ({}) < n_clusters ({})", op, n, k));
  const std::string& init = p_string("init");
  if (init == "given" && (initial_centers_.rows() != k || initial_centers_.cols() != d)) {
    throw InvalidInput(fmt::format("{}: init=given needs {} x {} initial centers, got {} x {}", op,
                                   k, d, initial_centers_.rows(), initial_centers_.cols()));
  }
  if (init == "given") check_input(initial_centers_, (op + " (initial centers)").c_str());
  const Index batch = std::min<Index>(p_int("batch_size"), n);
  Index init_size = p_none("init_size") ? 3 * batch : p_int("init_size");
  if (init_size < k) init_size = 3 * static_cast<Index>(k);
  init_size = std::min(init_size, n);
  const double tol = p_double("tol") > 0 ? p_double("tol") * mean_feature_variance(x) : 0.0;
  const double ratio = p_double("reassignment_ratio");
  const int n_init = init == "given" ? 1 : static_cast<int>(p_int("n_init"));
  Rng rng(static_cast<std::uint64_t>(p_int("seed")));

  // Seeding: candidates compared on one validation sample.
  const Matrix valid = sample_rows(x, init_size, rng);
  Matrix centers;
  double best = std::numeric_limits<double>::infinity();
  std::vector<int> labels;
  for (int run = 0; run < n_init; ++run) {
    Matrix cand;
    if (init == "given") {
      cand = initial_centers_;
    } else {
      const Matrix sub = sample_rows(x, init_size, rng);
      if (init == "random") {
        cand = take_rows(sub, rng.sample_without_replacement(sub.rows(), k));
      } else {
        cand = kmeans_detail::kmeanspp_init(sub, k, rng.next(), ctx);
      }
    }
    const double inertia = labels_inertia(valid, cand, ctx, labels);
    if (run == 0 || inertia < best) {
      best = inertia;
      centers = std::move(cand);
    }
  }

  std::vector<double> counts(static_cast<std::size_t>(k), 0.0);
  std::vector<double> sums(static_cast<std::size_t>(k) * d);
  std::vector<Index> batch_count_of(static_cast<std::size_t>(k));
  std::vector<float> dist;
  const auto n_steps = static_cast<Index>((static_cast<double>(p_int("max_iter")) * n) / batch);
  const double alpha = std::min(1.0, 2.0 * static_cast<double>(batch) / (n + 1.0));
  const bool patience = !p_none("max_no_improvement");
  const Index max_no_improvement = patience ? p_int("max_no_improvement") : 0;
  double ewa = 0, ewa_min = std::numeric_limits<double>::infinity();
  bool have_ewa = false;
  Index no_improvement = 0, since_reassign = 0, step = 0;
  Matrix xb;
  for (step = 0; step < n_steps; ++step) {
    xb = sample_rows(x, batch, rng);
    kmeans_detail::assign_nearest(xb, centers, ctx, labels, dist);
    double batch_inertia = 0;
    for (Index i = 0; i < batch; ++i) {
      batch_inertia += sq_dist(xb.row(i), centers.row(labels[static_cast<std::size_t>(i)]), d);
    }
    // Per-center learning rate 1 / count: new = (old·count + Σ batch points) / (count + m).
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(batch_count_of.begin(), batch_count_of.end(), Index{0});
    for (Index i = 0; i < batch; ++i) {
      const int l = labels[static_cast<std::size_t>(i)];
      double* s = sums.data() + static_cast<std::size_t>(l) * d;
      for (Index j = 0; j < d; ++j) s[j] += xb(i, j);
      ++batch_count_of[static_cast<std::size_t>(l)];
    }
    double moved = 0;
    Matrix old = tol > 0 ? centers : Matrix();
    for (int c = 0; c < k; ++c) {
      const auto m = static_cast<double>(batch_count_of[static_cast<std::size_t>(c)]);
      if (m == 0) continue;
      double& cnt = counts[static_cast<std::size_t>(c)];
      const double* s = sums.data() + static_cast<std::size_t>(c) * d;
      for (Index j = 0; j < d; ++j) {
        centers(c, j) = static_cast<float>((centers(c, j) * cnt + s[j]) / (cnt + m));
      }
      cnt += m;
    }
    // Reassignment of starving centers, as scikit-learn.
    since_reassign += batch;
    const bool any_unseen =
        std::any_of(counts.begin(), counts.end(), [](double c) { return c == 0; });
    if ((any_unseen || since_reassign >= 10 * static_cast<Index>(k)) && ratio > 0) {
      since_reassign = 0;
      const double limit = ratio * *std::max_element(counts.begin(), counts.end());
      std::vector<int> reassign;
      for (int c = 0; c < k; ++c) {
        if (counts[static_cast<std::size_t>(c)] < limit) reassign.push_back(c);
      }
      if (static_cast<Index>(reassign.size()) > batch / 2) {
        // Keep only the batch/2 smallest counts (stable by index).
        std::stable_sort(reassign.begin(), reassign.end(), [&](int a, int b) {
          return counts[static_cast<std::size_t>(a)] < counts[static_cast<std::size_t>(b)];
        });
        reassign.resize(static_cast<std::size_t>(batch / 2));
        std::sort(reassign.begin(), reassign.end());
      }
      if (!reassign.empty()) {
        const auto picks =
            rng.sample_without_replacement(batch, static_cast<Index>(reassign.size()));
        double kept_min = std::numeric_limits<double>::infinity();
        std::vector<char> is_re(static_cast<std::size_t>(k), 0);
        for (int c : reassign) is_re[static_cast<std::size_t>(c)] = 1;
        for (int c = 0; c < k; ++c) {
          if (!is_re[static_cast<std::size_t>(c)]) {
            kept_min = std::min(kept_min, counts[static_cast<std::size_t>(c)]);
          }
        }
        for (std::size_t r = 0; r < reassign.size(); ++r) {
          const int c = reassign[r];
          std::copy(xb.row(picks[r]), xb.row(picks[r]) + d, centers.row(c));
          if (std::isfinite(kept_min)) counts[static_cast<std::size_t>(c)] = kept_min;
        }
      }
    }
    if (tol > 0) {
      for (Index t = 0; t < centers.size(); ++t) {
        const double diff = static_cast<double>(centers.data()[t]) - old.data()[t];
        moved += diff * diff;
      }
    }
    // Convergence on the smoothed batch inertia (the first step is ignored).
    if (step == 0) continue;
    batch_inertia /= static_cast<double>(batch);
    ewa = have_ewa ? ewa * (1 - alpha) + batch_inertia * alpha : batch_inertia;
    have_ewa = true;
    if (tol > 0 && moved <= tol) {
      ++step;
      break;
    }
    if (ewa < ewa_min) {
      no_improvement = 0;
      ewa_min = ewa;
    } else {
      ++no_improvement;
    }
    if (patience && no_improvement >= max_no_improvement) {
      ++step;
      break;
    }
  }
  n_steps_ = static_cast<int>(step);
  n_iter_ = static_cast<int>((step * batch + n - 1) / n);
  inertia_ = labels_inertia(x, centers, ctx, labels_);
  centers_ = std::move(centers);
  set_fitted(true);
}

std::vector<int> MiniBatchKMeans::predict(MatrixView x, const Context& ctx) const {
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

const Matrix& MiniBatchKMeans::centers() const {
  require_fitted("centers");
  return centers_;
}
double MiniBatchKMeans::inertia() const {
  require_fitted("inertia");
  return inertia_;
}
int MiniBatchKMeans::n_steps() const {
  require_fitted("n_steps");
  return n_steps_;
}
int MiniBatchKMeans::n_iter() const {
  require_fitted("n_iter");
  return n_iter_;
}

}  // namespace metaul
