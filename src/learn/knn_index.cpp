#include "metaul/learn/knn_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>
#include <nanoflann.hpp>

#include "metaul/core/blas.h"
#include "metaul/core/error.h"
#include "metaul/core/parallel.h"

namespace metaul {

namespace {

using Neighbor = std::pair<double, Index>;  // (squared distance, index): ordered as required

// Above this squared norm the float candidate distances could overflow: compute exactly.
constexpr double kMaxSgemmSqNorm = 1e34;
// Queries per SGEMM block are chosen so that a block of candidate distances stays ~32 MB.
constexpr Index kBruteBlockFloats = Index{1} << 23;

double sq_norm(const float* a, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) s += static_cast<double>(a[j]) * a[j];
  return s;
}

// Pruning bounds inside the kd-tree are sums of rounded terms; inflating the current bound by
// a relative 1e-9 (and one ulp, so that ties at distance 0 pass nanoflann's strict `<`) keeps
// the search conservative, and the exact comparison is made on the evaluated distances.
double inflate(double sq) {
  return std::nextafter(sq * (1.0 + 1e-9), std::numeric_limits<double>::infinity());
}

KnnResult make_knn_result(Index m, Index k) {
  KnnResult out;
  out.n_queries = m;
  out.k = k;
  out.indices.resize(static_cast<std::size_t>(m * k));
  out.distances.resize(static_cast<std::size_t>(m * k));
  return out;
}

// Sorts each query's neighbours and packs them in compressed-row form.
RadiusResult pack_radius(std::vector<std::vector<Neighbor>>& per_query) {
  RadiusResult out;
  out.offsets.resize(per_query.size() + 1, 0);
  for (std::size_t i = 0; i < per_query.size(); ++i) {
    out.offsets[i + 1] = out.offsets[i] + static_cast<Index>(per_query[i].size());
  }
  out.indices.resize(static_cast<std::size_t>(out.offsets.back()));
  out.distances.resize(static_cast<std::size_t>(out.offsets.back()));
  for (std::size_t i = 0; i < per_query.size(); ++i) {
    auto& nb = per_query[i];
    std::sort(nb.begin(), nb.end());
    auto at = static_cast<std::size_t>(out.offsets[i]);
    for (const auto& [dist, idx] : nb) {
      out.indices[at] = idx;
      out.distances[at] = std::sqrt(dist);
      ++at;
    }
    std::vector<Neighbor>().swap(nb);
  }
  return out;
}

void store_knn(KnnResult& out, Index query, std::vector<Neighbor>& best) {
  std::sort(best.begin(), best.end());
  for (Index j = 0; j < out.k; ++j) {
    const auto at = static_cast<std::size_t>(query * out.k + j);
    out.indices[at] = best[static_cast<std::size_t>(j)].second;
    out.distances[at] = std::sqrt(best[static_cast<std::size_t>(j)].first);
  }
}

Index self_of(const QueryOptions& options, Index query) {
  return options.exclude_self ? options.self_offset + query : -1;
}

void check_k(Index k, Index n, const QueryOptions& options, std::string_view op) {
  const Index available = options.exclude_self ? n - 1 : n;
  if (k < 1 || k > available) {
    throw InvalidParameter(fmt::format("{}: k ({}) must be in [1, {}] (n_samples {}{})", op, k,
                                       available, n,
                                       options.exclude_self ? ", self excluded" : ""));
  }
}

void check_radius(double r, std::string_view op) {
  if (!(r >= 0) || !std::isfinite(r)) {
    throw InvalidParameter(fmt::format("{}: radius ({}) must be finite and >= 0", op, r));
  }
}

void check_self(MatrixView queries, Index n, const QueryOptions& options, std::string_view op) {
  if (options.exclude_self &&
      (options.self_offset < 0 || options.self_offset + queries.rows() > n)) {
    throw InvalidParameter(
        fmt::format("{}: exclude_self with rows [{}, {}) outside the {} indexed rows", op,
                    options.self_offset, options.self_offset + queries.rows(), n));
  }
}

}  // namespace

// ---- KnnIndex -------------------------------------------------------------------------------

void KnnIndex::check_build(MatrixView x, std::string_view op) {
  if (x.rows() < 1 || x.cols() < 1) {
    throw InvalidInput(
        fmt::format("{}: cannot index an empty matrix ({} x {})", op, x.rows(), x.cols()));
  }
  data_ = x;
}

