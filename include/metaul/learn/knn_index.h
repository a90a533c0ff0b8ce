#pragma once
/// @file knn_index.h
/// Exact nearest-neighbour search under the Euclidean distance, behind one interface so that
/// the clusterers and detectors that need neighbours do not care how they are found.
///
/// - `KnnIndex::build` indexes an n × d row-major float matrix. The index keeps a **view** of
///   the data (no copy): the matrix must outlive the index and stay unchanged.
/// - `query(q, k)` gives the k nearest indexed rows of every query row, sorted by distance,
///   ties broken by the lower index.
/// - `radius(q, r)` gives every indexed row within distance r of each query row (inclusive,
///   like scikit-learn), sorted by distance then index.
///
/// Distances are exact: the squared distance Σ_j (q_j − x_j)² is accumulated in double, in
/// column order, from the float inputs, and "within r" means that sum ≤ r² (in double). Every
/// implementation returns bit-identical results (the brute-force index is the oracle of the
/// others in the tests). Results do not depend on the thread count.
///
/// Implementations:
/// - `BruteForceIndex`: any d. Candidate distances come from blocked SGEMM
///   (‖q‖² + ‖x‖² − 2 q·x in float); a rigorous bound on the float rounding error selects every
///   row that could belong to the answer, and those are recomputed exactly in double.
///   O(m·n·d) per m queries, O(block·n) extra memory.
/// - `KdTreeIndex`: a kd-tree (nanoflann; Bentley 1975, Friedman, Bentley & Finkel 1977),
///   exact, for low d (≲ 16). Build O(n log n); queries about O(log n) each at low d.
/// - `HnswIndex` (hnsw_index.h): approximate, same interface, exact distances on what it finds.
#include <memory>
#include <string_view>
#include <vector>

#include "metaul/core/context.h"
#include "metaul/core/matrix.h"

namespace metaul {

/// k nearest neighbours of m query rows: row-major m × k arrays.
struct KnnResult {
  Index n_queries = 0;
  Index k = 0;
  std::vector<Index> indices;     ///< m × k indices into the indexed rows
  std::vector<double> distances;  ///< m × k Euclidean distances (not squared)
  Index index(Index query, Index j) const {
    return indices[static_cast<std::size_t>(query * k + j)];
  }
  double distance(Index query, Index j) const {
    return distances[static_cast<std::size_t>(query * k + j)];
  }
};

/// Neighbours within a radius of m query rows, in compressed-row form: the neighbours of query
/// i are entries [offsets[i], offsets[i+1]) of `indices` and `distances`.
struct RadiusResult {
  std::vector<Index> offsets;     ///< m + 1 entries, offsets[0] = 0
  std::vector<Index> indices;     ///< indices into the indexed rows
  std::vector<double> distances;  ///< Euclidean distances (not squared)
  Index n_queries() const { return static_cast<Index>(offsets.size()) - 1; }
  Index count(Index query) const {
    return offsets[static_cast<std::size_t>(query + 1)] - offsets[static_cast<std::size_t>(query)];
  }
};

/// Options of a query.
struct QueryOptions {
  /// The query rows are rows [self_offset, self_offset + m) of the indexed data, and each
  /// query must not return its own row (other rows with identical values are returned).
  bool exclude_self = false;
  Index self_offset = 0;
};

/// Exact Euclidean neighbour search over the rows of one matrix.
class KnnIndex {
 public:
  virtual ~KnnIndex() = default;
  /// Short name: "brute" or "kd_tree".
  virtual std::string_view name() const = 0;
  /// Indexes the rows of `x` (keeps a view: `x` must outlive the index).
  /// requires: x has at least one row and one column, finite values.
  /// throws: InvalidInput for an empty matrix.
  virtual void build(MatrixView x, const Context& ctx) = 0;
  /// The k nearest indexed rows of every row of `queries`.
  /// requires: queries.cols() == d; 1 ≤ k ≤ n (n − 1 with exclude_self).
  /// throws: InvalidInput (wrong column count, not built), InvalidParameter (k out of range).
  virtual KnnResult query(MatrixView queries, Index k, const Context& ctx,
                          const QueryOptions& options = {}) const = 0;
  /// Every indexed row within distance r (inclusive) of each row of `queries`.
  /// requires: queries.cols() == d, r ≥ 0.  throws: InvalidInput, InvalidParameter.
  virtual RadiusResult radius(MatrixView queries, double r, const Context& ctx,
                              const QueryOptions& options = {}) const = 0;
  /// The indexed data.
  MatrixView data() const { return data_; }

 protected:
  void check_build(MatrixView x, std::string_view op);
  void check_query(MatrixView queries, std::string_view op) const;
  MatrixView data_;
};

/// Exhaustive search with blocked SGEMM candidates and exact double re-ranking.
class BruteForceIndex final : public KnnIndex {
 public:
  std::string_view name() const override { return "brute"; }
  void build(MatrixView x, const Context& ctx) override;
  KnnResult query(MatrixView queries, Index k, const Context& ctx,
                  const QueryOptions& options = {}) const override;
  RadiusResult radius(MatrixView queries, double r, const Context& ctx,
                      const QueryOptions& options = {}) const override;

 private:
  std::vector<double> sq_norms_;  // ‖x_i‖² of the indexed rows
  std::vector<float> norms_hi_;   // (1 ± Γ)‖x_i‖² rounded outwards: the error-bound terms
  std::vector<float> norms_lo_;
  double max_sq_norm_ = 0;
};

/// Exact kd-tree search (nanoflann) for low-dimensional data.
class KdTreeIndex final : public KnnIndex {
 public:
  /// `leaf_size`: maximum rows per leaf.
  explicit KdTreeIndex(int leaf_size = 16);
  ~KdTreeIndex() override;
  KdTreeIndex(KdTreeIndex&&) noexcept;
  KdTreeIndex& operator=(KdTreeIndex&&) noexcept;
  std::string_view name() const override { return "kd_tree"; }
  void build(MatrixView x, const Context& ctx) override;
  KnnResult query(MatrixView queries, Index k, const Context& ctx,
                  const QueryOptions& options = {}) const override;
  RadiusResult radius(MatrixView queries, double r, const Context& ctx,
                      const QueryOptions& options = {}) const override;

 private:
  struct Tree;
  int leaf_size_;
  std::unique_ptr<Tree> tree_;
};

/// Creates an (unbuilt) index: "brute", "kd_tree", "hnsw" (approximate, hnsw_index.h, default
/// parameters; opt-in only), or "auto" (kd-tree for d ≤ 16, else brute: always exact).
/// throws: InvalidParameter for another name.
std::unique_ptr<KnnIndex> make_knn_index(std::string_view algorithm, Index n, Index d);

/// The exact squared Euclidean distance between two float rows, accumulated in double in
/// column order (the reference every index matches).
inline double exact_sq_distance(const float* a, const float* b, Index d) {
  double s = 0;
  for (Index j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return s;
}

}  // namespace metaul
