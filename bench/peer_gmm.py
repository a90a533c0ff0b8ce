#!/usr/bin/python3
"""metaul vs scikit-learn on Gaussian mixture EM (full covariance).

Workload: n × 16 float32 data from 16 Gaussian blobs (numpy default_rng(0): centres uniform in
[-5, 5]^16, per-blob scales uniform in [0.5, 2]), 16 components, 50 EM iterations with tol = 0,
both sides starting from the same parameters (means = 16 random rows, equal weights, precisions =
inverse of the global covariance). The data and start are written to a temporary file that
bm_gmm reads through METAUL_GMM_DATA, so both libraries see the same numbers and do the same
number of iterations.

Usage: /usr/bin/python3 bench/peer_gmm.py [--build-dir build] [--quick] [--repeats 3]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

import numpy as np
from sklearn.mixture import GaussianMixture

from peer_common import run_benchmarks

TARGET = 10.0


def make_workload(n, d=16, k=16):
    rng = np.random.default_rng(0)
    centres = rng.uniform(-5, 5, size=(k, d))
    scales = rng.uniform(0.5, 2.0, size=k)
    labels = rng.integers(0, k, size=n)
    x = (centres[labels] + rng.standard_normal((n, d)) * scales[labels, None]).astype(np.float32)
    means = x[rng.choice(n, size=k, replace=False)].astype(np.float64)
    weights = np.full(k, 1.0 / k)
    prec = np.linalg.inv(np.cov(x.astype(np.float64), rowvar=False))
    precisions = np.repeat(prec[None], k, axis=0)
    return x, weights, means, precisions


def write_workload(path, x, weights, means, precisions):
    n, d = x.shape
    k = weights.shape[0]
    with open(path, "wb") as fh:
        fh.write(np.array([n, d, k], dtype=np.int64).tobytes())
        fh.write(np.ascontiguousarray(x, dtype=np.float32).tobytes())
        fh.write(weights.astype(np.float64).tobytes())
        fh.write(means.astype(np.float64).tobytes())
        fh.write(precisions.astype(np.float64).tobytes())


def run_metaul(build_dir, path, n, repeats):
    runs = run_benchmarks(build_dir, "bm_gmm", f"BM_GmmFull/{n}/16/16", repeats,
                          env={"METAUL_GMM_DATA": path})
    (records,) = runs.values()
    return statistics.median(r["seconds"] for r in records), records[0].get("lower_bound")


def run_sklearn(x, weights, means, precisions, repeats):
    times, lb = [], None
    x64 = x.astype(np.float64)
    for _ in range(repeats):
        g = GaussianMixture(n_components=weights.shape[0], covariance_type="full", max_iter=50,
                            tol=0.0, weights_init=weights, means_init=means,
                            precisions_init=precisions)
        t = time.perf_counter()
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g.fit(x64)
        times.append(time.perf_counter() - t)
        lb = g.lower_bound_
    return statistics.median(times), lb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="20,000 rows instead of 200,000")
    ap.add_argument("--repeats", type=int, default=None)
    args = ap.parse_args()
    n = 20000 if args.quick else 200000
    repeats = args.repeats or (3 if args.quick else 1)
    x, w, m, p = make_workload(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "gmm.bin")
        write_workload(path, x, w, m, p)
        t_metaul, lb_metaul = run_metaul(args.build_dir, path, n, repeats)
    t_peer, lb_peer = run_sklearn(x, w, m, p, repeats)
    print(f"{'workload':44s} {'metaul s':>9s} {'sklearn s':>9s} {'ratio':>7s} {'target':>7s}")
    name = f"gmm full n={n} d=16 k=16 50 iter"
    print(f"{name:44s} {t_metaul:9.3f} {t_peer:9.3f} {t_peer / t_metaul:7.1f} {TARGET:6.0f}x")
    print(f"lower bound: metaul {lb_metaul:.6f}  sklearn {lb_peer:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
