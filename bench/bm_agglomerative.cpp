// Hierarchical clustering benchmarks: agglomerative (ward, average, complete, single) and Genie,
// cut into 8 clusters, the same work as scikit-learn's AgglomerativeClustering in
// bench/peer_hier.py.
//
// Data: when METAUL_HIER_DATA names a file written by peer_hier.py (int64 n, d; n×d float32 X),
// it is read; otherwise Gaussian blobs are generated here (same shapes, different numbers) so the
// program also runs alone. When METAUL_HIER_LABELS is set, the labels of the last fit are written
// there (int32) so that the peer script can compare them with scikit-learn's.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "metaul/core/rng.h"
#include "metaul/learn/agglomerative.h"
#include "metaul/learn/genie.h"

namespace {

metaul::Matrix make_data(metaul::Index n, metaul::Index d) {
  if (const char* path = std::getenv("METAUL_HIER_DATA")) {
    if (std::FILE* f = std::fopen(path, "rb")) {
      std::int64_t header[2] = {0, 0};
      metaul::Matrix x(n, d);
      const bool ok = std::fread(header, sizeof(header), 1, f) == 1 && header[0] == n &&
                      header[1] == d &&
                      std::fread(x.data(), sizeof(float), static_cast<std::size_t>(n * d), f) ==
                          static_cast<std::size_t>(n * d);
      std::fclose(f);
      if (ok) return x;
    }
  }
  metaul::Rng rng(42);
  const metaul::Index k = 8;
  std::vector<double> centers(static_cast<std::size_t>(k * d));
  for (double& c : centers) c = rng.uniform(-10, 10);
  metaul::Matrix x(n, d);
  for (metaul::Index i = 0; i < n; ++i) {
    const auto c = static_cast<metaul::Index>(rng.below(k));
    for (metaul::Index j = 0; j < d; ++j) {
      x(i, j) = static_cast<float>(centers[static_cast<std::size_t>(c * d + j)] + rng.normal());
    }
  }
  return x;
}

void write_labels(const std::vector<int>& labels) {
  const char* path = std::getenv("METAUL_HIER_LABELS");
  if (!path) return;
  if (std::FILE* f = std::fopen(path, "wb")) {
    std::vector<std::int32_t> out(labels.begin(), labels.end());
    std::fwrite(out.data(), sizeof(std::int32_t), out.size(), f);
    std::fclose(f);
  }
}

const char* const kLinkages[] = {"ward", "average", "complete", "single"};

// Args: n, d, linkage (0 ward, 1 average, 2 complete, 3 single).
void BM_Agglomerative(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1);
  const std::string linkage = kLinkages[state.range(2)];
  const metaul::Matrix x = make_data(n, d);
  metaul::Context ctx;
  std::vector<int> labels;
  for (auto _ : state) {
    metaul::Agglomerative model;
    model.set_param("linkage", linkage);
    model.set_param("n_clusters", std::int64_t{8});
    model.fit(x, ctx);
    labels = model.labels();
    benchmark::DoNotOptimize(labels.data());
  }
  state.SetLabel(linkage);
  write_labels(labels);
}

void BM_Genie(benchmark::State& state) {
  const metaul::Index n = state.range(0), d = state.range(1);
  const metaul::Matrix x = make_data(n, d);
  metaul::Context ctx;
  for (auto _ : state) {
    metaul::Genie model;
    model.set_param("n_clusters", std::int64_t{8});
    model.fit(x, ctx);
    benchmark::DoNotOptimize(model.labels().data());
  }
}

}  // namespace

BENCHMARK(BM_Agglomerative)
    ->ArgsProduct({{3000, 10000}, {8}, {0, 1, 2, 3}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Genie)
    ->ArgsProduct({{3000, 10000}, {8}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
