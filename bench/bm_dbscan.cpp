// Density-based clustering benchmarks: DBSCAN, HDBSCAN, OPTICS.
//
// Data: when METAUL_BENCH_DATA names a file, it is read as int64 n, int64 d, then n·d float32
// values (row-major); bench/peer_density.py writes it so that scikit-learn sees the same rows.
// Otherwise the data are generated here: 10 Gaussian blobs (std 1) with centers uniform in
// [-50, 50]^d, plus 5% rows uniform in [-60, 60]^d (the same recipe as peer_density.py, with
// metaul's Rng instead of numpy's).
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

#include "metaul/core/rng.h"
#include "metaul/learn/dbscan.h"
#include "metaul/learn/hdbscan.h"
#include "metaul/learn/optics.h"

namespace {

using metaul::Index;
using metaul::Matrix;

Matrix read_bin(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::int64_t n = 0, d = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  in.read(reinterpret_cast<char*>(&d), sizeof d);
  Matrix x(n, d);
  in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(n * d * sizeof(float)));
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  return x;
}

Matrix blobs_with_noise(Index n, Index d, std::uint64_t seed) {
  metaul::Rng rng(seed);
  const int k = 10;
  Matrix centers(k, d);
  for (Index c = 0; c < k; ++c) {
    for (Index j = 0; j < d; ++j) centers(c, j) = static_cast<float>(rng.uniform(-50, 50));
  }
  Matrix x(n, d);
  const Index n_noise = n / 20;
  for (Index i = 0; i < n; ++i) {
    const Index c = i % k;
    for (Index j = 0; j < d; ++j) {
      x(i, j) = i < n - n_noise ? static_cast<float>(centers(c, j) + rng.normal())
                                : static_cast<float>(rng.uniform(-60, 60));
    }
  }
  return x;
}

const Matrix& data(Index n, Index d) {
  static std::map<std::pair<Index, Index>, Matrix> cache;
  auto key = std::make_pair(n, d);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const char* path = std::getenv("METAUL_BENCH_DATA");
  Matrix x = path ? read_bin(path) : blobs_with_noise(n, d, 42);
  return cache.emplace(key, std::move(x)).first->second;
}

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
