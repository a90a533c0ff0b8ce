#!/usr/bin/python3
"""Dataset reading: metaul (bench/bm_io) against NumPy on the very same files.

bm_io generates a 10,000 x 100 CSV (header, %.7g values), its .csv.gz and a float32 .npy into
$METAUL_BENCH_DIR; this script points that variable at a temporary folder, runs bm_io, then
times numpy.loadtxt / numpy.load on the files bm_io wrote.

    /usr/bin/python3 bench/peer_io.py [--build-dir build] [--quick]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import numpy as np

TARGET = {"csv": "< 0.15 s", "csv.gz": "-", "npy": "-"}


def run_metaul(build_dir, reps, env):
    out = subprocess.run(
        [os.path.join(build_dir, "bench", "bm_io"), "--benchmark_format=json",
         f"--benchmark_repetitions={reps}", "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True, env=env).stdout
    medians = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"].split("/")[0]
        scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        medians[name] = b["real_time"] * scale
    return medians


def time_median(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = ap.parse_args()
    reps = 3 if args.quick else 7
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, METAUL_BENCH_DIR=tmp)
        ours = run_metaul(args.build_dir, reps, env)
        csv = os.path.join(tmp, "bm_io.csv")
        peer = {
            "csv": time_median(
                lambda: np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float32), reps),
            "csv.gz": time_median(
                lambda: np.loadtxt(csv + ".gz", delimiter=",", skiprows=1, dtype=np.float32),
                reps),
            "npy": time_median(lambda: np.load(os.path.join(tmp, "bm_io.npy")), reps),
        }
        a = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float32)
        assert a.shape == (10000, 100)
    names = {"csv": "BM_ReadCsv", "csv.gz": "BM_ReadCsvGz", "npy": "BM_ReadNpy"}
    print(f"{'workload':<28}{'metaul s':>11}{'numpy s':>11}{'numpy/metaul':>14}  target")
    for key, bm in names.items():
        m = ours[bm]
        print(f"{'read 10000x100 ' + key:<28}{m:>11.4f}{peer[key]:>11.4f}{peer[key] / m:>14.1f}"
              f"  {TARGET[key]}")


if __name__ == "__main__":
    main()