void KnnIndex::check_query(MatrixView queries, std::string_view op) const {
  if (data_.rows() == 0) throw InvalidInput(fmt::format("{}: call build first", op));
  if (queries.cols() != data_.cols()) {
    throw InvalidInput(fmt::format("{}: queries have {} columns, the index has {}", op,
                                   queries.cols(), data_.cols()));
  }
}

// ---- BruteForceIndex ------------------------------------------------------------------------

void BruteForceIndex::build(MatrixView x, const Context& ctx) {
  check_build(x, "knn_index.brute.build");
  sq_norms_.resize(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    sq_norms_[static_cast<std::size_t>(i)] = sq_norm(x.row(i), x.cols());
  });
  max_sq_norm_ = *std::max_element(sq_norms_.begin(), sq_norms_.end());
}

namespace {

// Calls visit(i, lo, hi) for every query row i, where [lo[j], hi[j]] contains the exact squared
// distance from query i to indexed row j. The SGEMM path bounds
// the float error of ‖q‖² + ‖x‖² − 2 q·x by γ·(‖q‖² + ‖x‖²) with γ ≥ (d + 4) u (Higham's bound
// for a dot product in any summation order, plus the final additions), and an absolute term
// for underflow.
template <class Visit>
void for_each_query_bounds(MatrixView data, const std::vector<double>& x_norms, double max_norm,
                           MatrixView queries, const Context& ctx, Visit&& visit) {
  const Index n = data.rows(), d = data.cols(), m = queries.rows();
  double max_q = 0;
  for (Index i = 0; i < m; ++i) max_q = std::max(max_q, sq_norm(queries.row(i), d));
  const bool exact = std::max(max_q, max_norm) > kMaxSgemmSqNorm;
  const double gamma = static_cast<double>(d + 4) * 6.0e-8 * 1.01;
  const double tiny = static_cast<double>(d + 1) * 1e-44;
  const Index block = std::clamp<Index>(kBruteBlockFloats / std::max<Index>(n, 1), 1, 1024);
  std::vector<float> dots(exact ? 0 : static_cast<std::size_t>(std::min(m, block) * n));
  for (Index b = 0; b < block_count(m, block); ++b) {
    const auto [begin, end] = block_range(m, block, b);
    if (!exact) {
      blas::gemm_nt(ctx, end - begin, n, d, 1.0f, queries.row(begin), d, data.data(), d, 0.0f,
                    dots.data(), n);
    }
    parallel_for(ctx, end - begin, [&](Index r) {
      // Per-thread scratch: the bounds of one query against every indexed row.
      thread_local std::vector<double> lo, hi;
      lo.resize(static_cast<std::size_t>(n));
      hi.resize(static_cast<std::size_t>(n));
      const Index i = begin + r;
      const float* q = queries.row(i);
      if (exact) {
        for (Index j = 0; j < n; ++j) {
          lo[static_cast<std::size_t>(j)] = hi[static_cast<std::size_t>(j)] =
              exact_sq_distance(q, data.row(j), d);
        }
      } else {
        const double qn = sq_norm(q, d);
        const float* row = dots.data() + r * n;
        const double* xn = x_norms.data();
        double* lo_p = lo.data();
        double* hi_p = hi.data();
        for (Index j = 0; j < n; ++j) {
          const double approx = qn + xn[j] - 2.0 * static_cast<double>(row[j]);
          const double err = gamma * (qn + xn[j]) + tiny;
          lo_p[j] = approx - err;
          hi_p[j] = approx + err;
        }
      }
      visit(i, lo.data(), hi.data());
    });
  }
}

}  // namespace

