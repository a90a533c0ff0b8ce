// Spectral clustering benchmark: kNN (n_neighbors = 10) and rbf (gamma = 0.05) affinities,
// 8 clusters, n_init = 10, the work of scikit-learn's SpectralClustering in bench/peer_hier.py.
// Data and label hand-off: see hier_bench_data.h.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "hier_bench_data.h"
#include "metaul/learn/spectral.h"

namespace {

// Args: n, d, affinity (0 nearest_neighbors, 1 rbf).
void BM_Spectral(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1);
  const std::string affinity = state.range(2) == 0 ? "nearest_neighbors" : "rbf";
  const metaul::Matrix x = metaul::bench::hier_data(n, d);
  metaul::Context ctx;
  std::vector<int> labels;
  for (auto _ : state) {
    metaul::SpectralClustering model;
    model.set_param("n_clusters", std::int64_t{8});
    model.set_param("affinity", affinity);
    model.set_param("gamma", 0.05);
    model.fit(x, ctx);
    labels = model.labels();
    benchmark::DoNotOptimize(labels.data());
  }
  state.SetLabel(affinity);
  metaul::bench::write_hier_labels(labels);
}

}  // namespace

BENCHMARK(BM_Spectral)
    ->ArgsProduct({{1000, 3000}, {8}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
