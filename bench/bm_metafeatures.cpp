// Meta-feature extraction (every family, default sampling bounds) on Gaussian-mixture data.
//
// Data: 8 centres drawn uniformly in [-5, 5]^d with metaul::Rng(seed 1); row i belongs to centre
// i % 8 and adds standard normal noise (Rng::normal), row-major float32.

#include <benchmark/benchmark.h>

#include "metaul/core/context.h"
#include "metaul/core/rng.h"
#include "metaul/meta/metafeatures.h"

namespace {

using metaul::Index;

metaul::Matrix make(Index n, Index d) {
  metaul::Rng rng(1);
  std::vector<double> centres(static_cast<std::size_t>(8 * d));
  for (double& c : centres) c = rng.uniform(-5.0, 5.0);
  metaul::Matrix x(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) {
      x(i, j) =
          static_cast<float>(centres[static_cast<std::size_t>((i % 8) * d + j)] + rng.normal());
    }
  }
  return x;
}

void BM_MetaFeatures(benchmark::State& state) {
  const metaul::Matrix x = make(state.range(0), state.range(1));
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(2));
  for (auto _ : state) {
    benchmark::DoNotOptimize(metaul::meta::extract_metafeatures(x, ctx));
  }
}

}  // namespace

// The target workload (100,000 x 100) and corpus-sized tables.
BENCHMARK(BM_MetaFeatures)
    ->Args({100000, 100, 2})
    ->Args({100000, 100, 1})
    ->Args({1000, 10, 2})
    ->Args({5000, 20, 2})
    ->Args({20000, 50, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
