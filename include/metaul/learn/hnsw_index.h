#pragma once
/// @file hnsw_index.h
/// Approximate nearest-neighbour search with hierarchical navigable small-world graphs
/// (Malkov & Yashunin 2020, "Efficient and robust approximate nearest neighbor search using
/// hierarchical navigable small world graphs", IEEE TPAMI 42(4)) through Debian's hnswlib,
/// behind the `KnnIndex` interface (knn_index.h).
///
/// - Approximate: `query` may miss true neighbours (recall grows with `ef_search`, `M` and
///   `ef_construction`); the rows it returns carry **exact** distances (recomputed in double as
///   `exact_sq_distance`), sorted by distance then index. With `exclude_self`, k + 1 rows are
///   searched and the query's own row is dropped (or the farthest, when the search missed it).
/// - Deterministic: rows are inserted one by one in row order (hnswlib's level draws come from
///   its own generator seeded with `seed`), so the graph and every answer are the same for any
///   thread count. Queries run in parallel (hnswlib searches are read-only).
/// - `radius` is not supported (hnswlib has no range search): throws NotSupported.
/// - Opt-in only: make_knn_index("hnsw"); "auto" keeps the exact indexes so that detector
///   scores stay exact.
/// Complexity: build about O(n log n · M · ef_construction · d) sequential; query about
/// O(log n · ef_search · d) each. Memory: a float copy of the data plus n · 2M links.

#include <cstdint>
#include <memory>

#include "metaul/learn/knn_index.h"

namespace metaul {

class HnswIndex final : public KnnIndex {
 public:
  /// `m`: links per node (hnswlib's M, ≥ 2); `ef_construction`: candidate list while building;
  /// `ef_search`: candidate list while querying (max(ef_search, k) is used); `seed`: level draws.
  explicit HnswIndex(int m = 16, int ef_construction = 200, int ef_search = 100,
                     std::uint64_t seed = 0);
  ~HnswIndex() override;
  HnswIndex(HnswIndex&&) noexcept;
  HnswIndex& operator=(HnswIndex&&) noexcept;
  std::string_view name() const override { return "hnsw"; }
  /// throws: InvalidInput (empty matrix), InvalidParameter (m < 2, ef < 1).
  void build(MatrixView x, const Context& ctx) override;
  KnnResult query(MatrixView queries, Index k, const Context& ctx,
                  const QueryOptions& options = {}) const override;
  /// throws: NotSupported always.
  RadiusResult radius(MatrixView queries, double r, const Context& ctx,
                      const QueryOptions& options = {}) const override;

 private:
  struct Graph;
  int m_, ef_construction_, ef_search_;
  std::uint64_t seed_;
  std::unique_ptr<Graph> graph_;
};

}  // namespace metaul
