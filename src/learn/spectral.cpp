#include "metaul/learn/spectral.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <Spectra/MatOp/SparseSymMatProd.h>
#include <Spectra/SymEigsSolver.h>
#include <fmt/format.h>
#include <Eigen/Dense>
#include <Eigen/SVD>
#include <Eigen/Sparse>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
#include "metaul/core/rng.h"
#include "metaul/learn/kmeans.h"

namespace metaul {

const ParamTable& SpectralClustering::param_specs() {
  static const ParamTable table = {
      ParamSpec::integer("n_clusters", 8, "number of clusters (and of embedding dimensions)")
          .at_least(1),
      ParamSpec::choice("affinity", "rbf", {"rbf", "nearest_neighbors"},
                        "graph: Gaussian kernel, or symmetrised k-nearest-neighbour connectivity"),
      ParamSpec::real("gamma", 1.0, "rbf kernel coefficient: exp(-gamma * squared distance)")
          .greater_than(0),
      ParamSpec::integer("n_neighbors", 10,
                         "neighbours per row (itself included) for the kNN graph")
          .at_least(1),
      ParamSpec::integer("n_init", 10, "k-means runs on the embedding; the lowest inertia is kept")
          .at_least(1),
      ParamSpec::choice("assign_labels", "kmeans", {"kmeans", "discretize", "cluster_qr"},
                        "labels from the embedding: k-means, Yu-Shi discretisation or pivoted QR"),
      ParamSpec::seed(),
  };
  return table;
}

namespace {

// Blocks up to this size go to Eigen's dense solver, larger ones to Spectra's Lanczos solver.
constexpr Index kDenseSolverRows = 300;

// Small jobs run on one thread: waking a thread team costs more than it saves there, and on a
// busy machine much more. Results do not depend on the thread count.
Context threads_for(const Context& ctx, double work, double minimum = 1e6) {
  Context out = ctx;
  if (work < minimum) out.threads = 1;
  return out;
}

double sq_dist(const float* a, const float* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return s;
}

// y = M x for a dense symmetric column-major matrix, rows in parallel (each dot product is
// sequential, so the result does not depend on the thread count).
class ParallelDenseSymProd {
 public:
  using Scalar = double;
  ParallelDenseSymProd(const Eigen::MatrixXd& m, const Context& ctx) : m_(m), ctx_(ctx) {}
  Eigen::Index rows() const { return m_.rows(); }
  Eigen::Index cols() const { return m_.cols(); }
  void perform_op(const double* x_in, double* y_out) const {
    const Eigen::Map<const Eigen::VectorXd> x(x_in, m_.rows());
    parallel_for(ctx_, m_.rows(), [&](Index i) { y_out[i] = m_.col(i).dot(x); });
  }

