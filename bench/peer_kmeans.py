#!/usr/bin/python3
"""k-means: metaul (bm_kmeans) against scikit-learn and faiss on the same workloads, in one run.

Workloads (--quick: 100000 x 32 and 20000 x 128): 1,000,000 x 32 with k = 64 and 200,000 x 128
with k = 256, Gaussian blobs (k centers ~ N(0, 2.25 I), points ~ N(center, I), numpy seed fixed),
initial centers = the first k rows, 20 iterations (max_iter=20, tol=0), float32. The script writes
every workload to <tmp>/<name>.bin (int64 n, d, k; float32 X; float32 initial centers) and runs
bm_kmeans with METAUL_KMEANS_DATA=<tmp>, so that all libraries see the same numbers.

Peers: sklearn.cluster.KMeans(algorithm='lloyd' | 'elkan', init=centers, n_init=1, max_iter=20,
tol=0) and faiss.Kmeans(niter=20, no subsampling) trained from the same initial centroids.

Prints median seconds over the rounds (each round runs metaul and every peer once per workload,
interleaved, so that all see the same load on a shared machine), ratio = peer / metaul, the
target, and metaul's GFLOP/s (2·n·k·d·iterations / time: the distance work of Lloyd, so the
bound-pruned variants can exceed the peak) as a fraction of the SGEMM peak (best round of
bm_kmeans' BM_sgemm_peak, 4096² (--quick: 1024²) through the same OpenBLAS).

Usage: /usr/bin/python3 bench/peer_kmeans.py [--build-dir build] [--quick] [--repeats 3]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

from peer_common import median_time


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


def run_metaul(build_dir, data_dir, pattern):
    """One run of the bm_kmeans benchmarks matching `pattern`: {key: (seconds, GFLOP/s, iters)}."""
    exe = os.path.join(build_dir, "bench", "bm_kmeans")
    env = dict(os.environ, METAUL_KMEANS_DATA=data_dir)
    cmd = [exe, "--benchmark_format=json", f"--benchmark_filter={pattern}",
           "--benchmark_min_time=0.01"]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    rows = {}
    for b in json.loads(out)["benchmarks"]:
        name = b["run_name"].split("/")
        key = "sgemm" if name[0] == "BM_sgemm_peak" else (name[1], name[2])
        scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        rows[key] = (b["real_time"] * scale, b.get("GFLOP/s", 0.0), b.get("iters", 0))
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

    med = statistics.median
    with tempfile.TemporaryDirectory() as tmp:
        data = {}
        for i, (n, d, k) in enumerate(sizes):
            name = f"{n}x{d}_k{k}"
            x, init = make_workload(n, d, k, seed=i + 1)
            write_bin(os.path.join(tmp, name + ".bin"), x, init)
            data[name] = (x, init)
        # Rounds interleave metaul and the peers on every workload, so that both see the same
        # load on a shared machine; medians are taken over the rounds.
        samples = {}
        for _ in range(args.repeats):
            samples.setdefault("sgemm", []).append(run_metaul(args.build_dir, tmp, "sgemm")["sgemm"])
            for name, (x, init) in data.items():
                n, d = x.shape
                k = init.shape[0]
                for key, val in run_metaul(args.build_dir, tmp, f"BM_kmeans/{name}/").items():
                    samples.setdefault(key, []).append(val)
                for alg in ("lloyd", "elkan"):
                    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=20, tol=0,
                                algorithm=alg)
                    t, res = median_time(lambda: km.fit(x), 1)
                    samples.setdefault((name, "sklearn-" + alg), []).append((t, 0, res.n_iter_))
                if faiss is not None:
                    def run_faiss():
                        km = faiss.Kmeans(d, k, niter=20, verbose=False, seed=1,
                                          max_points_per_centroid=n, min_points_per_centroid=1)
                        km.train(x, init_centroids=init)
                        return km
                    t, _ = median_time(run_faiss, 1)
                    samples.setdefault((name, "faiss"), []).append((t, 0, 20))

    # The peak is the best of the rounds (a busy machine only lowers it).
    peak = max(v[1] for v in samples["sgemm"])
    rows = []
    for name in data:
        peers = {p: (med(v[0] for v in samples[(name, p)]), samples[(name, p)][-1][2])
                 for p in ("sklearn-lloyd", "sklearn-elkan", "faiss") if (name, p) in samples}
        for alg in ("lloyd", "hamerly", "elkan"):
            ms = med(v[0] for v in samples[(name, alg)])
            gf = med(v[1] for v in samples[(name, alg)])
            mit = samples[(name, alg)][-1][2]
            for peer, (pt, piters) in peers.items():
                target = ""
                if peer == "sklearn-lloyd":
                    target = ">= 2x" if alg == "lloyd" else ">= 3x"
                rows.append((name, alg, ms, int(mit), gf, peer, pt, piters, pt / ms, target))

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
