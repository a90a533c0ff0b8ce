// Neighbour-based detectors and the one-class SVM: fit (which scores the training rows).
//
// Data (bench/peer_neighbors.py builds the same array): h = (i · 2654435761 + j · 40503 +
// (i · j) % 7919) mod 2^32, x[i][j] = float32(4 · h / 2^32 − 2 + 6 · [i % 100 == 0]), row-major
// (uniform noise with 1% shifted rows), as bench/bm_iforest.cpp.

#include <benchmark/benchmark.h>

#include <cstdint>

#include "metaul/core/context.h"
#include "metaul/learn/knn_detector.h"
#include "metaul/learn/lof.h"
#include "metaul/learn/ocsvm.h"

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

// Args: n, d, threads.
template <class Det>
void fit_loop(benchmark::State& state, std::int64_t k) {
  const metaul::Matrix x = make(state.range(0), state.range(1));
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(2));
  for (auto _ : state) {
    Det det;
    if (k > 0) det.set_param("n_neighbors", k);
    det.fit(x, ctx);
    benchmark::DoNotOptimize(det.training_scores().data());
  }
}

void BM_LOF(benchmark::State& state) { fit_loop<metaul::LOF>(state, 20); }
void BM_KNN(benchmark::State& state) { fit_loop<metaul::KNNDetector>(state, 20); }
void BM_OCSVM(benchmark::State& state) { fit_loop<metaul::OneClassSVM>(state, 0); }

}  // namespace

BENCHMARK(BM_LOF)
    ->Args({10000, 16, 1})
    ->Args({50000, 16, 1})
    ->Args({50000, 16, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_KNN)
    ->Args({10000, 16, 1})
    ->Args({50000, 16, 1})
    ->Args({50000, 16, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_OCSVM)
    ->Args({3000, 16, 1})
    ->Args({10000, 16, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
