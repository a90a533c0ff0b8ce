#!/usr/bin/python3
"""Isolation forest: metaul (bench/bm_iforest) against scikit-learn on the same data.

Workload: IsolationForest(n_estimators=100, max_samples=256) fit + score_samples on all rows of
an n × 16 float32 matrix built with the formula documented in bench/bm_iforest.cpp (1,000,000
rows; 100,000 with --quick). metaul's time also includes scoring the training rows inside fit
(so it scores twice); scikit-learn 1.2 with contamination='auto' scores once. scikit-learn runs
with its defaults (n_jobs=None: one thread); metaul rows are printed for 1 and 2 threads.
Times are medians over the repetitions (--reps, default 3 for metaul, 1 for scikit-learn at
full size). Wall-clock and CPU seconds are both printed: on a shared, loaded machine the CPU
ratio (metaul's 1-thread row against scikit-learn's single-threaded process time) is the
steadier figure.

    /usr/bin/python3 bench/peer_iforest.py [--build-dir build] [--quick]
"""
import argparse
import statistics
import time

from sklearn.ensemble import IsolationForest

from peer_common import hashed_table, median_of, run_benchmarks



def run_metaul(build_dir, flt, reps):
    runs = run_benchmarks(build_dir, "bm_iforest", flt, reps)
    wall, cpu = median_of(runs), median_of(runs, "cpu_seconds")
    return {name: (wall[name], cpu[name]) for name in runs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--quick", action="store_true", help="100,000 rows instead of 1,000,000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peer-reps", type=int, default=None)
    args = ap.parse_args()
    n, d = (100000, 16) if args.quick else (1000000, 16)
    peer_reps = args.peer_reps or (args.reps if args.quick else 1)
    ours = run_metaul(args.build_dir, f"BM_IForestFitScore/{n}/{d}/", args.reps)
    x = hashed_table(n, d)
    times, cpu = [], []
    for _ in range(peer_reps):
        t0, c0 = time.perf_counter(), time.process_time()
        model = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(x)
        model.score_samples(x)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    peer, peer_cpu = statistics.median(times), statistics.median(cpu)
    print(f"{'workload':<40}{'metaul s':>10}{'sklearn s':>11}{'sklearn/metaul':>16}  target")
    for t in (1, 2):
        m = ours[f"BM_IForestFitScore/{n}/{d}/{t}"][0]
        print(f"{f'iforest fit+score n={n} d={d} ({t} thr)':<40}{m:>10.3f}{peer:>11.3f}"
              f"{peer / m:>16.1f}  ratio >= 20")
    m_cpu = ours[f"BM_IForestFitScore/{n}/{d}/1"][1]
    print(f"{'  CPU seconds (1 thread each)':<40}{m_cpu:>10.3f}{peer_cpu:>11.3f}"
          f"{peer_cpu / m_cpu:>16.1f}")


if __name__ == "__main__":
    main()
