// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family
#include "metaul/learn/kmeans.h"
#include "metaul/learn/minibatch_kmeans.h"

// mixtures and transformers

// neighbours and density-based clustering

// hierarchical, spectral and other clusterers

namespace metaul {

void register_builtins(Registry& r) {
  // k-means family
  r.add<KMeans>(
      "k-means: Lloyd (1982) or its exact Hamerly (2010) / Elkan (2003) accelerations, greedy "
      "k-means++ seeding (Arthur & Vassilvitskii 2007)");
  r.add<MiniBatchKMeans>("mini-batch k-means (Sculley 2010), scikit-learn's algorithm");

  // mixtures and transformers

  // neighbours and density-based clustering

  // hierarchical, spectral and other clusterers
}

}  // namespace metaul
