#!/usr/bin/python3
"""metaul vs scikit-learn on agglomerative clustering (Euclidean, 8 clusters).

Workload: n × 8 float32 data from 8 Gaussian blobs (numpy default_rng(0): centres uniform in
[-10, 10]^8, unit standard deviation), AgglomerativeClustering(n_clusters=8, linkage=L) for
L = ward and single (and average with --all). The data is written to a temporary file that
bm_agglomerative reads through METAUL_HIER_DATA, so both libraries see the same numbers; the
labels metaul returns (METAUL_HIER_LABELS) are compared with scikit-learn's.

Usage: /usr/bin/python3 bench/peer_hier.py [--build-dir build] [--quick] [--repeats 3] [--all]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.cluster import AgglomerativeClustering

LINKAGES = {"ward": 0, "average": 1, "complete": 2, "single": 3}
TARGET = 1.0  # at least as fast as scikit-learn (same exact algorithms)


def make_data(n, d=8, k=8):
    rng = np.random.default_rng(0)
    centres = rng.uniform(-10, 10, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return (centres[labels] + rng.standard_normal((n, d))).astype(np.float32)


def run_metaul(build_dir, data_path, labels_path, n, d, linkage, repeats):
    binary = os.path.join(build_dir, "bench", "bm_agglomerative")
    env = dict(os.environ, METAUL_HIER_DATA=data_path, METAUL_HIER_LABELS=labels_path)
    out = subprocess.run(
        [binary, f"--benchmark_filter=^BM_Agglomerative/{n}/{d}/{LINKAGES[linkage]}/",
         "--benchmark_format=json", f"--benchmark_repetitions={repeats}"],
        env=env, check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"] if b.get("run_type") == "iteration"]
    if not runs:
        raise SystemExit(f"bm_agglomerative has no benchmark for n={n} d={d} {linkage}")
    secs = [b["real_time"] / 1e3 for b in runs]  # milliseconds -> seconds
    return statistics.median(secs), np.fromfile(labels_path, dtype=np.int32)


def run_sklearn(x, linkage, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        labels = AgglomerativeClustering(n_clusters=8, linkage=linkage).fit(x).labels_
        times.append(time.perf_counter() - t)
    return statistics.median(times), labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="3,000 rows instead of 10,000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--all", action="store_true", help="also average and complete linkage")
    args = ap.parse_args()
    n, d = (3000 if args.quick else 10000), 8
    linkages = list(LINKAGES) if args.all else ["ward", "single"]
    x = make_data(n, d)
    print(f"{'workload':40s} {'metaul s':>9s} {'sklearn s':>9s} {'ratio':>7s} {'target':>7s} "
          f"{'same labels':>11s}")
    with tempfile.TemporaryDirectory() as tmp:
        data_path = os.path.join(tmp, "hier.bin")
        labels_path = os.path.join(tmp, "labels.bin")
        with open(data_path, "wb") as fh:
            fh.write(np.array([n, d], dtype=np.int64).tobytes())
            fh.write(np.ascontiguousarray(x).tobytes())
        for linkage in linkages:
            t_metaul, lab_metaul = run_metaul(args.build_dir, data_path, labels_path, n, d,
                                              linkage, args.repeats)
            t_peer, lab_peer = run_sklearn(x, linkage, args.repeats)
            same = "yes" if np.array_equal(lab_metaul, lab_peer) else "NO"
            name = f"agglomerative {linkage} n={n} d={d} k=8"
            print(f"{name:40s} {t_metaul:9.3f} {t_peer:9.3f} {t_peer / t_metaul:7.2f} "
                  f"{TARGET:6.1f}x {same:>11s}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
