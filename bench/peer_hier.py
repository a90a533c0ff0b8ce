#!/usr/bin/python3
"""metaul vs scikit-learn on the hierarchical, spectral and other clusterers.

Workloads (8 clusters each), on n × 8 float32 data from 8 Gaussian blobs (numpy
default_rng(0): centres uniform in [-10, 10]^8, unit standard deviation):
  agglomerative ward / single (and average, complete with --all), n = 10,000
  spectral, kNN affinity (n_neighbors 10) and rbf (gamma 0.05), n_init 10, n = 3,000
  birch (threshold 2.0, global ward step), n = 10,000
  mean shift (estimated bandwidth, every row a seed), n = 3,000
--quick uses n = 3,000 / 1,000 / 3,000 / 1,000. The data is written to a temporary file that the
bm_* programs read through METAUL_HIER_DATA, so both libraries see the same numbers; the labels
metaul returns (METAUL_HIER_LABELS) are compared with scikit-learn's: identical for the exact
algorithms, adjusted Rand index for spectral (its k-means step is randomised).

Usage: /usr/bin/python3 bench/peer_hier.py [--build-dir build] [--quick] [--repeats 3] [--all]
       [--only agglomerative|spectral|birch|mean_shift]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.cluster import AgglomerativeClustering, Birch, MeanShift, SpectralClustering
from sklearn.metrics import adjusted_rand_score

from peer_common import run_benchmarks

warnings.filterwarnings("ignore")
D = 8


def make_data(n, d=D, k=8):
    rng = np.random.default_rng(0)
    centres = rng.uniform(-10, 10, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return (centres[labels] + rng.standard_normal((n, d))).astype(np.float32)


def workloads(quick, everything):
    n_agg, n_spec, n_birch, n_ms = (3000, 1000, 3000, 1000) if quick else (10000, 3000, 10000, 3000)
    out = []
    linkages = ["ward", "average", "complete", "single"] if everything else ["ward", "single"]
    codes = {"ward": 0, "average": 1, "complete": 2, "single": 3}
    for linkage in linkages:
        out.append(("agglomerative", f"agglomerative {linkage}", n_agg, "bm_agglomerative",
                    f"^BM_Agglomerative/{n_agg}/{D}/{codes[linkage]}/",
                    lambda x, l=linkage: AgglomerativeClustering(n_clusters=8, linkage=l)
                    .fit(x).labels_, True))
    for code, affinity in enumerate(["nearest_neighbors", "rbf"]):
        out.append(("spectral", f"spectral {affinity}", n_spec, "bm_spectral",
                    f"^BM_Spectral/{n_spec}/{D}/{code}/",
                    lambda x, a=affinity: SpectralClustering(
                        n_clusters=8, affinity=a, gamma=0.05, random_state=0).fit(x).labels_,
                    False))
    out.append(("birch", "birch threshold=2", n_birch, "bm_birch", f"^BM_Birch/{n_birch}/{D}/",
                lambda x: Birch(threshold=2.0, n_clusters=8).fit(x).labels_, True))
    out.append(("mean_shift", "mean_shift", n_ms, "bm_mean_shift", f"^BM_MeanShift/{n_ms}/{D}/",
                lambda x: MeanShift().fit(x).labels_, True))
    return out


def run_metaul(build_dir, binary, pattern, data_path, labels_path, repeats):
    runs = run_benchmarks(build_dir, binary, pattern, repeats,
                          env={"METAUL_HIER_DATA": data_path, "METAUL_HIER_LABELS": labels_path})
    seconds = [r["seconds"] for records in runs.values() for r in records]
    return statistics.median(seconds), np.fromfile(labels_path, dtype=np.int32)


def run_sklearn(fit, x, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        labels = fit(x)
        times.append(time.perf_counter() - t)
    return statistics.median(times), labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--all", action="store_true", help="also average and complete linkage")
    ap.add_argument("--only", help="one family: agglomerative, spectral, birch, mean_shift")
    args = ap.parse_args()
    print(f"{'workload':36s} {'n':>6s} {'metaul s':>9s} {'sklearn s':>9s} {'ratio':>7s} "
          f"{'target':>7s} {'agreement':>14s}")
    data = {}
    with tempfile.TemporaryDirectory() as tmp:
        labels_path = os.path.join(tmp, "labels.bin")
        for family, name, n, binary, pattern, fit, exact in workloads(args.quick, args.all):
            if args.only and family != args.only:
                continue
            if n not in data:
                x = make_data(n)
                path = os.path.join(tmp, f"hier_{n}.bin")
                with open(path, "wb") as fh:
                    fh.write(np.array([n, D], dtype=np.int64).tobytes())
                    fh.write(np.ascontiguousarray(x).tobytes())
                data[n] = (x, path)
            x, path = data[n]
            t_metaul, lab_metaul = run_metaul(args.build_dir, binary, pattern, path, labels_path,
                                              args.repeats)
            t_peer, lab_peer = run_sklearn(fit, x, args.repeats)
            if exact:
                agreement = "identical" if np.array_equal(lab_metaul, lab_peer) else "DIFFERENT"
            else:
                agreement = f"ARI {adjusted_rand_score(lab_peer, lab_metaul):.4f}"
            print(f"{name:36s} {n:6d} {t_metaul:9.3f} {t_peer:9.3f} {t_peer / t_metaul:7.2f} "
                  f"{1.0:6.1f}x {agreement:>14s}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
