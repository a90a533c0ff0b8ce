#include "metaul/metrics/clustering.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"

namespace metaul::metrics {
namespace {

// Maps labels to 0..k-1 in sorted order of their values.
struct Encoded {
  std::vector<int> codes;
  int k = 0;
};

Encoded encode(const std::vector<int>& labels) {
  Encoded e;
  e.codes.resize(labels.size());
  if (labels.empty()) return e;
  const auto [lo, hi] = std::minmax_element(labels.begin(), labels.end());
  const std::int64_t span = static_cast<std::int64_t>(*hi) - *lo + 1;
  if (span <= std::max<std::int64_t>(1024, 4 * static_cast<std::int64_t>(labels.size()))) {
    // Small label range (the usual case): a lookup table instead of sorting.
    std::vector<int> code(static_cast<std::size_t>(span), -1);
    for (int l : labels) code[static_cast<std::size_t>(l - *lo)] = 0;
    for (int& c : code) {
      if (c == 0) c = e.k++;
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
      e.codes[i] = code[static_cast<std::size_t>(labels[i] - *lo)];
    }
    return e;
  }
  std::vector<int> values = labels;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  e.k = static_cast<int>(values.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    e.codes[i] = static_cast<int>(std::lower_bound(values.begin(), values.end(), labels[i]) -
                                  values.begin());
  }
  return e;
}

// Sparse contingency table of reference classes (rows) × predicted clusters (columns).
struct Contingency {
  Index n = 0;
  int rows = 0;
  int cols = 0;
  std::vector<Index> row_sums;
  std::vector<Index> col_sums;
  struct Cell {
    int i;
    int j;
    Index count;
  };
  std::vector<Cell> cells;  // non-zero cells, sorted by (row, column)
};

Contingency contingency(std::span<const int> truth, std::span<const int> pred, const char* op) {
  if (truth.size() != pred.size()) {
    throw InvalidInput(fmt::format("{}: labels_true has {} entries but labels_pred has {}", op,
                                   truth.size(), pred.size()));
  }
  std::vector<int> t;
  std::vector<int> p;
  t.reserve(truth.size());
  p.reserve(pred.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] == -1) continue;
    t.push_back(truth[i]);
    p.push_back(pred[i]);
  }
  if (t.empty()) {
    throw InvalidInput(
        fmt::format("{}: no points to compare ({} labels, all with reference label -1 or none)", op,
                    truth.size()));
  }
  const Encoded et = encode(t);
  const Encoded ep = encode(p);
  Contingency c;
  c.n = static_cast<Index>(t.size());
  c.rows = et.k;
  c.cols = ep.k;
  c.row_sums.assign(static_cast<std::size_t>(c.rows), 0);
  c.col_sums.assign(static_cast<std::size_t>(c.cols), 0);
  const Index cells = static_cast<Index>(c.rows) * c.cols;
  if (cells <= std::max<Index>(1 << 16, 4 * c.n)) {
    // Dense counting when the table is not much larger than the data.
    std::vector<Index> dense(static_cast<std::size_t>(cells), 0);
    for (std::size_t i = 0; i < t.size(); ++i) {
      ++dense[static_cast<std::size_t>(static_cast<Index>(et.codes[i]) * c.cols + ep.codes[i])];
      ++c.row_sums[static_cast<std::size_t>(et.codes[i])];
      ++c.col_sums[static_cast<std::size_t>(ep.codes[i])];
    }
    for (Index key = 0; key < cells; ++key) {
      const Index count = dense[static_cast<std::size_t>(key)];
      if (count > 0) {
        c.cells.push_back({static_cast<int>(key / c.cols), static_cast<int>(key % c.cols), count});
      }
    }
    return c;
  }
  std::vector<Index> keys(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    keys[i] = static_cast<Index>(et.codes[i]) * c.cols + ep.codes[i];
    ++c.row_sums[static_cast<std::size_t>(et.codes[i])];
    ++c.col_sums[static_cast<std::size_t>(ep.codes[i])];
  }
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t e = i;
    while (e < keys.size() && keys[e] == keys[i]) ++e;
    c.cells.push_back({static_cast<int>(keys[i] / c.cols), static_cast<int>(keys[i] % c.cols),
                       static_cast<Index>(e - i)});
    i = e;
  }
  return c;
}

