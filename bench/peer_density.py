#!/usr/bin/python3
"""DBSCAN and exact kNN: metaul (bench/bm_dbscan, bench/bm_knn) against scikit-learn, same rows.

Data (numpy RandomState(0), float32): 10 Gaussian blobs (std 1) with centers uniform in
[-50, 50]^d, rows assigned to blobs in turn, plus n/20 rows uniform in [-60, 60]^d at the end
(at n = 200,000 a blob's core holds ~6,000 rows within eps = 0.8; the uniform rows are mostly
noise).
The script writes the rows to a temporary file that bm_dbscan reads (METAUL_BENCH_DATA), so
both sides cluster identical numbers.

Workloads:
  dbscan  n x 2, eps 0.8, min_samples 10 (n = 200,000; 20,000 with --quick); scikit-learn
          DBSCAN(algorithm='auto', n_jobs=None); metaul with 1 and 2 threads.
  knn     20,000 x 8 (5,000 with --quick), k = 10 nearest of every row, itself excluded;
          scikit-learn NearestNeighbors(algorithm=brute|kd_tree).kneighbors() vs metaul's
          BruteForceIndex / KdTreeIndex with 2 threads.

Each side runs in its own process; its peak resident memory is the child's ru_maxrss (from
os.wait4), so the figures include the interpreter / program baseline. The DBSCAN labels of
both sides are compared row by row ("labels identical" in the note column).

Usage: /usr/bin/python3 bench/peer_density.py [--build-dir build] [--quick] [--runs 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

import numpy as np


def make_data(n, d, seed=0):
    rng = np.random.RandomState(seed)
    centers = rng.uniform(-50, 50, size=(10, d))
    n_noise = n // 20
    x = np.empty((n, d), dtype=np.float32)
    body = n - n_noise
    x[:body] = centers[np.arange(body) % 10] + rng.normal(size=(body, d))
    x[body:] = rng.uniform(-60, 60, size=(n_noise, d))
    return x


def write_bin(path, x):
    with open(path, "wb") as f:
        np.array(x.shape, dtype=np.int64).tofile(f)
        np.ascontiguousarray(x, dtype=np.float32).tofile(f)


def run_measured(cmd, env=None):
    """Runs cmd, returns (stdout, peak RSS in MiB of that child)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{text}")
    return text, usage.ru_maxrss / 1024.0


def run_metaul(build_dir, program, bench_filter, data_path, runs, labels_path=None):
    binary = os.path.join(build_dir, "bench", program)
    env = dict(os.environ, METAUL_BENCH_DATA=data_path)
    if labels_path:
        env["METAUL_BENCH_LABELS"] = labels_path
    cmd = [binary, f"--benchmark_filter={bench_filter}", "--benchmark_format=json",
           f"--benchmark_repetitions={runs}", "--benchmark_min_time=0.01"]
    text, rss = run_measured(cmd, env)
    report = json.loads(text[text.index("{"):])
    times = [b["real_time"] / 1e3 for b in report["benchmarks"]
             if b.get("run_type", "iteration") == "iteration"]
    extra = {k: v for k, v in report["benchmarks"][0].items() if k in ("n_clusters", "n_noise")}
    return statistics.median(times), rss, extra


PEER_DBSCAN = textwrap.dedent("""
    import json, sys, time
    import numpy as np
    from sklearn.cluster import DBSCAN
    path, runs, labels_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, 'rb') as f:
        n, d = np.fromfile(f, dtype=np.int64, count=2)
        x = np.fromfile(f, dtype=np.float32).reshape(n, d)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        labels = DBSCAN(eps=0.8, min_samples=10).fit(x).labels_
        times.append(time.perf_counter() - t)
    np.savetxt(labels_path, labels, fmt='%d')
    print(json.dumps({'times': times, 'n_clusters': int(labels.max() + 1),
                      'n_noise': int((labels == -1).sum())}))
""")

PEER_KNN = textwrap.dedent("""
    import json, sys, time
    import numpy as np
    from sklearn.neighbors import NearestNeighbors
    path, runs, algorithm = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, 'rb') as f:
        n, d = np.fromfile(f, dtype=np.int64, count=2)
        x = np.fromfile(f, dtype=np.float32).reshape(n, d)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        nn = NearestNeighbors(n_neighbors=10, algorithm=algorithm).fit(x)
        dist, ind = nn.kneighbors()
        times.append(time.perf_counter() - t)
    print(json.dumps({'times': times}))
""")


def run_peer(script, args):
    text, rss = run_measured(["/usr/bin/python3", "-c", script] + [str(a) for a in args])
    result = json.loads(text.strip().splitlines()[-1])
    return statistics.median(result["times"]), rss, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--runs", type=int, default=3, help="repetitions (median reported)")
    parser.add_argument("--peer-runs", type=int, default=None,
                        help="scikit-learn repetitions for DBSCAN (default: 1 at full size)")
    args = parser.parse_args()
    n_dbscan = 20000 if args.quick else 200000
    n_knn = 5000 if args.quick else 20000
    peer_runs = args.peer_runs or (args.runs if args.quick else 1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dbscan.bin")
        write_bin(path, make_data(n_dbscan, 2))
        peer_labels = os.path.join(tmp, "peer_labels.txt")
        ours_labels = os.path.join(tmp, "metaul_labels.txt")
        peer_t, peer_rss, peer_info = run_peer(PEER_DBSCAN, [path, peer_runs, peer_labels])
        for threads in (1, 2):
            # The benchmark's size argument is a label here: the rows come from the file.
            t, rss, info = run_metaul(args.build_dir, "bm_dbscan",
                                      f"^BM_DBSCAN/{n_dbscan}/{threads}$", path, args.runs,
                                      ours_labels)
            same = np.array_equal(np.loadtxt(ours_labels, dtype=int),
                                  np.loadtxt(peer_labels, dtype=int))
            rows.append((f"dbscan {n_dbscan}x2 eps0.8 ms10 ({threads} thr)", t, peer_t, rss,
                         peer_rss, ">= 10x", f"{int(info.get('n_clusters', -1))} clusters, "
                         f"{int(info.get('n_noise', -1))} noise; labels " +
                         ("identical" if same else "DIFFER")))
        path = os.path.join(tmp, "knn.bin")
        write_bin(path, make_data(n_knn, 8))
        for code, algorithm in ((0, "brute"), (1, "kd_tree")):
            peer_t, peer_rss, _ = run_peer(PEER_KNN, [path, args.runs, algorithm])
            for threads in (1, 2):
                t, rss, _ = run_metaul(args.build_dir, "bm_knn",
                                       f"^BM_KnnQuery/{n_knn}/8/{code}/{threads}$", path,
                                       args.runs)
                rows.append((f"knn {n_knn}x8 k10 {algorithm} ({threads} thr)", t, peer_t, rss,
                             peer_rss, "report", "sklearn: its default threads"))
    print(f"{'workload':42s} {'metaul s':>9s} {'sklearn s':>10s} {'ratio':>7s} "
          f"{'metaul MiB':>10s} {'sklearn MiB':>11s}  target  note")
    for name, t, pt, rss, prss, target, note in rows:
        print(f"{name:42s} {t:9.3f} {pt:10.3f} {pt / t:7.1f} {rss:10.0f} {prss:11.0f}  "
              f"{target:6s}  {note}")


if __name__ == "__main__":
    main()
