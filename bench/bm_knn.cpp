// Exact kNN query benchmarks (BruteForceIndex, KdTreeIndex).
//
// Data: see density_bench_data.h.
//
// Arguments: BM_KnnQuery/<n>/<d>/<index: 0 brute, 1 kd_tree>/<threads>: build the index,
// then the k = 10 nearest of every row, itself excluded.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>

#include "density_bench_data.h"

#include "metaul/core/rng.h"
#include "metaul/learn/knn_index.h"

namespace {

using metaul::Index;
using metaul::Matrix;

using density_bench::data;

void BM_KnnQuery(benchmark::State& state) {
  const Matrix& x = data(state.range(0), state.range(1));
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(3));
  auto index =
      metaul::make_knn_index(state.range(2) == 0 ? "brute" : "kd_tree", x.rows(), x.cols());
  metaul::QueryOptions self;
  self.exclude_self = true;
  for (auto _ : state) {
    index->build(x, ctx);
    auto res = index->query(x, 10, ctx, self);
    benchmark::DoNotOptimize(res.indices.data());
  }
}
BENCHMARK(BM_KnnQuery)
    ->ArgsProduct({{5000, 20000}, {8}, {0, 1}, {1, 2}})
    ->Args({50000, 3, 1, 2})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
