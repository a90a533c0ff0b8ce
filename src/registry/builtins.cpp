// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family

// mixtures and transformers

// neighbours and density-based clustering

// hierarchical, spectral and other clusterers

namespace metaul {

void register_builtins(Registry& r) {
  (void)r;
  // k-means family

  // mixtures and transformers

  // neighbours and density-based clustering

  // hierarchical, spectral and other clusterers
}

}  // namespace metaul
