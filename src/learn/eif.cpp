#include "metaul/learn/eif.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/anomaly_common.h"
#include "metaul/learn/iforest.h"

namespace metaul {

const ParamTable& ExtendedIsolationForest::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_estimators", 100, "number of trees").at_least(1),
      ParamSpec::integer("max_samples", 256, "rows per tree, capped at n").at_least(1),
      ParamSpec::integer("extension_level", 0,
                         "non-zeros of each cut's normal minus one (none = d - 1)")
          .at_least(0)
          .allow_none(true),
      ParamSpec::contamination(),
      ParamSpec::seed(),
  };
  return table;
}

namespace {
constexpr Index kScoreBlock = 256;
}

void ExtendedIsolationForest::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  check_input(x, op.c_str(), 1);
  const Index n = x.rows(), d = x.cols();
  const Index ext = p_none("extension_level") ? d - 1 : p_int("extension_level");
  if (ext > d - 1) {
    throw InvalidInput(
        fmt::format("{}: extension_level ({}) > n_features - 1 ({})", op, ext, d - 1));
  }
  k_ = static_cast<int>(ext + 1);
  psi_ = static_cast<int>(std::min<Index>(p_int("max_samples"), n));
  const int limit =
      static_cast<int>(std::ceil(std::log2(std::max(static_cast<double>(psi_), 2.0))));
  const int n_trees = static_cast<int>(p_int("n_estimators"));
  const Rng root(static_cast<std::uint64_t>(p_int("seed")));
  trees_.assign(static_cast<std::size_t>(n_trees), Tree{});
  parallel_for_dynamic(ctx, n_trees, [&](Index t) {
    Rng rng = root.split(static_cast<std::uint64_t>(t));
    const auto sample = rng.sample_without_replacement(n, psi_);
    std::vector<Index> rows(sample.begin(), sample.end());
    Tree& tree = trees_[static_cast<std::size_t>(t)];
    struct Item {
      std::int32_t node;
      std::size_t begin, end;
      int depth;
    };
    auto add_node = [&] {
      tree.left.push_back(-1);
      tree.start.push_back(0);
      tree.offset.push_back(0);
      return static_cast<std::int32_t>(tree.left.size() - 1);
    };
    add_node();
    std::vector<Item> stack{{0, 0, rows.size(), 0}};
    std::vector<double> proj;
    while (!stack.empty()) {
      const Item it = stack.back();
      stack.pop_back();
      const auto node = static_cast<std::size_t>(it.node);
      const std::size_t m = it.end - it.begin;
      if (m <= 1 || it.depth >= limit) {
        tree.offset[node] = it.depth + IsolationForest::average_path_length(static_cast<double>(m));
        continue;
      }
      const auto coords = rng.sample_without_replacement(d, k_);
      tree.start[node] = static_cast<std::int32_t>(tree.coord.size());
      double offset = 0;
      for (auto c : coords) {
        const double w = rng.normal();
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (std::size_t r = it.begin; r < it.end; ++r) {
          lo = std::min(lo, static_cast<double>(x(rows[r], c)));
          hi = std::max(hi, static_cast<double>(x(rows[r], c)));
        }
        const double p = rng.uniform(lo, hi);
        tree.coord.push_back(static_cast<std::int32_t>(c));
        tree.weight.push_back(w);
        offset += w * p;
      }
      tree.offset[node] = offset;
      const auto first = static_cast<std::size_t>(tree.start[node]);
      const auto mid = std::partition(
          rows.begin() + static_cast<std::ptrdiff_t>(it.begin),
          rows.begin() + static_cast<std::ptrdiff_t>(it.end), [&](Index r) {
            double v = 0;
            for (int j = 0; j < k_; ++j) {
              v += tree.weight[first + static_cast<std::size_t>(j)] *
                   static_cast<double>(x(r, tree.coord[first + static_cast<std::size_t>(j)]));
            }
            return v < offset;
          });
      const auto split = static_cast<std::size_t>(mid - rows.begin());
      const std::int32_t child = add_node();
      add_node();
      tree.left[node] = child;
      stack.push_back({child + 1, split, it.end, it.depth + 1});
      stack.push_back({child, it.begin, split, it.depth + 1});
    }
  });
  n_features_ = d;
  set_fitted(true);
  training_scores_ = score_samples(x, ctx);
}

std::vector<double> ExtendedIsolationForest::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  const std::string op = op_name("score_samples");
  anomaly_detail::check_predict_input(x, n_features_, op);
  const Index n = x.rows();
  std::vector<double> out(static_cast<std::size_t>(n));
  const double c = IsolationForest::average_path_length(static_cast<double>(psi_));
  parallel_for(ctx, block_count(n, kScoreBlock), [&](Index b) {
    const auto [begin, end] = block_range(n, kScoreBlock, b);
    double acc[kScoreBlock] = {};
    for (const Tree& tree : trees_) {
      for (Index i = begin; i < end; ++i) {
        const float* row = x.row(i);
        std::size_t node = 0;
        while (tree.left[node] >= 0) {
          const auto first = static_cast<std::size_t>(tree.start[node]);
          double v = 0;
          for (int j = 0; j < k_; ++j) {
            v += tree.weight[first + static_cast<std::size_t>(j)] *
                 static_cast<double>(row[tree.coord[first + static_cast<std::size_t>(j)]]);
          }
          node = static_cast<std::size_t>(tree.left[node]) + (v < tree.offset[node] ? 0 : 1);
        }
        acc[i - begin] += tree.offset[node];
      }
    }
    for (Index i = begin; i < end; ++i) {
      const double h = acc[i - begin] / static_cast<double>(trees_.size());
      out[static_cast<std::size_t>(i)] = c > 0 ? std::exp2(-h / c) : 1.0;
    }
  });
  return out;
}

}  // namespace metaul