// Mutual information in nats, computed as sklearn.metrics.mutual_info_score does.
double mutual_info(const Contingency& c) {
  if (c.rows == 1 || c.cols == 1) return 0.0;
  const double total = static_cast<double>(c.n);
  const double log_total = std::log(total);
  const double eps = std::numeric_limits<double>::epsilon();
  double mi = 0.0;
  for (const auto& cell : c.cells) {
    const double nij = static_cast<double>(cell.count);
    const double p = nij / total;
    const auto outer = static_cast<double>(c.row_sums[static_cast<std::size_t>(cell.i)] *
                                           c.col_sums[static_cast<std::size_t>(cell.j)]);
    const double log_outer = -std::log(outer) + log_total + log_total;
    double term = p * (std::log(nij) - log_total) + p * log_outer;
    if (std::abs(term) < eps) term = 0.0;
    mi += term;
  }
  return std::max(mi, 0.0);
}

double entropy(const std::vector<Index>& counts, Index n) {
  if (counts.size() == 1) return 0.0;
  const double total = static_cast<double>(n);
  const double log_total = std::log(total);
  double h = 0.0;
  for (Index c : counts) {
    const double ci = static_cast<double>(c);
    h += (ci / total) * (std::log(ci) - log_total);
  }
  return -h;
}

// Expected mutual information under the hypergeometric model of random labellings (Vinh et al.
// 2010), term by term as in sklearn's expected_mutual_information.
double expected_mutual_info(const Contingency& c) {
  if (c.rows == 1 || c.cols == 1) return 0.0;
  const Index n = c.n;
  const double total = static_cast<double>(n);
  const Index max_ab = std::max(*std::max_element(c.row_sums.begin(), c.row_sums.end()),
                                *std::max_element(c.col_sums.begin(), c.col_sums.end()));
  std::vector<double> term1(static_cast<std::size_t>(max_ab + 1));
  std::vector<double> log_nnij(term1.size());
  std::vector<double> gln_nnij(term1.size());
  const double gln_n1 = std::lgamma(total + 1);
  for (Index k = 0; k <= max_ab; ++k) {
    const double nij = k == 0 ? 1.0 : static_cast<double>(k);
    term1[static_cast<std::size_t>(k)] = nij / total;
    log_nnij[static_cast<std::size_t>(k)] = std::log(total) + std::log(nij);
    gln_nnij[static_cast<std::size_t>(k)] = std::lgamma(nij + 1) + gln_n1;
  }
  double emi = 0.0;
  for (int i = 0; i < c.rows; ++i) {
    const Index a = c.row_sums[static_cast<std::size_t>(i)];
    const double log_a = std::log(static_cast<double>(a));
    const double gln_a = std::lgamma(static_cast<double>(a) + 1);
    const double gln_na = std::lgamma(static_cast<double>(n - a) + 1);
    for (int j = 0; j < c.cols; ++j) {
      const Index b = c.col_sums[static_cast<std::size_t>(j)];
      const double log_b = std::log(static_cast<double>(b));
      const double gln_b = std::lgamma(static_cast<double>(b) + 1);
      const double gln_nb = std::lgamma(static_cast<double>(n - b) + 1);
      const Index start = std::max<Index>(a - n + b, 1);
      const Index end = std::min(a, b) + 1;
      for (Index nij = start; nij < end; ++nij) {
        const auto k = static_cast<std::size_t>(nij);
        const double term2 = log_nnij[k] - log_a - log_b;
        const double gln = gln_a + gln_b + gln_na + gln_nb - gln_nnij[k] -
                           std::lgamma(static_cast<double>(a - nij) + 1) -
                           std::lgamma(static_cast<double>(b - nij) + 1) -
                           std::lgamma(static_cast<double>(n - a - b + nij) + 1);
        emi += term1[k] * term2 * std::exp(gln);
      }
    }
  }
  return emi;
}

