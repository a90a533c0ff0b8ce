#include "metaul/learn/hdbscan.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/knn_index.h"

namespace metaul {

const ParamTable& HDBSCAN::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("min_cluster_size", 5, "smallest group of rows that counts as a cluster")
          .at_least(2),
      ParamSpec::integer("min_samples", 5,
                         "k of the core distance (k-th nearest row, itself counted); "
                         "none = min_cluster_size")
          .at_least(1)
          .allow_none(true),
      ParamSpec::real("cluster_selection_epsilon", 0.0,
                      "clusters born below this distance are merged into their parent")
          .at_least(0),
      ParamSpec::choice("cluster_selection_method", "eom", {"eom", "leaf"},
                        "flat clusters: excess of mass, or the leaves of the condensed tree"),
      ParamSpec::boolean("allow_single_cluster", false,
                         "let the root (all rows) be selected as the only cluster"),
      ParamSpec::real("alpha", 1.0, "distance scaling of the mutual reachability (robust SL)")
          .greater_than(0),
      ParamSpec::choice("metric", "euclidean", {"euclidean"}, "distance between rows"),
      ParamSpec::choice("algorithm", "auto", {"auto", "brute", "kd_tree"},
                        "neighbour search for the core distances"),
  };
  return table;
}

namespace hdbscan_detail {

std::vector<Merge> mutual_reachability_mst(MatrixView x, const std::vector<double>& core,
                                           double alpha, const Context& ctx, Index parallel_rows) {
  const Index n = x.rows(), d = x.cols();
  std::vector<Merge> edges;
  if (n < 2) return edges;
  edges.reserve(static_cast<std::size_t>(n - 1));
  // Rows not yet in the tree, kept compact (swap-remove); key = best distance to the tree.
  std::vector<Index> remaining(static_cast<std::size_t>(n - 1));
  std::iota(remaining.begin(), remaining.end(), Index{1});
  std::vector<Index> position(static_cast<std::size_t>(n));
  for (Index p = 0; p < n - 1; ++p) position[static_cast<std::size_t>(p + 1)] = p;
  std::vector<double> key(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<Index> source(static_cast<std::size_t>(n), 0);
  // The scan of one step is split into a fixed number of chunks; the minimum (key, index) is
  // the same whatever the number of threads.
  constexpr Index kChunks = 64;
  std::vector<std::pair<double, Index>> chunk_best(kChunks);
  // A parallel region per step only pays off when the step scans many rows.
  Context serial = ctx;
  serial.threads = 1;
  Index current = 0;
  for (Index step = 0; step < n - 1; ++step) {
    const Index m = static_cast<Index>(remaining.size());
    const float* cur = x.row(current);
    const double core_cur = core[static_cast<std::size_t>(current)];
    const Index chunk = (m + kChunks - 1) / kChunks;
    parallel_for(m >= parallel_rows ? ctx : serial, kChunks, [&](Index c) {
      std::pair<double, Index> best{std::numeric_limits<double>::infinity(), n};
      const Index begin = c * chunk, end = std::min(m, begin + chunk);
      for (Index p = begin; p < end; ++p) {
        const Index j = remaining[static_cast<std::size_t>(p)];
        const double dist = std::sqrt(exact_sq_distance(cur, x.row(j), d)) / alpha;
        const double mr = std::max(dist, std::max(core_cur, core[static_cast<std::size_t>(j)]));
        auto& kj = key[static_cast<std::size_t>(j)];
        if (mr < kj) {
          kj = mr;
          source[static_cast<std::size_t>(j)] = current;
        }
        if (std::make_pair(kj, j) < best) best = {kj, j};
      }
      chunk_best[static_cast<std::size_t>(c)] = best;
    });
    std::pair<double, Index> best{std::numeric_limits<double>::infinity(), n};
    for (const auto& b : chunk_best) best = std::min(best, b);
    const Index next = best.second;
    edges.push_back({source[static_cast<std::size_t>(next)], next, best.first, 0});
    const Index pos = position[static_cast<std::size_t>(next)];
    const Index last = remaining.back();
    remaining[static_cast<std::size_t>(pos)] = last;
    position[static_cast<std::size_t>(last)] = pos;
    remaining.pop_back();
    current = next;
  }
  return edges;
}

std::vector<Merge> single_linkage(std::vector<Merge> mst, Index n) {
  std::stable_sort(mst.begin(), mst.end(),
                   [](const Merge& a, const Merge& b) { return a.distance < b.distance; });
  std::vector<Index> parent(static_cast<std::size_t>(std::max<Index>(2 * n - 1, 1)));
  std::iota(parent.begin(), parent.end(), Index{0});
  std::vector<Index> size(parent.size(), 1);
  auto find = [&](Index a) {
    while (parent[static_cast<std::size_t>(a)] != a) {
      auto& p = parent[static_cast<std::size_t>(a)];
      p = parent[static_cast<std::size_t>(p)];
      a = p;
    }
    return a;
  };
  std::vector<Merge> tree;
  tree.reserve(mst.size());
  Index node = n;
  for (const Merge& e : mst) {
    const Index a = find(e.left), b = find(e.right);
    const Index s = size[static_cast<std::size_t>(a)] + size[static_cast<std::size_t>(b)];
    tree.push_back({a, b, e.distance, s});
    size[static_cast<std::size_t>(node)] = s;
    parent[static_cast<std::size_t>(a)] = node;
    parent[static_cast<std::size_t>(b)] = node;
    ++node;
  }
  return tree;
}

std::vector<CondensedEdge> condense(const std::vector<Merge>& tree, Index n,
                                    Index min_cluster_size) {
  std::vector<CondensedEdge> rows;
  if (n < 2) return rows;
  const Index root = 2 * n - 2;
  auto merge_of = [&](Index v) -> const Merge& { return tree[static_cast<std::size_t>(v - n)]; };
  auto count = [&](Index v) { return v < n ? Index{1} : merge_of(v).size; };
  // Breadth-first order of the single-linkage tree (children left, right).
  auto bfs = [&](Index start, auto&& visit) {
    std::deque<Index> queue{start};
    while (!queue.empty()) {
      const Index v = queue.front();
      queue.pop_front();
      visit(v);
      if (v >= n) {
        queue.push_back(merge_of(v).left);
        queue.push_back(merge_of(v).right);
      }
    }
  };
  std::vector<Index> order;
  order.reserve(static_cast<std::size_t>(2 * n - 1));
  bfs(root, [&](Index v) { order.push_back(v); });
  std::vector<Index> relabel(static_cast<std::size_t>(2 * n - 1), -1);
  std::vector<char> ignore(static_cast<std::size_t>(2 * n - 1), 0);
  relabel[static_cast<std::size_t>(root)] = n;
  Index next_label = n + 1;
  auto dissolve = [&](Index parent_label, Index side, double lambda) {
    bfs(side, [&](Index v) {
      if (v < n) rows.push_back({parent_label, v, lambda, 1});
      ignore[static_cast<std::size_t>(v)] = 1;
    });
  };
  for (Index node : order) {
    if (node < n || ignore[static_cast<std::size_t>(node)]) continue;
    const Merge& m = merge_of(node);
    const double lambda =
        m.distance > 0 ? 1.0 / m.distance : std::numeric_limits<double>::infinity();
    const Index lc = count(m.left), rc = count(m.right);
    const Index me = relabel[static_cast<std::size_t>(node)];
    if (lc >= min_cluster_size && rc >= min_cluster_size) {
      relabel[static_cast<std::size_t>(m.left)] = next_label;
      rows.push_back({me, next_label++, lambda, lc});
      relabel[static_cast<std::size_t>(m.right)] = next_label;
      rows.push_back({me, next_label++, lambda, rc});
    } else if (lc < min_cluster_size && rc < min_cluster_size) {
      dissolve(me, m.left, lambda);
      dissolve(me, m.right, lambda);
    } else if (lc < min_cluster_size) {
      relabel[static_cast<std::size_t>(m.right)] = me;
      dissolve(me, m.left, lambda);
    } else {
      relabel[static_cast<std::size_t>(m.left)] = me;
      dissolve(me, m.right, lambda);
    }
  }
  return rows;
}

void extract_clusters(const std::vector<CondensedEdge>& condensed, Index n, bool leaf,
                      bool allow_single_cluster, double epsilon, std::vector<int>& labels,
                      std::vector<double>& probabilities) {
  labels.assign(static_cast<std::size_t>(n), -1);
  probabilities.assign(static_cast<std::size_t>(n), 0.0);
  if (condensed.empty()) return;
  Index max_id = n;
  for (const auto& r : condensed) max_id = std::max({max_id, r.parent, r.child});
  const Index m = max_id - n + 1;  // cluster nodes n .. max_id
  auto ci = [&](Index c) { return static_cast<std::size_t>(c - n); };
  std::vector<double> birth(static_cast<std::size_t>(m), 0.0),
      death(static_cast<std::size_t>(m), 0.0), stability(static_cast<std::size_t>(m), 0.0);
  std::vector<Index> cluster_parent(static_cast<std::size_t>(m), -1);
  std::vector<std::vector<Index>> children(static_cast<std::size_t>(m));
  std::vector<Index> point_parent(static_cast<std::size_t>(n), -1);
  std::vector<double> point_lambda(static_cast<std::size_t>(n), 0.0);
  for (const auto& r : condensed) {
    death[ci(r.parent)] = std::max(death[ci(r.parent)], r.lambda);
    if (r.child_size > 1) {
      birth[ci(r.child)] = r.lambda;
      cluster_parent[ci(r.child)] = r.parent;
      children[ci(r.parent)].push_back(r.child);
    } else {
      point_parent[static_cast<std::size_t>(r.child)] = r.parent;
      point_lambda[static_cast<std::size_t>(r.child)] = r.lambda;
    }
  }
  for (const auto& r : condensed) {
    stability[ci(r.parent)] += (r.lambda - birth[ci(r.parent)]) * static_cast<double>(r.child_size);
  }
  const Index root = n;
  auto eps_of = [&](Index c) { return 1.0 / birth[ci(c)]; };
  auto traverse_up = [&](Index leaf_node) {
    Index node = leaf_node;
    while (true) {
      const Index parent = cluster_parent[ci(node)];
      if (parent == root) return allow_single_cluster ? parent : node;
      if (eps_of(parent) > epsilon) return parent;
      node = parent;
    }
  };
  auto epsilon_search = [&](const std::vector<char>& from) {
    std::vector<char> out(static_cast<std::size_t>(m), 0);
    for (Index c = n; c <= max_id; ++c) {
      if (!from[ci(c)]) continue;
      out[ci(eps_of(c) < epsilon ? traverse_up(c) : c)] = 1;
    }
    return out;
  };
  bool has_cluster_tree = false;
  for (const auto& ch : children) has_cluster_tree = has_cluster_tree || !ch.empty();

  std::vector<char> selected(static_cast<std::size_t>(m), 0);
  if (!leaf) {
    std::vector<char> candidate(static_cast<std::size_t>(m), 0);
    for (Index c = n; c <= max_id; ++c) candidate[ci(c)] = (c != root || allow_single_cluster);
    selected = candidate;
    // Cluster ids grow from parents to children, so a reverse scan is bottom-up.
    for (Index c = max_id; c >= n; --c) {
      if (!candidate[ci(c)]) continue;
      double sub = 0.0;
      for (Index ch : children[ci(c)]) sub += stability[ci(ch)];
      if (sub > stability[ci(c)]) {
        selected[ci(c)] = 0;
        stability[ci(c)] = sub;
      } else {
        std::vector<Index> stack(children[ci(c)]);
        while (!stack.empty()) {
          const Index v = stack.back();
          stack.pop_back();
          selected[ci(v)] = 0;
          stack.insert(stack.end(), children[ci(v)].begin(), children[ci(v)].end());
        }
      }
    }
    if (epsilon != 0.0 && has_cluster_tree) {
      Index count = 0;
      for (char s : selected) count += s;
      if (count == 1 && selected[ci(root)]) {
        if (!allow_single_cluster) selected.assign(static_cast<std::size_t>(m), 0);
      } else {
        selected = epsilon_search(selected);
      }
    }
  } else {
    for (Index c = n + 1; c <= max_id; ++c) selected[ci(c)] = children[ci(c)].empty();
    if (epsilon != 0.0) selected = epsilon_search(selected);
  }

  std::vector<int> cluster_label(static_cast<std::size_t>(m), -1);
  int k = 0;
  for (Index c = n; c <= max_id; ++c) {
    if (selected[ci(c)]) cluster_label[ci(c)] = k++;
  }
  // Nearest selected ancestor (or self) of every cluster node; parents precede children.
  std::vector<Index> owner(static_cast<std::size_t>(m), -1);
  for (Index c = n; c <= max_id; ++c) {
    if (selected[ci(c)]) {
      owner[ci(c)] = c;
    } else if (c != root && cluster_parent[ci(c)] >= 0) {
      owner[ci(c)] = owner[ci(cluster_parent[ci(c)])];
    }
  }
  double root_children_max = 0.0;
  for (const auto& r : condensed) {
    if (r.parent == root) root_children_max = std::max(root_children_max, r.lambda);
  }
  for (Index i = 0; i < n; ++i) {
    const Index parent = point_parent[static_cast<std::size_t>(i)];
    if (parent < 0) continue;
    const Index node = owner[ci(parent)];
    if (node < 0) continue;
    const double lambda = point_lambda[static_cast<std::size_t>(i)];
    if (node == root) {
      if (!(k == 1 && allow_single_cluster)) continue;
      const double threshold = epsilon != 0.0 ? 1.0 / epsilon : root_children_max;
      if (!(lambda >= threshold)) continue;
    }
    labels[static_cast<std::size_t>(i)] = cluster_label[ci(node)];
    const double max_lambda = death[ci(node)];
    probabilities[static_cast<std::size_t>(i)] = (max_lambda == 0.0 || !std::isfinite(lambda))
                                                     ? 1.0
                                                     : std::min(lambda, max_lambda) / max_lambda;
  }
}

}  // namespace hdbscan_detail

void HDBSCAN::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows();
  const Index min_cluster_size = p_int("min_cluster_size");
  const Index min_samples = p_none("min_samples") ? min_cluster_size : p_int("min_samples");
  if (min_samples > n) {
    throw InvalidInput(fmt::format("{}: min_samples ({}) > n_samples ({})", op, min_samples, n));
  }
  // Core distances: distance to the min_samples-th nearest row, the row itself counted.
  std::vector<double> core(static_cast<std::size_t>(n), 0.0);
  {
    auto index = make_knn_index(p_string("algorithm"), n, x.cols());
    index->build(x, ctx);
    constexpr Index kBlock = 4096;
    for (Index b = 0; b < block_count(n, kBlock); ++b) {
      const auto [begin, end] = block_range(n, kBlock, b);
      const KnnResult nb = index->query(x.rows_range(begin, end), min_samples, ctx);
      for (Index r = 0; r < end - begin; ++r) {
        core[static_cast<std::size_t>(begin + r)] = nb.distance(r, min_samples - 1);
      }
    }
  }
  auto mst = hdbscan_detail::mutual_reachability_mst(x, core, p_double("alpha"), ctx);
  const auto tree = hdbscan_detail::single_linkage(std::move(mst), n);
  condensed_ = hdbscan_detail::condense(tree, n, min_cluster_size);
  std::vector<int> labels;
  hdbscan_detail::extract_clusters(condensed_, n, p_string("cluster_selection_method") == "leaf",
                                   p_bool("allow_single_cluster"),
                                   p_double("cluster_selection_epsilon"), labels, probabilities_);
  n_clusters_ =
      labels.empty() ? 0 : std::max(0, *std::max_element(labels.begin(), labels.end()) + 1);
  labels_ = std::move(labels);
  set_fitted(true);
}

const std::vector<double>& HDBSCAN::probabilities() const {
  require_fitted("probabilities");
  return probabilities_;
}

const std::vector<CondensedEdge>& HDBSCAN::condensed_tree() const {
  require_fitted("condensed_tree");
  return condensed_;
}

int HDBSCAN::n_clusters() const {
  require_fitted("n_clusters");
  return n_clusters_;
}

}  // namespace metaul
