#!/usr/bin/python3
"""Dataset reading: metaul (bench/bm_io) against NumPy on the very same files.

bm_io generates a 10,000 x 100 CSV (header, %.7g values), its .csv.gz and a float32 .npy into
$METAUL_BENCH_DIR; this script points that variable at a temporary folder, runs bm_io, then
times numpy.loadtxt / numpy.load on the files bm_io wrote.

    /usr/bin/python3 bench/peer_io.py [--build-dir build] [--quick]
"""
import argparse
import os
import tempfile

import numpy as np

from peer_common import median_of, median_time, run_benchmarks

TARGET = {"csv": "< 0.15 s", "csv.gz": "-", "npy": "-"}


def run_metaul(build_dir, reps, env):
    medians = median_of(run_benchmarks(build_dir, "bm_io", repetitions=reps, env=env))
    return {name.split("/")[0]: seconds for name, seconds in medians.items()}


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
            "csv": median_time(
                lambda: np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float32), reps)[0],
            "csv.gz": median_time(
                lambda: np.loadtxt(csv + ".gz", delimiter=",", skiprows=1, dtype=np.float32),
                reps)[0],
            "npy": median_time(lambda: np.load(os.path.join(tmp, "bm_io.npy")), reps)[0],
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
