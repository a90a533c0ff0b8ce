// The built-in estimators: one line each, grouped by area.
#include "metaul/registry.h"

// k-means family
#include "metaul/learn/kmeans.h"
#include "metaul/learn/minibatch_kmeans.h"

// mixtures and transformers
#include "metaul/learn/gmm.h"
#include "metaul/learn/pca.h"
#include "metaul/learn/scalers.h"

// neighbours and density-based clustering
#include "metaul/learn/dbscan.h"
#include "metaul/learn/hdbscan.h"
#include "metaul/learn/optics.h"

// hierarchical, spectral and other clusterers
#include "metaul/learn/agglomerative.h"
#include "metaul/learn/birch.h"
#include "metaul/learn/genie.h"
#include "metaul/learn/mean_shift.h"
#include "metaul/learn/spectral.h"

// anomaly detectors
#include "metaul/learn/abod.h"
#include "metaul/learn/cblof.h"
#include "metaul/learn/cof.h"
#include "metaul/learn/ecod.h"
#include "metaul/learn/eif.h"
#include "metaul/learn/gmm_detector.h"
#include "metaul/learn/hbos.h"
#include "metaul/learn/iforest.h"
#include "metaul/learn/inne.h"
#include "metaul/learn/knn_detector.h"
#include "metaul/learn/loda.h"
#include "metaul/learn/lof.h"
#include "metaul/learn/mcd.h"
#include "metaul/learn/ocsvm.h"
#include "metaul/learn/pca_detector.h"
#include "metaul/learn/sod.h"

namespace metaul {

void register_builtins(Registry& r) {
  // k-means family
  r.add<KMeans>(
      "k-means: Lloyd (1982) or its exact Hamerly (2010) / Elkan (2003) accelerations, greedy "
      "k-means++ seeding (Arthur & Vassilvitskii 2007)");
  r.add<MiniBatchKMeans>("mini-batch k-means (Sculley 2010), scikit-learn's algorithm");

  // mixtures and transformers
  r.add<GaussianMixture>("Gaussian mixture fitted by EM (Dempster, Laird & Rubin 1977)");
  r.add<StandardScaler>("standardisation to zero mean and unit variance");
  r.add<RobustScaler>("centring on the median, scaling by an interquantile range");
  r.add<MinMaxScaler>("per-feature min-max scaling onto [min, max]");
  r.add<PCA>("principal component analysis, exact or randomized (Halko et al. 2011)");

  // neighbours and density-based clustering
  r.add<DBSCAN>("DBSCAN density clustering (Ester et al. 1996), scikit-learn's labels");
  r.add<HDBSCAN>("HDBSCAN hierarchical density clustering (Campello et al. 2013, McInnes 2017)");
  r.add<OPTICS>("OPTICS ordering with xi or DBSCAN extraction (Ankerst et al. 1999)");

  // hierarchical, spectral and other clusterers
  r.add<Agglomerative>(
      "agglomerative clustering, ward/average/complete/single (Mullner 2011 NN-chain; MST)");
  r.add<Genie>(
      "Genie: Gini-corrected single linkage on the MST (Gagolewski, Bartoszuk & Cena 2016)");
  r.add<SpectralClustering>(
      "spectral clustering: normalised Laplacian embedding + k-means (Ng, Jordan & Weiss 2002)");
  r.add<MeanShift>("mean shift with a flat kernel (Comaniciu & Meer 2002)");
  r.add<Birch>("BIRCH CF-tree with a global ward step (Zhang, Ramakrishnan & Livny 1996)");

  // anomaly detectors
  r.add<IsolationForest>("isolation forest (Liu, Ting & Zhou 2008), scikit-learn's variant");
  r.add<ExtendedIsolationForest>("extended isolation forest with hyperplane cuts (Hariri 2019)");
  r.add<HBOS>("histogram-based outlier score, static bins (Goldstein & Dengel 2012)");
  r.add<ECOD>("empirical-CDF tail probabilities (Li et al. 2022, TKDE)");
  r.add<COPOD>("empirical copula outlier detection (Li et al. 2020, ICDM)");
  r.add<LODA>("sparse random projections with histograms (Pevny 2016)");
  r.add<MCD>("robust Mahalanobis distance, FastMCD (Rousseeuw & Van Driessen 1999)");
  r.add<PCADetector>("weighted PCA reconstruction score (Shyu et al. 2003)");
  r.add<KNNDetector>("distance to the k-th nearest neighbour (Ramaswamy et al. 2000)");
  r.add<LOF>("local outlier factor (Breunig et al. 2000), scikit-learn's variant");
  r.add<GMMDetector>("negative log-likelihood under a Gaussian mixture (EM, Dempster et al. 1977)");
  r.add<ABOD>("fast angle-based outlier detection on k neighbours (Kriegel et al. 2008)");
  r.add<OneClassSVM>("one-class SVM via LIBSVM (Schoelkopf et al. 2001), scikit-learn's variant");
  r.add<SOD>("subspace outlier degree (Kriegel et al. 2009)");
  r.add<INNE>("isolation using nearest-neighbour ensembles (Bandaragoda et al. 2018)");
  r.add<CBLOF>("cluster-based local outlier factor on k-means (He, Xu & Deng 2003)");
  r.add<COF>("connectivity-based outlier factor, fast variant (Tang et al. 2002)");
}

}  // namespace metaul
