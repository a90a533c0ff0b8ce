#include "metaul/learn/iforest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& IsolationForest::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_estimators", 100, "number of isolation trees").at_least(1),
      ParamSpec::integer("max_samples", 256,
                         "rows per tree, capped at n (256 = scikit-learn's 'auto')")
          .at_least(1),
      ParamSpec::real("max_features", 1.0, "fraction of the features each tree sees")
          .greater_than(0)
          .at_most(1),
      ParamSpec::boolean("bootstrap", false, "draw each tree's rows with replacement"),
      ParamSpec::contamination(),
      ParamSpec::seed(),
  };
  return table;
}

double IsolationForest::average_path_length(double m) {
  if (m <= 1) return 0.0;
  if (m <= 2) return 1.0;
  return 2.0 * (std::log(m - 1.0) + std::numbers::egamma) - 2.0 * (m - 1.0) / m;
}

namespace {

// scikit-learn's FEATURE_THRESHOLD: a feature whose range in a node is at most this is constant.
constexpr double kFeatureThreshold = 1e-7;
constexpr Index kScoreBlock = 512;

// The largest float <= t: for a float x, (x > result) is the same test as (x > t) in double.
float float_at_most(double t) {
  float f = static_cast<float>(t);
  if (static_cast<double>(f) > t) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}

IsolationForest::Tree grow_tree(MatrixView x, std::vector<Index> rows,
                                std::vector<std::int32_t> features, int max_depth, Rng& rng) {
  IsolationForest::Tree tree;
  struct Item {
    std::int32_t node;
    std::size_t begin, end;
    int depth;
  };
  tree.feature.push_back(-1);
  tree.left.push_back(-1);
  tree.value.push_back(0);
  std::vector<Item> stack{{0, 0, rows.size(), 0}};
  std::vector<std::int32_t> candidates;
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    const std::size_t m = it.end - it.begin;
    auto make_leaf = [&] {
      tree.feature[static_cast<std::size_t>(it.node)] = -1;
      tree.value[static_cast<std::size_t>(it.node)] =
          it.depth + IsolationForest::average_path_length(static_cast<double>(m));
    };
    if (m <= 1 || it.depth >= max_depth) {
      make_leaf();
      continue;
    }
    // Draw features uniformly among those not constant in the node.
    candidates = features;
    int chosen = -1;
    double lo = 0, hi = 0;
    while (!candidates.empty()) {
      const std::size_t k = rng.below(candidates.size());
      const std::int32_t f = candidates[k];
      float mn = std::numeric_limits<float>::infinity(), mx = -mn;
      for (std::size_t r = it.begin; r < it.end; ++r) {
        const float v = x(rows[r], f);
        mn = std::min(mn, v);
        mx = std::max(mx, v);
      }
      if (static_cast<double>(mx) <= static_cast<double>(mn) + kFeatureThreshold) {
        candidates[k] = candidates.back();
        candidates.pop_back();
        continue;
      }
      chosen = f;
      lo = mn;
      hi = mx;
      break;
    }
    if (chosen < 0) {
      make_leaf();
      continue;
    }
    double t = rng.uniform(lo, hi);
    if (t >= hi) t = lo;
    const auto mid =
        std::partition(rows.begin() + static_cast<std::ptrdiff_t>(it.begin),
                       rows.begin() + static_cast<std::ptrdiff_t>(it.end),
                       [&](Index r) { return static_cast<double>(x(r, chosen)) <= t; });
    const std::size_t split = static_cast<std::size_t>(mid - rows.begin());
    const auto child = static_cast<std::int32_t>(tree.feature.size());
    tree.feature[static_cast<std::size_t>(it.node)] = chosen;
    tree.left[static_cast<std::size_t>(it.node)] = child;
    tree.value[static_cast<std::size_t>(it.node)] = t;
    for (int c = 0; c < 2; ++c) {
      tree.feature.push_back(-1);
      tree.left.push_back(-1);
      tree.value.push_back(0);
    }
    stack.push_back({child + 1, split, it.end, it.depth + 1});
    stack.push_back({child, it.begin, split, it.depth + 1});
  }
  return tree;
}

}  // namespace

IsolationForest::Packed IsolationForest::pack(const Tree& tree) {
  Packed p;
  const std::size_t m = tree.feature.size();
  std::vector<int> depth(m, 0);
  for (std::size_t i = 0; i < m; ++i) {
    if (tree.feature[i] >= 0) {
      const auto c = static_cast<std::size_t>(tree.left[i]);
      depth[c] = depth[c + 1] = depth[i] + 1;  // children come after their parent
    } else {
      p.depth = std::max(p.depth, depth[i]);
    }
  }
  constexpr float kInf = std::numeric_limits<float>::infinity();
  if (p.depth <= kCompleteDepth) {
    p.complete = true;
    const std::size_t internal = (std::size_t{1} << p.depth) - 1;
    p.threshold.assign(internal, kInf);
    p.feature.assign(internal, 0);
    p.path.assign(internal + 1, 0.0);
    // (tree node, heap slot, level)
    std::vector<std::tuple<std::size_t, std::size_t, int>> stack{{0, 0, 0}};
    while (!stack.empty()) {
      const auto [node, slot, level] = stack.back();
      stack.pop_back();
      if (level == p.depth) {
        p.path[slot - internal] = tree.value[node];
        continue;
      }
      std::size_t left = node, right = node;
      if (tree.feature[node] >= 0) {
        p.threshold[slot] = float_at_most(tree.value[node]);
        p.feature[slot] = tree.feature[node];
        left = static_cast<std::size_t>(tree.left[node]);
        right = left + 1;
      }
      stack.emplace_back(left, 2 * slot + 1, level + 1);
      stack.emplace_back(right, 2 * slot + 2, level + 1);
    }
    return p;
  }
  p.nodes.resize(m);
  p.path.assign(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    if (tree.feature[i] >= 0) {
      p.nodes[i] = {float_at_most(tree.value[i]), tree.feature[i], tree.left[i]};
    } else {
      p.nodes[i] = {kInf, 0, static_cast<std::int32_t>(i)};
      p.path[i] = tree.value[i];
    }
  }
  return p;
}

