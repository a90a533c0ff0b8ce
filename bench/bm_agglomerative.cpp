// Hierarchical clustering benchmarks: agglomerative (ward, average, complete, single) and Genie,
// cut into 8 clusters, the same work as scikit-learn's AgglomerativeClustering in
// bench/peer_hier.py.
//
// Data and label hand-off: see hier_bench_data.h.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "hier_bench_data.h"
#include "metaul/learn/agglomerative.h"
#include "metaul/learn/genie.h"

namespace {

const char* const kLinkages[] = {"ward", "average", "complete", "single"};

// Args: n, d, linkage (0 ward, 1 average, 2 complete, 3 single).
void BM_Agglomerative(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1);
  const std::string linkage = kLinkages[state.range(2)];
  const metaul::Matrix x = metaul::bench::hier_data(n, d);
  metaul::Context ctx;
  std::vector<int> labels;
  for (auto _ : state) {
    metaul::Agglomerative model;
    model.set_param("linkage", linkage);
    model.set_param("n_clusters", std::int64_t{8});
    model.fit(x, ctx);
    labels = model.labels();
    benchmark::DoNotOptimize(labels.data());
  }
  state.SetLabel(linkage);
  metaul::bench::write_hier_labels(labels);
}

void BM_Genie(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1);
  const metaul::Matrix x = metaul::bench::hier_data(n, d);
  metaul::Context ctx;
  for (auto _ : state) {
    metaul::Genie model;
    model.set_param("n_clusters", std::int64_t{8});
    model.fit(x, ctx);
    benchmark::DoNotOptimize(model.labels().data());
  }
}

}  // namespace

BENCHMARK(BM_Agglomerative)
    ->ArgsProduct({{3000, 10000}, {8}, {0, 1, 2, 3}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Genie)
    ->ArgsProduct({{3000, 10000}, {8}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
