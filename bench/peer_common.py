"""Helpers shared by the peer comparison scripts (bench/peer_*.py).

Each peer script runs a workload through a metaul Google Benchmark program and through the
library a user would otherwise pick, in the same run; these helpers run the benchmark program
and time the peer side the same way everywhere.
"""
import json
import os
import statistics
import subprocess
import time

import numpy as np

_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def run_benchmarks(build_dir, program, bench_filter=None, repetitions=1, env=None,
                   extra_args=()):
    """Runs <build_dir>/bench/<program> and returns {run name: [one dict per repetition]}.

    Every dict is Google Benchmark's JSON record with `seconds` (wall) and `cpu_seconds` added;
    user counters stay under their own names. `env` adds to the current environment.
    """
    cmd = [os.path.join(build_dir, "bench", program), "--benchmark_format=json",
           f"--benchmark_repetitions={repetitions}"]
    if bench_filter:
        cmd.append(f"--benchmark_filter={bench_filter}")
    cmd.extend(extra_args)
    out = subprocess.run(cmd, env=dict(os.environ, **(env or {})), check=True,
                         capture_output=True, text=True).stdout
    runs = {}
    for record in json.loads(out)["benchmarks"]:
        if record.get("run_type") != "iteration":
            continue
        scale = _UNIT_SECONDS[record["time_unit"]]
        record["seconds"] = record["real_time"] * scale
        record["cpu_seconds"] = record["cpu_time"] * scale
        runs.setdefault(record["run_name"].replace("/real_time", ""), []).append(record)
    if not runs:
        raise SystemExit(f"{program}: no benchmark matches {bench_filter!r}")
    return runs


def median_of(runs, key="seconds"):
    """{run name: median of `key` over its repetitions}."""
    return {name: statistics.median(r[key] for r in records) for name, records in runs.items()}


def median_time(fn, repetitions):
    """Median wall-clock seconds of fn() over `repetitions` calls, and the last result."""
    times, result = [], None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def hashed_table(n, d):
    """The n × d float32 table of bench/anomaly_bench_data.h (every hundredth row shifted)."""
    i = np.arange(n, dtype=np.uint64)[:, None]
    j = np.arange(d, dtype=np.uint64)[None, :]
    h = (i * np.uint64(2654435761) + j * np.uint64(40503) + (i * j) % np.uint64(7919)) & np.uint64(
        0xFFFFFFFF)
    v = 4.0 * h.astype(np.float64) / 4294967296.0 - 2.0 + np.where(i % 100 == 0, 6.0, 0.0)
    return v.astype(np.float32)
