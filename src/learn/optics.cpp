#include "metaul/learn/optics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <tuple>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

const ParamTable& OPTICS::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("min_samples", 5,
                         "rows within the core distance (itself counted) that make a core row")
          .at_least(2),
      ParamSpec::real("max_eps", std::numeric_limits<double>::infinity(),
                      "largest neighbourhood radius searched (inf = all rows)")
          .greater_than(0),
      ParamSpec::choice("metric", "euclidean", {"euclidean"}, "distance between rows"),
      ParamSpec::choice("cluster_method", "xi", {"xi", "dbscan"},
                        "extraction: steep areas (xi) or a DBSCAN cut at eps"),
      ParamSpec::real("eps", 0.5, "radius of the dbscan extraction; none = max_eps")
          .greater_than(0)
          .allow_none(true),
      ParamSpec::real("xi", 0.05, "minimum relative steepness of a cluster boundary")
          .greater_than(0)
          .less_than(1),
      ParamSpec::boolean("predecessor_correction", true,
                         "correct xi clusters with the OPTICS predecessors"),
      ParamSpec::integer("min_cluster_size", 5, "smallest xi cluster; none = min_samples")
          .at_least(2)
          .allow_none(true),
      ParamSpec::choice("algorithm", "auto", {"auto", "brute", "kd_tree"}, "neighbour search"),
  };
  return table;
}

namespace {

// numpy.around(x, 15): scale, round half to even, unscale.
double round15(double x) { return std::nearbyint(x * 1e15) / 1e15; }

}  // namespace

