// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family
#include "metaul/learn/kmeans.h"

// mixtures and transformers

// neighbours and density-based clustering

// hierarchical, spectral and other clusterers

// anomaly detectors
#include "metaul/learn/ecod.h"
#include "metaul/learn/eif.h"
#include "metaul/learn/hbos.h"
#include "metaul/learn/iforest.h"
#include "metaul/learn/loda.h"
#include "metaul/learn/mcd.h"
#include "metaul/learn/pca_detector.h"

namespace metaul {

void register_builtins(Registry& r) {
  // k-means family
  r.add<KMeans>("k-means (Lloyd) with greedy k-means++ seeding");

  // mixtures and transformers

  // neighbours and density-based clustering

  // hierarchical, spectral and other clusterers

  // anomaly detectors
  r.add<IsolationForest>("isolation forest (Liu, Ting & Zhou 2008), scikit-learn's variant");
  r.add<ExtendedIsolationForest>("extended isolation forest with hyperplane cuts (Hariri 2019)");
  r.add<HBOS>("histogram-based outlier score, static bins (Goldstein & Dengel 2012)");
  r.add<ECOD>("empirical-CDF tail probabilities (Li et al. 2022, TKDE)");
  r.add<COPOD>("empirical copula outlier detection (Li et al. 2020, ICDM)");
  r.add<LODA>("sparse random projections with histograms (Pevny 2016)");
  r.add<MCD>("robust Mahalanobis distance, FastMCD (Rousseeuw & Van Driessen 1999)");
  r.add<PCADetector>("weighted PCA reconstruction score (Shyu et al. 2003)");
}

}  // namespace metaul
