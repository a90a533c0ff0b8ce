// k-means benchmarks: Lloyd, Hamerly and Elkan on fixed workloads from given initial centers
// (exactly max_iter=20 iterations, tol=0), plus the SGEMM peak of the same OpenBLAS for reference.
//
// Data: when METAUL_KMEANS_DATA names a folder, every `<workload>.bin` in it is benchmarked; the
// file holds int64 n, d, k, then n·d float32 rows, then k·d float32 initial centers (written by
// bench/peer_kmeans.py, so that the peers see the same numbers). Otherwise the built-in
// workloads are generated here (METAUL_KMEANS_QUICK=1 for small sizes): Gaussian blobs, k
// centers ~ N(0, 2.25·I), points ~ N(center, I), initial centers = the first k rows.
//
// Counters: GFLOP/s = 2·n·k·d·iterations / time (the distance SGEMM work of Lloyd), iters.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "metaul/core/blas.h"
#include "metaul/core/rng.h"
#include "metaul/learn/kmeans.h"

namespace {

using metaul::Index;
using metaul::Matrix;

struct Workload {
  std::string name;
  Matrix x;
  Matrix init;
};

Workload generate(Index n, Index d, Index k, std::uint64_t seed) {
  metaul::Rng rng(seed);
  Matrix truth(k, d);
  for (Index t = 0; t < truth.size(); ++t) truth.data()[t] = static_cast<float>(1.5 * rng.normal());
  Workload w;
  w.name = std::to_string(n) + "x" + std::to_string(d) + "_k" + std::to_string(k);
  w.x = Matrix(n, d);
  for (Index i = 0; i < n; ++i) {
    const Index c = static_cast<Index>(rng.below(static_cast<std::uint64_t>(k)));
    for (Index j = 0; j < d; ++j) w.x(i, j) = truth(c, j) + static_cast<float>(rng.normal());
  }
  w.init = Matrix(k, d);
  std::copy(w.x.data(), w.x.data() + k * d, w.init.data());
  return w;
}

Workload load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::int64_t hdr[3];
  in.read(reinterpret_cast<char*>(hdr), sizeof(hdr));
  Workload w;
  w.name = path.stem().string();
  w.x = Matrix(hdr[0], hdr[1]);
  w.init = Matrix(hdr[2], hdr[1]);
  in.read(reinterpret_cast<char*>(w.x.data()), static_cast<std::streamsize>(w.x.size() * 4));
  in.read(reinterpret_cast<char*>(w.init.data()), static_cast<std::streamsize>(w.init.size() * 4));
  if (!in) throw std::runtime_error("bm_kmeans: truncated workload file " + path.string());
  return w;
}

std::vector<Workload>& workloads() {
  static std::vector<Workload> all = [] {
    std::vector<Workload> out;
    if (const char* dir = std::getenv("METAUL_KMEANS_DATA")) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() == ".bin") files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) out.push_back(load(f));
    } else if (const char* q = std::getenv("METAUL_KMEANS_QUICK"); q && std::string(q) == "1") {
      out.push_back(generate(100000, 32, 64, 1));
      out.push_back(generate(20000, 128, 256, 2));
    } else {
      out.push_back(generate(1000000, 32, 64, 1));
      out.push_back(generate(200000, 128, 256, 2));
    }
    return out;
  }();
  return all;
}

// Threads: METAUL_BENCH_THREADS when set, else every core.
metaul::Context bench_context() {
  metaul::Context ctx;
  if (const char* t = std::getenv("METAUL_BENCH_THREADS")) ctx.threads = std::atoi(t);
  return ctx;
}

void BM_kmeans(benchmark::State& state, const Workload* w, const char* algorithm) {
  const metaul::Context ctx = bench_context();
  metaul::KMeans km;
  km.set_param("n_clusters", static_cast<std::int64_t>(w->init.rows()));
  km.set_param("init", std::string("given"));
  km.set_param("max_iter", std::int64_t{20});
  km.set_param("tol", 0.0);
  km.set_param("algorithm", std::string(algorithm));
  int iters = 0;
  for (auto _ : state) {
    km.set_initial_centers(w->init);
    km.fit(w->x, ctx);
    iters = km.n_iter();
    benchmark::DoNotOptimize(km.inertia());
  }
  const double flops = 2.0 * static_cast<double>(w->x.rows()) * static_cast<double>(w->x.cols()) *
                       static_cast<double>(w->init.rows()) * iters;
  state.counters["GFLOP/s"] =
      benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["iters"] = iters;
  state.counters["inertia"] = km.inertia();
}

void BM_sgemm_peak(benchmark::State& state) {
  const Index n = state.range(0);
  const metaul::Context ctx = bench_context();
  Matrix a(n, n, 0.5f), b(n, n, 0.25f), c(n, n);
  for (Index t = 0; t < a.size(); ++t) a.data()[t] = static_cast<float>(t % 7) * 0.1f;
  for (auto _ : state) {
    metaul::blas::gemm_nt(ctx, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * n * n * n * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = std::getenv("METAUL_KMEANS_QUICK") != nullptr;
  benchmark::RegisterBenchmark("BM_sgemm_peak", BM_sgemm_peak)
      ->Arg(quick ? 1024 : 4096)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  for (const auto& w : workloads()) {
    for (const char* algorithm : {"lloyd", "hamerly", "elkan"}) {
      benchmark::RegisterBenchmark(("BM_kmeans/" + w.name + "/" + algorithm).c_str(), BM_kmeans, &w,
                                   algorithm)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime()
          ->MeasureProcessCPUTime();
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
