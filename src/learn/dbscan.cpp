#include "metaul/learn/dbscan.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

const ParamTable& DBSCAN::param_specs() {
  static const ParamTable table = {
      ParamSpec::real("eps", 0.5, "neighbourhood radius (Euclidean, inclusive)").greater_than(0),
      ParamSpec::integer("min_samples", 5,
                         "rows within eps (the row itself included) that make a core row")
          .at_least(1),
      ParamSpec::choice("metric", "euclidean", {"euclidean"}, "distance between rows"),
      ParamSpec::choice("algorithm", "auto", {"auto", "grid", "kd_tree", "brute"},
                        "neighbour search: grid (d <= 3), kd-tree, brute force, or auto"),
      ParamSpec::integer("leaf_size", 30, "rows per kd-tree leaf").at_least(1),
  };
  return table;
}

namespace dbscan_detail {
namespace {

// Union-find with path halving; the partition it ends with does not depend on union order.
class DisjointSets {
 public:
  explicit DisjointSets(Index n) : parent_(static_cast<std::size_t>(n)) {
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
  void unite(Index a, Index b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a > b) std::swap(a, b);
    parent_[static_cast<std::size_t>(b)] = a;
  }

 private:
  std::vector<Index> parent_;
};

// Core rows numbered by their component, in the order of each component's lowest-index core
// row (scikit-learn's cluster order).
std::vector<int> number_components(const std::vector<char>& is_core, DisjointSets& sets) {
  const Index n = static_cast<Index>(is_core.size());
  std::vector<int> labels(static_cast<std::size_t>(n), -1);
  std::vector<int> root_label(static_cast<std::size_t>(n), -1);
  int next = 0;
  for (Index i = 0; i < n; ++i) {
    if (!is_core[static_cast<std::size_t>(i)]) continue;
    const Index root = sets.find(i);
    auto& rl = root_label[static_cast<std::size_t>(root)];
    if (rl < 0) rl = next++;
    labels[static_cast<std::size_t>(i)] = rl;
  }
  return labels;
}

constexpr int kGridMaxDim = 3;
constexpr int kGridBits = 21;  // bits per axis of a packed cell key (3 × 21 < 64)

struct Grid {
  Index d = 0;
  Index radius = 0;                      // neighbour cells per axis on each side
  std::vector<std::uint64_t> keys;       // sorted distinct cell keys
  std::vector<Index> start;              // rows of cell c: order[start[c] .. start[c+1])
  std::vector<Index> order;              // row indices sorted by cell (ties by index)
  std::vector<float> coords;             // the rows in `order`, contiguous
  std::vector<std::int64_t> cell_coord;  // d integer coordinates per cell

