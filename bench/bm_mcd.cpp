// Minimum covariance determinant detector: fit (FastMCD + reweighting) and the training scores.
//
// Data (bench/peer_mcd.py builds the same array): u = splitmix64(i · d + j + 1) as a 53-bit
// uniform in [0, 1), x[i][j] = float32(4 · u − 2 + 6 · [i % 100 == 0]), row-major

#include <benchmark/benchmark.h>

#include <cstdint>

#include "metaul/core/context.h"
#include "metaul/learn/mcd.h"

namespace {

using metaul::Index;

metaul::Matrix make(Index n, Index d) {
  metaul::Matrix x(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) {
      std::uint64_t z = static_cast<std::uint64_t>(i * d + j + 1) * 0x9E3779B97F4A7C15ULL;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      z ^= z >> 31;
      const double u = static_cast<double>(z >> 11) / 9007199254740992.0;
      const double v = 4.0 * u - 2.0 + (i % 100 == 0 ? 6.0 : 0.0);
      x(i, j) = static_cast<float>(v);
    }
  }
  return x;
}

void BM_MCDFit(benchmark::State& state) {
  const metaul::Matrix x = make(state.range(0), state.range(1));
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(2));
  for (auto _ : state) {
    metaul::MCD m;
    m.fit(x, ctx);
    benchmark::DoNotOptimize(m.training_scores().data());
  }
}

}  // namespace

BENCHMARK(BM_MCDFit)
    ->Args({2000, 20, 1})
    ->Args({10000, 50, 1})
    ->Args({10000, 50, 2})
    ->Args({10000, 200, 1})
    ->Args({10000, 200, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
