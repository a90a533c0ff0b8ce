// Isolation forest: fit (100 trees, 256 rows each) + score_samples of every row.
//
// Data: anomaly_bench_data.h, uniform noise with 1% shifted rows (the peer script builds the
// same array with peer_common.hashed_table).

#include <benchmark/benchmark.h>

#include "anomaly_bench_data.h"

#include <cstdint>

#include "metaul/core/context.h"
#include "metaul/learn/iforest.h"

namespace {

using metaul::Index;

using anomaly_bench::hashed_table;

void BM_IForestFitScore(benchmark::State& state) {
  const metaul::Matrix x = hashed_table(state.range(0), state.range(1));
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(2));
  for (auto _ : state) {
    metaul::IsolationForest f;
    f.set_param("n_estimators", std::int64_t{100});
    f.set_param("max_samples", std::int64_t{256});
    f.fit(x, ctx);
    benchmark::DoNotOptimize(f.score_samples(x, ctx));
  }
}

}  // namespace

BENCHMARK(BM_IForestFitScore)
    ->Args({100000, 16, 1})
    ->Args({100000, 16, 2})
    ->Args({1000000, 16, 1})
    ->Args({1000000, 16, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
