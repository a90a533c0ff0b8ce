#include "metaul/learn/genie.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/agglomerative.h"

namespace metaul {

const ParamTable& Genie::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_clusters", 2, "number of clusters").at_least(1),
      ParamSpec::real("gini_threshold", 0.3,
                      "force merging a smallest cluster while the Gini index of sizes exceeds this")
          .at_least(0)
          .at_most(1),
      ParamSpec::integer("M", 1,
                         "smoothing: mutual reachability with the (M-1)-th neighbour (<= 2: off)")
          .at_least(1),
  };
  return table;
}

namespace genie_detail {

double gini_index(const std::vector<Index>& counts) {
  const auto k = static_cast<Index>(counts.size());
  if (k <= 1) return 0;
  std::vector<Index> sorted = counts;
  std::sort(sorted.begin(), sorted.end());
  double numerator = 0, total = 0;
  for (Index i = 0; i < k; ++i) {
    numerator += static_cast<double>(2 * i - k + 1) *
                 static_cast<double>(sorted[static_cast<std::size_t>(i)]);
    total += static_cast<double>(sorted[static_cast<std::size_t>(i)]);
  }
  return numerator / (static_cast<double>(k - 1) * total);
}

namespace {

// Gini index of the cluster sizes from their histogram (size -> number of clusters), in
// O(number of distinct sizes): sorted sizes c_(0..k-1) give Σ_i (2i − k + 1) c_(i).
double gini_from_histogram(const std::map<Index, Index>& histogram, Index k, Index n) {
  if (k <= 1) return 0;
  double numerator = 0;
  Index position = 0;
  for (const auto& [size, count] : histogram) {
    const double m = static_cast<double>(count);
    numerator +=
        static_cast<double>(size) * (m * static_cast<double>(2 * position - k + 1) + m * (m - 1));
    position += count;
  }
  return numerator / (static_cast<double>(k - 1) * static_cast<double>(n));
}

double sq_dist(const float* a, const float* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return s;
}

// Distance of every row to its m-th nearest other row (brute force, O(n²·d)).
std::vector<double> core_distances(MatrixView x, Index m, const Context& ctx) {
  const Index n = x.rows();
  std::vector<double> core(static_cast<std::size_t>(n));
  parallel_for_dynamic(ctx, n, [&](Index i) {
    std::vector<double> dist;
    dist.reserve(static_cast<std::size_t>(n - 1));
    for (Index j = 0; j < n; ++j) {
      if (j != i) dist.push_back(sq_dist(x.row(i), x.row(j), x.cols()));
    }
    std::nth_element(dist.begin(), dist.begin() + (m - 1), dist.end());
    core[static_cast<std::size_t>(i)] = std::sqrt(dist[static_cast<std::size_t>(m - 1)]);
  });
  return core;
}

class DisjointSets {
 public:
  explicit DisjointSets(Index n)
      : parent_(static_cast<std::size_t>(n)), size_(static_cast<std::size_t>(n), 1) {
    std::iota(parent_.begin(), parent_.end(), Index{0});
  }
  Index find(Index i) {
    while (parent_[static_cast<std::size_t>(i)] != i) {
      auto& p = parent_[static_cast<std::size_t>(i)];
      p = parent_[static_cast<std::size_t>(p)];
      i = p;
    }
    return i;
  }
  Index size(Index root) const { return size_[static_cast<std::size_t>(root)]; }
  void merge(Index a, Index b) {
    if (size(a) < size(b)) std::swap(a, b);
    parent_[static_cast<std::size_t>(b)] = a;
    size_[static_cast<std::size_t>(a)] += size_[static_cast<std::size_t>(b)];
  }

 private:
  std::vector<Index> parent_;
  std::vector<Index> size_;
};

}  // namespace
}  // namespace genie_detail

void Genie::fit(MatrixView x, const Context& ctx) {
  using namespace genie_detail;
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows();
  const auto k = static_cast<Index>(p_int("n_clusters"));
  if (n < k) throw InvalidInput(fmt::format("{}: n_samples ({}) < n_clusters ({})", op, n, k));
  const Index m = p_int("M");
  if (m > 2 && n < m) {
    throw InvalidInput(fmt::format("{}: n_samples ({}) must exceed M - 1 ({})", op, n, m - 1));
  }
  const double threshold = p_double("gini_threshold");

  std::vector<double> core;
  if (m > 2) core = core_distances(x, m - 1, ctx);
  std::vector<agglomerative_detail::MstEdge> mst =
      agglomerative_detail::prim_mst(x, m > 2 ? &core : nullptr, ctx);
  std::stable_sort(mst.begin(), mst.end(),
                   [](const auto& a, const auto& b) { return a.weight < b.weight; });

  // Unused edges as a linked list in weight order: the plain step takes the head, the
  // forced step the first edge touching a cluster of the smallest size.
  const auto n_edges = static_cast<Index>(mst.size());
  std::vector<Index> next(static_cast<std::size_t>(n_edges) + 1), prev(next.size());
  for (Index e = 0; e <= n_edges; ++e) {
    next[static_cast<std::size_t>(e)] = e + 1;
    prev[static_cast<std::size_t>(e)] = e - 1;
  }
  const Index head_slot = n_edges;  // sentinel: next[head_slot] is the first unused edge
  next[static_cast<std::size_t>(head_slot)] = 0;
  auto unlink = [&](Index e) {
    const Index p = prev[static_cast<std::size_t>(e)], q = next[static_cast<std::size_t>(e)];
    if (p < 0) {
      next[static_cast<std::size_t>(head_slot)] = q;
    } else {
      next[static_cast<std::size_t>(p)] = q;
    }
    if (q < n_edges) prev[static_cast<std::size_t>(q)] = p;
  };

  DisjointSets sets(n);
  std::map<Index, Index> histogram = {{1, n}};
  Index clusters = n;
  while (clusters > k) {
    Index chosen = next[static_cast<std::size_t>(head_slot)];
    if (gini_from_histogram(histogram, clusters, n) > threshold) {
      const Index smallest = histogram.begin()->first;
      while (sets.size(sets.find(mst[static_cast<std::size_t>(chosen)].tree)) != smallest &&
             sets.size(sets.find(mst[static_cast<std::size_t>(chosen)].added)) != smallest) {
        chosen = next[static_cast<std::size_t>(chosen)];
      }
    }
    unlink(chosen);
    const Index a = sets.find(mst[static_cast<std::size_t>(chosen)].tree);
    const Index b = sets.find(mst[static_cast<std::size_t>(chosen)].added);
    for (const Index size : {sets.size(a), sets.size(b)}) {
      if (--histogram[size] == 0) histogram.erase(size);
    }
    ++histogram[sets.size(a) + sets.size(b)];
    sets.merge(a, b);
    --clusters;
  }

  labels_.assign(static_cast<std::size_t>(n), -1);
  std::vector<int> label_of_root(static_cast<std::size_t>(n), -1);
  int next_label = 0;
  for (Index i = 0; i < n; ++i) {
    int& label = label_of_root[static_cast<std::size_t>(sets.find(i))];
    if (label < 0) label = next_label++;
    labels_[static_cast<std::size_t>(i)] = label;
  }
  set_fitted(true);
}

}  // namespace metaul
