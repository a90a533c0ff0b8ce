#include "metaul/learn/mean_shift.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"

namespace metaul {

const ParamTable& MeanShift::param_specs() {
  static const ParamTable table = {
      ParamSpec::real("bandwidth", 1.0, "flat kernel radius (none: estimate_bandwidth, q = 0.3)")
          .greater_than(0)
          .allow_none(true),
      ParamSpec::boolean("bin_seeding", false,
                         "seed from grid cells of side bandwidth instead of every row"),
      ParamSpec::integer("min_bin_freq", 1, "rows a grid cell needs to give a seed").at_least(1),
      ParamSpec::boolean("cluster_all", true,
                         "label every row (false: rows farther than bandwidth get -1)"),
      ParamSpec::integer("max_iter", 300, "maximum mean shift steps per seed").at_least(1),
      ParamSpec::seed(),
  };
  return table;
}

namespace {

double sq_dist(const float* a, const float* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return s;
}

struct Mode {
  std::vector<float> mean;
  Index within = 0;
  int iterations = 0;
};

// One seed climbed to its mode, step for step as scikit-learn's _mean_shift_single_seed.
Mode climb(MatrixView x, std::vector<float> mean, double bandwidth, int max_iter) {
  const Index n = x.rows(), d = x.cols();
  const double radius_sq = bandwidth * bandwidth;
  const double stop = 1e-3 * bandwidth;
  Mode mode;
  std::vector<float> sum(static_cast<std::size_t>(d));
  while (true) {
    std::fill(sum.begin(), sum.end(), 0.0f);
    Index within = 0;
    for (Index i = 0; i < n; ++i) {
      if (sq_dist(x.row(i), mean.data(), d) > radius_sq) continue;
      const float* row = x.row(i);
      for (Index j = 0; j < d; ++j) sum[static_cast<std::size_t>(j)] += row[j];
      ++within;
    }
    mode.within = within;
    if (within == 0) break;
    double shift = 0;
    for (Index j = 0; j < d; ++j) {
      const auto uj = static_cast<std::size_t>(j);
      const float next = sum[uj] / static_cast<float>(within);
      const float diff = next - mean[uj];
      shift += static_cast<double>(diff) * diff;
      mean[uj] = next;
    }
    // A mean that did not move is a fixed point: stopping there changes nothing but the
    // iteration count (it matters when bandwidth = 0 and the threshold is 0).
    if (std::sqrt(shift) < stop || shift == 0 || mode.iterations == max_iter) break;
    ++mode.iterations;
  }
  mode.mean = std::move(mean);
  return mode;
}

// scikit-learn's get_bin_seeds: grid cells in order of first appearance (float32 arithmetic as
// NumPy does it with a float32 X).
std::vector<std::vector<float>> bin_seeds(MatrixView x, double bandwidth, Index min_freq) {
  const Index n = x.rows(), d = x.cols();
  const auto size = static_cast<float>(bandwidth);
  std::map<std::vector<float>, Index> index_of;
  std::vector<std::vector<float>> cells;
  std::vector<Index> counts;
  std::vector<float> cell(static_cast<std::size_t>(d));
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) {
      cell[static_cast<std::size_t>(j)] = std::nearbyint(x(i, j) / size);  // half to even
    }
    auto [it, inserted] = index_of.emplace(cell, static_cast<Index>(cells.size()));
    if (inserted) {
      cells.push_back(cell);
      counts.push_back(0);
    }
    ++counts[static_cast<std::size_t>(it->second)];
  }
  std::vector<std::vector<float>> seeds;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (counts[c] < min_freq) continue;
    for (float& v : cells[c]) v *= size;
    seeds.push_back(std::move(cells[c]));
  }
  if (static_cast<Index>(seeds.size()) == n) seeds.clear();  // binning failed: seed from rows
  return seeds;
}

}  // namespace

namespace mean_shift_detail {

double estimate_bandwidth(MatrixView x, double quantile, const Context& ctx) {
  const Index n = x.rows();
  const Index k = std::max<Index>(1, static_cast<Index>(static_cast<double>(n) * quantile));
  std::vector<double> kth(static_cast<std::size_t>(n));
  parallel_for_dynamic(ctx, n, [&](Index i) {
    std::vector<double> dist(static_cast<std::size_t>(n));
    for (Index j = 0; j < n; ++j)
      dist[static_cast<std::size_t>(j)] = sq_dist(x.row(i), x.row(j), x.cols());
    std::nth_element(dist.begin(), dist.begin() + (k - 1), dist.end());
    kth[static_cast<std::size_t>(i)] = std::sqrt(dist[static_cast<std::size_t>(k - 1)]);
  });
  return std::accumulate(kth.begin(), kth.end(), 0.0) / static_cast<double>(n);
}

}  // namespace mean_shift_detail