KnnResult BruteForceIndex::query(MatrixView queries, Index k, const Context& ctx,
                                 const QueryOptions& options) const {
  const std::string_view op = "knn_index.brute.query";
  check_query(queries, op);
  const Index n = data_.rows(), d = data_.cols();
  check_k(k, n, options, op);
  check_self(queries, n, options, op);
  KnnResult out = make_knn_result(queries.rows(), k);
  for_each_query_bounds(data_, sq_norms_, max_sq_norm_, queries, ctx,
                        [&](Index i, const double* lo, const double* hi) {
                          const Index self = self_of(options, i);
                          // Pass 1: the k-th smallest upper bound U. Pass 2: every row whose lower
                          // bound is ≤ U may be among the k nearest; those are ranked by their
                          // exact distance.
                          std::vector<double> upper;
                          upper.reserve(static_cast<std::size_t>(k));
                          for (Index j = 0; j < n; ++j) {
                            if (j == self) continue;
                            if (static_cast<Index>(upper.size()) < k) {
                              upper.push_back(hi[j]);
                              std::push_heap(upper.begin(), upper.end());
                            } else if (hi[j] < upper.front()) {
                              std::pop_heap(upper.begin(), upper.end());
                              upper.back() = hi[j];
                              std::push_heap(upper.begin(), upper.end());
                            }
                          }
                          const double cap = upper.front();
                          std::vector<Neighbor> cand;
                          for (Index j = 0; j < n; ++j) {
                            if (lo[j] <= cap && j != self) {
                              cand.emplace_back(exact_sq_distance(queries.row(i), data_.row(j), d),
                                                j);
                            }
                          }
                          std::partial_sort(cand.begin(), cand.begin() + k, cand.end());
                          cand.resize(static_cast<std::size_t>(k));
                          store_knn(out, i, cand);
                        });
  return out;
}

RadiusResult BruteForceIndex::radius(MatrixView queries, double r, const Context& ctx,
                                     const QueryOptions& options) const {
  const std::string_view op = "knn_index.brute.radius";
  check_query(queries, op);
  check_radius(r, op);
  const Index n = data_.rows(), d = data_.cols();
  check_self(queries, n, options, op);
  const double r2 = r * r;
  std::vector<std::vector<Neighbor>> found(static_cast<std::size_t>(queries.rows()));
  for_each_query_bounds(data_, sq_norms_, max_sq_norm_, queries, ctx,
                        [&](Index i, const double* lo, const double*) {
                          const Index self = self_of(options, i);
                          auto& nb = found[static_cast<std::size_t>(i)];
                          for (Index j = 0; j < n; ++j) {
                            if (lo[j] > r2 || j == self) continue;
                            const double dist = exact_sq_distance(queries.row(i), data_.row(j), d);
                            if (dist <= r2) nb.emplace_back(dist, j);
                          }
                        });
  return pack_radius(found);
}

// ---- KdTreeIndex ----------------------------------------------------------------------------

namespace {

// nanoflann reads the float matrix in place, as doubles.
struct FloatRows {
  const float* data;
  std::size_t n, d;
  std::size_t kdtree_get_point_count() const { return n; }
  double kdtree_get_pt(std::size_t idx, std::size_t dim) const {
    return static_cast<double>(data[idx * d + dim]);
  }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

// The same arithmetic as exact_sq_distance (column order, double), so that the tree returns
// exactly the distances of the brute-force oracle.
struct ExactL2 {
  using ElementType = double;
  using DistanceType = double;
  const FloatRows& rows;
  explicit ExactL2(const FloatRows& r) : rows(r) {}
  double evalMetric(const double* a, std::size_t b, std::size_t size) const {
    const float* row = rows.data + b * rows.d;
    double s = 0;
    for (std::size_t j = 0; j < size; ++j) {
      const double t = a[j] - static_cast<double>(row[j]);
      s += t * t;
    }
    return s;
  }
  template <class U, class V>
  double accum_dist(const U a, const V b, std::size_t) const {
    const double t = static_cast<double>(a) - static_cast<double>(b);
    return t * t;
  }
};

using NanoTree = nanoflann::KDTreeSingleIndexAdaptor<ExactL2, FloatRows, -1, std::size_t>;

// Keeps the k smallest (distance, index) pairs; ties at the k-th distance are offered to it
// because worstDist is inflated.
class KBestSet {
 public:
  KBestSet(std::size_t k, Index self) : k_(k), self_(self) { heap_.reserve(k); }
  bool addPoint(double dist, std::size_t idx) {
    const auto j = static_cast<Index>(idx);
    if (j == self_) return true;
    const Neighbor item{dist, j};
    if (heap_.size() < k_) {
      heap_.push_back(item);
      std::push_heap(heap_.begin(), heap_.end());
    } else if (item < heap_.front()) {
      std::pop_heap(heap_.begin(), heap_.end());
      heap_.back() = item;
      std::push_heap(heap_.begin(), heap_.end());
    }
    return true;
  }
  double worstDist() const {
    return heap_.size() < k_ ? std::numeric_limits<double>::infinity()
                             : inflate(heap_.front().first);
  }
  bool full() const { return heap_.size() == k_; }
  std::vector<Neighbor>& items() { return heap_; }

