#include "metaul/learn/kmeans.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
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
      ParamSpec::choice("algorithm", "lloyd", {"lloyd", "hamerly", "elkan"},
                        "iteration scheme: plain Lloyd or an exact bound-pruned variant"),
      ParamSpec::seed(),
  };
  return table;
}

namespace kmeans_detail {
namespace {

// Rows of one reduction chunk. Chunk c (rows [256c, 256c + 256)) always adds into accumulator
// c mod kAccumulators, and every accumulator sees its rows in increasing order, so the sums do
// not depend on the thread count nor on which pass (fused Lloyd or bound-pruned) made them.
constexpr Index kChunkRows = 256;
constexpr Index kAccumulators = 16;
// Rows per SGEMM block: exactly one chunk per accumulator.
constexpr Index kBlockRows = kChunkRows * kAccumulators;

std::vector<float> row_sq_norms(MatrixView x, const Context& ctx) {
  std::vector<float> norms(static_cast<std::size_t>(x.rows()));
  parallel_for_dynamic(ctx, block_count(x.rows(), kChunkRows), [&](Index b) {
    const auto [begin, end] = block_range(x.rows(), kChunkRows, b);
    for (Index i = begin; i < end; ++i) {
      const float* r = x.row(i);
      double s = 0;
      for (Index j = 0; j < x.cols(); ++j) s += static_cast<double>(r[j]) * r[j];
      norms[static_cast<std::size_t>(i)] = static_cast<float>(s);
    }
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

inline void add_row(double* target, const float* row, Index d) {
  for (Index j = 0; j < d; ++j) target[j] += row[j];
}

// GCC vector types: the avx2 clone of the kernels below runs them on 8 lanes, the default one on
// two SSE halves. Both give the same results (only exact operations: add, compare, select).
using Floats8 = float __attribute__((vector_size(32)));
using Ints8 = std::int32_t __attribute__((vector_size(32)));
constexpr std::int32_t kNoIndex = std::numeric_limits<std::int32_t>::max();

// For the m rows of a chunk (block: m × k values −2·x·c), the nearest center (first index on
// ties, as a strict-< scan) and its value ‖c‖² − 2·x·c.
__attribute__((target_clones("avx2", "default"))) void chunk_argmin(const float* block, Index m,
                                                                    Index k, const float* c_norms,
                                                                    int* labels, float* best) {
  const Index k8 = k - k % 8;
  for (Index r = 0; r < m; ++r) {
    const float* row = block + r * k;
    float lo = std::numeric_limits<float>::infinity();
    int arg = 0;
    if (k8 > 0) {
      Floats8 best_v, v, cn;
      Ints8 best_i = {0, 1, 2, 3, 4, 5, 6, 7};
      Ints8 idx = best_i;
      const Ints8 step = {8, 8, 8, 8, 8, 8, 8, 8};
      std::memcpy(&best_v, row, sizeof(Floats8));
      std::memcpy(&cn, c_norms, sizeof(Floats8));
      best_v += cn;
      for (Index j = 8; j < k8; j += 8) {
        idx += step;
        std::memcpy(&v, row + j, sizeof(Floats8));
        std::memcpy(&cn, c_norms + j, sizeof(Floats8));
        v += cn;
        const Ints8 less = v < best_v;
        best_v = less ? v : best_v;
        best_i = less ? idx : best_i;
      }
      // Branch-free lane reduction: the smallest value, then the smallest index holding it.
      lo = best_v[0];
      for (int t = 1; t < 8; ++t) lo = std::min(lo, best_v[t]);
      const Floats8 lo_v = {lo, lo, lo, lo, lo, lo, lo, lo};
      const Ints8 big = {kNoIndex, kNoIndex, kNoIndex, kNoIndex,
                         kNoIndex, kNoIndex, kNoIndex, kNoIndex};
      const Ints8 cand = best_v == lo_v ? best_i : big;
      arg = cand[0];
      for (int t = 1; t < 8; ++t) arg = std::min(arg, static_cast<int>(cand[t]));
    }
    for (Index j = k8; j < k; ++j) {
      const float v = row[j] + c_norms[j];
      if (v < lo) {
        lo = v;
        arg = static_cast<int>(j);
      }
    }
    labels[r] = arg;
    best[r] = lo;
  }
}

// For the m rows of a chunk, the smallest value of ‖c‖² − 2·x·c over the centers other than
// labels[r] (+inf when k = 1).
__attribute__((target_clones("avx2", "default"))) void chunk_second(const float* block, Index m,
                                                                    Index k, const float* c_norms,
                                                                    const int* labels,
                                                                    float* second) {
  const Index k8 = k - k % 8;
  const float inf = std::numeric_limits<float>::infinity();
  const Floats8 inf_v = {inf, inf, inf, inf, inf, inf, inf, inf};
  const Ints8 step = {8, 8, 8, 8, 8, 8, 8, 8};
  for (Index r = 0; r < m; ++r) {
    const float* row = block + r * k;
    const int skip = labels[r];
    const Ints8 skip_v = {skip, skip, skip, skip, skip, skip, skip, skip};
    Floats8 lo_v = inf_v, v, cn;
    Ints8 idx = {0, 1, 2, 3, 4, 5, 6, 7};
    for (Index j = 0; j < k8; j += 8) {
      std::memcpy(&v, row + j, sizeof(Floats8));
      std::memcpy(&cn, c_norms + j, sizeof(Floats8));
      v += cn;
      v = idx == skip_v ? inf_v : v;
      lo_v = v < lo_v ? v : lo_v;
      idx += step;
    }
    float lo = inf;
    for (int t = 0; t < 8; ++t) lo = std::min(lo, lo_v[t]);
    for (Index j = k8; j < k; ++j) {
      if (j != skip) lo = std::min(lo, row[j] + c_norms[j]);
    }
    second[r] = lo;
  }
}

using Doubles4 = double __attribute__((vector_size(32)));

// Squared distance in double with four interleaved partial sums (a fixed order, so the result
// does not depend on the thread count); used for the bounds, where only its accuracy matters.
__attribute__((target_clones("avx2", "default"))) double sq_dist4(const float* a, const float* b,
                                                                  Index d) {
  Doubles4 acc = {0, 0, 0, 0};
  Index j = 0;
  for (; j + 4 <= d; j += 4) {
    const Doubles4 t = {static_cast<double>(a[j]) - b[j], static_cast<double>(a[j + 1]) - b[j + 1],
                        static_cast<double>(a[j + 2]) - b[j + 2],
                        static_cast<double>(a[j + 3]) - b[j + 3]};
    acc += t * t;
  }
  double s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - b[j];
    s += t * t;
  }
  return s;
}

// Elkan's test for one point with label a: every other center j is ruled out when its lower bound
// exceeds s = sqrt(u² + margin) (`need`): either (stored distance − drift since)² > s², i.e.
// stored² > (s + drift)², or ‖c_a − c_j‖ − u > s. The stored bounds are squared so that the
// re-scoring needs no square roots. Branch-free so that it vectorises.
__attribute__((target_clones("avx2", "default"))) bool others_ruled_out(
    const float* stored, const double* now, const double* then, const double* ca, Index k, Index a,
    double up, double need, double shrink) {
  int bad = 0;
  for (Index j = 0; j < k; ++j) {
    const double r = need + (now[j] - then[j]);
    const int out = (ca[j] * shrink - up > need) | (static_cast<double>(stored[j]) > r * r);
    bad |= (out == 0) & (j != a);
  }
  return bad == 0;
}

// Adds the m rows of x to the sums (k × d, double) and counts of their labels.
__attribute__((target_clones("avx2", "default"))) void chunk_accumulate(const float* x, Index m,
                                                                        Index d, const int* labels,
                                                                        double* sums,
                                                                        Index* counts) {
  for (Index r = 0; r < m; ++r) {
    const float* row = x + r * d;
    double* target = sums + labels[r] * d;
    for (Index j = 0; j < d; ++j) target[j] += row[j];
    ++counts[labels[r]];
  }
}

std::vector<float> center_norms(MatrixView centers) {
  std::vector<float> norms(static_cast<std::size_t>(centers.rows()));
  for (Index c = 0; c < centers.rows(); ++c) {
    double s = 0;
    for (Index j = 0; j < centers.cols(); ++j) {
      s += static_cast<double>(centers(c, j)) * centers(c, j);
    }
    norms[static_cast<std::size_t>(c)] = static_cast<float>(s);
  }
  return norms;
}

// Per-accumulator sums and counts of the points of every cluster.
struct Sums {
  Index k = 0, d = 0;
  std::vector<double> sums;    // kAccumulators × k × d
  std::vector<Index> counts;   // kAccumulators × k
  std::vector<Index> changed;  // kAccumulators: labels that changed in the pass

  Sums(Index k_, Index d_) : k(k_), d(d_) {
    sums.resize(static_cast<std::size_t>(kAccumulators * k * d));
    counts.resize(static_cast<std::size_t>(kAccumulators * k));
    changed.resize(static_cast<std::size_t>(kAccumulators));
  }
  void reset() {
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), Index{0});
    std::fill(changed.begin(), changed.end(), Index{0});
  }
  void add(Index a, int label, const float* row) {
    add_row(sums.data() + (a * k + label) * d, row, d);
    ++counts[static_cast<std::size_t>(a * k + label)];
  }
  Index total_changed() const { return std::accumulate(changed.begin(), changed.end(), Index{0}); }
};

// Runs dist = ‖c‖² − 2·x·c for all rows against all centers and calls
// row_fn(accumulator, i, dist_row) for every row. Chunk c of kChunkRows rows is scored with its
// own single-threaded SGEMM by the task of accumulator c mod kAccumulators, so the argmin and the
// accumulation run on the chunk while it is in cache. One SGEMM per thread on these thin shapes
// (k·d small) runs 2-5× faster than one multi-threaded SGEMM per block of rows, whose fork-join
// inside OpenBLAS costs more than the product itself; inside an OpenMP region OpenBLAS uses one
// thread, and the BLAS thread count is set to 1 before the region.
struct ChunkScratch {
  std::vector<float> dots;    // kChunkRows × k per task
  std::vector<float> rows;    // kChunkRows × d per task (gathered rows)
  std::vector<int> labels;    // kChunkRows per task
  std::vector<float> best;    // kChunkRows per task
  std::vector<float> second;  // kChunkRows per task
  void reserve(Index tasks, Index k, Index d) {
    dots.resize(static_cast<std::size_t>(tasks * kChunkRows * k));
    rows.resize(static_cast<std::size_t>(tasks * kChunkRows * d));
    labels.resize(static_cast<std::size_t>(tasks * kChunkRows));
    best.resize(static_cast<std::size_t>(tasks * kChunkRows));
    second.resize(static_cast<std::size_t>(tasks * kChunkRows));
  }
};

template <class ChunkFn>
void gemm_pass(MatrixView x, MatrixView centers, const std::vector<float>& c_norms,
               const Context& ctx, ChunkScratch& scratch, ChunkFn&& chunk_fn) {
  const Index n = x.rows(), k = centers.rows(), d = x.cols();
  const Index chunks = block_count(n, kChunkRows);
  const Index tasks = std::min(kAccumulators, chunks);
  scratch.reserve(tasks, k, d);
  blas::set_threads(1);
  Context one = ctx;
  one.threads = 1;
  parallel_for_dynamic(ctx, tasks, [&](Index a) {
    float* block = scratch.dots.data() + a * kChunkRows * k;
    int* lab = scratch.labels.data() + a * kChunkRows;
    float* best = scratch.best.data() + a * kChunkRows;
    for (Index c = a; c < chunks; c += kAccumulators) {
      const auto [begin, end] = block_range(n, kChunkRows, c);
      blas::gemm_nt(one, end - begin, k, d, -2.0f, x.row(begin), d, centers.data(), d, 0.0f, block,
                    k);
      chunk_argmin(block, end - begin, k, c_norms.data(), lab, best);
      chunk_fn(a, begin, end, static_cast<const int*>(lab), static_cast<const float*>(best));
    }
  });
}

// Adds every row to its cluster's sums with the same chunk → accumulator map as gemm_pass.
void accumulate(MatrixView x, const std::vector<int>& labels, const Context& ctx, Sums& sums) {
  const Index n = x.rows(), k = sums.k, d = sums.d;
  parallel_for_dynamic(ctx, kAccumulators, [&](Index a) {
    for (Index lo = a * kChunkRows; lo < n; lo += kBlockRows) {
      const Index hi = std::min(n, lo + kChunkRows);
      chunk_accumulate(x.row(lo), hi - lo, d, labels.data() + lo, sums.sums.data() + a * k * d,
                       sums.counts.data() + a * k);
    }
  });
}

// New centers as the means of their points. An empty cluster takes the point farthest from its
// current center (the largest first), which leaves the cluster it came from, as in scikit-learn.
// `centers` holds the old centers on entry. Returns the summed squared shift of the centers.
double update_centers(MatrixView x, const std::vector<int>& labels, const Sums& acc,
                      const Context& ctx, Matrix& centers) {
  const Index n = x.rows(), d = x.cols(), k = centers.rows();
  std::vector<double> total(static_cast<std::size_t>(k * d), 0.0);
  std::vector<Index> count(static_cast<std::size_t>(k), 0);
  for (Index a = 0; a < kAccumulators; ++a) {
    const double* s = acc.sums.data() + a * k * d;
    for (Index t = 0; t < k * d; ++t) total[static_cast<std::size_t>(t)] += s[t];
    for (Index c = 0; c < k; ++c) {
      count[static_cast<std::size_t>(c)] += acc.counts[static_cast<std::size_t>(a * k + c)];
    }
  }
  std::vector<Index> empty;
  for (Index c = 0; c < k; ++c) {
    if (count[static_cast<std::size_t>(c)] == 0) empty.push_back(c);
  }
  if (!empty.empty()) {
    std::vector<double> dist(static_cast<std::size_t>(n));
    parallel_for(ctx, n, [&](Index i) {
      dist[static_cast<std::size_t>(i)] =
          sq_dist(x.row(i), centers.row(labels[static_cast<std::size_t>(i)]), d);
    });
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index{0});
    const auto m = static_cast<std::ptrdiff_t>(std::min<std::size_t>(empty.size(), order.size()));
    std::partial_sort(order.begin(), order.begin() + m, order.end(), [&](Index p, Index q) {
      const double dp = dist[static_cast<std::size_t>(p)], dq = dist[static_cast<std::size_t>(q)];
      return dp > dq || (dp == dq && p < q);
    });
    for (std::ptrdiff_t e = 0; e < m; ++e) {
      const Index c = empty[static_cast<std::size_t>(e)];
      const Index p = order[static_cast<std::size_t>(e)];
      const Index from = labels[static_cast<std::size_t>(p)];
      for (Index j = 0; j < d; ++j) {
        total[static_cast<std::size_t>(from * d + j)] -= x(p, j);
        total[static_cast<std::size_t>(c * d + j)] = x(p, j);
      }
      --count[static_cast<std::size_t>(from)];
      count[static_cast<std::size_t>(c)] = 1;
    }
  }
  double shift = 0;
  for (Index c = 0; c < k; ++c) {
    const Index cnt = count[static_cast<std::size_t>(c)];
    if (cnt <= 0) continue;  // emptied by a relocation: keeps its old position
    const double inv = 1.0 / static_cast<double>(cnt);
    for (Index j = 0; j < d; ++j) {
      const float v = static_cast<float>(total[static_cast<std::size_t>(c * d + j)] * inv);
      const double diff = static_cast<double>(v) - centers(c, j);
      shift += diff * diff;
      centers(c, j) = v;
    }
  }
  return shift;
}

double exact_inertia(MatrixView x, MatrixView centers, const std::vector<int>& labels,
                     const Context& ctx) {
  const Index n = x.rows();
  const Index chunks = block_count(n, kChunkRows);
  std::vector<double> partial(static_cast<std::size_t>(chunks), 0.0);
  parallel_for_dynamic(ctx, chunks, [&](Index c) {
    const auto [begin, end] = block_range(n, kChunkRows, c);
    double s = 0;
    for (Index i = begin; i < end; ++i) {
      s += sq_dist(x.row(i), centers.row(labels[static_cast<std::size_t>(i)]), x.cols());
    }
    partial[static_cast<std::size_t>(c)] = s;
  });
  return std::accumulate(partial.begin(), partial.end(), 0.0);
}

// Labels from the centers alone (the final E-step when the loop stopped on `tol`).
void relabel(MatrixView x, MatrixView centers, const Context& ctx, ChunkScratch& scratch,
             std::vector<int>& labels) {
  const std::vector<float> c_norms = center_norms(centers);
  gemm_pass(x, centers, c_norms, ctx, scratch,
            [&](Index, Index begin, Index end, const int* lab, const float*) {
              std::copy(lab, lab + (end - begin), labels.begin() + begin);
            });
}

}  // namespace