  Index n_cells() const { return static_cast<Index>(keys.size()); }
  static std::uint64_t pack(const std::int64_t* c, Index d) {
    std::uint64_t key = 0;
    for (Index j = 0; j < d; ++j) key = (key << kGridBits) | static_cast<std::uint64_t>(c[j]);
    return key;
  }
  // Index of the cell with coordinates c, or -1.
  Index find(const std::int64_t* c) const {
    for (Index j = 0; j < d; ++j) {
      if (c[j] < 0 || c[j] >= (std::int64_t{1} << kGridBits)) return -1;
    }
    const std::uint64_t key = pack(c, d);
    auto it = std::lower_bound(keys.begin(), keys.end(), key);
    if (it == keys.end() || *it != key) return -1;
    return static_cast<Index>(it - keys.begin());
  }
  // Calls fn(c2) for every existing cell whose offset from cell c has a Chebyshev length in
  // [ring_lo, ring_hi] (c itself is ring 0).
  template <class Fn>
  void for_each_neighbor_cell(Index c, Fn&& fn, Index ring_lo = 0, Index ring_hi = -1) const {
    if (ring_hi < 0) ring_hi = radius;
    std::int64_t base[kGridMaxDim], probe[kGridMaxDim];
    std::copy_n(cell_coord.data() + c * d, d, base);
    const Index width = 2 * radius + 1;
    Index total = 1;
    for (Index j = 0; j < d; ++j) total *= width;
    for (Index t = 0; t < total; ++t) {
      Index rest = t, ring = 0;
      for (Index j = 0; j < d; ++j) {
        const Index offset = (rest % width) - radius;
        ring = std::max(ring, offset < 0 ? -offset : offset);
        probe[j] = base[j] + offset;
        rest /= width;
      }
      if (ring < ring_lo || ring > ring_hi) continue;
      const Index c2 = find(probe);
      if (c2 >= 0) fn(c2);
    }
  }
};

// Cells of side eps/√d, shrunk by 1e-6 so that rounding in the cell assignment (at most
// ~2^21 · 1e-16 cells) cannot put two rows farther than eps apart into one cell.
bool build_grid(MatrixView x, double eps, const Context& ctx, Grid& g) {
  const Index n = x.rows(), d = x.cols();
  if (d > kGridMaxDim) return false;
  const double side = eps / std::sqrt(static_cast<double>(d)) * (1.0 - 1e-6);
  std::vector<double> lo(static_cast<std::size_t>(d), std::numeric_limits<double>::infinity());
  std::vector<double> hi(static_cast<std::size_t>(d), -std::numeric_limits<double>::infinity());
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) {
      lo[static_cast<std::size_t>(j)] = std::min<double>(lo[static_cast<std::size_t>(j)], x(i, j));
      hi[static_cast<std::size_t>(j)] = std::max<double>(hi[static_cast<std::size_t>(j)], x(i, j));
    }
  }
  for (Index j = 0; j < d; ++j) {
    const double span = (hi[static_cast<std::size_t>(j)] - lo[static_cast<std::size_t>(j)]) / side;
    if (!(span < static_cast<double>((std::int64_t{1} << kGridBits) - 8))) return false;
  }
  g.d = d;
  // A row within eps differs by at most eps = side·√d/(1 − 1e-6) per axis.
  g.radius = static_cast<Index>(std::floor(std::sqrt(static_cast<double>(d)) * (1 + 1e-5))) + 1;
  std::vector<std::pair<std::uint64_t, Index>> keyed(static_cast<std::size_t>(n));
  parallel_for(ctx, n, [&](Index i) {
    std::int64_t c[kGridMaxDim];
    for (Index j = 0; j < d; ++j) {
      c[j] = static_cast<std::int64_t>(
          std::floor((static_cast<double>(x(i, j)) - lo[static_cast<std::size_t>(j)]) / side));
      c[j] = std::clamp<std::int64_t>(c[j], 0, (std::int64_t{1} << kGridBits) - 1);
    }
    keyed[static_cast<std::size_t>(i)] = {Grid::pack(c, d), i};
  });
  std::sort(keyed.begin(), keyed.end());
  g.order.resize(static_cast<std::size_t>(n));
  g.coords.resize(static_cast<std::size_t>(n * d));
  for (Index p = 0; p < n; ++p) {
    const auto [key, i] = keyed[static_cast<std::size_t>(p)];
    g.order[static_cast<std::size_t>(p)] = i;
    std::copy_n(x.row(i), d, g.coords.data() + p * d);
    if (p == 0 || key != keyed[static_cast<std::size_t>(p - 1)].first) {
      g.keys.push_back(key);
      g.start.push_back(p);
      std::int64_t c[kGridMaxDim];
      std::uint64_t rest = key;
      for (Index j = d - 1; j >= 0; --j) {
        c[j] = static_cast<std::int64_t>(rest & ((std::uint64_t{1} << kGridBits) - 1));
        rest >>= kGridBits;
      }
      g.cell_coord.insert(g.cell_coord.end(), c, c + d);
    }
  }
  g.start.push_back(n);
  return true;
}

}  // namespace