 private:
  const Eigen::MatrixXd& m_;
  const Context& ctx_;
};

struct Eigenpairs {
  Eigen::VectorXd values;   // descending
  Eigen::MatrixXd vectors;  // one column per value
};

// The `want` leading eigenpairs of a symmetric operator by Lanczos (Spectra).
template <class Op>
Eigenpairs lanczos(Op& op, Index m, Index want, const std::string& op_name) {
  const Index ncv = std::min(m, std::max<Index>(2 * want + 1, 20));
  Spectra::SymEigsSolver<Op> solver(op, want, ncv);
  solver.init();
  solver.compute(Spectra::SortRule::LargestAlge, 10000, 1e-10);
  if (solver.info() != Spectra::CompInfo::Successful) {
    throw InvalidInput(
        fmt::format("{}: the eigensolver did not converge for {} eigenvectors of a {} x {} graph",
                    op_name, want, m, m));
  }
  return {solver.eigenvalues(), solver.eigenvectors()};
}

// The `want` leading eigenpairs of one connected block (given dense or sparse, m × m):
// Eigen's dense solver for small blocks, Spectra's Lanczos otherwise.
Eigenpairs leading_eigenpairs(const Eigen::MatrixXd* dense,
                              const Eigen::SparseMatrix<double>* sparse, Index m, Index want,
                              const Context& ctx, const std::string& op_name) {
  if (m <= kDenseSolverRows || 2 * want + 1 > m) {
    const Eigen::MatrixXd full = dense ? *dense : Eigen::MatrixXd(*sparse);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(full);
    if (solver.info() != Eigen::Success) {
      throw InvalidInput(
          fmt::format("{}: the dense eigensolver failed on a {} x {} graph", op_name, m, m));
    }
    return {solver.eigenvalues().tail(want).reverse(),
            solver.eigenvectors().rightCols(want).rowwise().reverse()};
  }
  if (sparse) {
    Spectra::SparseSymMatProd<double> prod(*sparse);
    return lanczos(prod, m, want, op_name);
  }
  // One product per Lanczos step, hundreds of steps: parallel only when each is long.
  const Context prod_ctx = threads_for(ctx, static_cast<double>(m) * static_cast<double>(m), 1e7);
  ParallelDenseSymProd prod(*dense, prod_ctx);
  return lanczos(prod, m, want, op_name);
}

// Connected components of the graph (nonzero affinities), each listed in ascending order and
// ordered by their smallest row.
std::vector<std::vector<Index>> components(Index n, const Eigen::MatrixXd* dense,
                                           const Eigen::SparseMatrix<double>* sparse) {
  std::vector<Index> parent(static_cast<std::size_t>(n));
  std::iota(parent.begin(), parent.end(), Index{0});
  auto find = [&](Index i) {
    while (parent[static_cast<std::size_t>(i)] != i) {
      auto& p = parent[static_cast<std::size_t>(i)];
      p = parent[static_cast<std::size_t>(p)];
      i = p;
    }
    return i;
  };
  auto unite = [&](Index a, Index b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  };
  if (sparse) {
    for (Index c = 0; c < sparse->outerSize(); ++c) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(*sparse, c); it; ++it) {
        if (it.value() != 0) unite(it.row(), c);
      }
    }
  } else {
    for (Index j = 0; j < n; ++j) {
      const double* col = dense->col(j).data();
      for (Index i = j + 1; i < n; ++i) {
        if (col[i] != 0) unite(i, j);
      }
    }
  }
  std::vector<std::vector<Index>> out;
  std::vector<Index> slot(static_cast<std::size_t>(n), -1);
  for (Index i = 0; i < n; ++i) {
    const Index root = find(i);
    if (slot[static_cast<std::size_t>(root)] < 0) {
      slot[static_cast<std::size_t>(root)] = static_cast<Index>(out.size());
      out.emplace_back();
    }
    out[static_cast<std::size_t>(slot[static_cast<std::size_t>(root)])].push_back(i);
  }
  return out;
}

