#!/usr/bin/python3
"""Clustering metrics: metaul (bench/bm_metrics) against scikit-learn on the same data.

Both sides build the data with the formula documented in bench/bm_metrics.cpp. scikit-learn
gets float64 arrays holding the float32 values (on float32 input it accumulates distances in
float32). Each side uses the machine's default threads; metaul's 1- and 2-thread silhouette
rows are both printed.

    /usr/bin/python3 bench/peer_metrics.py [--build-dir build] [--quick]
"""
import argparse

import numpy as np
from sklearn import metrics

from peer_common import median_of, median_time, run_benchmarks


def make(n, d, k):
    i = np.arange(n)
    labels = i % k
    pred = (i * 7 + i // 13) % (k + 2)
    j = np.arange(d)
    x = 10.0 * np.sin(0.37 * i[:, None] + 1.3 * j[None, :]) + np.where(
        j[None, :] % 3 == 0, 3.0 * labels[:, None], 0.0)
    return x.astype(np.float32).astype(np.float64), labels, pred


def run_metaul(build_dir, flt, reps):
    return median_of(run_benchmarks(build_dir, "bm_metrics", flt, reps))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions, skip n=5000")
    args = ap.parse_args()
    reps = 3 if args.quick else 5
    flt = "BM_Silhouette/2000|BM_Calinski|BM_External" if args.quick else "."
    ours = run_metaul(args.build_dir, flt, reps)
    rows = []
    for n in ([2000] if args.quick else [2000, 5000]):
        x, lab, _ = make(n, 10, 5)
        peer, _ = median_time(lambda: metrics.silhouette_score(x, lab), reps)
        for t in (1, 2):
            key = f"BM_Silhouette/{n}/10/{t}"
            if key in ours:
                rows.append((f"silhouette n={n} d=10 ({t} thr)", ours[key], peer, "ratio >= 1"))
    x, lab, _ = make(100000, 10, 5)
    peer, _ = median_time(lambda: (metrics.calinski_harabasz_score(x, lab),
                                   metrics.davies_bouldin_score(x, lab)), reps)
    rows.append(("CH + DB n=100000 d=10", ours["BM_CalinskiDavies/100000/10"], peer,
                 "ratio >= 1"))
    _, lab, pred = make(100000, 1, 10)
    peer, _ = median_time(lambda: (metrics.adjusted_rand_score(lab, pred),
                                   metrics.adjusted_mutual_info_score(lab, pred),
                                   metrics.normalized_mutual_info_score(lab, pred)), reps)
    rows.append(("ARI + AMI + NMI n=100000", ours["BM_ExternalScores/100000"], peer, "ratio >= 1"))
    print(f"{'workload':<34}{'metaul s':>10}{'sklearn s':>11}{'sklearn/metaul':>16}  target")
    for name, m, p, target in rows:
        print(f"{name:<34}{m:>10.4f}{p:>11.4f}{p / m:>16.1f}  {target}")


if __name__ == "__main__":
    main()
