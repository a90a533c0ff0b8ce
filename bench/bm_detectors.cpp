// Every registered anomaly detector with its defaults: fit (which scores the training rows) on a
// 10,000 × 50 table. Target: under 1 s each, except ocsvm and abod.
//
// Data: 9,800 standard-normal rows and 200 rows shifted by 4 in every feature (metaul's Rng).
// Arguments: BM_Detector/<detector index in the registry's anomaly list>/<threads>; the
// detector's name is the benchmark's label.
#include <benchmark/benchmark.h>

#include "metaul/core/rng.h"
#include "metaul/registry.h"

namespace {

using metaul::Index;
using metaul::Matrix;

const Matrix& table() {
  static const Matrix x = [] {
    const Index n = 10000, d = 50, n_out = 200;
    metaul::Rng rng(7);
    Matrix m(n, d);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < d; ++j) {
        m(i, j) = static_cast<float>(rng.normal() + (i >= n - n_out ? 4.0 : 0.0));
      }
    }
    return m;
  }();
  return x;
}

std::vector<const metaul::EstimatorInfo*> detectors() {
  return metaul::builtin_registry().list(metaul::Family::Anomaly);
}

void BM_Detector(benchmark::State& state) {
  const auto* info = detectors()[static_cast<std::size_t>(state.range(0))];
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    auto detector = metaul::builtin_registry().make_detector(info->name);
    detector->fit(table(), ctx);
    benchmark::DoNotOptimize(detector->training_scores().data());
  }
  state.SetLabel(info->name);
}

void all_detectors(benchmark::internal::Benchmark* b) {
  for (std::size_t i = 0; i < detectors().size(); ++i) {
    for (int threads : {1, 2}) b->Args({static_cast<std::int64_t>(i), threads});
  }
}

BENCHMARK(BM_Detector)->Apply(all_detectors)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