bool grid_dbscan(MatrixView x, double eps, Index min_samples, const Context& ctx,
                 std::vector<char>& is_core, std::vector<int>& labels) {
  Grid g;
  if (!build_grid(x, eps, ctx, g)) return false;
  const Index n = x.rows(), d = x.cols(), cells = g.n_cells();
  const double eps2 = eps * eps;
  auto pos_row = [&](Index p) { return g.coords.data() + p * d; };
  auto neighbours_of = [&](Index c) {
    std::vector<Index> out;
    g.for_each_neighbor_cell(c, [&](Index c2) { out.push_back(c2); });
    return out;
  };

  // 1. Core flags by position in the grid order. A cell holding ≥ min_samples rows is all core;
  //    otherwise count neighbours until min_samples is reached.
  std::vector<char> core_pos(static_cast<std::size_t>(n), 0);
  parallel_for_dynamic(ctx, cells, [&](Index c) {
    const Index b = g.start[static_cast<std::size_t>(c)],
                e = g.start[static_cast<std::size_t>(c + 1)];
    if (e - b >= min_samples) {
      std::fill(core_pos.begin() + b, core_pos.begin() + e, 1);
      return;
    }
    const std::vector<Index> around = neighbours_of(c);
    for (Index p = b; p < e; ++p) {
      Index count = e - b;  // the own cell (the row itself included) is within eps
      for (Index c2 : around) {
        if (c2 == c) continue;
        for (Index q = g.start[static_cast<std::size_t>(c2)];
             q < g.start[static_cast<std::size_t>(c2 + 1)] && count < min_samples; ++q) {
          if (exact_sq_distance(pos_row(p), pos_row(q), d) <= eps2) ++count;
        }
        if (count >= min_samples) break;
      }
      core_pos[static_cast<std::size_t>(p)] = count >= min_samples ? 1 : 0;
    }
  });

  // 2. Components of core rows: the core rows of one cell are connected; two cells are linked
  //    when some pair of their core rows is within eps. Links are found in parallel (each cell
  //    checks the cells after it) and merged sequentially; the partition does not depend on
  //    the order of the merges.
  std::vector<Index> first_core(static_cast<std::size_t>(cells), -1);
  for (Index c = 0; c < cells; ++c) {
    for (Index p = g.start[static_cast<std::size_t>(c)];
         p < g.start[static_cast<std::size_t>(c + 1)]; ++p) {
      if (core_pos[static_cast<std::size_t>(p)]) {
        first_core[static_cast<std::size_t>(c)] = p;
        break;
      }
    }
  }
  // Adjacent cells (ring 1) first: in dense regions they connect almost everything with a few
  // distance evaluations, and the farther pairs (ring ≥ 2) are then only scanned between cells
  // still in different components (read from a snapshot, so the scan stays parallel).
  DisjointSets cell_sets(cells);
  std::vector<std::vector<Index>> links(static_cast<std::size_t>(cells));
  std::vector<Index> root(static_cast<std::size_t>(cells));
  for (Index ring = 1; ring <= g.radius; ++ring) {
    for (Index c = 0; c < cells; ++c) root[static_cast<std::size_t>(c)] = cell_sets.find(c);
    parallel_for_dynamic(ctx, cells, [&](Index c) {
      if (first_core[static_cast<std::size_t>(c)] < 0) return;
      g.for_each_neighbor_cell(
          c,
          [&](Index c2) {
            if (c2 <= c || first_core[static_cast<std::size_t>(c2)] < 0 ||
                root[static_cast<std::size_t>(c)] == root[static_cast<std::size_t>(c2)]) {
              return;
            }
            for (Index p = first_core[static_cast<std::size_t>(c)];
                 p < g.start[static_cast<std::size_t>(c + 1)]; ++p) {
              if (!core_pos[static_cast<std::size_t>(p)]) continue;
              for (Index q = first_core[static_cast<std::size_t>(c2)];
                   q < g.start[static_cast<std::size_t>(c2 + 1)]; ++q) {
                if (core_pos[static_cast<std::size_t>(q)] &&
                    exact_sq_distance(pos_row(p), pos_row(q), d) <= eps2) {
                  links[static_cast<std::size_t>(c)].push_back(c2);
                  return;
                }
              }
            }
          },
          ring, ring);
    });
    for (Index c = 0; c < cells; ++c) {
      for (Index c2 : links[static_cast<std::size_t>(c)]) cell_sets.unite(c, c2);
      std::vector<Index>().swap(links[static_cast<std::size_t>(c)]);
    }
  }

  // 3. Number the components in scikit-learn's order, via the rows' original indices.
  is_core.assign(static_cast<std::size_t>(n), 0);
  std::vector<Index> cell_of(static_cast<std::size_t>(n));
  for (Index c = 0; c < cells; ++c) {
    for (Index p = g.start[static_cast<std::size_t>(c)];
         p < g.start[static_cast<std::size_t>(c + 1)]; ++p) {
      const Index i = g.order[static_cast<std::size_t>(p)];
      is_core[static_cast<std::size_t>(i)] = core_pos[static_cast<std::size_t>(p)];
      cell_of[static_cast<std::size_t>(i)] = c;
    }
  }
  std::vector<int> comp_label(static_cast<std::size_t>(cells), -1);
  labels.assign(static_cast<std::size_t>(n), -1);
  int next = 0;
  for (Index i = 0; i < n; ++i) {
    if (!is_core[static_cast<std::size_t>(i)]) continue;
    const Index root = cell_sets.find(cell_of[static_cast<std::size_t>(i)]);
    auto& cl = comp_label[static_cast<std::size_t>(root)];
    if (cl < 0) cl = next++;
    labels[static_cast<std::size_t>(i)] = cl;
  }

  // 4. Border rows take the lowest cluster number among the core rows within eps.
  std::vector<int> cell_label(static_cast<std::size_t>(cells), -1);
  for (Index c = 0; c < cells; ++c) {
    if (first_core[static_cast<std::size_t>(c)] >= 0) {
      cell_label[static_cast<std::size_t>(c)] =
          comp_label[static_cast<std::size_t>(cell_sets.find(c))];
    }
  }
  parallel_for_dynamic(ctx, cells, [&](Index c) {
    std::vector<Index> around;
    for (Index p = g.start[static_cast<std::size_t>(c)];
         p < g.start[static_cast<std::size_t>(c + 1)]; ++p) {
      if (core_pos[static_cast<std::size_t>(p)]) continue;
      if (around.empty()) around = neighbours_of(c);
      int best = std::numeric_limits<int>::max();
      for (Index c2 : around) {
        const int l = cell_label[static_cast<std::size_t>(c2)];
        if (l < 0 || l >= best) continue;
        if (c2 == c) {
          best = l;  // every row of the own cell is within eps
          continue;
        }
        for (Index q = first_core[static_cast<std::size_t>(c2)];
             q < g.start[static_cast<std::size_t>(c2 + 1)]; ++q) {
          if (core_pos[static_cast<std::size_t>(q)] &&
              exact_sq_distance(pos_row(p), pos_row(q), d) <= eps2) {
            best = l;
            break;
          }
        }
      }
      if (best != std::numeric_limits<int>::max()) {
        labels[static_cast<std::size_t>(g.order[static_cast<std::size_t>(p)])] = best;
      }
    }
  });
  return true;
}

