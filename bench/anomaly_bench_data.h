#pragma once
// The table of the isolation-forest and neighbour-detector benchmarks (bm_iforest,
// bm_neighbors), built identically by bench/peer_common.py's hashed_table so that the peer sees
// the same rows: h = (i · 2654435761 + j · 40503 + (i · j) mod 7919) mod 2^32,
// x[i][j] = float32(4 · h / 2^32 − 2 + 6 · [i mod 100 = 0]) — every hundredth row is shifted.
#include <cstdint>

#include "metaul/core/matrix.h"

namespace anomaly_bench {

using metaul::Index;

inline metaul::Matrix hashed_table(Index n, Index d) {
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

}  // namespace anomaly_bench
