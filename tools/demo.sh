#!/usr/bin/env bash
# The demo run by `make demo`: generate a labelled blob data set, cluster it with two
# algorithms and print the metrics against the generating labels.
set -euo pipefail
build_dir="${1:-build}"
metaul="$build_dir/metaul"
work="$build_dir/demo"
mkdir -p "$work"

echo "== generating 5,000 points in 8 dimensions from 6 Gaussian blobs"
"$metaul" --seed 1 generate blobs --n-samples 5000 --n-features 8 --centers 6 \
  --cluster-std 1.5 --out "$work/blobs.csv"

for algo in "kmeans(n_clusters=6, n_init=3)" "gmm(n_components=6, covariance_type=full)" \
            "hdbscan(min_cluster_size=25)"; do
  echo
  echo "== metaul cluster $work/blobs.csv --algo '$algo' --label-column label"
  "$metaul" cluster "$work/blobs.csv" --algo "$algo" --label-column label \
    --out "$work/labels.csv"
done
