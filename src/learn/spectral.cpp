#include "metaul/learn/spectral.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <Spectra/MatOp/SparseSymMatProd.h>
#include <Spectra/SymEigsSolver.h>
#include <fmt/format.h>
#include <Eigen/Dense>
#include <Eigen/Sparse>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"
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
      ParamSpec::seed(),
  };
  return table;
}

namespace {

constexpr Index kDenseSolverRows = 1000;

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

// The k leading eigenvectors (largest eigenvalues) of a symmetric operator, as columns.
template <class Op>
Eigen::MatrixXd leading_eigenvectors(Op& op, Index n, Index k, const std::string& op_name) {
  const Index ncv = std::min(n, std::max<Index>(2 * k + 1, 20));
  Spectra::SymEigsSolver<Op> solver(op, k, ncv);
  solver.init();
  solver.compute(Spectra::SortRule::LargestAlge, 10000, 1e-10);
  if (solver.info() != Spectra::CompInfo::Successful) {
    throw InvalidInput(
        fmt::format("{}: the eigensolver did not converge for {} eigenvectors of a {} x {} graph",
                    op_name, k, n, n));
  }
  return solver.eigenvectors();
}

}  // namespace

void SpectralClustering::fit(MatrixView x, const Context& ctx) {
  const auto op = op_name("fit");
  check_input(x, op.c_str());
  const Index n = x.rows(), d = x.cols();
  const auto k = static_cast<Index>(p_int("n_clusters"));
  if (n < k) throw InvalidInput(fmt::format("{}: n_samples ({}) < n_clusters ({})", op, n, k));
  const bool knn = p_string("affinity") == "nearest_neighbors";
  const auto n_neighbors = static_cast<Index>(p_int("n_neighbors"));
  if (knn && n_neighbors > n) {
    throw InvalidInput(fmt::format("{}: n_samples ({}) < n_neighbors ({})", op, n, n_neighbors));
  }
  const bool dense_solver = n <= kDenseSolverRows;
  const double dense_bytes = static_cast<double>(n) * static_cast<double>(n) * sizeof(double);
  if ((!knn || dense_solver) && dense_bytes > static_cast<double>(kMaxDenseBytes)) {
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
  Eigen::MatrixXd vectors;
  if (knn) {
    for (Index c = 0; c < sparse.outerSize(); ++c) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(sparse, c); it; ++it) {
        it.valueRef() /= root_degree[static_cast<std::size_t>(it.row())] *
                         root_degree[static_cast<std::size_t>(c)];
      }
    }
    if (dense_solver) dense = Eigen::MatrixXd(sparse);
  } else {
    parallel_for(ctx, n, [&](Index j) {
      for (Index i = 0; i < n; ++i) {
        dense(i, j) /=
            root_degree[static_cast<std::size_t>(i)] * root_degree[static_cast<std::size_t>(j)];
      }
    });
  }
  if (dense_solver) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(dense);
    if (solver.info() != Eigen::Success) {
      throw InvalidInput(
          fmt::format("{}: the dense eigensolver failed on a {} x {} graph", op, n, n));
    }
    vectors = solver.eigenvectors().rightCols(k).rowwise().reverse();
  } else if (knn) {
    Spectra::SparseSymMatProd<double> prod(sparse);
    vectors = leading_eigenvectors(prod, n, k, op);
  } else {
    ParallelDenseSymProd prod(dense, ctx);
    vectors = leading_eigenvectors(prod, n, k, op);
  }

  embedding_ = Matrix(n, k);
  for (Index i = 0; i < n; ++i) {
    for (Index c = 0; c < k; ++c) {
      embedding_(i, c) =
          static_cast<float>(vectors(i, c) / root_degree[static_cast<std::size_t>(i)]);
    }
  }
  KMeans km;
  km.set_param("n_clusters", k);
  km.set_param("n_init", p_int("n_init"));
  km.set_param("seed", p_int("seed"));
  km.fit(embedding_, ctx);
  labels_ = km.labels();
  set_fitted(true);
}

const Matrix& SpectralClustering::embedding() const {
  require_fitted("embedding");
  return embedding_;
}

}  // namespace metaul