// The k leading eigenvectors of S (n × n, dense or sparse) as columns. The spectrum of a graph
// is the union of its components' spectra, so each component is solved on its own: an
// eigenvalue shared by several components (1 for every component) would otherwise have a
// multi-dimensional eigenspace that Lanczos resolves poorly.
Eigen::MatrixXd leading_eigenvectors(Index n, Index k, const Eigen::MatrixXd* dense,
                                     const Eigen::SparseMatrix<double>* sparse, const Context& ctx,
                                     const std::string& op_name) {
  const auto parts = components(n, dense, sparse);
  if (parts.size() == 1) {
    return leading_eigenpairs(dense, sparse, n, k, ctx, op_name).vectors;
  }
  struct Candidate {
    double value;
    std::size_t part;
    Index column;
  };
  std::vector<Eigenpairs> solved(parts.size());
  std::vector<Candidate> candidates;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const auto& rows = parts[p];
    const auto m = static_cast<Index>(rows.size());
    const Index want = std::min(k, m);
    if (sparse) {
      std::vector<Index> local(static_cast<std::size_t>(n), -1);
      for (Index r = 0; r < m; ++r)
        local[static_cast<std::size_t>(rows[static_cast<std::size_t>(r)])] = r;
      std::vector<Eigen::Triplet<double>> triplets;
      for (const Index c : rows) {
        for (Eigen::SparseMatrix<double>::InnerIterator it(*sparse, c); it; ++it) {
          triplets.emplace_back(static_cast<int>(local[static_cast<std::size_t>(it.row())]),
                                static_cast<int>(local[static_cast<std::size_t>(c)]), it.value());
        }
      }
      Eigen::SparseMatrix<double> block(m, m);
      block.setFromTriplets(triplets.begin(), triplets.end());
      solved[p] = leading_eigenpairs(nullptr, &block, m, want, ctx, op_name);
    } else {
      Eigen::MatrixXd block(m, m);
      for (Index b = 0; b < m; ++b) {
        for (Index a = 0; a < m; ++a) {
          block(a, b) =
              (*dense)(rows[static_cast<std::size_t>(a)], rows[static_cast<std::size_t>(b)]);
        }
      }
      solved[p] = leading_eigenpairs(&block, nullptr, m, want, ctx, op_name);
    }
    for (Index c = 0; c < solved[p].values.size(); ++c) {
      candidates.push_back({solved[p].values(c), p, c});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.value > b.value; });
  Eigen::MatrixXd vectors = Eigen::MatrixXd::Zero(n, k);
  for (Index c = 0; c < k && c < static_cast<Index>(candidates.size()); ++c) {
    const Candidate& cand = candidates[static_cast<std::size_t>(c)];
    const auto& rows = parts[cand.part];
    for (std::size_t r = 0; r < rows.size(); ++r) {
      vectors(rows[r], c) = solved[cand.part].vectors(static_cast<Index>(r), cand.column);
    }
  }
  return vectors;
}

// Renumbers labels to 0..m-1 keeping their order (argmax-based assignments can skip a column).
void compact_labels(std::vector<int>& labels) {
  std::vector<int> used = labels;
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  for (int& l : labels) {
    l = static_cast<int>(std::lower_bound(used.begin(), used.end(), l) - used.begin());
  }
}

// Damle, Minden & Ying 2019, "Simple, direct and efficient multi-way spectral clustering"
// (scikit-learn's cluster_qr): pivoted QR picks k representative rows, an SVD aligns them with
// the axes, each row takes its largest |coordinate|.
std::vector<int> cluster_qr(const Eigen::MatrixXd& v) {
  const Index k = v.cols();
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(v.transpose());
  const auto& piv = qr.colsPermutation().indices();
  Eigen::MatrixXd chosen(k, k);
  for (Index r = 0; r < k; ++r) chosen.col(r) = v.row(piv(r)).transpose();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(chosen, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::MatrixXd rotated = (v * (svd.matrixU() * svd.matrixV().transpose())).cwiseAbs();
  std::vector<int> labels(static_cast<std::size_t>(v.rows()));
  for (Index i = 0; i < v.rows(); ++i) {
    Index arg = 0;
    rotated.row(i).maxCoeff(&arg);
    labels[static_cast<std::size_t>(i)] = static_cast<int>(arg);
  }
  return labels;
}

// Yu & Shi 2003, "Multiclass spectral clustering" (scikit-learn's discretize): alternate
// between the discrete assignment nearest to the rotated embedding and the rotation (an SVD)
// nearest to the assignment; random restarts when an SVD fails.
std::vector<int> discretize(Eigen::MatrixXd v, std::uint64_t seed, const std::string& op_name) {
  const Index n = v.rows(), k = v.cols();
  const double root_n = std::sqrt(static_cast<double>(n));
  for (Index c = 0; c < k; ++c) {
    const double norm = v.col(c).norm();
    if (norm > 0) v.col(c) *= root_n / norm;
    if (v(0, c) != 0) v.col(c) *= v(0, c) > 0 ? -1.0 : 1.0;
  }
  for (Index i = 0; i < n; ++i) {
    const double norm = v.row(i).norm();
    if (norm > 0) v.row(i) /= norm;
  }
  Rng rng(seed);
  std::vector<int> labels(static_cast<std::size_t>(n), 0);
  const double eps = std::numeric_limits<double>::epsilon();
  for (int restart = 0; restart < 30; ++restart) {
    Eigen::MatrixXd rotation = Eigen::MatrixXd::Zero(k, k);
    rotation.col(0) =
        v.row(static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)))).transpose();
    Eigen::VectorXd c = Eigen::VectorXd::Zero(n);
    for (Index j = 1; j < k; ++j) {
      c += (v * rotation.col(j - 1)).cwiseAbs();
      Index arg = 0;
      c.minCoeff(&arg);
      rotation.col(j) = v.row(arg).transpose();
    }
    double last_objective = 0;
    for (int iter = 1;; ++iter) {
      const Eigen::MatrixXd scores = v * rotation;
      Eigen::MatrixXd t_svd = Eigen::MatrixXd::Zero(k, k);
      for (Index i = 0; i < n; ++i) {
        Index arg = 0;
        scores.row(i).maxCoeff(&arg);
        labels[static_cast<std::size_t>(i)] = static_cast<int>(arg);
        t_svd.row(arg) += v.row(i);
      }
      Eigen::JacobiSVD<Eigen::MatrixXd> svd(t_svd, Eigen::ComputeFullU | Eigen::ComputeFullV);
      if (!svd.singularValues().allFinite()) break;
      const double ncut = 2.0 * (static_cast<double>(n) - svd.singularValues().sum());
      if (std::abs(ncut - last_objective) < eps || iter > 20) return labels;
      last_objective = ncut;
      rotation = svd.matrixV() * svd.matrixU().transpose();
    }
  }
  throw InvalidInput(fmt::format("{}: discretize did not converge after 30 restarts", op_name));
}

}  // namespace