void IsolationForest::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  const Index n = x.rows(), d = x.cols();
  const int n_trees = static_cast<int>(p_int("n_estimators"));
  psi_ = static_cast<int>(std::min<Index>(p_int("max_samples"), n));
  const bool bootstrap = p_bool("bootstrap");
  const Index n_feat =
      std::max<Index>(1, static_cast<Index>(p_double("max_features") * static_cast<double>(d)));
  const int max_depth =
      static_cast<int>(std::ceil(std::log2(std::max(static_cast<double>(psi_), 2.0))));
  const Rng root(static_cast<std::uint64_t>(p_int("seed")));

  trees_.assign(static_cast<std::size_t>(n_trees), Tree{});
  parallel_for_dynamic(ctx, n_trees, [&](Index t) {
    Rng rng = root.split(static_cast<std::uint64_t>(t));
    std::vector<Index> rows(static_cast<std::size_t>(psi_));
    if (bootstrap) {
      for (auto& r : rows) r = static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)));
    } else {
      const auto s = rng.sample_without_replacement(n, psi_);
      std::copy(s.begin(), s.end(), rows.begin());
    }
    std::vector<std::int32_t> features;
    if (n_feat == d) {
      features.resize(static_cast<std::size_t>(d));
      std::iota(features.begin(), features.end(), 0);
    } else {
      for (auto f : rng.sample_without_replacement(d, n_feat)) {
        features.push_back(static_cast<std::int32_t>(f));
      }
    }
    trees_[static_cast<std::size_t>(t)] =
        grow_tree(x, std::move(rows), std::move(features), max_depth, rng);
  });
  packed_.assign(trees_.size(), Packed{});
  parallel_for(ctx, static_cast<Index>(trees_.size()), [&](Index t) {
    packed_[static_cast<std::size_t>(t)] = pack(trees_[static_cast<std::size_t>(t)]);
  });
  n_features_ = d;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> IsolationForest::mean_path_length(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op);
  const Index n = x.rows(), d = x.cols();
  std::vector<double> out(static_cast<std::size_t>(n));
  const double inv_trees = 1.0 / static_cast<double>(trees_.size());
  parallel_for(ctx, block_count(n, kScoreBlock), [&](Index b) {
    const auto [begin, end] = block_range(n, kScoreBlock, b);
    double acc[kScoreBlock] = {};
    constexpr Index kLanes = 16;
    for (const Packed& tree : packed_) {
      for (Index g = begin; g < end; g += kLanes) {
        const Index lanes = std::min(kLanes, end - g);
        std::int32_t at[kLanes] = {};
        const float* rows[kLanes];
        for (Index r = 0; r < kLanes; ++r) rows[r] = x.data() + (g + std::min(r, lanes - 1)) * d;
        if (tree.complete) {
          const float* thr = tree.threshold.data();
          const std::int32_t* feat = tree.feature.data();
          for (int level = 0; level < tree.depth; ++level) {
            for (Index r = 0; r < kLanes; ++r) {
              const std::int32_t c = at[r];
              at[r] = 2 * c + 1 + (rows[r][feat[c]] > thr[c] ? 1 : 0);
            }
          }
          const std::int32_t first_leaf = (std::int32_t{1} << tree.depth) - 1;
          for (Index r = 0; r < lanes; ++r) {
            acc[g - begin + r] += tree.path[static_cast<std::size_t>(at[r] - first_leaf)];
          }
        } else {
          const Node* nodes = tree.nodes.data();
          for (int level = 0; level < tree.depth; ++level) {
            for (Index r = 0; r < kLanes; ++r) {
              const Node& node = nodes[at[r]];
              at[r] = node.left + (rows[r][node.feature] > node.threshold ? 1 : 0);
            }
          }
          for (Index r = 0; r < lanes; ++r) {
            acc[g - begin + r] += tree.path[static_cast<std::size_t>(at[r])];
          }
        }
      }
    }
    for (Index i = begin; i < end; ++i) {
      out[static_cast<std::size_t>(i)] = acc[i - begin] * inv_trees;
    }
  });
  return out;
}

std::vector<double> IsolationForest::score_samples(MatrixView x, const Context& ctx) const {
  std::vector<double> s = mean_path_length(x, ctx);
  const double c = average_path_length(static_cast<double>(psi_));
  for (double& v : s) v = c > 0 ? std::exp2(-v / c) : 1.0;
  return s;
}

}  // namespace metaul
