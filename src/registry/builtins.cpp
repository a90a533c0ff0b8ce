// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family
#include "metaul/learn/kmeans.h"

// mixtures and transformers
#include "metaul/learn/gmm.h"

// neighbours and density-based clustering

// hierarchical, spectral and other clusterers

namespace metaul {

void register_builtins(Registry& r) {
  // k-means family
  r.add<KMeans>("k-means (Lloyd) with greedy k-means++ seeding");

  // mixtures and transformers
  r.add<GaussianMixture>("Gaussian mixture fitted by EM (Dempster, Laird & Rubin 1977)");

  // neighbours and density-based clustering

  // hierarchical, spectral and other clusterers
}

}  // namespace metaul
