#pragma once
/// @file synthetic.h
/// Synthetic labelled data for demos, tests and benchmarks (scikit-learn's make_blobs and
/// make_moons, with metaul's own seeded generator: the same seed gives the same data on every
/// platform, but not the same numbers as scikit-learn).

#include <cstdint>
#include <vector>

#include "metaul/core/matrix.h"

namespace metaul {

struct LabelledData {
  Matrix x;
  std::vector<int> labels;
};

/// Isotropic Gaussian blobs. `n_centers` centers are drawn uniformly in
/// [box_min, box_max]^n_features; point i belongs to blob i mod n_centers (so blob sizes differ
/// by at most one) and is its center plus N(0, cluster_std²) noise per feature.
/// throws: InvalidParameter when a count is < 1 or cluster_std < 0.
LabelledData make_blobs(Index n_samples, Index n_features, int n_centers, double cluster_std,
                        std::uint64_t seed, double box_min = -10.0, double box_max = 10.0);

/// Two interleaving half circles in 2-D with Gaussian noise of standard deviation `noise`.
LabelledData make_moons(Index n_samples, double noise, std::uint64_t seed);

}  // namespace metaul