namespace optics_detail {

std::vector<int> extract_dbscan(const std::vector<double>& reachability,
                                const std::vector<double>& core_distances,
                                const std::vector<Index>& ordering, double eps) {
  const std::size_t n = core_distances.size();
  std::vector<int> labels(n, 0);
  int running = 0;
  for (Index point : ordering) {
    const auto p = static_cast<std::size_t>(point);
    if (reachability[p] > eps && core_distances[p] <= eps) ++running;
    labels[p] = running - 1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (reachability[i] > eps && !(core_distances[i] <= eps)) labels[i] = -1;
  }
  return labels;
}

std::vector<std::pair<Index, Index>> xi_clusters(const std::vector<double>& reachability,
                                                 const std::vector<Index>& predecessor,
                                                 const std::vector<Index>& ordering, double xi,
                                                 Index min_samples, Index min_cluster_size,
                                                 bool predecessor_correction) {
  const Index n = static_cast<Index>(ordering.size());
  // The reachability plot with an infinite sentinel at the end (closes a last cluster).
  std::vector<double> rp(static_cast<std::size_t>(n + 1));
  std::vector<Index> pp(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    rp[static_cast<std::size_t>(i)] =
        reachability[static_cast<std::size_t>(ordering[static_cast<std::size_t>(i)])];
    pp[static_cast<std::size_t>(i)] =
        predecessor[static_cast<std::size_t>(ordering[static_cast<std::size_t>(i)])];
  }
  rp[static_cast<std::size_t>(n)] = std::numeric_limits<double>::infinity();
  auto at = [&](Index i) { return rp[static_cast<std::size_t>(i)]; };
  const double xi_c = 1 - xi;
  std::vector<char> steep_up(static_cast<std::size_t>(n)), steep_down(static_cast<std::size_t>(n)),
      down(static_cast<std::size_t>(n)), up(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    const double ratio = at(i) / at(i + 1);  // NaN for inf/inf: every test below is false
    steep_up[static_cast<std::size_t>(i)] = ratio <= xi_c;
    steep_down[static_cast<std::size_t>(i)] = ratio >= 1 / xi_c;
    down[static_cast<std::size_t>(i)] = ratio > 1;
    up[static_cast<std::size_t>(i)] = ratio < 1;
  }
  auto extend_region = [&](const std::vector<char>& steep, const std::vector<char>& xward,
                           Index start) {
    Index non_xward = 0, end = start;
    for (Index index = start; index < n; ++index) {
      if (steep[static_cast<std::size_t>(index)]) {
        non_xward = 0;
        end = index;
      } else if (!xward[static_cast<std::size_t>(index)]) {
        if (++non_xward > min_samples) break;
      } else {
        return end;
      }
    }
    return end;
  };
  struct Area {
    Index start, end;
    double mib;
  };
  std::vector<Area> sdas;
  auto update_filter = [&](double mib) {
    if (std::isinf(mib)) {
      sdas.clear();
      return;
    }
    std::vector<Area> kept;
    for (Area a : sdas) {
      if (mib <= at(a.start) * xi_c) {
        a.mib = std::max(a.mib, mib);
        kept.push_back(a);
      }
    }
    sdas = std::move(kept);
  };
  // Python indexing of the ordering by a predecessor id (−1 is the last entry), as in
  // scikit-learn's _correct_predecessor.
  auto correct = [&](Index s, Index e) -> std::pair<Index, Index> {
    while (s < e) {
      if (at(s) > at(e)) return {s, e};
      Index pe_idx = pp[static_cast<std::size_t>(e)];
      if (pe_idx < 0) pe_idx += n;
      const Index p_e = ordering[static_cast<std::size_t>(pe_idx)];
      for (Index i = s; i < e; ++i) {
        if (p_e == ordering[static_cast<std::size_t>(i)]) return {s, e};
      }
      --e;
    }
    return {-1, -1};
  };

  std::vector<std::pair<Index, Index>> clusters;
  Index index = 0;
  double mib = 0.0;
  for (Index steep = 0; steep < n; ++steep) {
    if (!steep_up[static_cast<std::size_t>(steep)] &&
        !steep_down[static_cast<std::size_t>(steep)]) {
      continue;
    }
    if (steep < index) continue;
    double region_max = at(index);
    for (Index i = index + 1; i <= steep; ++i) region_max = std::max(region_max, at(i));
    mib = std::max(mib, region_max);
    if (steep_down[static_cast<std::size_t>(steep)]) {
      update_filter(mib);
      const Index d_end = extend_region(steep_down, up, steep);
      sdas.push_back({steep, d_end, 0.0});
      index = d_end + 1;
      mib = at(index);
      continue;
    }
    update_filter(mib);
    const Index u_start = steep;
    const Index u_end = extend_region(steep_up, down, u_start);
    index = u_end + 1;
    mib = at(index);
    std::vector<std::pair<Index, Index>> found;
    for (const Area& d : sdas) {
      Index c_start = d.start, c_end = u_end;
      if (at(c_end + 1) * xi_c < d.mib) continue;
      const double d_max = at(d.start);
      if (d_max * xi_c >= at(c_end + 1)) {
        while (at(c_start + 1) > at(c_end + 1) && c_start < d.end) ++c_start;
      } else if (at(c_end + 1) * xi_c >= d_max) {
        while (c_end > u_start && at(c_end - 1) > d_max) --c_end;
      }
      if (predecessor_correction) {
        std::tie(c_start, c_end) = correct(c_start, c_end);
        if (c_start < 0) continue;
      }
      if (c_end - c_start + 1 < min_cluster_size) continue;
      if (c_start > d.end) continue;
      if (c_end < u_start) continue;
      found.emplace_back(c_start, c_end);
    }
    clusters.insert(clusters.end(), found.rbegin(), found.rend());
  }
  return clusters;
}

std::vector<int> xi_labels(const std::vector<Index>& ordering,
                           const std::vector<std::pair<Index, Index>>& clusters) {
  const std::size_t n = ordering.size();
  std::vector<int> by_position(n, -1);
  int label = 0;
  for (const auto& [s, e] : clusters) {
    bool free = true;
    for (Index i = s; i <= e && free; ++i) free = by_position[static_cast<std::size_t>(i)] == -1;
    if (!free) continue;
    for (Index i = s; i <= e; ++i) by_position[static_cast<std::size_t>(i)] = label;
    ++label;
  }
  std::vector<int> labels(n, -1);
  for (std::size_t i = 0; i < n; ++i)
    labels[static_cast<std::size_t>(ordering[i])] = by_position[i];
  return labels;
}

}  // namespace optics_detail

