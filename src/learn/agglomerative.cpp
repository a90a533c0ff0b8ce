#include "metaul/learn/agglomerative.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"

namespace metaul {

const ParamTable& Agglomerative::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_clusters", 2,
                         "number of clusters (none when distance_threshold is set)")
          .at_least(1)
          .allow_none(),
      ParamSpec::real("distance_threshold", 0.0,
                      "cut the tree at this linkage distance (needs n_clusters=none)")
          .at_least(0)
          .allow_none(true),
      ParamSpec::choice("linkage", "ward", {"ward", "average", "complete", "single"},
                        "distance between clusters: Ward variance, mean, maximum or minimum"),
  };
  return table;
}

namespace agglomerative_detail {
namespace {

// Euclidean distance accumulated in double in column order, as SciPy's pdist and
// scikit-learn's DistanceMetric do, so that both sides see the same rounding.
double euclidean(const float* a, const float* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return std::sqrt(s);
}

constexpr Index kScanBlock = 2048;
// Below this many flops a step runs on the calling thread: one Prim step is too short to pay
// for waking a thread team (the result is the same either way).
constexpr double kParallelWork = 1 << 18;

template <class Fn>
void for_blocks(const Context& ctx, Index blocks, double work, Fn&& fn) {
  if (work < kParallelWork || ctx.n_threads() == 1) {
    for (Index b = 0; b < blocks; ++b) fn(b);
  } else {
    parallel_for(ctx, blocks, fn);
  }
}

// Python's heapq on a min-heap of ints (_hc_cut stores negated node ids), reproduced so that
// the order of the heap's array, which numbers the clusters, is the same.
void sift_down(std::vector<Index>& heap, std::size_t start, std::size_t pos) {
  const Index item = heap[pos];
  while (pos > start) {
    const std::size_t parent = (pos - 1) >> 1;
    if (item < heap[parent]) {
      heap[pos] = heap[parent];
      pos = parent;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

void sift_up(std::vector<Index>& heap, std::size_t pos) {
  const std::size_t end = heap.size(), start = pos;
  const Index item = heap[pos];
  std::size_t child = 2 * pos + 1;
  while (child < end) {
    const std::size_t right = child + 1;
    if (right < end && !(heap[child] < heap[right])) child = right;
    heap[pos] = heap[child];
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  sift_down(heap, start, pos);
}

void heap_push(std::vector<Index>& heap, Index item) {
  heap.push_back(item);
  sift_down(heap, 0, heap.size() - 1);
}

void heap_push_pop(std::vector<Index>& heap, Index item) {
  if (!heap.empty() && heap[0] < item) {
    std::swap(item, heap[0]);
    sift_up(heap, 0);
  }
}

// Union-find over the 2n − 1 nodes of a merge tree, with the path compression of
// scikit-learn's and SciPy's implementations.
class TreeUnionFind {
 public:
  explicit TreeUnionFind(Index n) : parent_(static_cast<std::size_t>(2 * n - 1), -1), next_(n) {}
  Index find(Index node) {
    Index root = node;
    while (parent_[static_cast<std::size_t>(root)] != -1)
      root = parent_[static_cast<std::size_t>(root)];
    while (node != root) {
      const Index up = parent_[static_cast<std::size_t>(node)];
      parent_[static_cast<std::size_t>(node)] = root;
      node = up;
    }
    return root;
  }
  void merge(Index a, Index b) {
    parent_[static_cast<std::size_t>(a)] = next_;
    parent_[static_cast<std::size_t>(b)] = next_;
    ++next_;
  }

 private:
  std::vector<Index> parent_;
  Index next_;
};

inline std::size_t condensed_index(Index n, Index i, Index j) {
  if (i > j) std::swap(i, j);
  return static_cast<std::size_t>(n * i - (i * (i + 1)) / 2 + (j - i - 1));
}

double lance_williams(int method, double d_xi, double d_yi, double d_xy, Index size_x, Index size_y,
                      Index size_i) {
  switch (method) {
    case 0: {  // ward
      const double t = 1.0 / static_cast<double>(size_x + size_y + size_i);
      return std::sqrt(static_cast<double>(size_i + size_x) * t * d_xi * d_xi +
                       static_cast<double>(size_i + size_y) * t * d_yi * d_yi -
                       static_cast<double>(size_i) * t * d_xy * d_xy);
    }
    case 1:  // average
      return (static_cast<double>(size_x) * d_xi + static_cast<double>(size_y) * d_yi) /
             static_cast<double>(size_x + size_y);
    default:  // complete
      return std::max(d_xi, d_yi);
  }
}

}  // namespace

std::vector<MstEdge> prim_mst(MatrixView x, const std::vector<double>* core, const Context& ctx) {
  const Index n = x.rows(), d = x.cols();
  std::vector<MstEdge> mst;
  if (n < 2) return mst;
  mst.resize(static_cast<std::size_t>(n - 1));
  std::vector<double> nearest(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<Index> nearest_from(static_cast<std::size_t>(n), 0);
  // Nodes outside the tree, kept in ascending order so that ties go to the lowest index.
  std::vector<Index> outside(static_cast<std::size_t>(n - 1));
  std::iota(outside.begin(), outside.end(), Index{1});
  std::vector<double> block_min(static_cast<std::size_t>(block_count(n, kScanBlock)));
  std::vector<Index> block_arg(block_min.size());
  Index current = 0;
  for (Index step = 0; step < n - 1; ++step) {
    const float* row = x.row(current);
    const double core_current = core ? (*core)[static_cast<std::size_t>(current)] : 0.0;
    const auto m = static_cast<Index>(outside.size());
    const Index blocks = block_count(m, kScanBlock);
    const double work = static_cast<double>(m) * static_cast<double>(d);
    for_blocks(ctx, blocks, work, [&](Index b) {
      const auto [begin, end] = block_range(m, kScanBlock, b);
      double best = std::numeric_limits<double>::max();
      Index arg = -1;
      for (Index p = begin; p < end; ++p) {
        const Index j = outside[static_cast<std::size_t>(p)];
        const auto uj = static_cast<std::size_t>(j);
        double dist = euclidean(row, x.row(j), d);
        if (core) dist = std::max({dist, core_current, (*core)[uj]});
        if (dist < nearest[uj]) {
          nearest[uj] = dist;
          nearest_from[uj] = current;
        }
        if (nearest[uj] < best) {
          best = nearest[uj];
          arg = p;
        }
      }
      block_min[static_cast<std::size_t>(b)] = best;
      block_arg[static_cast<std::size_t>(b)] = arg;
    });
    double best = std::numeric_limits<double>::max();
    Index position = 0;
    for (Index b = 0; b < blocks; ++b) {
      const auto ub = static_cast<std::size_t>(b);
      if (block_arg[ub] >= 0 && block_min[ub] < best) {
        best = block_min[ub];
        position = block_arg[ub];
      }
    }
    const Index next = outside[static_cast<std::size_t>(position)];
    outside.erase(outside.begin() + position);
    mst[static_cast<std::size_t>(step)] = {current, nearest_from[static_cast<std::size_t>(next)],
                                           next, best};
    current = next;
  }
  return mst;
}

Tree single_linkage(MatrixView x, const Context& ctx) {
  const Index n = x.rows();
  Tree tree;
  if (n < 2) return tree;
  // scikit-learn's mst_linkage_core records each edge as (last node added, new node); the
  // labelling below depends on that choice, so it is kept.
  std::vector<MstEdge> mst = prim_mst(x, nullptr, ctx);
  std::stable_sort(mst.begin(), mst.end(),
                   [](const MstEdge& a, const MstEdge& b) { return a.weight < b.weight; });
  // scikit-learn's single_linkage_label: children are the two roots in edge order (unsorted).
  TreeUnionFind uf(n);
  tree.children.resize(static_cast<std::size_t>(n - 1));
  tree.distances.resize(static_cast<std::size_t>(n - 1));
  for (std::size_t i = 0; i < mst.size(); ++i) {
    const Index left = uf.find(mst[i].last), right = uf.find(mst[i].added);
    tree.children[i] = {left, right};
    tree.distances[i] = mst[i].weight;
    uf.merge(left, right);
  }
  return tree;
}

Tree chain_linkage(MatrixView x, const std::string& method, const Context& ctx) {
  const Index n = x.rows(), d = x.cols();
  Tree tree;
  if (n < 2) return tree;
  const int code = method == "ward" ? 0 : method == "average" ? 1 : 2;
  std::vector<double> dist(static_cast<std::size_t>(n) * static_cast<std::size_t>(n - 1) / 2);
  auto distance_row = [&](Index i) {
    double* out = dist.data() + condensed_index(n, i, i + 1);
    const float* row = x.row(i);
    for (Index j = i + 1; j < n; ++j) out[j - i - 1] = euclidean(row, x.row(j), d);
  };
  if (static_cast<double>(dist.size()) * static_cast<double>(d) < kParallelWork) {
    for (Index i = 0; i < n - 1; ++i) distance_row(i);
  } else {
    parallel_for_dynamic(ctx, n - 1, distance_row);
  }

  // SciPy's nn_chain, step for step (same scan order and ties, same merge bookkeeping).
  std::vector<Index> size(static_cast<std::size_t>(n), 1);
  std::vector<Index> chain(static_cast<std::size_t>(n));
  struct Merge {
    Index x, y;
    double w;
  };
  std::vector<Merge> merges(static_cast<std::size_t>(n - 1));
  // Live clusters in ascending order: scanning only these visits the same candidates in the
  // same order as SciPy's loop over all n with its size[i] == 0 test, in about half the time.
  std::vector<Index> active(static_cast<std::size_t>(n));
  std::iota(active.begin(), active.end(), Index{0});
  Index chain_length = 0;
  for (Index k = 0; k < n - 1; ++k) {
    if (chain_length == 0) {
      chain_length = 1;
      chain[0] = active[0];
    }
    Index cx = 0, cy = 0;
    double current_min = 0;
    while (true) {
      cx = chain[static_cast<std::size_t>(chain_length - 1)];
      if (chain_length > 1) {
        cy = chain[static_cast<std::size_t>(chain_length - 2)];
        current_min = dist[condensed_index(n, cx, cy)];
      } else {
        current_min = std::numeric_limits<double>::infinity();
      }
      // Rows i < cx are strided in the condensed matrix, rows i > cx contiguous.
      const double* row = dist.data() + (cx + 1 < n ? condensed_index(n, cx, cx + 1) : 0);
      for (const Index i : active) {
        double v;
        if (i < cx) {
          v = dist[static_cast<std::size_t>(n * i - (i * (i + 1)) / 2 + (cx - i - 1))];
        } else if (i > cx) {
          v = row[i - cx - 1];
        } else {
          continue;
        }
        if (v < current_min) {
          current_min = v;
          cy = i;
        }
      }
      if (chain_length > 1 && cy == chain[static_cast<std::size_t>(chain_length - 2)]) break;
      chain[static_cast<std::size_t>(chain_length)] = cy;
      ++chain_length;
    }
    chain_length -= 2;
    if (cx > cy) std::swap(cx, cy);
    const Index nx = size[static_cast<std::size_t>(cx)], ny = size[static_cast<std::size_t>(cy)];
    merges[static_cast<std::size_t>(k)] = {cx, cy, current_min};
    size[static_cast<std::size_t>(cx)] = 0;
    size[static_cast<std::size_t>(cy)] = nx + ny;
    active.erase(std::lower_bound(active.begin(), active.end(), cx));
    for (const Index i : active) {
      if (i == cy) continue;
      double& d_iy = dist[condensed_index(n, i, cy)];
      d_iy = lance_williams(code, dist[condensed_index(n, i, cx)], d_iy, current_min, nx, ny,
                            size[static_cast<std::size_t>(i)]);
    }
  }
  std::stable_sort(merges.begin(), merges.end(),
                   [](const Merge& a, const Merge& b) { return a.w < b.w; });
  // SciPy's label(): renumber merges through union-find, smaller root first.
  TreeUnionFind uf(n);
  tree.children.resize(static_cast<std::size_t>(n - 1));
  tree.distances.resize(static_cast<std::size_t>(n - 1));
  for (std::size_t i = 0; i < merges.size(); ++i) {
    const Index a = uf.find(merges[i].x), b = uf.find(merges[i].y);
    tree.children[i] = {std::min(a, b), std::max(a, b)};
    tree.distances[i] = merges[i].w;
    uf.merge(a, b);
  }
  return tree;
}

std::vector<int> cut_tree(const std::vector<std::array<Index, 2>>& children, Index n, int k) {
  std::vector<int> labels(static_cast<std::size_t>(n), 0);
  if (n < 2) return labels;
  std::vector<Index> heap = {-(std::max(children.back()[0], children.back()[1]) + 1)};
  for (int c = 0; c < k - 1; ++c) {
    const auto& these = children[static_cast<std::size_t>(-heap[0] - n)];
    heap_push(heap, -these[0]);
    heap_push_pop(heap, -these[1]);
  }
  std::vector<Index> stack;
  for (std::size_t label = 0; label < heap.size(); ++label) {
    stack.assign(1, -heap[label]);
    while (!stack.empty()) {
      const Index node = stack.back();
      stack.pop_back();
      if (node < n) {
        labels[static_cast<std::size_t>(node)] = static_cast<int>(label);
      } else {
        const auto& ch = children[static_cast<std::size_t>(node - n)];
        stack.push_back(ch[0]);
        stack.push_back(ch[1]);
      }
    }
  }
  return labels;
}

}  // namespace agglomerative_detail

void Agglomerative::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str(), 2);
  const bool by_count = !p_none("n_clusters");
  const bool by_threshold = !p_none("distance_threshold");
  if (by_count == by_threshold) {
    throw InvalidParameter(fmt::format(
        "{}: exactly one of n_clusters and distance_threshold must be set (the other none); "
        "got n_clusters={} and distance_threshold={}",
        op, format_value(get_param("n_clusters")), format_value(get_param("distance_threshold"))));
  }
  const Index n = x.rows();
  if (by_count && p_int("n_clusters") > n) {
    throw InvalidInput(
        fmt::format("{}: n_samples ({}) < n_clusters ({})", op, n, p_int("n_clusters")));
  }
  const std::string& linkage = p_string("linkage");
  agglomerative_detail::Tree tree;
  if (linkage == "single") {
    tree = agglomerative_detail::single_linkage(x, ctx);
  } else {
    const double bytes = static_cast<double>(n) * static_cast<double>(n - 1) / 2 * sizeof(double);
    if (bytes > static_cast<double>(kMaxCondensedBytes)) {
      throw InvalidInput(fmt::format(
          "{}: linkage={} needs a {:.1f} GiB distance matrix for n_samples ({}), over the limit of "
          "{} GiB (about 23,000 rows); use linkage=single, genie or a subsample",
          op, linkage, bytes / (1 << 30), n, kMaxCondensedBytes >> 30));
    }
    tree = agglomerative_detail::chain_linkage(x, linkage, ctx);
  }
  int k = 0;
  if (by_count) {
    k = static_cast<int>(p_int("n_clusters"));
  } else {
    const double threshold = p_double("distance_threshold");
    k = 1 + static_cast<int>(std::count_if(tree.distances.begin(), tree.distances.end(),
                                           [&](double w) { return w >= threshold; }));
  }
  labels_ = agglomerative_detail::cut_tree(tree.children, n, k);
  children_ = std::move(tree.children);
  distances_ = std::move(tree.distances);
  n_clusters_ = k;
  set_fitted(true);
}

const std::vector<std::array<Index, 2>>& Agglomerative::children() const {
  require_fitted("children");
  return children_;
}
const std::vector<double>& Agglomerative::distances() const {
  require_fitted("distances");
  return distances_;
}
int Agglomerative::n_clusters() const {
  require_fitted("n_clusters");
  return n_clusters_;
}

}  // namespace metaul