void index_dbscan(MatrixView x, double eps, Index min_samples, std::string_view algorithm,
                  int leaf_size, const Context& ctx, std::vector<char>& is_core,
                  std::vector<int>& labels) {
  const Index n = x.rows();
  std::unique_ptr<KnnIndex> index;
  if (algorithm == "kd_tree") {
    index = std::make_unique<KdTreeIndex>(leaf_size);
  } else {
    index = make_knn_index(algorithm, n, x.cols());
  }
  index->build(x, ctx);
  // Neighbourhoods are computed one block of rows at a time, so that memory stays bounded
  // (a block of 256 rows with 5,000 neighbours each holds ~20 MB).
  constexpr Index kBlock = 256;
  const Index blocks = block_count(n, kBlock);
  is_core.assign(static_cast<std::size_t>(n), 0);
  for (Index b = 0; b < blocks; ++b) {
    const auto [begin, end] = block_range(n, kBlock, b);
    const RadiusResult nb = index->radius(x.rows_range(begin, end), eps, ctx);
    for (Index r = 0; r < end - begin; ++r) {
      is_core[static_cast<std::size_t>(begin + r)] = nb.count(r) >= min_samples ? 1 : 0;
    }
  }
  DisjointSets sets(n);
  std::vector<Index> border;
  for (Index b = 0; b < blocks; ++b) {
    const auto [begin, end] = block_range(n, kBlock, b);
    const RadiusResult nb = index->radius(x.rows_range(begin, end), eps, ctx);
    for (Index r = 0; r < end - begin; ++r) {
      const Index i = begin + r;
      if (!is_core[static_cast<std::size_t>(i)]) continue;
      for (Index t = nb.offsets[static_cast<std::size_t>(r)];
           t < nb.offsets[static_cast<std::size_t>(r + 1)]; ++t) {
        const Index j = nb.indices[static_cast<std::size_t>(t)];
        if (is_core[static_cast<std::size_t>(j)]) sets.unite(i, j);
      }
    }
  }
  labels = number_components(is_core, sets);
  for (Index i = 0; i < n; ++i) {
    if (!is_core[static_cast<std::size_t>(i)]) border.push_back(i);
  }
  for (std::size_t b = 0; b < border.size(); b += kBlock) {
    const std::size_t e = std::min(border.size(), b + kBlock);
    Matrix rows = take_rows(x, std::span<const Index>(border.data() + b, e - b));
    const RadiusResult nb = index->radius(rows, eps, ctx);
    for (std::size_t r = 0; r < e - b; ++r) {
      int best = -1;
      for (Index t = nb.offsets[r]; t < nb.offsets[r + 1]; ++t) {
        const Index j = nb.indices[static_cast<std::size_t>(t)];
        const int l =
            is_core[static_cast<std::size_t>(j)] ? labels[static_cast<std::size_t>(j)] : -1;
        if (l >= 0 && (best < 0 || l < best)) best = l;
      }
      labels[static_cast<std::size_t>(border[b + r])] = best;
    }
  }
}

}  // namespace dbscan_detail

