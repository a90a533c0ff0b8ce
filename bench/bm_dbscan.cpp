// Density-based clustering benchmarks: DBSCAN, HDBSCAN, OPTICS.
//
// Data: see density_bench_data.h.
//
// Arguments: BM_DBSCAN/<n>/<threads> (eps 0.8, min_samples 10);
//            BM_HDBSCAN/<n>/<threads> (min_cluster_size 50); BM_OPTICS/<n>/<threads>
//            (min_samples 10, max_eps 2);
// When METAUL_BENCH_LABELS names a file, BM_DBSCAN writes the labels of its last fit there
// (one per line) so that bench/peer_density.py can compare them with scikit-learn's.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>

#include "density_bench_data.h"

#include "metaul/core/rng.h"
#include "metaul/learn/dbscan.h"
#include "metaul/learn/hdbscan.h"
#include "metaul/learn/optics.h"

namespace {

using metaul::Index;
using metaul::Matrix;

using density_bench::data;

void BM_DBSCAN(benchmark::State& state) {
  const Matrix& x = data(state.range(0), 2);
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(1));
  metaul::DBSCAN db;
  db.set_param("eps", 0.8);
  db.set_param("min_samples", std::int64_t{10});
  for (auto _ : state) {
    db.fit(x, ctx);
    benchmark::DoNotOptimize(db.labels().data());
  }
  if (const char* out = std::getenv("METAUL_BENCH_LABELS")) {
    std::ofstream file(out);
    for (int label : db.labels()) file << label << '\n';
  }
  state.counters["n_clusters"] = db.n_clusters();
  state.counters["n_noise"] =
      static_cast<double>(std::count(db.labels().begin(), db.labels().end(), -1));
  state.counters["n_rows"] = static_cast<double>(x.rows());
}
BENCHMARK(BM_DBSCAN)
    ->Args({20000, 1})
    ->Args({20000, 2})
    ->Args({200000, 1})
    ->Args({200000, 2})
    ->Unit(benchmark::kMillisecond);

void BM_HDBSCAN(benchmark::State& state) {
  const Matrix& x = data(state.range(0), 2);
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(1));
  metaul::HDBSCAN h;
  h.set_param("min_cluster_size", std::int64_t{50});
  for (auto _ : state) {
    h.fit(x, ctx);
    benchmark::DoNotOptimize(h.labels().data());
  }
  state.counters["n_clusters"] = h.n_clusters();
}
BENCHMARK(BM_HDBSCAN)->Args({20000, 1})->Args({20000, 2})->Unit(benchmark::kMillisecond);

void BM_OPTICS(benchmark::State& state) {
  const Matrix& x = data(state.range(0), 2);
  metaul::Context ctx;
  ctx.threads = static_cast<int>(state.range(1));
  metaul::OPTICS op;
  op.set_param("min_samples", std::int64_t{10});
  op.set_param("max_eps", 2.0);
  for (auto _ : state) {
    op.fit(x, ctx);
    benchmark::DoNotOptimize(op.labels().data());
  }
}
BENCHMARK(BM_OPTICS)->Args({5000, 1})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
