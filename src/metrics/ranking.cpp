#include "metaul/metrics/ranking.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "metaul/core/error.h"

namespace metaul::metrics {
namespace {

// Validates the inputs; returns the number of outliers.
std::size_t check(std::span<const int> labels, std::span<const double> scores, const char* op) {
  if (labels.size() != scores.size()) {
    throw InvalidInput(fmt::format("{}: labels has {} entries but scores has {}", op, labels.size(),
                                   scores.size()));
  }
  if (labels.empty()) throw InvalidInput(fmt::format("{}: empty input", op));
  std::size_t pos = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (std::isnan(scores[i])) throw InvalidInput(fmt::format("{}: score {} is NaN", op, i));
    if (labels[i] != 0) ++pos;
  }
  if (pos == 0 || pos == labels.size()) {
    throw InvalidInput(fmt::format("{}: only one class present in labels (n = {}, outliers = {})",
                                   op, labels.size(), pos));
  }
  return pos;
}

// Indices sorted by decreasing score (stable, so ties keep a fixed order).
std::vector<std::size_t> order_desc(std::span<const double> scores) {
  std::vector<std::size_t> idx(scores.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return idx;
}

}  // namespace

double roc_auc(std::span<const int> labels, std::span<const double> scores) {
  const std::size_t pos = check(labels, scores, "roc_auc");
  const std::size_t neg = labels.size() - pos;
  const auto idx = order_desc(scores);
  // For every positive, count negatives with a lower score, plus half of the tied ones.
  double wins = 0;
  std::size_t neg_above = 0;  // negatives in groups strictly above the current one
  for (std::size_t g = 0; g < idx.size();) {
    std::size_t e = g, p = 0, q = 0;
    while (e < idx.size() && scores[idx[e]] == scores[idx[g]]) {
      (labels[idx[e]] != 0 ? p : q) += 1;
      ++e;
    }
    const double below = static_cast<double>(neg - neg_above - q);
    wins += static_cast<double>(p) * (below + 0.5 * static_cast<double>(q));
    neg_above += q;
    g = e;
  }
  return wins / (static_cast<double>(pos) * static_cast<double>(neg));
}

double average_precision(std::span<const int> labels, std::span<const double> scores) {
  const std::size_t pos = check(labels, scores, "average_precision");
  const auto idx = order_desc(scores);
  double ap = 0, prev_recall = 0;
  std::size_t tp = 0, fp = 0;
  for (std::size_t g = 0; g < idx.size();) {
    std::size_t e = g;
    while (e < idx.size() && scores[idx[e]] == scores[idx[g]]) {
      (labels[idx[e]] != 0 ? tp : fp) += 1;
      ++e;
    }
    const double recall = static_cast<double>(tp) / static_cast<double>(pos);
    const double precision = static_cast<double>(tp) / static_cast<double>(tp + fp);
    ap += (recall - prev_recall) * precision;
    prev_recall = recall;
    g = e;
  }
  return ap;
}

double precision_at_n(std::span<const int> labels, std::span<const double> scores) {
  const std::size_t pos = check(labels, scores, "precision_at_n");
  const std::size_t n = labels.size();
  std::vector<double> sorted(scores.begin(), scores.end());
  std::sort(sorted.begin(), sorted.end());
  // numpy.percentile(scores, 100 (1 - pos / n)), linear interpolation.
  const double fraction = static_cast<double>(pos) / static_cast<double>(n);
  const double q = (100.0 * (1.0 - fraction)) / 100.0;
  const double at = q * static_cast<double>(n - 1);
  const auto lo = std::min(static_cast<std::size_t>(std::floor(at)), n - 1);
  const std::size_t hi = std::min(lo + 1, n - 1);
  const double t = at - static_cast<double>(lo);
  const double a = sorted[lo], b = sorted[hi];
  const double threshold = t >= 0.5 ? b - (b - a) * (1.0 - t) : a + (b - a) * t;
  std::size_t selected = 0, hits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (scores[i] > threshold) {
      ++selected;
      if (labels[i] != 0) ++hits;
    }
  }
  return selected == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(selected);
}

}  // namespace metaul::metrics