void DBSCAN::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const double eps = p_double("eps");
  const Index min_samples = p_int("min_samples");
  std::string algorithm = p_string("algorithm");
  std::vector<char> is_core;
  std::vector<int> labels;
  bool done = false;
  if (algorithm == "grid" || (algorithm == "auto" && x.cols() <= 2)) {
    done = dbscan_detail::grid_dbscan(x, eps, min_samples, ctx, is_core, labels);
    if (done) algorithm = "grid";
  }
  if (!done) {
    if (algorithm == "grid" || algorithm == "auto")
      algorithm = x.cols() <= 16 ? "kd_tree" : "brute";
    dbscan_detail::index_dbscan(x, eps, min_samples, algorithm,
                                static_cast<int>(p_int("leaf_size")), ctx, is_core, labels);
  }
  core_indices_.clear();
  for (Index i = 0; i < x.rows(); ++i) {
    if (is_core[static_cast<std::size_t>(i)]) core_indices_.push_back(i);
  }
  n_clusters_ =
      labels.empty() ? 0 : std::max(0, *std::max_element(labels.begin(), labels.end()) + 1);
  labels_ = std::move(labels);
  algorithm_used_ = algorithm;
  set_fitted(true);
}

const std::vector<Index>& DBSCAN::core_sample_indices() const {
  require_fitted("core_sample_indices");
  return core_indices_;
}

int DBSCAN::n_clusters() const {
  require_fitted("n_clusters");
  return n_clusters_;
}

}  // namespace metaul
