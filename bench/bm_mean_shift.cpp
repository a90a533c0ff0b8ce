// Mean shift benchmark, the work of scikit-learn's MeanShift() (estimated bandwidth, every row
// a seed) in bench/peer_hier.py.
// Data and label hand-off: see hier_bench_data.h.
#include <benchmark/benchmark.h>

#include <vector>

#include "hier_bench_data.h"
#include "metaul/learn/mean_shift.h"

namespace {

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

BENCHMARK(BM_MeanShift)
    ->ArgsProduct({{1000, 3000}, {8}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