void assign_nearest(MatrixView x, MatrixView centers, const Context& ctx, std::vector<int>& labels,
                    std::vector<float>& min_dist) {
  const Index n = x.rows(), k = centers.rows();
  labels.resize(static_cast<std::size_t>(n));
  min_dist.resize(static_cast<std::size_t>(n));
  const std::vector<float> x_norms = row_sq_norms(x, ctx);
  const std::vector<float> c_norms = center_norms(centers);
  ChunkScratch scratch;
  (void)k;
  gemm_pass(x, centers, c_norms, ctx, scratch,
            [&](Index, Index begin, Index end, const int* lab, const float* best) {
              for (Index i = begin; i < end; ++i) {
                const auto u = static_cast<std::size_t>(i);
                labels[u] = lab[i - begin];
                min_dist[u] = std::max(0.0f, best[i - begin] + x_norms[u]);
              }
            });
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
    closest[static_cast<std::size_t>(i)] = sq_dist4(x.row(i), centers.row(0), d);
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
        const double dist = sq_dist4(x.row(i), x.row(candidates[static_cast<std::size_t>(t)]), d);
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

int lloyd(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
          std::vector<int>& labels, double& inertia) {
  const Index n = x.rows(), k = centers.rows();
  labels.assign(static_cast<std::size_t>(n), -1);
  const Index d = x.cols();
  Sums acc(k, d);
  ChunkScratch scratch;
  bool strict = false;
  int iter = 0;
  // scikit-learn's loop: assign with the current centers and accumulate the new means in one
  // pass; stop when no label changed (strict) or the centers moved less than tol.
  while (iter < max_iter) {
    ++iter;
    acc.reset();
    const std::vector<float> c_norms = center_norms(centers);
    gemm_pass(x, centers, c_norms, ctx, scratch,
              [&](Index a, Index begin, Index end, const int* lab, const float*) {
                Index changed = 0;
                for (Index i = begin; i < end; ++i) {
                  changed += labels[static_cast<std::size_t>(i)] != lab[i - begin];
                }
                std::copy(lab, lab + (end - begin), labels.begin() + begin);
                acc.changed[static_cast<std::size_t>(a)] += changed;
                chunk_accumulate(x.row(begin), end - begin, d, lab, acc.sums.data() + a * k * d,
                                 acc.counts.data() + a * k);
              });
    const double shift = update_centers(x, labels, acc, ctx, centers);
    if (acc.total_changed() == 0) {
      strict = true;
      break;
    }
    if (shift <= tol_abs) break;
  }
  if (!strict) relabel(x, centers, ctx, scratch, labels);
  inertia = exact_inertia(x, centers, labels, ctx);
  return iter;
}

namespace {

// Shared state of the bound-pruned variants. Their pruning never changes a decision of Lloyd's
// SGEMM argmin: a point keeps its label only when its bounds prove a margin larger than twice the
// rounding error of the float distances; every other point is re-scored with the same SGEMM and
// argmin as Lloyd, so labels, centers and iteration counts are identical to `lloyd`.
struct BoundState {
  MatrixView x;
  std::vector<float> x_norms;
  std::vector<double> err;  // per point: bound on |float distance − exact distance|
  double gamma = 0;         // relative error factor of the SGEMM distances
};

// Center-to-center distances (k × k, exact in double).
std::vector<double> center_distances(MatrixView centers, const Context& ctx) {
  const Index k = centers.rows();
  std::vector<double> dist(static_cast<std::size_t>(k * k), 0.0);
  auto row = [&](Index a) {
    for (Index b = 0; b < k; ++b) {
      dist[static_cast<std::size_t>(a * k + b)] =
          a == b ? 0.0 : std::sqrt(sq_dist4(centers.row(a), centers.row(b), centers.cols()));
    }
  };
  // Small problems stay on the calling thread: a parallel region costs more than the work.
  if (k * k * centers.cols() < (Index{1} << 21)) {
    for (Index a = 0; a < k; ++a) row(a);
  } else {
    parallel_for_dynamic(ctx, k, row);
  }
  return dist;
}

constexpr double kShrink = 1.0 - 1e-12;  // safety factors on exact double distances
constexpr double kGrow = 1.0 + 1e-12;

// Re-scores the listed rows against all centers with Lloyd's SGEMM + argmin (the gathered rows
// in chunks of kChunkRows, as gemm_pass). `on_row` receives (i, dist_row) for every listed row.
// Re-scores the listed rows against all centers with Lloyd's SGEMM + argmin (the gathered rows
// in chunks of kChunkRows, as gemm_pass). `on_row(i, label, best, second)` receives every listed
// row with its nearest center, the two smallest values of ‖c‖² − 2·x·c, and the row of −2·x·c.
template <class RowFn>
void rescore(const BoundState& st, const std::vector<Index>& rows, MatrixView centers,
             const std::vector<float>& c_norms, const Context& ctx, ChunkScratch& scratch,
             RowFn&& on_row) {
  const Index d = st.x.cols(), k = centers.rows();
  const auto m = static_cast<Index>(rows.size());
  const Index chunks = block_count(m, kChunkRows);
  const Index tasks = std::min(kAccumulators, chunks);
  scratch.reserve(tasks, k, d);
  blas::set_threads(1);
  Context one = ctx;
  one.threads = 1;
  parallel_for_dynamic(ctx, tasks, [&](Index a) {
    float* xs = scratch.rows.data() + a * kChunkRows * d;
    float* block = scratch.dots.data() + a * kChunkRows * k;
    int* lab = scratch.labels.data() + a * kChunkRows;
    float* best = scratch.best.data() + a * kChunkRows;
    float* second_best = scratch.second.data() + a * kChunkRows;
    for (Index c = a; c < chunks; c += kAccumulators) {
      const auto [begin, end] = block_range(m, kChunkRows, c);
      for (Index r = begin; r < end; ++r) {
        const float* src = st.x.row(rows[static_cast<std::size_t>(r)]);
        std::copy(src, src + d, xs + (r - begin) * d);
      }
      blas::gemm_nt(one, end - begin, k, d, -2.0f, xs, d, centers.data(), d, 0.0f, block, k);
      chunk_argmin(block, end - begin, k, c_norms.data(), lab, best);
      chunk_second(block, end - begin, k, c_norms.data(), lab, second_best);
      for (Index r = begin; r < end; ++r) {
        const float* row = block + (r - begin) * k;
        const int label = lab[r - begin];
        const float second = second_best[r - begin];
        on_row(rows[static_cast<std::size_t>(r)], label, best[r - begin], second, row);
      }
    }
  });
}

// Sets per-point error margins: the float distance ‖c‖² − 2·x·c + ‖x‖² differs from the exact one
// by at most about (d + 4)·2⁻²⁴·(‖x‖² + ‖c‖²); twice that is used.
void set_error_margins(BoundState& st, const std::vector<float>& c_norms) {
  const float c_max = *std::max_element(c_norms.begin(), c_norms.end());
  for (std::size_t i = 0; i < st.err.size(); ++i) {
    st.err[i] = st.gamma * (static_cast<double>(st.x_norms[i]) + c_max);
  }
}

// Collects the rows whose flag is set, in increasing order.
std::vector<Index> flagged_rows(const std::vector<char>& flag) {
  std::vector<Index> rows;
  for (std::size_t i = 0; i < flag.size(); ++i) {
    if (flag[i]) rows.push_back(static_cast<Index>(i));
  }
  return rows;
}

}  // namespace

namespace {

// Hamerly's scheme (one upper bound u, one lower bound l on the second-closest center, and the
// half-gap test with the closest other center), optionally with Elkan's k lower bounds per point
// (`elkan`). Elkan's bounds are kept lazily: each point stores its k distances (rounded down) from
// its last re-scoring and the iteration of that re-scoring, and the current bound subtracts the
// centers' cumulative drift since then, so the n·k bounds are read only for the points that
// Hamerly's test cannot settle and are never rewritten in bulk.
int bounded(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
            std::vector<int>& labels, double& inertia, bool elkan) {
  const Index n = x.rows(), k = centers.rows(), d = x.cols();
  BoundState st;
  st.x = x;
  st.x_norms = row_sq_norms(x, ctx);
  st.err.resize(static_cast<std::size_t>(n));
  st.gamma = 2.0 * static_cast<double>(d + 4) * std::ldexp(1.0, -24);
  labels.assign(static_cast<std::size_t>(n), -1);
  std::vector<double> upper(static_cast<std::size_t>(n)), lower(static_cast<std::size_t>(n));
  std::vector<float> center_lower;  // n × k squared distances, Elkan only
  std::vector<int> stamp;           // iteration of each point's last re-scoring
  std::vector<double> drift;        // (iterations + 1) × k cumulative center drift
  if (elkan) {
    center_lower.resize(static_cast<std::size_t>(n * k));
    stamp.resize(static_cast<std::size_t>(n));
    drift.assign(static_cast<std::size_t>(k), 0.0);
  }
  std::vector<char> flag(static_cast<std::size_t>(n), 1);
  std::vector<char> row_changed(static_cast<std::size_t>(n), 0);
  ChunkScratch scratch;
  Sums acc(k, d);
  bool strict = false;
  int iter = 0;
  std::vector<float> c_norms = center_norms(centers);
  std::vector<double> gap(static_cast<std::size_t>(k));
  std::vector<double> cc;
  Matrix old_centers;
  // Moves of the centers in the last update: per center, the largest, its index and the second.
  std::vector<double> delta(static_cast<std::size_t>(k), 0.0);
  Index far = 0;
  double second_far = 0, max_delta = 0;
  while (iter < max_iter) {
    ++iter;
    set_error_margins(st, c_norms);
    if (iter > 1) {
      cc = center_distances(centers, ctx);
      for (Index c = 0; c < k; ++c) {
        double g = std::numeric_limits<double>::infinity();
        for (Index b = 0; b < k; ++b) {
          if (b != c) g = std::min(g, cc[static_cast<std::size_t>(c * k + b)]);
        }
        gap[static_cast<std::size_t>(c)] = g * kShrink;
      }
      const double* now = elkan ? drift.data() + static_cast<std::size_t>(iter - 1) * k : nullptr;
      // True when Hamerly's bounds prove that Lloyd's argmin keeps label a for point i.
      auto hamerly_proven = [&](std::size_t u, int a, double up, double margin) {
        const double lo = std::max(lower[u], gap[static_cast<std::size_t>(a)] - up);
        return lo > 0 && up * up + margin < lo * lo;
      };
      parallel_for_dynamic(ctx, block_count(n, kChunkRows), [&](Index b) {
        const auto [begin, end] = block_range(n, kChunkRows, b);
        for (Index i = begin; i < end; ++i) {
          const auto u = static_cast<std::size_t>(i);
          const int a = labels[u];
          upper[u] += delta[static_cast<std::size_t>(a)];
          lower[u] -= a == far ? second_far : max_delta;
          const double margin = 2.0 * st.err[u];
          flag[u] = 0;
          if (hamerly_proven(u, a, upper[u], margin)) continue;
          // Tighten the upper bound with one exact distance before the finer tests.
          upper[u] = std::sqrt(sq_dist4(x.row(i), centers.row(a), d)) * kGrow;
          if (hamerly_proven(u, a, upper[u], margin)) continue;
          if (elkan && others_ruled_out(center_lower.data() + i * k, now,
                                        drift.data() + static_cast<std::size_t>(stamp[u]) * k,
                                        cc.data() + static_cast<std::size_t>(a) * k, k, a, upper[u],
                                        std::sqrt(upper[u] * upper[u] + margin), kShrink)) {
            continue;
          }
          flag[u] = 1;
        }
      });
    }
    const std::vector<Index> rows = flagged_rows(flag);
    std::fill(flag.begin(), flag.end(), 0);
    // Labels are compared with the previous pass to detect strict convergence, as in Lloyd.
    rescore(st, rows, centers, c_norms, ctx, scratch,
            [&](Index i, int label, double best, double second, const float* row) {
              const auto u = static_cast<std::size_t>(i);
              const double xn = st.x_norms[u];
              const double e = st.err[u];
              upper[u] = std::sqrt(std::max(0.0, best + xn) + e);
              lower[u] = std::sqrt(std::max(0.0, second + xn - e));
              row_changed[u] = label != labels[u];
              labels[u] = label;
              if (elkan) {
                float* l0 = center_lower.data() + i * k;
                const float* cn = c_norms.data();
                const auto low = static_cast<float>(xn - e);
                // Squared lower bounds, shrunk by 1e-5 to stay below the exact values after
                // rounding to float.
                for (Index j = 0; j < k; ++j) {
                  l0[j] = std::max(0.0f, (row[j] + cn[j]) + low) * (1.0f - 1e-5f);
                }
                stamp[u] = iter - 1;
              }
            });
    Index changed = 0;
    for (Index i : rows) changed += row_changed[static_cast<std::size_t>(i)];
    acc.reset();
    accumulate(x, labels, ctx, acc);
    old_centers = centers;
    const double shift = update_centers(x, labels, acc, ctx, centers);
    if (changed == 0) {
      strict = true;
      break;
    }
    if (shift <= tol_abs) break;
    // How far the centers moved; the bounds take it at the start of the next test pass.
    for (Index c = 0; c < k; ++c) {
      delta[static_cast<std::size_t>(c)] =
          std::sqrt(sq_dist(centers.row(c), old_centers.row(c), d)) * kGrow;
    }
    if (elkan) {
      const std::size_t base = static_cast<std::size_t>(iter - 1) * k;
      drift.resize(base + 2 * static_cast<std::size_t>(k));
      for (Index c = 0; c < k; ++c) {
        drift[base + k + c] = drift[base + c] + delta[static_cast<std::size_t>(c)];
      }
    }
    far = 0;
    for (Index c = 1; c < k; ++c) {
      if (delta[static_cast<std::size_t>(c)] > delta[static_cast<std::size_t>(far)]) far = c;
    }
    second_far = 0;
    for (Index c = 0; c < k; ++c) {
      if (c != far) second_far = std::max(second_far, delta[static_cast<std::size_t>(c)]);
    }
    max_delta = delta[static_cast<std::size_t>(far)];
    c_norms = center_norms(centers);
  }
  if (!strict) relabel(x, centers, ctx, scratch, labels);
  inertia = exact_inertia(x, centers, labels, ctx);
  return iter;
}

}  // namespace

int hamerly(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
            std::vector<int>& labels, double& inertia) {
  return bounded(x, centers, max_iter, tol_abs, ctx, labels, inertia, false);
}

int elkan(MatrixView x, Matrix& centers, int max_iter, double tol_abs, const Context& ctx,
          std::vector<int>& labels, double& inertia) {
  return bounded(x, centers, max_iter, tol_abs, ctx, labels, inertia, true);
}

}  // namespace kmeans_detail

