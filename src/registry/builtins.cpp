// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family
#include "metaul/learn/kmeans.h"

// mixtures and transformers

// neighbours and density-based clustering
#include "metaul/learn/dbscan.h"
#include "metaul/learn/hdbscan.h"
#include "metaul/learn/optics.h"

// hierarchical, spectral and other clusterers

namespace metaul {

void register_builtins(Registry& r) {
  // k-means family
  r.add<KMeans>("k-means (Lloyd) with greedy k-means++ seeding");

  // mixtures and transformers

  // neighbours and density-based clustering
  r.add<DBSCAN>("DBSCAN density clustering (Ester et al. 1996), scikit-learn's labels");
  r.add<HDBSCAN>("HDBSCAN hierarchical density clustering (Campello et al. 2013, McInnes 2017)");
  r.add<OPTICS>("OPTICS ordering with xi or DBSCAN extraction (Ankerst et al. 1999)");

  // hierarchical, spectral and other clusterers
}

}  // namespace metaul