// Maximum-weight assignment of each of the `rows` rows to a distinct column of the rows × cols
// matrix `w` (rows ≤ cols), by the Hungarian algorithm with potentials; O(rows² · cols).
std::vector<int> max_assignment(const std::vector<double>& w, int rows, int cols) {
  const double inf = std::numeric_limits<double>::infinity();
  auto cost = [&](int i, int j) { return -w[static_cast<std::size_t>(i - 1) * cols + (j - 1)]; };
  std::vector<double> u(static_cast<std::size_t>(rows) + 1, 0.0);
  std::vector<double> v(static_cast<std::size_t>(cols) + 1, 0.0);
  std::vector<int> p(static_cast<std::size_t>(cols) + 1, 0);
  std::vector<int> way(static_cast<std::size_t>(cols) + 1, 0);
  for (int i = 1; i <= rows; ++i) {
    p[0] = i;
    int j0 = 0;
    std::vector<double> minv(static_cast<std::size_t>(cols) + 1, inf);
    std::vector<char> used(static_cast<std::size_t>(cols) + 1, 0);
    do {
      used[j0] = 1;
      const int i0 = p[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= cols; ++j) {
        if (used[j]) continue;
        const double cur = cost(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= cols; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const int j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> match(static_cast<std::size_t>(rows), -1);
  for (int j = 1; j <= cols; ++j) {
    if (p[j] != 0) match[static_cast<std::size_t>(p[j] - 1)] = j - 1;
  }
  return match;
}

// ---- internal metrics ------------------------------------------------------------------------

// The non-noise rows of X with their labels re-encoded to 0..k-1.
struct Clustered {
  std::vector<Index> rows;  // indices into X
  std::vector<int> labels;  // 0..k-1
  std::vector<Index> sizes;
  int k = 0;
};

Clustered prepare(MatrixView x, std::span<const int> labels, const char* op) {
  if (static_cast<Index>(labels.size()) != x.rows()) {
    throw InvalidInput(
        fmt::format("{}: X has {} rows but labels has {} entries", op, x.rows(), labels.size()));
  }
  check_input(x, op, 1);
  Clustered c;
  std::vector<int> kept;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == -1) continue;
    if (labels[i] < -1) {
      throw InvalidInput(
          fmt::format("{}: label {} at row {} (only -1 may be negative)", op, labels[i], i));
    }
    c.rows.push_back(static_cast<Index>(i));
    kept.push_back(labels[i]);
  }
  Encoded e = encode(kept);
  c.labels = std::move(e.codes);
  c.k = e.k;
  c.sizes.assign(static_cast<std::size_t>(c.k), 0);
  for (int l : c.labels) ++c.sizes[static_cast<std::size_t>(l)];
  return c;
}

void check_cluster_count(const Clustered& c, const char* op) {
  const auto n = static_cast<Index>(c.rows.size());
  if (c.k < 2 || c.k >= n) {
    throw InvalidInput(fmt::format(
        "{}: number of clusters ({}) must be between 2 and n_samples - 1 ({}; noise excluded)", op,
        c.k, n - 1));
  }
}

// Rows and columns per tile of the exact silhouette; the column tile is kept transposed in
// double so that the innermost loop runs over points and vectorises without reassociation.
constexpr Index kRowBlock = 32;
constexpr Index kColBlock = 256;

double exact_silhouette(MatrixView x, const Clustered& c, const Context& ctx) {
  const auto n = static_cast<Index>(c.rows.size());
  const Index d = x.cols();
  const auto k = static_cast<std::size_t>(c.k);
  // X of the kept rows, transposed (d × n) in double.
  std::vector<double> xt(static_cast<std::size_t>(d * n));
  for (Index i = 0; i < n; ++i) {
    const float* r = x.row(c.rows[static_cast<std::size_t>(i)]);
    for (Index j = 0; j < d; ++j) xt[static_cast<std::size_t>(j * n + i)] = r[j];
  }
  std::vector<double> s(static_cast<std::size_t>(n), 0.0);
  const Index blocks = block_count(n, kRowBlock);
  parallel_for(ctx, blocks, [&](Index blk) {
    const auto [r0, r1] = block_range(n, kRowBlock, blk);
    const Index nr = r1 - r0;
    std::vector<double> sums(static_cast<std::size_t>(nr) * k, 0.0);
    std::vector<double> acc(static_cast<std::size_t>(kColBlock));
    for (Index c0 = 0; c0 < n; c0 += kColBlock) {
      const Index c1 = std::min(n, c0 + kColBlock);
      const Index nc = c1 - c0;
      for (Index i = r0; i < r1; ++i) {
        std::fill(acc.begin(), acc.begin() + nc, 0.0);
        for (Index f = 0; f < d; ++f) {
          const double xi = xt[static_cast<std::size_t>(f * n + i)];
          const double* col = xt.data() + f * n + c0;
          for (Index j = 0; j < nc; ++j) {
            const double t = xi - col[j];
            acc[static_cast<std::size_t>(j)] += t * t;
          }
        }
        double* row_sums = sums.data() + static_cast<std::size_t>(i - r0) * k;
        for (Index j = 0; j < nc; ++j) {
          row_sums[static_cast<std::size_t>(c.labels[static_cast<std::size_t>(c0 + j)])] +=
              std::sqrt(acc[static_cast<std::size_t>(j)]);
        }
      }
    }
    for (Index i = r0; i < r1; ++i) {
      const double* row_sums = sums.data() + static_cast<std::size_t>(i - r0) * k;
      const auto own = static_cast<std::size_t>(c.labels[static_cast<std::size_t>(i)]);
      if (c.sizes[own] <= 1) continue;  // a singleton scores 0, as in sklearn
      const double a = row_sums[own] / static_cast<double>(c.sizes[own] - 1);
      double b = std::numeric_limits<double>::infinity();
      for (std::size_t l = 0; l < k; ++l) {
        if (l != own) b = std::min(b, row_sums[l] / static_cast<double>(c.sizes[l]));
      }
      const double denom = std::max(a, b);
      s[static_cast<std::size_t>(i)] = denom > 0 ? (b - a) / denom : 0.0;
    }
  });
  double total = 0.0;
  for (double v : s) total += v;
  return total / static_cast<double>(n);
}

// Per-cluster means (k × d, double) of the kept rows.
std::vector<double> centroids(MatrixView x, const Clustered& c) {
  const Index d = x.cols();
  std::vector<double> mu(static_cast<std::size_t>(c.k * d), 0.0);
  for (std::size_t t = 0; t < c.rows.size(); ++t) {
    const float* r = x.row(c.rows[t]);
    double* m = mu.data() + static_cast<std::size_t>(c.labels[t]) * d;
    for (Index j = 0; j < d; ++j) m[j] += r[j];
  }
  for (int l = 0; l < c.k; ++l) {
    for (Index j = 0; j < d; ++j) {
      mu[static_cast<std::size_t>(l * d + j)] /= static_cast<double>(c.sizes[l]);
    }
  }
  return mu;
}

}  // namespace

double adjusted_rand_index(std::span<const int> truth, std::span<const int> pred) {
  const Contingency c = contingency(truth, pred, "adjusted_rand_index");
  using Wide = __int128;
  Wide sum_squares = 0;
  for (const auto& cell : c.cells) sum_squares += static_cast<Wide>(cell.count) * cell.count;
  Wide row_sq = 0;
  Wide col_sq = 0;
  for (Index a : c.row_sums) row_sq += static_cast<Wide>(a) * a;
  for (Index b : c.col_sums) col_sq += static_cast<Wide>(b) * b;
  const Wide n = c.n;
  const Wide tp = sum_squares - n;
  const Wide fp = col_sq - sum_squares;
  const Wide fn = row_sq - sum_squares;
  const Wide tn = n * n - fp - fn - sum_squares;
  if (fn == 0 && fp == 0) return 1.0;
  const Wide num = tp * tn - fn * fp;
  const Wide den = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return 2.0 * static_cast<double>(num) / static_cast<double>(den);
}

double adjusted_mutual_info(std::span<const int> truth, std::span<const int> pred) {
  const Contingency c = contingency(truth, pred, "adjusted_mutual_info");
  if (c.rows == 1 && c.cols == 1) return 1.0;
  const double mi = mutual_info(c);
  const double emi = expected_mutual_info(c);
  const double normalizer = (entropy(c.row_sums, c.n) + entropy(c.col_sums, c.n)) / 2.0;
  double denominator = normalizer - emi;
  const double eps = std::numeric_limits<double>::epsilon();
  denominator = denominator < 0 ? std::min(denominator, -eps) : std::max(denominator, eps);
  return (mi - emi) / denominator;
}

double normalized_mutual_info(std::span<const int> truth, std::span<const int> pred) {
  const Contingency c = contingency(truth, pred, "normalized_mutual_info");
  if (c.rows == 1 && c.cols == 1) return 1.0;
  const double mi = mutual_info(c);
  if (mi == 0.0) return 0.0;
  return mi / ((entropy(c.row_sums, c.n) + entropy(c.col_sums, c.n)) / 2.0);
}

double normalized_clustering_accuracy(std::span<const int> truth, std::span<const int> pred) {
  const Contingency c = contingency(truth, pred, "normalized_clustering_accuracy");
  const int k = c.rows;
  const int width = std::max(c.rows, c.cols);  // missing predicted clusters count as empty
  std::vector<double> recall(static_cast<std::size_t>(k) * width, 0.0);
  for (const auto& cell : c.cells) {
    recall[static_cast<std::size_t>(cell.i) * width + cell.j] =
        static_cast<double>(cell.count) /
        static_cast<double>(c.row_sums[static_cast<std::size_t>(cell.i)]);
  }
  const std::vector<int> match = max_assignment(recall, k, width);
  double total = 0.0;
  for (int i = 0; i < k; ++i) {
    total += recall[static_cast<std::size_t>(i) * width + match[static_cast<std::size_t>(i)]];
  }
  const double mean = total / k;
  if (k == 1) return mean;
  return (mean - 1.0 / k) / (1.0 - 1.0 / k);
}

double purity(std::span<const int> truth, std::span<const int> pred) {
  const Contingency c = contingency(truth, pred, "purity");
  std::vector<Index> best(static_cast<std::size_t>(c.cols), 0);
  for (const auto& cell : c.cells) {
    auto& b = best[static_cast<std::size_t>(cell.j)];
    b = std::max(b, cell.count);
  }
  Index total = 0;
  for (Index b : best) total += b;
  return static_cast<double>(total) / static_cast<double>(c.n);
}

double silhouette(MatrixView x, std::span<const int> labels, const Context& ctx, Index max_exact,
                  std::uint64_t seed) {
  if (max_exact < 2) {
    throw InvalidParameter(fmt::format("silhouette: max_exact ({}) must be at least 2", max_exact));
  }
  Clustered c = prepare(x, labels, "silhouette");
  const auto n = static_cast<Index>(c.rows.size());
  if (n > max_exact) {
    Rng rng(seed);
    std::vector<std::int64_t> pick = rng.sample_without_replacement(n, max_exact);
    std::sort(pick.begin(), pick.end());
    std::vector<Index> rows;
    std::vector<int> sub;
    rows.reserve(pick.size());
    sub.reserve(pick.size());
    for (std::int64_t t : pick) {
      rows.push_back(c.rows[static_cast<std::size_t>(t)]);
      sub.push_back(c.labels[static_cast<std::size_t>(t)]);
    }
    Encoded e = encode(sub);
    c.rows = std::move(rows);
    c.labels = std::move(e.codes);
    c.k = e.k;
    c.sizes.assign(static_cast<std::size_t>(c.k), 0);
    for (int l : c.labels) ++c.sizes[static_cast<std::size_t>(l)];
  }
  check_cluster_count(c, "silhouette");
  return exact_silhouette(x, c, ctx);
}

double calinski_harabasz(MatrixView x, std::span<const int> labels) {
  const Clustered c = prepare(x, labels, "calinski_harabasz");
  check_cluster_count(c, "calinski_harabasz");
  const Index d = x.cols();
  const auto n = static_cast<Index>(c.rows.size());
  std::vector<double> mean(static_cast<std::size_t>(d), 0.0);
  for (Index r : c.rows) {
    const float* p = x.row(r);
    for (Index j = 0; j < d; ++j) mean[static_cast<std::size_t>(j)] += p[j];
  }
  for (double& m : mean) m /= static_cast<double>(n);
  const std::vector<double> mu = centroids(x, c);
  double extra = 0.0;
  for (int l = 0; l < c.k; ++l) {
    double s = 0.0;
    for (Index j = 0; j < d; ++j) {
      const double t = mu[static_cast<std::size_t>(l * d + j)] - mean[static_cast<std::size_t>(j)];
      s += t * t;
    }
    extra += static_cast<double>(c.sizes[static_cast<std::size_t>(l)]) * s;
  }
  double intra = 0.0;
  for (std::size_t t = 0; t < c.rows.size(); ++t) {
    const float* p = x.row(c.rows[t]);
    const double* m = mu.data() + static_cast<std::size_t>(c.labels[t]) * d;
    for (Index j = 0; j < d; ++j) {
      const double diff = p[j] - m[j];
      intra += diff * diff;
    }
  }
  if (intra == 0.0) return 1.0;
  return extra * static_cast<double>(n - c.k) / (intra * (c.k - 1.0));
}

double davies_bouldin(MatrixView x, std::span<const int> labels) {
  const Clustered c = prepare(x, labels, "davies_bouldin");
  check_cluster_count(c, "davies_bouldin");
  const Index d = x.cols();
  const auto k = static_cast<std::size_t>(c.k);
  const std::vector<double> mu = centroids(x, c);
  std::vector<double> intra(k, 0.0);
  for (std::size_t t = 0; t < c.rows.size(); ++t) {
    const float* p = x.row(c.rows[t]);
    const auto l = static_cast<std::size_t>(c.labels[t]);
    const double* m = mu.data() + l * d;
    double s = 0.0;
    for (Index j = 0; j < d; ++j) {
      const double diff = p[j] - m[j];
      s += diff * diff;
    }
    intra[l] += std::sqrt(s);
  }
  for (std::size_t l = 0; l < k; ++l) intra[l] /= static_cast<double>(c.sizes[l]);
  std::vector<double> between(k * k, 0.0);
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) {
      double s = 0.0;
      for (Index j = 0; j < d; ++j) {
        const double diff = mu[a * d + j] - mu[b * d + j];
        s += diff * diff;
      }
      between[a * k + b] = std::sqrt(s);
    }
  }
  // As sklearn: all-tight clusters or coinciding centroids (np.allclose(·, 0)) score 0.
  const double atol = 1e-8;
  const bool intra_zero =
      std::all_of(intra.begin(), intra.end(), [&](double v) { return std::abs(v) <= atol; });
  const bool between_zero =
      std::all_of(between.begin(), between.end(), [&](double v) { return std::abs(v) <= atol; });
  if (intra_zero || between_zero) return 0.0;
  double total = 0.0;
  for (std::size_t a = 0; a < k; ++a) {
    double worst = 0.0;
    for (std::size_t b = 0; b < k; ++b) {
      if (a == b || between[a * k + b] == 0.0) continue;  // sklearn divides by inf there
      worst = std::max(worst, (intra[a] + intra[b]) / between[a * k + b]);
    }
    total += worst;
  }
  return total / static_cast<double>(k);
}

}  // namespace metaul::metrics
