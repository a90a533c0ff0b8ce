// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family
#include "metaul/learn/kmeans.h"

// mixtures and transformers

// neighbours and density-based clustering

// hierarchical, spectral and other clusterers

// anomaly detectors

namespace metaul {

void register_builtins(Registry& r) {
  // k-means family
  r.add<KMeans>("k-means (Lloyd) with greedy k-means++ seeding");

  // mixtures and transformers

  // neighbours and density-based clustering

  // hierarchical, spectral and other clusterers

  // anomaly detectors
}

}  // namespace metaul
