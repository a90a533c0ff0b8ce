#include "metaul/learn/sod.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/learn/anomaly_common.h"

namespace metaul {

const ParamTable& SOD::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_neighbors", 20, "neighbours k defining the shared-neighbour similarity")
          .at_least(2),
      ParamSpec::integer("ref_set", 10, "size of the reference set (< n_neighbors)").at_least(1),
      ParamSpec::real("alpha", 0.8,
                      "a dimension is relevant when its variance is below alpha x "
                      "the mean variance")
          .greater_than(0)
          .at_most(1),
      ParamSpec::choice("algorithm", "auto", {"auto", "brute", "kd_tree"},
                        "neighbour index (all exact)"),
      ParamSpec::contamination(),
  };
  return table;
}

std::vector<double> SOD::scores(MatrixView q, const KnnResult& r, bool training,
                                const Context& ctx) const {
  const MatrixView x = train_->view();
  const Index n = x.rows(), d = x.cols(), k = r.k, ref = p_int("ref_set");
  const double alpha = p_double("alpha");
  std::vector<double> out(static_cast<std::size_t>(q.rows()));
  parallel_for(ctx, q.rows(), [&](Index i) {
    // Similarity of every training row sharing a neighbour with query i.
    std::vector<std::pair<Index, Index>> cand;  // (row, count)
    thread_local std::vector<Index> counts;
    if (counts.size() != static_cast<std::size_t>(n)) counts.assign(static_cast<std::size_t>(n), 0);
    for (Index a = 0; a < k; ++a) {
      const Index m = r.index(i, a);
      for (Index t = rev_offsets_[static_cast<std::size_t>(m)];
           t < rev_offsets_[static_cast<std::size_t>(m + 1)]; ++t) {
        const Index j = rev_[static_cast<std::size_t>(t)];
        if (counts[static_cast<std::size_t>(j)]++ == 0) cand.push_back({j, 0});
      }
    }
    for (auto& c : cand) c.second = counts[static_cast<std::size_t>(c.first)];
    if (training) {
      cand.erase(
          std::remove_if(cand.begin(), cand.end(), [&](const auto& c) { return c.first == i; }),
          cand.end());
    }
    std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<Index> refs;
    for (std::size_t t = 0; t < cand.size() && static_cast<Index>(refs.size()) < ref; ++t) {
      refs.push_back(cand[t].first);
    }
    // Fewer than ref_set rows share a neighbour: the rest have similarity 0, lowest index first.
    for (Index j = 0; static_cast<Index>(refs.size()) < ref && j < n; ++j) {
      if ((training && j == i) || counts[static_cast<std::size_t>(j)] > 0) continue;
      refs.push_back(j);
    }
    std::vector<double> mean(static_cast<std::size_t>(d), 0.0),
        var(static_cast<std::size_t>(d), 0.0);
    for (Index j : refs) {
      for (Index c = 0; c < d; ++c) mean[static_cast<std::size_t>(c)] += x(j, c);
    }
    for (auto& v : mean) v /= static_cast<double>(ref);
    double total = 0;
    for (Index c = 0; c < d; ++c) {
      double s = 0;
      for (Index j : refs) {
        const double t = x(j, c) - mean[static_cast<std::size_t>(c)];
        s += t * t;
      }
      var[static_cast<std::size_t>(c)] = s / static_cast<double>(ref);
      total += s;
    }
    const double expect = alpha * (total / static_cast<double>(ref)) / static_cast<double>(d);
    double num = 0;
    Index rel = 0;
    for (Index c = 0; c < d; ++c) {
      if (var[static_cast<std::size_t>(c)] < expect) {
        const double t = q(i, c) - mean[static_cast<std::size_t>(c)];
        num += t * t;
        ++rel;
      }
    }
    out[static_cast<std::size_t>(i)] = rel > 0 ? std::sqrt(num / static_cast<double>(rel)) : 0.0;
    for (Index a = 0; a < k; ++a) {
      const Index m = r.index(i, a);
      for (Index t = rev_offsets_[static_cast<std::size_t>(m)];
           t < rev_offsets_[static_cast<std::size_t>(m + 1)]; ++t) {
        counts[static_cast<std::size_t>(rev_[static_cast<std::size_t>(t)])] = 0;
      }
    }
  });
  return out;
}

void SOD::fit(MatrixView x, const Context& ctx) {
  const std::string op = op_name("fit");
  const Index n = x.rows(), k = p_int("n_neighbors"), ref = p_int("ref_set");
  if (ref >= k) {
    throw InvalidParameter(op + ": ref_set (" + std::to_string(ref) + ") >= n_neighbors (" +
                           std::to_string(k) + ")");
  }
  auto fitted = anomaly_detail::fit_training_neighbors(x, k, p_string("algorithm"), ctx, op,
                                                       /*exclude_self=*/false);
  KnnResult& r = fitted.neighbors;
  auto train = std::move(fitted.train);
  auto index = std::move(fitted.index);
  // Reverse lists in row order (deterministic).
  rev_offsets_.assign(static_cast<std::size_t>(n + 1), 0);
  for (Index i = 0; i < n; ++i) {
    for (Index a = 0; a < k; ++a) ++rev_offsets_[static_cast<std::size_t>(r.index(i, a) + 1)];
  }
  for (Index m = 0; m < n; ++m) {
    rev_offsets_[static_cast<std::size_t>(m + 1)] += rev_offsets_[static_cast<std::size_t>(m)];
  }
  rev_.assign(static_cast<std::size_t>(n * k), 0);
  std::vector<Index> fill(rev_offsets_.begin(), rev_offsets_.end() - 1);
  for (Index i = 0; i < n; ++i) {
    for (Index a = 0; a < k; ++a)
      rev_[static_cast<std::size_t>(fill[static_cast<std::size_t>(r.index(i, a))]++)] = i;
  }
  train_ = std::move(train);
  index_ = std::move(index);
  neighbors_ = std::move(r);
  training_scores_ = scores(train_->view(), neighbors_, true, ctx);
  set_fitted(true);
}

std::vector<double> SOD::score_samples(MatrixView x, const Context& ctx) const {
  require_fitted("score_samples");
  anomaly_detail::check_predict_input(x, train_->cols(), op_name("score_samples"));
  if (x.rows() == 0) return {};
  return scores(x, index_->query(x, p_int("n_neighbors"), ctx), false, ctx);
}

}  // namespace metaul
