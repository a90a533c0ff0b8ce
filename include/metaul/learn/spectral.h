#pragma once
/// @file spectral.h
/// Spectral clustering (Shi & Malik 2000; Ng, Jordan & Weiss 2002; von Luxburg 2007, "A
/// tutorial on spectral clustering") as scikit-learn's `SpectralClustering`.
///
/// Spec: `spectral(n_clusters=8, affinity=rbf, gamma=1.0, n_neighbors=10, n_init=10,
/// assign_labels=kmeans, seed=0)`.
/// 1. Affinity W: `rbf` exp(−gamma·‖xᵢ − xⱼ‖²) (dense n × n), or `nearest_neighbors`: the 0/1
///    graph of each row's n_neighbors nearest rows (the row itself included, as scikit-learn's
///    kneighbors_graph(include_self=True)), symmetrised as 0.5·(A + Aᵀ) (sparse). The diagonal
///    is ignored.
/// 2. Embedding: the n_clusters eigenvectors of the normalised Laplacian
///    I − D^{−1/2} W D^{−1/2} with the smallest eigenvalues, each row divided by √degree
///    (scikit-learn's spectral_embedding with norm_laplacian=True, drop_first=False); isolated
///    nodes get degree 1. The largest eigenvalues of D^{−1/2} W D^{−1/2} are found per connected
///    component of the graph (the spectrum is the union of the components' spectra, and a
///    disconnected graph has eigenvalue 1 once per component, an eigenspace Lanczos resolves
///    poorly): Eigen's dense solver for components up to 300 rows, Spectra's Lanczos solver
///    beyond. Ties between components go to the component with the smallest row.
/// 3. Labels (`assign_labels`): `kmeans`, metaul's KMeans (k-means++, n_init runs, `seed`) on
///    the embedding; `cluster_qr` (Damle, Minden & Ying 2019; deterministic: column-pivoted QR
///    picks k rows, an SVD rotates them onto the axes, rows take the largest |coordinate|); or
///    `discretize` (Yu & Shi 2003, alternating discrete assignment and SVD rotation, seeded
///    restarts). The last two skip unused label values so that labels have no gaps.
/// Labels agree with scikit-learn's up to renumbering and k-means randomness (ARI ≥ 0.95 on the
/// fixtures of tools/fixtures_hier.py), not bit for bit. When the graph has more components than
/// n_clusters, which ones enter the embedding is arbitrary (scikit-learn's choice then depends on
/// its random seed), so the labels need not agree.
/// Complexity: rbf O(n²·d) time and n² doubles of memory (limit kMaxDenseBytes = 2 GiB, about
/// n = 16,000: larger inputs throw InvalidInput; a disconnected rbf graph, only possible when
/// affinities underflow to 0, copies its component blocks); nearest_neighbors O(n²·d) time for
/// the brute-force neighbour search and O(n·n_neighbors) memory; plus the eigensolver.
/// Determinism: identical output for any thread count.

#include <cstddef>

#include "metaul/learn/estimator.h"

namespace metaul {

class SpectralClustering : public EstimatorImpl<SpectralClustering, Clusterer> {
 public:
  static constexpr std::string_view kName = "spectral";
  static const ParamTable& param_specs();
  /// Largest dense matrix (rbf affinity, or the dense eigensolver) that fit will allocate.
  static constexpr std::size_t kMaxDenseBytes = std::size_t{2} << 30;

  /// requires: X is n × d, n ≥ n_clusters, n > n_neighbors for nearest_neighbors, finite.
  /// throws: InvalidInput (too few rows, memory limit, eigensolver failure).
  void fit(MatrixView x, const Context& ctx) override;

  /// n × n_clusters spectral embedding the labels were computed from.
  const Matrix& embedding() const;

 private:
  Matrix embedding_;
};

}  // namespace metaul
