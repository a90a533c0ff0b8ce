// Gaussian mixture EM benchmark: full covariance, a fixed number of iterations (tol = 0) from a
// given starting point, so that the work equals scikit-learn's in bench/peer_gmm.py.
//
// Data: when METAUL_GMM_DATA names a file written by peer_gmm.py, it is read (int64 n, d, k;
// n×d float32 X; k float64 weights; k×d float64 means; k×d×d float64 precisions). Otherwise
// blobs are generated here (same shapes, different numbers) so the program also runs alone.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "metaul/core/rng.h"
#include "metaul/learn/gmm.h"

namespace {

struct Workload {
  metaul::Matrix x;
  std::vector<double> weights, means, precisions;
};

bool read_workload(const char* path, metaul::Index n, metaul::Index d, metaul::Index k,
                   Workload& w) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  std::int64_t hdr[3];
  bool ok = std::fread(hdr, sizeof(hdr), 1, f) == 1 && hdr[0] == n && hdr[1] == d && hdr[2] == k;
  if (ok) {
    w.x = metaul::Matrix(n, d);
    w.weights.resize(k);
    w.means.resize(k * d);
    w.precisions.resize(k * d * d);
    ok = std::fread(w.x.data(), sizeof(float), n * d, f) == static_cast<std::size_t>(n * d) &&
         std::fread(w.weights.data(), sizeof(double), k, f) == static_cast<std::size_t>(k) &&
         std::fread(w.means.data(), sizeof(double), k * d, f) == static_cast<std::size_t>(k * d) &&
         std::fread(w.precisions.data(), sizeof(double), k * d * d, f) ==
             static_cast<std::size_t>(k * d * d);
  }
  std::fclose(f);
  return ok;
}

Workload make_workload(metaul::Index n, metaul::Index d, metaul::Index k) {
  Workload w;
  if (const char* path = std::getenv("METAUL_GMM_DATA"); path && read_workload(path, n, d, k, w)) {
    return w;
  }
  metaul::Rng rng(42);
  std::vector<double> centers(k * d);
  for (double& c : centers) c = rng.uniform(-5, 5);
  w.x = metaul::Matrix(n, d);
  for (metaul::Index i = 0; i < n; ++i) {
    const auto c = static_cast<metaul::Index>(rng.below(k));
    for (metaul::Index j = 0; j < d; ++j) {
      w.x(i, j) = static_cast<float>(centers[c * d + j] + rng.normal());
    }
  }
  w.weights.assign(k, 1.0 / static_cast<double>(k));
  w.means.resize(k * d);
  for (metaul::Index c = 0; c < k; ++c) {
    for (metaul::Index j = 0; j < d; ++j) w.means[c * d + j] = w.x(c * (n / k), j);
  }
  w.precisions.assign(k * d * d, 0.0);
  for (metaul::Index c = 0; c < k; ++c) {
    for (metaul::Index j = 0; j < d; ++j) w.precisions[c * d * d + j * d + j] = 0.1;
  }
  return w;
}

void BM_GmmFull(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1), k = state.range(2);
  const Workload w = make_workload(n, d, k);
  metaul::Context ctx;
  for (auto _ : state) {
    metaul::GaussianMixture g;
    g.set_param("n_components", std::int64_t{k});
    g.set_param("covariance_type", std::string("full"));
    g.set_param("max_iter", std::int64_t{50});
    g.set_param("tol", 0.0);
    g.set_param("init_params", std::string("given"));
    g.set_initial_parameters(w.weights, w.means, w.precisions);
    g.fit(w.x, ctx);
    benchmark::DoNotOptimize(g.lower_bound());
    state.counters["lower_bound"] = g.lower_bound();
  }
}
BENCHMARK(BM_GmmFull)
    ->Args({200000, 16, 16})
    ->Args({20000, 16, 16})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
