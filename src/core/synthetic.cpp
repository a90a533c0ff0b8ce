#include "metaul/core/synthetic.h"

#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "metaul/core/error.h"
#include "metaul/core/rng.h"

namespace metaul {

LabelledData make_blobs(Index n_samples, Index n_features, int n_centers, double cluster_std,
                        std::uint64_t seed, double box_min, double box_max) {
  if (n_samples < 1 || n_features < 1 || n_centers < 1) {
    throw InvalidParameter(fmt::format(
        "make_blobs: n_samples ({}), n_features ({}) and centers ({}) must be at least 1",
        n_samples, n_features, n_centers));
  }
  if (!(cluster_std >= 0) || !std::isfinite(cluster_std)) {
    throw InvalidParameter(fmt::format("make_blobs: cluster_std ({}) must be >= 0", cluster_std));
  }
  Rng rng(seed);
  std::vector<double> centers(static_cast<std::size_t>(n_centers * n_features));
  for (auto& c : centers) c = rng.uniform(box_min, box_max);
  LabelledData out{Matrix(n_samples, n_features),
                   std::vector<int>(static_cast<std::size_t>(n_samples))};
  for (Index i = 0; i < n_samples; ++i) {
    const int c = static_cast<int>(i % n_centers);
    out.labels[static_cast<std::size_t>(i)] = c;
    for (Index j = 0; j < n_features; ++j) {
      out.x(i, j) = static_cast<float>(centers[static_cast<std::size_t>(c * n_features + j)] +
                                       cluster_std * rng.normal());
    }
  }
  return out;
}

LabelledData make_moons(Index n_samples, double noise, std::uint64_t seed) {
  if (n_samples < 2) {
    throw InvalidParameter(fmt::format("make_moons: n_samples ({}) must be at least 2", n_samples));
  }
  Rng rng(seed);
  LabelledData out{Matrix(n_samples, 2), std::vector<int>(static_cast<std::size_t>(n_samples))};
  const Index n_outer = n_samples / 2, n_inner = n_samples - n_outer;
  for (Index i = 0; i < n_samples; ++i) {
    const bool outer = i < n_outer;
    const Index m = outer ? n_outer : n_inner;
    const Index r = outer ? i : i - n_outer;
    const double t =
        m > 1 ? std::numbers::pi * static_cast<double>(r) / static_cast<double>(m - 1) : 0;
    const double x = outer ? std::cos(t) : 1 - std::cos(t);
    const double y = outer ? std::sin(t) : 1 - std::sin(t) - 0.5;
    out.x(i, 0) = static_cast<float>(x + noise * rng.normal());
    out.x(i, 1) = static_cast<float>(y + noise * rng.normal());
    out.labels[static_cast<std::size_t>(i)] = outer ? 0 : 1;
  }
  return out;
}

}  // namespace metaul