 private:
  std::size_t k_;
  Index self_;
  std::vector<Neighbor> heap_;
};

class WithinSet {
 public:
  WithinSet(double r2, Index self, std::vector<Neighbor>& out)
      : r2_(r2), bound_(inflate(r2)), self_(self), out_(out) {}
  bool addPoint(double dist, std::size_t idx) {
    if (dist <= r2_ && static_cast<Index>(idx) != self_) {
      out_.emplace_back(dist, static_cast<Index>(idx));
    }
    return true;
  }
  double worstDist() const { return bound_; }
  bool full() const { return true; }

 private:
  double r2_, bound_;
  Index self_;
  std::vector<Neighbor>& out_;
};

}  // namespace

struct KdTreeIndex::Tree {
  FloatRows rows;
  NanoTree tree;
  Tree(MatrixView x, int leaf_size)
      : rows{x.data(), static_cast<std::size_t>(x.rows()), static_cast<std::size_t>(x.cols())},
        tree(static_cast<int>(x.cols()), rows,
             nanoflann::KDTreeSingleIndexAdaptorParams(static_cast<std::size_t>(leaf_size))) {}
};

KdTreeIndex::KdTreeIndex(int leaf_size) : leaf_size_(std::max(leaf_size, 1)) {}
KdTreeIndex::~KdTreeIndex() = default;
KdTreeIndex::KdTreeIndex(KdTreeIndex&&) noexcept = default;
KdTreeIndex& KdTreeIndex::operator=(KdTreeIndex&&) noexcept = default;

void KdTreeIndex::build(MatrixView x, const Context&) {
  check_build(x, "knn_index.kd_tree.build");
  tree_ = std::make_unique<Tree>(x, leaf_size_);
}

KnnResult KdTreeIndex::query(MatrixView queries, Index k, const Context& ctx,
                             const QueryOptions& options) const {
  const std::string_view op = "knn_index.kd_tree.query";
  check_query(queries, op);
  check_k(k, data_.rows(), options, op);
  check_self(queries, data_.rows(), options, op);
  const Index d = data_.cols();
  KnnResult out = make_knn_result(queries.rows(), k);
  parallel_for(ctx, queries.rows(), [&](Index i) {
    std::vector<double> q(queries.row(i), queries.row(i) + d);
    KBestSet best(static_cast<std::size_t>(k), self_of(options, i));
    tree_->tree.findNeighbors(best, q.data(), nanoflann::SearchParams());
    store_knn(out, i, best.items());
  });
  return out;
}

RadiusResult KdTreeIndex::radius(MatrixView queries, double r, const Context& ctx,
                                 const QueryOptions& options) const {
  const std::string_view op = "knn_index.kd_tree.radius";
  check_query(queries, op);
  check_radius(r, op);
  check_self(queries, data_.rows(), options, op);
  const Index d = data_.cols();
  std::vector<std::vector<Neighbor>> found(static_cast<std::size_t>(queries.rows()));
  parallel_for(ctx, queries.rows(), [&](Index i) {
    std::vector<double> q(queries.row(i), queries.row(i) + d);
    WithinSet within(r * r, self_of(options, i), found[static_cast<std::size_t>(i)]);
    tree_->tree.findNeighbors(within, q.data(), nanoflann::SearchParams());
  });
  return pack_radius(found);
}

// ---- factory --------------------------------------------------------------------------------

std::unique_ptr<KnnIndex> make_knn_index(std::string_view algorithm, Index /*n*/, Index d) {
  if (algorithm == "brute") return std::make_unique<BruteForceIndex>();
  if (algorithm == "kd_tree") return std::make_unique<KdTreeIndex>();
  if (algorithm == "auto") {
    if (d <= 16) return std::make_unique<KdTreeIndex>();
    return std::make_unique<BruteForceIndex>();
  }
  throw InvalidParameter(fmt::format(
      "make_knn_index: unknown algorithm '{}' (expected auto, brute or kd_tree)", algorithm));
}

}  // namespace metaul
