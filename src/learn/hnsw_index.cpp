#include "metaul/learn/hnsw_index.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "metaul/core/error.h"
#include "metaul/core/parallel.h"

namespace metaul {

struct HnswIndex::Graph {
  explicit Graph(std::size_t d) : space(d) {}
  hnswlib::L2Space space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw;
};

HnswIndex::HnswIndex(int m, int ef_construction, int ef_search, std::uint64_t seed)
    : m_(m), ef_construction_(ef_construction), ef_search_(ef_search), seed_(seed) {}
HnswIndex::~HnswIndex() = default;
HnswIndex::HnswIndex(HnswIndex&&) noexcept = default;
HnswIndex& HnswIndex::operator=(HnswIndex&&) noexcept = default;

void HnswIndex::build(MatrixView x, const Context& ctx) {
  (void)ctx;  // sequential insertion keeps the graph independent of the thread count
  const std::string op = "knn_index.hnsw.build";
  if (m_ < 2 || ef_construction_ < 1 || ef_search_ < 1) {
    throw InvalidParameter(op + ": M (" + std::to_string(m_) +
                           ") must be >= 2 and ef_construction (" +
                           std::to_string(ef_construction_) + "), ef_search (" +
                           std::to_string(ef_search_) + ") >= 1");
  }
  check_build(x, op);
  auto g = std::make_unique<Graph>(static_cast<std::size_t>(x.cols()));
  g->hnsw = std::make_unique<hnswlib::HierarchicalNSW<float>>(
      &g->space, static_cast<std::size_t>(x.rows()), static_cast<std::size_t>(m_),
      static_cast<std::size_t>(ef_construction_), static_cast<std::size_t>(seed_));
  for (Index i = 0; i < x.rows(); ++i) {
    g->hnsw->addPoint(x.row(i), static_cast<hnswlib::labeltype>(i));
  }
  g->hnsw->setEf(static_cast<std::size_t>(ef_search_));
  graph_ = std::move(g);
}

KnnResult HnswIndex::query(MatrixView queries, Index k, const Context& ctx,
                           const QueryOptions& options) const {
  const std::string op = "knn_index.hnsw.query";
  check_query(queries, op);
  const Index n = data_.rows(), d = data_.cols();
  const Index k_max = options.exclude_self ? n - 1 : n;
  if (k < 1 || k > k_max) {
    throw InvalidParameter(op + ": k (" + std::to_string(k) + ") must be in [1, " +
                           std::to_string(k_max) + "]");
  }
  if (options.exclude_self &&
      (options.self_offset < 0 || options.self_offset + queries.rows() > n)) {
    throw InvalidParameter(op + ": self rows out of range");
  }
  KnnResult out;
  out.n_queries = queries.rows();
  out.k = k;
  out.indices.resize(static_cast<std::size_t>(queries.rows() * k));
  out.distances.resize(out.indices.size());
  const Index want = options.exclude_self ? k + 1 : k;
  parallel_for(ctx, queries.rows(), [&](Index i) {
    auto heap = graph_->hnsw->searchKnn(queries.row(i), static_cast<std::size_t>(want));
    std::vector<std::pair<double, Index>> found;
    found.reserve(heap.size());
    const Index self = options.exclude_self ? options.self_offset + i : -1;
    while (!heap.empty()) {
      const auto j = static_cast<Index>(heap.top().second);
      heap.pop();
      if (j != self) found.push_back({exact_sq_distance(queries.row(i), data_.row(j), d), j});
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) throw NotSupported(op + ": the graph search returned no row");
    // A search that returns fewer than k rows (a poorly connected graph) repeats its last row.
    for (Index j = 0; j < k; ++j) {
      const auto& f =
          found[static_cast<std::size_t>(std::min<Index>(j, static_cast<Index>(found.size()) - 1))];
      out.indices[static_cast<std::size_t>(i * k + j)] = f.second;
      out.distances[static_cast<std::size_t>(i * k + j)] = std::sqrt(f.first);
    }
  });
  return out;
}

RadiusResult HnswIndex::radius(MatrixView, double, const Context&, const QueryOptions&) const {
  throw NotSupported("knn_index.hnsw.radius: the HNSW index has no range search");
}

}  // namespace metaul