namespace {

// Power-of-two factor that brings the largest |value| near 1 when squaring it in float would
// overflow or underflow; 1 otherwise. Scaling by a power of two is exact.
double safe_scale(MatrixView x) {
  float hi = 0;
  for (Index t = 0; t < x.size(); ++t) hi = std::max(hi, std::abs(x.data()[t]));
  if (hi == 0 || (hi < 0x1p40f && hi > 0x1p-40f)) return 1.0;
  int e = 0;
  std::frexp(static_cast<double>(hi), &e);
  return std::ldexp(1.0, -e);
}

Matrix scaled(MatrixView x, double s) {
  Matrix out(x.rows(), x.cols());
  for (Index t = 0; t < x.size(); ++t) out.data()[t] = static_cast<float>(x.data()[t] * s);
  return out;
}

// Mean over features of the per-feature variance (two passes in fixed chunks, double).
double mean_feature_variance(MatrixView x, const Context& ctx) {
  const Index n = x.rows(), d = x.cols();
  const Index chunks = block_count(n, 4096);
  std::vector<double> part(static_cast<std::size_t>(chunks * d), 0.0);
  parallel_for_dynamic(ctx, chunks, [&](Index b) {
    const auto [begin, end] = block_range(n, 4096, b);
    double* p = part.data() + b * d;
    for (Index i = begin; i < end; ++i) {
      const float* r = x.row(i);
      for (Index j = 0; j < d; ++j) p[j] += r[j];
    }
  });
  std::vector<double> mean(static_cast<std::size_t>(d), 0.0);
  for (Index b = 0; b < chunks; ++b) {
    for (Index j = 0; j < d; ++j) mean[static_cast<std::size_t>(j)] += part[b * d + j];
  }
  for (auto& m : mean) m /= static_cast<double>(n);
  std::fill(part.begin(), part.end(), 0.0);
  parallel_for_dynamic(ctx, chunks, [&](Index b) {
    const auto [begin, end] = block_range(n, 4096, b);
    double* p = part.data() + b * d;
    for (Index i = begin; i < end; ++i) {
      const float* r = x.row(i);
      for (Index j = 0; j < d; ++j) {
        const double t = r[j] - mean[static_cast<std::size_t>(j)];
        p[j] += t * t;
      }
    }
  });
  double total = 0;
  for (Index j = 0; j < d; ++j) {
    double v = 0;
    for (Index b = 0; b < chunks; ++b) v += part[b * d + j];
    total += v / static_cast<double>(n);
  }
  return total / static_cast<double>(d);
}

}  // namespace

