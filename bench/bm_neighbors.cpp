// Neighbour-based detectors and the one-class SVM: fit (which scores the training rows).
//
// Data: anomaly_bench_data.h, uniform noise with 1% shifted rows (the peer script builds the
// same array with peer_common.hashed_table).

#include <benchmark/benchmark.h>

#include "anomaly_bench_data.h"

#include <cstdint>

#include "metaul/core/context.h"
#include "metaul/learn/knn_detector.h"
#include "metaul/learn/lof.h"
#include "metaul/learn/ocsvm.h"

namespace {

using metaul::Index;

using anomaly_bench::hashed_table;

// Args: n, d, threads.
template <class Det>
void fit_loop(benchmark::State& state, std::int64_t k) {
  const metaul::Matrix x = hashed_table(state.range(0), state.range(1));
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
