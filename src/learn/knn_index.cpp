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
#include "metaul/learn/hnsw_index.h"

namespace metaul {

namespace {

using Neighbor = std::pair<double, Index>;  // (squared distance, index): ordered as required

// Above this squared norm the float candidate distances could overflow: compute exactly.
constexpr double kMaxSgemmSqNorm = 1e34;
// Queries per SGEMM block are chosen so that a block of dot products (~2 MB) stays in cache
// until it is scanned (at least 16 queries per block).
constexpr Index kBruteBlockFloats = Index{1} << 19;

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
  if (!(r >= 0)) throw InvalidParameter(fmt::format("{}: radius ({}) must be >= 0", op, r));
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
//
// Candidate distances come from SGEMM dots: with c⁺_j ≥ (1 + Γ)‖x_j‖² and c⁻_j ≤ (1 − Γ)‖x_j‖²
// (floats rounded outwards), U_j = fl(c⁺_j − 2 q·x_j) and L_j = fl(c⁻_j − 2 q·x_j) satisfy
//   (1 − Γ)‖q‖² − tiny + L_j ≤ ‖q − x_j‖² ≤ (1 + Γ)‖q‖² + tiny + U_j
// when Γ ≥ γ_d + 2u (γ_d = d·u bounds the float dot error by γ_d (‖q‖² + ‖x‖²)/2 in any
// summation order, Higham; 2u covers the subtraction; u = 2⁻²⁴) and tiny covers underflow.
// Rows are selected on these float bounds (vectorisable scans) and re-ranked exactly in
// double. Above kMaxSgemmSqNorm the float products could overflow: every distance is then
// computed exactly.

namespace {

double brute_gamma(Index d) { return static_cast<double>(d + 4) * 6.0e-8 * 1.01; }
double brute_tiny(Index d) { return static_cast<double>(d + 1) * 1e-44; }
float round_up(double v) {
  return std::nextafter(static_cast<float>(v), std::numeric_limits<float>::infinity());
}
float round_down(double v) {
  return std::nextafter(static_cast<float>(v), -std::numeric_limits<float>::infinity());
}
constexpr Index kScanChunk = 64;

// Per-thread scratch of the bound scans.
struct BoundScratch {
  std::vector<float> upper, lower;
  std::vector<double> exact;
};

}  // namespace

void BruteForceIndex::build(MatrixView x, const Context& ctx) {
  check_build(x, "knn_index.brute.build");
  const double gamma = brute_gamma(x.cols());
  sq_norms_.resize(static_cast<std::size_t>(x.rows()));
  norms_hi_.resize(static_cast<std::size_t>(x.rows()));
  norms_lo_.resize(static_cast<std::size_t>(x.rows()));
  parallel_for(ctx, x.rows(), [&](Index i) {
    const auto at = static_cast<std::size_t>(i);
    sq_norms_[at] = sq_norm(x.row(i), x.cols());
    norms_hi_[at] = round_up((1 + gamma) * sq_norms_[at]);
    norms_lo_[at] = round_down((1 - gamma) * sq_norms_[at]);
  });
  max_sq_norm_ = *std::max_element(sq_norms_.begin(), sq_norms_.end());
}

namespace {

// Calls visit(i, dots) for every query row i, where dots[j] = q_i · x_j in float (SGEMM), or
// dots == nullptr when the exact path is taken. With enough blocks of queries, each thread
// takes whole blocks (its own single-threaded SGEMM, then the scans): one parallel region for
// the call instead of one per block.
template <class Visit>
void for_each_query_dots(MatrixView data, bool exact, MatrixView queries, const Context& ctx,
                         Visit&& visit) {
  const Index n = data.rows(), d = data.cols(), m = queries.rows();
  const Index block = std::clamp<Index>(kBruteBlockFloats / std::max<Index>(n, 1), 16, 1024);
  const Index blocks = block_count(m, block);
  const int threads = ctx.n_threads();
  if (blocks >= 2 * threads && threads > 1) {
    Context single = ctx;
    single.threads = 1;
    blas::set_threads(1);
    parallel_for_dynamic(ctx, blocks, [&](Index b) {
      thread_local std::vector<float> dots;
      const auto [begin, end] = block_range(m, block, b);
      if (!exact) {
        dots.resize(static_cast<std::size_t>(block * n));
        blas::gemm_nt(single, end - begin, n, d, 1.0f, queries.row(begin), d, data.data(), d, 0.0f,
                      dots.data(), n);
      }
      for (Index i = begin; i < end; ++i) {
        visit(i, exact ? nullptr : dots.data() + (i - begin) * n);
      }
    });
    return;
  }
  std::vector<float> dots(exact ? 0 : static_cast<std::size_t>(std::min(m, block) * n));
  for (Index b = 0; b < blocks; ++b) {
    const auto [begin, end] = block_range(m, block, b);
    if (!exact) {
      blas::gemm_nt(ctx, end - begin, n, d, 1.0f, queries.row(begin), d, data.data(), d, 0.0f,
                    dots.data(), n);
    }
    parallel_for_dynamic(ctx, end - begin,
                         [&](Index r) { visit(begin + r, exact ? nullptr : dots.data() + r * n); });
  }
}

bool needs_exact(MatrixView queries, double max_norm) {
  double max_q = max_norm;
  for (Index i = 0; i < queries.rows(); ++i) {
    max_q = std::max(max_q, sq_norm(queries.row(i), queries.cols()));
  }
  return max_q > kMaxSgemmSqNorm;
}

// k smallest values of v[0..n) (skipping `self`): returns the k-th smallest. Chunks holding
// no value below the current k-th are skipped with one vectorisable count.
template <class T>
T kth_smallest(const T* v, Index n, Index k, Index self) {
  std::vector<T> heap;
  heap.reserve(static_cast<std::size_t>(k));
  for (Index c0 = 0; c0 < n; c0 += kScanChunk) {
    const Index len = std::min(kScanChunk, n - c0);
    if (static_cast<Index>(heap.size()) == k) {
      const T top = heap.front();
      int below = 0;
      for (Index t = 0; t < len; ++t) below += v[c0 + t] < top ? 1 : 0;
      if (below == 0) continue;
    }
    for (Index t = 0; t < len; ++t) {
      const Index j = c0 + t;
      if (j == self) continue;
      if (static_cast<Index>(heap.size()) < k) {
        heap.push_back(v[j]);
        std::push_heap(heap.begin(), heap.end());
      } else if (v[j] < heap.front()) {
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = v[j];
        std::push_heap(heap.begin(), heap.end());
      }
    }
  }
  return heap.front();
}

// Calls fn(j) for every j with v[j] <= cap, in increasing j.
template <class T, class Fn>
void for_each_at_most(const T* v, Index n, T cap, Fn&& fn) {
  for (Index c0 = 0; c0 < n; c0 += kScanChunk) {
    const Index len = std::min(kScanChunk, n - c0);
    int hits = 0;
    for (Index t = 0; t < len; ++t) hits += v[c0 + t] <= cap ? 1 : 0;
    if (hits == 0) continue;
    for (Index t = 0; t < len; ++t) {
      if (v[c0 + t] <= cap) fn(c0 + t);
    }
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
  const double gamma = brute_gamma(d), tiny = brute_tiny(d);
  const bool exact = needs_exact(queries, max_sq_norm_);
  for_each_query_dots(data_, exact, queries, ctx, [&](Index i, const float* dots) {
    thread_local BoundScratch scratch;
    const Index self = self_of(options, i);
    const float* q = queries.row(i);
    std::vector<Neighbor> cand;
    auto take = [&](Index j) {
      if (j != self) cand.emplace_back(exact_sq_distance(q, data_.row(j), d), j);
    };
    if (!dots) {
      auto& dist = scratch.exact;
      dist.resize(static_cast<std::size_t>(n));
      for (Index j = 0; j < n; ++j)
        dist[static_cast<std::size_t>(j)] = exact_sq_distance(q, data_.row(j), d);
      const double cap = kth_smallest(dist.data(), n, k, self);
      for_each_at_most(dist.data(), n, cap, take);
    } else {
      // Pass 1: the k-th smallest upper bound. Pass 2: every row whose lower bound does not
      // exceed it may be among the k nearest.
      auto& up = scratch.upper;
      auto& lo = scratch.lower;
      up.resize(static_cast<std::size_t>(n));
      lo.resize(static_cast<std::size_t>(n));
      const float* chi = norms_hi_.data();
      const float* clo = norms_lo_.data();
      for (Index j = 0; j < n; ++j) {
        up[static_cast<std::size_t>(j)] = chi[j] - 2.0f * dots[j];
        lo[static_cast<std::size_t>(j)] = clo[j] - 2.0f * dots[j];
      }
      const double qn = sq_norm(q, d);
      const float kth = kth_smallest(up.data(), n, k, self);
      // L_j + lo_shift ≤ U_k + hi_shift  ⟺  L_j ≤ U_k + 2Γ‖q‖² + 2 tiny.
      const float cap = round_up(static_cast<double>(kth) + 2 * gamma * qn + 2 * tiny);
      for_each_at_most(lo.data(), n, cap, take);
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
  const double gamma = brute_gamma(d), tiny = brute_tiny(d);
  const bool exact = needs_exact(queries, max_sq_norm_);
  std::vector<std::vector<Neighbor>> found(static_cast<std::size_t>(queries.rows()));
  for_each_query_dots(data_, exact, queries, ctx, [&](Index i, const float* dots) {
    thread_local BoundScratch scratch;
    const Index self = self_of(options, i);
    const float* q = queries.row(i);
    auto& nb = found[static_cast<std::size_t>(i)];
    auto take = [&](Index j) {
      if (j == self) return;
      const double dist = exact_sq_distance(q, data_.row(j), d);
      if (dist <= r2) nb.emplace_back(dist, j);
    };
    if (!dots) {
      for (Index j = 0; j < n; ++j) take(j);
      return;
    }
    auto& lo = scratch.lower;
    lo.resize(static_cast<std::size_t>(n));
    const float* clo = norms_lo_.data();
    for (Index j = 0; j < n; ++j) lo[static_cast<std::size_t>(j)] = clo[j] - 2.0f * dots[j];
    // lo_shift + L_j ≤ r²  ⟺  L_j ≤ r² − (1 − Γ)‖q‖² + tiny.
    const float cap = round_up(r2 - (1 - gamma) * sq_norm(q, d) + tiny);
    for_each_at_most(lo.data(), n, cap, take);
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
  if (algorithm == "hnsw") return std::make_unique<HnswIndex>();
  if (algorithm == "auto") {
    if (d <= 16) return std::make_unique<KdTreeIndex>();
    return std::make_unique<BruteForceIndex>();
  }
  throw InvalidParameter(fmt::format(
      "make_knn_index: unknown algorithm '{}' (expected auto, brute, kd_tree or hnsw)", algorithm));
}

}  // namespace metaul