void KMeans::fit(MatrixView x_in, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x_in, op.c_str());
  const int k = static_cast<int>(p_int("n_clusters"));
  if (x_in.rows() < k) {
    throw InvalidInput(fmt::format("{}: n_samples ({}) < n_clusters ({})", op, x_in.rows(), k));
  }
  const std::string& init = p_string("init");
  if (init == "given" && (initial_centers_.rows() != k || initial_centers_.cols() != x_in.cols())) {
    throw InvalidInput(fmt::format("{}: init=given needs {} x {} initial centers, got {} x {}", op,
                                   k, x_in.cols(), initial_centers_.rows(),
                                   initial_centers_.cols()));
  }
  if (init == "given") check_input(initial_centers_, (op + " (initial centers)").c_str());
  const double scale = safe_scale(x_in);
  Matrix x_scaled;
  if (scale != 1.0) x_scaled = scaled(x_in, scale);
  const MatrixView x = scale != 1.0 ? x_scaled.view() : x_in;

  const double tol = p_double("tol");
  // Absolute tolerance from the mean per-feature variance, as in scikit-learn.
  const double tol_abs = tol > 0 ? tol * mean_feature_variance(x, ctx) : 0.0;
  const int n_init = init == "given" ? 1 : static_cast<int>(p_int("n_init"));
  const int max_iter = static_cast<int>(p_int("max_iter"));
  const std::string& algorithm = p_string("algorithm");
  const Rng base(static_cast<std::uint64_t>(p_int("seed")));

  double best_inertia = std::numeric_limits<double>::infinity();
  for (int run = 0; run < n_init; ++run) {
    Rng rng = base.split(static_cast<std::uint64_t>(run));
    Matrix centers;
    if (init == "given") {
      centers = scale != 1.0 ? scaled(initial_centers_, scale) : initial_centers_;
    } else if (init == "random") {
      centers = take_rows(x, rng.sample_without_replacement(x.rows(), k));
    } else {
      centers = kmeans_detail::kmeanspp_init(x, k, rng.next(), ctx);
    }
    std::vector<int> labels;
    double inertia = 0;
    int iters = 0;
    if (algorithm == "lloyd") {
      iters = kmeans_detail::lloyd(x, centers, max_iter, tol_abs, ctx, labels, inertia);
    } else if (algorithm == "hamerly") {
      iters = kmeans_detail::hamerly(x, centers, max_iter, tol_abs, ctx, labels, inertia);
    } else {
      iters = kmeans_detail::elkan(x, centers, max_iter, tol_abs, ctx, labels, inertia);
    }
    if (run == 0 || inertia < best_inertia) {
      best_inertia = inertia;
      centers_ = std::move(centers);
      labels_ = std::move(labels);
      n_iter_ = iters;
    }
  }
  if (scale != 1.0) {
    centers_ = scaled(centers_, 1.0 / scale);
    best_inertia /= scale * scale;
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
  const double scale = std::min(safe_scale(x), safe_scale(centers_));
  if (scale != 1.0) {
    kmeans_detail::assign_nearest(scaled(x, scale), scaled(centers_, scale), ctx, labels, dist);
  } else {
    kmeans_detail::assign_nearest(x, centers_, ctx, labels, dist);
  }
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
