#!/usr/bin/python3
"""Minimum covariance determinant: metaul (bench/bm_mcd) against scikit-learn's MinCovDet.

Workload: MinCovDet(random_state=0).fit on an n × d float32 matrix built with the formula
documented in bench/bm_mcd.cpp (independent uniform columns, 1% shifted rows): 10,000 × 50 and
10,000 × 200 (2,000 × 20 with --quick). metaul's time (fit = FastMCD, correction, reweighting
and the training scores) is the median of its benchmark repetitions for 1 and 2 threads;
scikit-learn's is the median of --peer-reps fits (its numpy/BLAS threads as configured).

    /usr/bin/python3 bench/peer_mcd.py [--build-dir build] [--quick] [--reps 3] [--peer-reps 1]
"""
import argparse
import statistics
import time

import numpy as np
from sklearn.covariance import MinCovDet

from peer_common import median_of, run_benchmarks


def make(n, d):
    with np.errstate(over="ignore"):
        z = (np.arange(n * d, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) / 9007199254740992.0
    i = np.repeat(np.arange(n), d)
    v = 4.0 * u - 2.0 + np.where(i % 100 == 0, 6.0, 0.0)
    return v.astype(np.float32).reshape(n, d)


def run_metaul(build_dir, flt, reps):
    return median_of(run_benchmarks(build_dir, "bm_mcd", flt, reps))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="2,000 × 20 only")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peer-reps", type=int, default=1)
    args = ap.parse_args()
    sizes = [(2000, 20)] if args.quick else [(10000, 50), (10000, 200)]
    print(f"{'workload':<34}{'metaul s':>10}{'sklearn s':>11}{'sklearn/metaul':>16}  target")
    for n, d in sizes:
        threads = (1,) if args.quick else (1, 2)
        ours = run_metaul(args.build_dir, f"BM_MCDFit/{n}/{d}/", args.reps)
        x = make(n, d).astype(np.float64)
        times = []
        for _ in range(args.peer_reps):
            t0 = time.perf_counter()
            MinCovDet(random_state=0).fit(x)
            times.append(time.perf_counter() - t0)
        peer = statistics.median(times)
        for t in threads:
            m = ours[f"BM_MCDFit/{n}/{d}/{t}"]
            target = "< 1 s" if d <= 50 else "-"
            print(f"{f'mcd fit n={n} d={d} ({t} thr)':<34}{m:>10.3f}{peer:>11.3f}"
                  f"{peer / m:>16.1f}  {target}")


if __name__ == "__main__":
    main()
