#!/usr/bin/python3
"""Neighbour detectors and the one-class SVM: metaul (bench/bm_neighbors) against scikit-learn.

Workloads, on the n × 16 float32 matrix of bench/bm_neighbors.cpp (same formula here):
- lof: LocalOutlierFactor(n_neighbors=20).fit(X) (negative_outlier_factor_) against metaul's
  lof fit (training scores), n = 50,000 (10,000 with --quick).
- knn: NearestNeighbors(n_neighbors=20).fit(X).kneighbors() → distance to the 20th neighbour
  (PyOD's KNN) against metaul's knn fit, same n.
- ocsvm: OneClassSVM() fit + decision_function(X) against metaul's ocsvm fit (which scores the
  training rows), n = 10,000 (3,000 with --quick).
scikit-learn runs with its defaults (n_jobs=None: one thread). Times are medians over --reps
runs (metaul) and --peer-reps runs (scikit-learn; default 1 at full size).

    /usr/bin/python3 bench/peer_neighbors.py [--build-dir build] [--quick]
"""
import argparse
import statistics
import time

from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors
from sklearn.svm import OneClassSVM

from peer_common import hashed_table, median_of, run_benchmarks



def run_metaul(build_dir, flt, reps):
    return median_of(run_benchmarks(build_dir, "bm_neighbors", flt, reps))


def timed(fn, reps):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peer-reps", type=int, default=None)
    args = ap.parse_args()
    n_nb, n_svm, d = (10000, 3000, 16) if args.quick else (50000, 10000, 16)
    peer_reps = args.peer_reps or (args.reps if args.quick else 1)
    ours = run_metaul(args.build_dir,
                      f"BM_(LOF|KNN)/{n_nb}/{d}/|BM_OCSVM/{n_svm}/{d}/", args.reps)
    x = hashed_table(n_nb, d)
    xs = hashed_table(n_svm, d)

    def knn():
        dist, _ = NearestNeighbors(n_neighbors=20).fit(x).kneighbors()
        return dist[:, -1]

    def svm():
        return OneClassSVM().fit(xs).decision_function(xs)

    peer = {
        "LOF": timed(lambda: LocalOutlierFactor(n_neighbors=20).fit(x), peer_reps),
        "KNN": timed(knn, peer_reps),
        "OCSVM": timed(svm, peer_reps),
    }
    print(f"{'workload':<36}{'metaul s':>10}{'sklearn s':>11}{'sklearn/metaul':>16}  target")
    for name, n, target in [("LOF", n_nb, ">= 10"), ("KNN", n_nb, ">= 10"),
                            ("OCSVM", n_svm, ">= 1")]:
        for t in (1, 2):
            key = f"BM_{name}/{n}/{d}/{t}"
            if key not in ours:
                continue
            m = ours[key]
            print(f"{f'{name.lower()} k=20 n={n} d={d} ({t} thr)' if name != 'OCSVM' else f'ocsvm n={n} d={d} ({t} thr)':<36}"
                  f"{m:>10.3f}{peer[name]:>11.3f}{peer[name] / m:>16.1f}  ratio {target}")


if __name__ == "__main__":
    main()