void MeanShift::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  if (p_none("bandwidth")) {
    if (n > kBandwidthSample) {
      Rng rng(static_cast<std::uint64_t>(p_int("seed")));
      auto rows = rng.sample_without_replacement(n, kBandwidthSample);
      const Matrix sample = take_rows(x, rows);
      bandwidth_ = mean_shift_detail::estimate_bandwidth(sample, 0.3, ctx);
    } else {
      bandwidth_ = mean_shift_detail::estimate_bandwidth(x, 0.3, ctx);
    }
  } else {
    bandwidth_ = p_double("bandwidth");
  }
  const int max_iter = static_cast<int>(p_int("max_iter"));

  std::vector<std::vector<float>> seeds;
  if (p_bool("bin_seeding") && bandwidth_ > 0)
    seeds = bin_seeds(x, bandwidth_, p_int("min_bin_freq"));
  if (seeds.empty()) {
    seeds.reserve(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) seeds.emplace_back(x.row(i), x.row(i) + d);
  }
  std::vector<Mode> modes(seeds.size());
  parallel_for_dynamic(ctx, static_cast<Index>(seeds.size()), [&](Index s) {
    modes[static_cast<std::size_t>(s)] =
        climb(x, std::move(seeds[static_cast<std::size_t>(s)]), bandwidth_, max_iter);
  });

  // Identical modes collapse (the last seed's count wins, as in a Python dict).
  std::map<std::vector<float>, Index> intensity;
  n_iter_ = 0;
  for (const Mode& m : modes) {
    n_iter_ = std::max(n_iter_, m.iterations);
    if (m.within > 0) intensity[m.mean] = m.within;
  }
  if (intensity.empty()) {
    throw InvalidInput(fmt::format(
        "{}: no row was within bandwidth ({}) of any seed; try another seeding or a larger "
        "bandwidth",
        op, bandwidth_));
  }
  std::vector<std::pair<Index, const std::vector<float>*>> ranked;
  for (const auto& [mean, count] : intensity) ranked.emplace_back(count, &mean);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return *a.second > *b.second;
  });
  const double radius_sq = bandwidth_ * bandwidth_;
  std::vector<char> keep(ranked.size(), 1);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (!keep[i]) continue;
    for (std::size_t j = 0; j < ranked.size(); ++j) {
      if (j != i && sq_dist(ranked[i].second->data(), ranked[j].second->data(), d) <= radius_sq) {
        keep[j] = 0;
      }
    }
  }
  std::vector<float> centers;
  Index k = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (!keep[i]) continue;
    centers.insert(centers.end(), ranked[i].second->begin(), ranked[i].second->end());
    ++k;
  }
  centers_ = Matrix(k, d, std::move(centers));

  labels_.assign(static_cast<std::size_t>(n), 0);
  const bool cluster_all = p_bool("cluster_all");
  parallel_for(ctx, n, [&](Index i) {
    double best = std::numeric_limits<double>::infinity();
    int arg = 0;
    for (Index c = 0; c < k; ++c) {
      const double dist = sq_dist(x.row(i), centers_.row(c), d);
      if (dist < best) {
        best = dist;
        arg = static_cast<int>(c);
      }
    }
    labels_[static_cast<std::size_t>(i)] = cluster_all || best <= radius_sq ? arg : -1;
  });
  set_fitted(true);
}

std::vector<int> MeanShift::predict(MatrixView x, const Context& ctx) const {
  require_fitted("predict");
  check_input(x, op_name("predict").c_str());
  if (x.cols() != centers_.cols()) {
    throw InvalidInput(fmt::format("{}: X has {} features, the model was fitted with {}",
                                   op_name("predict"), x.cols(), centers_.cols()));
  }
  std::vector<int> labels(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    double best = std::numeric_limits<double>::infinity();
    int arg = 0;
    for (Index c = 0; c < centers_.rows(); ++c) {
      const double dist = sq_dist(x.row(i), centers_.row(c), x.cols());
      if (dist < best) {
        best = dist;
        arg = static_cast<int>(c);
      }
    }
    labels[static_cast<std::size_t>(i)] = arg;
  });
  return labels;
}

const Matrix& MeanShift::cluster_centers() const {
  require_fitted("cluster_centers");
  return centers_;
}
double MeanShift::bandwidth() const {
  require_fitted("bandwidth");
  return bandwidth_;
}
int MeanShift::n_iter() const {
  require_fitted("n_iter");
  return n_iter_;
}

}  // namespace metaul
