// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family
#include "metaul/learn/kmeans.h"

// mixtures and transformers
#include "metaul/learn/gmm.h"
#include "metaul/learn/pca.h"
#include "metaul/learn/scalers.h"

// neighbours and density-based clustering

// hierarchical, spectral and other clusterers

namespace metaul {

void register_builtins(Registry& r) {
  // k-means family
  r.add<KMeans>("k-means (Lloyd) with greedy k-means++ seeding");

  // mixtures and transformers
  r.add<GaussianMixture>("Gaussian mixture fitted by EM (Dempster, Laird & Rubin 1977)");
  r.add<StandardScaler>("standardisation to zero mean and unit variance");
  r.add<RobustScaler>("centring on the median, scaling by an interquantile range");
  r.add<MinMaxScaler>("per-feature min-max scaling onto [min, max]");
  r.add<PCA>("principal component analysis, exact or randomized (Halko et al. 2011)");

  // neighbours and density-based clustering

  // hierarchical, spectral and other clusterers
}

}  // namespace metaul
