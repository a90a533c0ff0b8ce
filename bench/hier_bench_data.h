// Shared by the benchmarks of the hierarchical, spectral and other clusterers: the workload data
// and the label hand-off to bench/peer_hier.py.
//
// Data: when METAUL_HIER_DATA names a file written by peer_hier.py (int64 n, d; n×d float32 X)
// with the requested shape, it is read; otherwise 8 Gaussian blobs (centres uniform in
// [-10, 10]^d, unit standard deviation) are generated here so the programs also run alone.
// When METAUL_HIER_LABELS is set, the labels of the last fit are written there (int32).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "metaul/core/matrix.h"
#include "metaul/core/rng.h"

namespace metaul::bench {

inline Matrix hier_data(Index n, Index d) {
  if (const char* path = std::getenv("METAUL_HIER_DATA")) {
    if (std::FILE* f = std::fopen(path, "rb")) {
      std::int64_t header[2] = {0, 0};
      Matrix x(n, d);
      const bool ok = std::fread(header, sizeof(header), 1, f) == 1 && header[0] == n &&
                      header[1] == d &&
                      std::fread(x.data(), sizeof(float), static_cast<std::size_t>(n * d), f) ==
                          static_cast<std::size_t>(n * d);
      std::fclose(f);
      if (ok) return x;
    }
  }
  Rng rng(42);
  const Index k = 8;
  std::vector<double> centers(static_cast<std::size_t>(k * d));
  for (double& c : centers) c = rng.uniform(-10, 10);
  Matrix x(n, d);
  for (Index i = 0; i < n; ++i) {
    const auto c = static_cast<Index>(rng.below(k));
    for (Index j = 0; j < d; ++j) {
      x(i, j) = static_cast<float>(centers[static_cast<std::size_t>(c * d + j)] + rng.normal());
    }
  }
  return x;
}

inline void write_hier_labels(const std::vector<int>& labels) {
  const char* path = std::getenv("METAUL_HIER_LABELS");
  if (!path) return;
  if (std::FILE* f = std::fopen(path, "wb")) {
    std::vector<std::int32_t> out(labels.begin(), labels.end());
    std::fwrite(out.data(), sizeof(std::int32_t), out.size(), f);
    std::fclose(f);
  }
}

}  // namespace metaul::bench
