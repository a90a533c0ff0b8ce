// Isolation forest: fit (100 trees, 256 rows each) + score_samples of every row.
//
// Data (bench/peer_iforest.py builds the same array): h = (i · 2654435761 + j · 40503 +
// (i · j) % 7919) mod 2^32, x[i][j] = float32(4 · h / 2^32 − 2 + 6 · [i % 100 == 0]), row-major
// (uniform noise with 1% shifted rows).

#include <benchmark/benchmark.h>

#include <cstdint>

#include "metaul/core/context.h"
#include "metaul/learn/iforest.h"

namespace {

using metaul::Index;

metaul::Matrix make(Index n, Index d) {
  metaul::Matrix x(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) {
      const auto ui = static_cast<std::uint64_t>(i), uj = static_cast<std::uint64_t>(j);
      const std::uint64_t h =
          (ui * 2654435761ULL + uj * 40503ULL + (ui * uj) % 7919ULL) & 0xFFFFFFFFULL;
      const double v =
          4.0 * static_cast<double>(h) / 4294967296.0 - 2.0 + (i % 100 == 0 ? 6.0 : 0.0);
      x(i, j) = static_cast<float>(v);
    }
  }
  return x;
}

void BM_IForestFitScore(benchmark::State& state) {
  const metaul::Matrix x = make(state.range(0), state.range(1));
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
