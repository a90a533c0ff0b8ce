#!/usr/bin/python3
"""k-means: metaul (bm_kmeans) against scikit-learn and faiss on the same workloads, in one run.

Workloads (--quick: 100000 x 32 and 20000 x 128): 1,000,000 x 32 with k = 64 and 200,000 x 128
with k = 256, Gaussian blobs (k centers ~ N(0, 2.25 I), points ~ N(center, I), numpy seed fixed),
initial centers = the first k rows, 20 iterations (max_iter=20, tol=0), float32. The script writes
every workload to <tmp>/<name>.bin (int64 n, d, k; float32 X; float32 initial centers) and runs
bm_kmeans with METAUL_KMEANS_DATA=<tmp>, so that all libraries see the same numbers.

Peers: sklearn.cluster.KMeans(algorithm='lloyd' | 'elkan', init=centers, n_init=1, max_iter=20,
tol=0) and faiss.Kmeans(niter=20, no subsampling) trained from the same initial centroids.

Prints median seconds, ratio = peer / metaul, the target, and metaul's Lloyd GFLOP/s
(2·n·k·d·iterations / time) as a fraction of the SGEMM peak measured by bm_kmeans.

Usage: /usr/bin/python3 bench/peer_kmeans.py [--build-dir build] [--quick] [--repeats 3]
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


def make_workload(n, d, k, seed):
    rng = np.random.default_rng(seed)
    truth = (1.5 * rng.standard_normal((k, d))).astype(np.float32)
    lab = rng.integers(0, k, n)
    x = (truth[lab] + rng.standard_normal((n, d)).astype(np.float32)).astype(np.float32)
    return np.ascontiguousarray(x), np.ascontiguousarray(x[:k].copy())


def write_bin(path, x, init):
    with open(path, "wb") as f:
        np.array([x.shape[0], x.shape[1], init.shape[0]], dtype=np.int64).tofile(f)
        x.astype(np.float32).tofile(f)
        init.astype(np.float32).tofile(f)


def median_time(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def run_metaul(build_dir, data_dir, repeats):
    exe = os.path.join(build_dir, "bench", "bm_kmeans")
    env = dict(os.environ, METAUL_KMEANS_DATA=data_dir)
    cmd = [exe, "--benchmark_format=json", f"--benchmark_repetitions={repeats}",
           "--benchmark_min_time=0.01"]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    rows = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"].split("/")
        key = "sgemm" if name[0] == "BM_sgemm_peak" else (name[1], name[2])
        rows[key] = {"seconds": b["real_time"] / 1e3 if b["time_unit"] == "ms" else b["real_time"],
                     "gflops": b.get("GFLOP/s", 0.0) / 1e0, "iters": b.get("iters", 0)}
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    sizes = [(100000, 32, 64), (20000, 128, 256)] if args.quick else \
        [(1000000, 32, 64), (200000, 128, 256)]
    from sklearn.cluster import KMeans
    try:
        import faiss
    except ImportError:
        faiss = None

    with tempfile.TemporaryDirectory() as tmp:
        data = {}
        for i, (n, d, k) in enumerate(sizes):
            name = f"{n}x{d}_k{k}"
            x, init = make_workload(n, d, k, seed=i + 1)
            write_bin(os.path.join(tmp, name + ".bin"), x, init)
            data[name] = (x, init)
        metaul = run_metaul(args.build_dir, tmp, args.repeats)

    peak = metaul["sgemm"]["gflops"] / 1e9 if metaul["sgemm"]["gflops"] > 1e6 else \
        metaul["sgemm"]["gflops"]
    rows = []
    for name, (x, init) in data.items():
        n, d = x.shape
        k = init.shape[0]
        peers = {}
        for alg in ("lloyd", "elkan"):
            km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=20, tol=0, algorithm=alg)
            t, res = median_time(lambda: km.fit(x), args.repeats)
            peers["sklearn-" + alg] = (t, res.n_iter_)
        if faiss is not None:
            def run_faiss():
                km = faiss.Kmeans(d, k, niter=20, verbose=False, seed=1,
                                  max_points_per_centroid=n, min_points_per_centroid=1)
                km.train(x, init_centroids=init)
                return km
            t, _ = median_time(run_faiss, args.repeats)
            peers["faiss"] = (t, 20)
        for alg in ("lloyd", "hamerly", "elkan"):
            m = metaul[(name, alg)]
            gf = m["gflops"] / 1e9 if m["gflops"] > 1e6 else m["gflops"]
            for peer, (pt, piters) in peers.items():
                target = ""
                if peer == "sklearn-lloyd":
                    target = ">= 2x" if alg == "lloyd" else ">= 3x"
                rows.append((name, alg, m["seconds"], int(m["iters"]), gf, peer, pt, piters,
                             pt / m["seconds"], target))

    print(f"SGEMM peak (bm_kmeans BM_sgemm_peak, same OpenBLAS): {peak:.1f} GFLOP/s")
    hdr = ("workload", "metaul", "s", "it", "GFLOP/s", "%peak", "peer", "peer s", "it",
           "peer/metaul", "target")
    print("{:<16} {:<8} {:>8} {:>3} {:>8} {:>6}  {:<14} {:>8} {:>3} {:>11} {:>7}".format(*hdr))
    for (name, alg, ms, mit, gf, peer, pt, pit, ratio, target) in rows:
        print(f"{name:<16} {alg:<8} {ms:8.3f} {mit:3d} {gf:8.1f} {100 * gf / peak:5.0f}%  "
              f"{peer:<14} {pt:8.3f} {pit:3d} {ratio:10.2f}x {target:>7}")
    print("targets: lloyd >= 2x sklearn-lloyd on both; hamerly >= 3x sklearn; lloyd >= 60% of "
          "SGEMM peak on 200000x128_k256 (full sizes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