void OPTICS::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  const Index min_samples = p_int("min_samples");
  const Index min_cluster_size =
      p_none("min_cluster_size") ? min_samples : p_int("min_cluster_size");
  const double max_eps = p_double("max_eps");
  const bool use_xi = p_string("cluster_method") == "xi";
  const double eps = p_none("eps") ? max_eps : p_double("eps");
  if (min_samples > n) {
    throw InvalidInput(fmt::format("{}: min_samples ({}) > n_samples ({})", op, min_samples, n));
  }
  if (use_xi && min_cluster_size > n) {
    throw InvalidInput(
        fmt::format("{}: min_cluster_size ({}) > n_samples ({})", op, min_cluster_size, n));
  }
  if (!use_xi && eps > max_eps) {
    throw InvalidParameter(fmt::format("{}: eps ({}) > max_eps ({})", op, eps, max_eps));
  }
  const double inf = std::numeric_limits<double>::infinity();
  auto index = make_knn_index(p_string("algorithm"), n, d);
  index->build(x, ctx);
  core_distances_.assign(static_cast<std::size_t>(n), inf);
  constexpr Index kBlock = 4096;
  for (Index b = 0; b < block_count(n, kBlock); ++b) {
    const auto [begin, end] = block_range(n, kBlock, b);
    const KnnResult nb = index->query(x.rows_range(begin, end), min_samples, ctx);
    for (Index r = 0; r < end - begin; ++r) {
      const double c = nb.distance(r, min_samples - 1);
      core_distances_[static_cast<std::size_t>(begin + r)] = c > max_eps ? inf : round15(c);
    }
  }
  reachability_.assign(static_cast<std::size_t>(n), inf);
  predecessor_.assign(static_cast<std::size_t>(n), -1);
  ordering_.assign(static_cast<std::size_t>(n), 0);
  std::vector<char> processed(static_cast<std::size_t>(n), 0);
  // Candidates (reachability, index) in a min-heap with lazy deletion: its top is the
  // unprocessed row of smallest reachability, lowest index among ties. When no unprocessed row
  // has a finite reachability, the lowest unprocessed index comes next.
  using Entry = std::pair<double, Index>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  Index scan = 0;
  Context one = ctx;
  one.threads = 1;
  for (Index step = 0; step < n; ++step) {
    while (!heap.empty() &&
           (processed[static_cast<std::size_t>(heap.top().second)] ||
            heap.top().first != reachability_[static_cast<std::size_t>(heap.top().second)])) {
      heap.pop();
    }
    Index point;
    if (!heap.empty()) {
      point = heap.top().second;
      heap.pop();
    } else {
      while (processed[static_cast<std::size_t>(scan)]) ++scan;
      point = scan;
    }
    processed[static_cast<std::size_t>(point)] = 1;
    ordering_[static_cast<std::size_t>(step)] = point;
    const double core = core_distances_[static_cast<std::size_t>(point)];
    if (std::isinf(core)) continue;
    auto relax = [&](Index j, double dist) {
      if (processed[static_cast<std::size_t>(j)]) return;
      const double rdist = round15(std::max(dist, core));
      if (rdist < reachability_[static_cast<std::size_t>(j)]) {
        reachability_[static_cast<std::size_t>(j)] = rdist;
        predecessor_[static_cast<std::size_t>(j)] = point;
        heap.emplace(rdist, j);
      }
    };
    if (std::isinf(max_eps)) {
      for (Index j = 0; j < n; ++j) {
        if (!processed[static_cast<std::size_t>(j)]) {
          relax(j, std::sqrt(exact_sq_distance(x.row(point), x.row(j), d)));
        }
      }
    } else {
      const RadiusResult nb = index->radius(x.rows_range(point, point + 1), max_eps, one);
      for (Index t = 0; t < nb.count(0); ++t) {
        relax(nb.indices[static_cast<std::size_t>(t)], nb.distances[static_cast<std::size_t>(t)]);
      }
    }
  }
  hierarchy_.clear();
  if (use_xi) {
    hierarchy_ =
        optics_detail::xi_clusters(reachability_, predecessor_, ordering_, p_double("xi"),
                                   min_samples, min_cluster_size, p_bool("predecessor_correction"));
    labels_ = optics_detail::xi_labels(ordering_, hierarchy_);
  } else {
    labels_ = optics_detail::extract_dbscan(reachability_, core_distances_, ordering_, eps);
  }
  set_fitted(true);
}

const std::vector<Index>& OPTICS::ordering() const {
  require_fitted("ordering");
  return ordering_;
}
const std::vector<double>& OPTICS::reachability() const {
  require_fitted("reachability");
  return reachability_;
}
const std::vector<double>& OPTICS::core_distances() const {
  require_fitted("core_distances");
  return core_distances_;
}
const std::vector<Index>& OPTICS::predecessor() const {
  require_fitted("predecessor");
  return predecessor_;
}
const std::vector<std::pair<Index, Index>>& OPTICS::cluster_hierarchy() const {
  require_fitted("cluster_hierarchy");
  return hierarchy_;
}

}  // namespace metaul
