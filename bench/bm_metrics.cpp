// Clustering metrics: exact silhouette (O(n² d)), Calinski-Harabasz, Davies-Bouldin and the
// external scores on large label vectors.
//
// Data (bench/peer_metrics.py builds the same arrays): labels[i] = i % k and
// x[i][j] = float32(10 · sin(0.37 · i + 1.3 · j) + 3 · labels[i] · (j % 3 == 0)), row-major.
// Predicted labels for the external scores: pred[i] = (i * 7 + i / 13) % (k + 2).

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "metaul/core/context.h"
#include "metaul/metrics/clustering.h"

namespace {

using metaul::Index;

struct Data {
  metaul::Matrix x;
  std::vector<int> labels;
  std::vector<int> pred;
};

Data make(Index n, Index d, int k) {
  Data out;
  out.x = metaul::Matrix(n, d);
  out.labels.resize(static_cast<std::size_t>(n));
  out.pred.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    const int l = static_cast<int>(i % k);
    out.labels[static_cast<std::size_t>(i)] = l;
    out.pred[static_cast<std::size_t>(i)] = static_cast<int>((i * 7 + i / 13) % (k + 2));
    for (Index j = 0; j < d; ++j) {
      out.x(i, j) = static_cast<float>(
          10.0 * std::sin(0.37 * static_cast<double>(i) + 1.3 * static_cast<double>(j)) +
          (j % 3 == 0 ? 3.0 * l : 0.0));
    }
  }
  return out;
}

void BM_Silhouette(benchmark::State& state) {
  const Data data = make(state.range(0), state.range(1), 5);
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(2));
  for (auto _ : state) {
    benchmark::DoNotOptimize(metaul::metrics::silhouette(data.x, data.labels, ctx));
  }
}

void BM_CalinskiDavies(benchmark::State& state) {
  const Data data = make(state.range(0), state.range(1), 5);
  for (auto _ : state) {
    benchmark::DoNotOptimize(metaul::metrics::calinski_harabasz(data.x, data.labels));
    benchmark::DoNotOptimize(metaul::metrics::davies_bouldin(data.x, data.labels));
  }
}

void BM_ExternalScores(benchmark::State& state) {
  const Data data = make(state.range(0), 1, 10);
  for (auto _ : state) {
    benchmark::DoNotOptimize(metaul::metrics::adjusted_rand_index(data.labels, data.pred));
    benchmark::DoNotOptimize(metaul::metrics::adjusted_mutual_info(data.labels, data.pred));
    benchmark::DoNotOptimize(metaul::metrics::normalized_mutual_info(data.labels, data.pred));
  }
}

BENCHMARK(BM_Silhouette)
    ->Args({5000, 10, 1})
    ->Args({5000, 10, 2})
    ->Args({2000, 10, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_CalinskiDavies)->Args({100000, 10})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ExternalScores)->Args({100000})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
