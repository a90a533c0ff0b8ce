#!/usr/bin/env python3
"""Runs every peer comparison (bench/peer_*.py) in one go and prints their tables.

Each peer script runs one workload through metaul (its bm_* program) and through the library a
user would otherwise pick (scikit-learn, faiss) in the same run, and prints times and ratios.
Usage: /usr/bin/python3 bench/compare.py [--build-dir build] [--quick] [--only NAME]
"""
import argparse
import pathlib
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--quick", action="store_true", help="smaller workloads")
    parser.add_argument("--only", help="run only bench/peer_<ONLY>.py")
    args = parser.parse_args()
    here = pathlib.Path(__file__).resolve().parent
    scripts = sorted(here.glob("peer_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem == f"peer_{args.only}"]
    failed = 0
    for script in scripts:
        print(f"\n### {script.stem[5:]}", flush=True)
        cmd = [sys.executable, str(script), "--build-dir", args.build_dir]
        if args.quick:
            cmd.append("--quick")
        if subprocess.call(cmd) != 0:
            print(f"{script.name} failed", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
