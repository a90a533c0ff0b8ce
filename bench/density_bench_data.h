#pragma once
// Data of the neighbour-search and density-clustering benchmarks (bm_knn, bm_dbscan).
//
// When METAUL_BENCH_DATA names a file, it is read as int64 n, int64 d, then n·d float32 values
// (row-major); bench/peer_density.py writes it so that scikit-learn sees the same rows.
// Otherwise the data are generated here: 10 Gaussian blobs (std 1) with centers uniform in
// [-50, 50]^d, plus 5% rows uniform in [-60, 60]^d (the same recipe as peer_density.py, with
// metaul's Rng instead of numpy's).
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "metaul/core/matrix.h"
#include "metaul/core/rng.h"

namespace density_bench {

using metaul::Index;
using metaul::Matrix;

inline Matrix read_bin(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::int64_t n = 0, d = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  in.read(reinterpret_cast<char*>(&d), sizeof d);
  Matrix x(n, d);
  in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(n * d * sizeof(float)));
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  return x;
}

inline Matrix blobs_with_noise(Index n, Index d, std::uint64_t seed) {
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

inline const Matrix& data(Index n, Index d) {
  static std::map<std::pair<Index, Index>, Matrix> cache;
  auto key = std::make_pair(n, d);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const char* path = std::getenv("METAUL_BENCH_DATA");
  Matrix x = path ? read_bin(path) : blobs_with_noise(n, d, 42);
  return cache.emplace(key, std::move(x)).first->second;
}

}  // namespace density_bench
