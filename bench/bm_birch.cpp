// BIRCH and mean shift benchmarks, the work of scikit-learn's Birch(threshold=2.0,
// n_clusters=8) and MeanShift() (estimated bandwidth, every row a seed) in bench/peer_hier.py.
// Data and label hand-off: see hier_bench_data.h.
#include <benchmark/benchmark.h>

#include <vector>

#include "hier_bench_data.h"
#include "metaul/learn/birch.h"
#include "metaul/learn/mean_shift.h"

namespace {

void BM_Birch(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1);
  const metaul::Matrix x = metaul::bench::hier_data(n, d);
  metaul::Context ctx;
  std::vector<int> labels;
  for (auto _ : state) {
    metaul::Birch model;
    model.set_param("threshold", 2.0);
    model.set_param("n_clusters", std::int64_t{8});
    model.fit(x, ctx);
    labels = model.labels();
    benchmark::DoNotOptimize(labels.data());
  }
  metaul::bench::write_hier_labels(labels);
}

void BM_MeanShift(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1);
  const metaul::Matrix x = metaul::bench::hier_data(n, d);
  metaul::Context ctx;
  std::vector<int> labels;
  for (auto _ : state) {
    metaul::MeanShift model;
    model.fit(x, ctx);
    labels = model.labels();
    benchmark::DoNotOptimize(labels.data());
  }
  metaul::bench::write_hier_labels(labels);
}

}  // namespace

BENCHMARK(BM_Birch)
    ->ArgsProduct({{3000, 10000}, {8}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_MeanShift)
    ->ArgsProduct({{1000, 3000}, {8}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