void SpectralClustering::fit(MatrixView x, const Context& caller_ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  const auto k = static_cast<Index>(p_int("n_clusters"));
  const Context ctx = threads_for(
      caller_ctx, static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(d));
  if (n < k) throw InvalidInput(fmt::format("{}: n_samples ({}) < n_clusters ({})", op, n, k));
  const bool knn = p_string("affinity") == "nearest_neighbors";
  const auto n_neighbors = static_cast<Index>(p_int("n_neighbors"));
  if (knn && n_neighbors > n) {
    throw InvalidInput(fmt::format("{}: n_samples ({}) < n_neighbors ({})", op, n, n_neighbors));
  }
  const double dense_bytes = static_cast<double>(n) * static_cast<double>(n) * sizeof(double);
  if (!knn && dense_bytes > static_cast<double>(kMaxDenseBytes)) {
    throw InvalidInput(fmt::format(
        "{}: affinity=rbf needs a {:.1f} GiB dense matrix for n_samples ({}), over the limit of "
        "{} GiB (about 16,000 rows); use affinity=nearest_neighbors",
        op, dense_bytes / (1 << 30), n, kMaxDenseBytes >> 30));
  }

  // Affinity without its diagonal, and degrees.
  Eigen::MatrixXd dense;
  Eigen::SparseMatrix<double> sparse;
  std::vector<double> degree(static_cast<std::size_t>(n), 0.0);
  if (knn) {
    // Brute-force neighbours: row i and its n_neighbors − 1 nearest others, ties to the lower
    // index; the row itself is always taken first, as kneighbors_graph(include_self=True).
    std::vector<Index> neighbors(static_cast<std::size_t>(n * n_neighbors));
    parallel_for_dynamic(ctx, n, [&](Index i) {
      std::vector<std::pair<double, Index>> dist;
      dist.reserve(static_cast<std::size_t>(n - 1));
      for (Index j = 0; j < n; ++j) {
        if (j != i) dist.emplace_back(sq_dist(x.row(i), x.row(j), d), j);
      }
      const auto m = static_cast<std::ptrdiff_t>(n_neighbors - 1);
      std::partial_sort(dist.begin(), dist.begin() + m, dist.end());
      Index* out = neighbors.data() + i * n_neighbors;
      out[0] = i;
      for (std::ptrdiff_t t = 0; t < m; ++t) out[t + 1] = dist[static_cast<std::size_t>(t)].second;
    });
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(static_cast<std::size_t>(2 * n * n_neighbors));
    for (Index i = 0; i < n; ++i) {
      for (Index t = 1; t < n_neighbors; ++t) {
        const Index j = neighbors[static_cast<std::size_t>(i * n_neighbors + t)];
        triplets.emplace_back(static_cast<int>(i), static_cast<int>(j), 0.5);
        triplets.emplace_back(static_cast<int>(j), static_cast<int>(i), 0.5);
      }
    }
    sparse.resize(n, n);
    sparse.setFromTriplets(triplets.begin(), triplets.end());
    for (Index c = 0; c < sparse.outerSize(); ++c) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(sparse, c); it; ++it) {
        degree[static_cast<std::size_t>(c)] += it.value();
      }
    }
  } else {
    const double gamma = p_double("gamma");
    dense.resize(n, n);
    parallel_for_dynamic(ctx, n, [&](Index j) {
      double* col = dense.col(j).data();
      for (Index i = 0; i < n; ++i) {
        col[i] = i == j ? 0.0 : std::exp(-gamma * sq_dist(x.row(i), x.row(j), d));
      }
    });
    parallel_for(ctx, n,
                 [&](Index j) { degree[static_cast<std::size_t>(j)] = dense.col(j).sum(); });
  }
  std::vector<double> root_degree(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < degree.size(); ++i) {
    root_degree[i] = degree[i] > 0 ? std::sqrt(degree[i]) : 1.0;
  }

  // S = D^{-1/2} W D^{-1/2}; its leading eigenvectors are the Laplacian's trailing ones.
  if (knn) {
    for (Index c = 0; c < sparse.outerSize(); ++c) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(sparse, c); it; ++it) {
        it.valueRef() /= root_degree[static_cast<std::size_t>(it.row())] *
                         root_degree[static_cast<std::size_t>(c)];
      }
    }
  } else {
    parallel_for(ctx, n, [&](Index j) {
      for (Index i = 0; i < n; ++i) {
        dense(i, j) /=
            root_degree[static_cast<std::size_t>(i)] * root_degree[static_cast<std::size_t>(j)];
      }
    });
  }
  const Eigen::MatrixXd vectors = knn ? leading_eigenvectors(n, k, nullptr, &sparse, ctx, op)
                                      : leading_eigenvectors(n, k, &dense, nullptr, ctx, op);

  embedding_ = Matrix(n, k);
  for (Index i = 0; i < n; ++i) {
    for (Index c = 0; c < k; ++c) {
      embedding_(i, c) =
          static_cast<float>(vectors(i, c) / root_degree[static_cast<std::size_t>(i)]);
    }
  }
  const std::string& assign = p_string("assign_labels");
  if (assign == "kmeans") {
    KMeans km;
    km.set_param("n_clusters", k);
    km.set_param("n_init", p_int("n_init"));
    km.set_param("seed", p_int("seed"));
    km.fit(embedding_, threads_for(caller_ctx, static_cast<double>(n) * static_cast<double>(k) *
                                                   static_cast<double>(k) * 10.0));
    labels_ = km.labels();
  } else {
    Eigen::MatrixXd maps(n, k);
    for (Index i = 0; i < n; ++i) {
      for (Index c = 0; c < k; ++c)
        maps(i, c) = vectors(i, c) / root_degree[static_cast<std::size_t>(i)];
    }
    labels_ = assign == "cluster_qr"
                  ? cluster_qr(maps)
                  : discretize(std::move(maps), static_cast<std::uint64_t>(p_int("seed")), op);
    compact_labels(labels_);
  }
  set_fitted(true);
}

const Matrix& SpectralClustering::embedding() const {
  require_fitted("embedding");
  return embedding_;
}

}  // namespace metaul
