#!/usr/bin/env bash
# The demo run by `make demo`: generate two labelled data sets of different shape, cluster each
# with a centroid-based and a density-based algorithm, and print the metrics against the
# generating labels. Which algorithm wins depends on the data: the question metaul exists for.
set -euo pipefail
build_dir="${1:-build}"
metaul="$build_dir/metaul"
work="$build_dir/demo"
mkdir -p "$work"

run() {
  local data="$1" algo="$2"
  echo
  echo "\$ metaul cluster $data --algo '$algo' --label-column label --out $work/labels.csv"
  "$metaul" cluster "$data" --algo "$algo" --label-column label --out "$work/labels.csv"
}

echo "== 6 Gaussian blobs: 6,000 points in 8 dimensions"
"$metaul" --seed 1 generate blobs --n-samples 6000 --n-features 8 --centers 6 \
  --cluster-std 2.5 --out "$work/blobs.csv"
run "$work/blobs.csv" "kmeans(n_clusters=6, n_init=3)"
run "$work/blobs.csv" "hdbscan(min_cluster_size=25)"

echo
echo "== two interleaved half-moons: 2,000 points in 2 dimensions"
"$metaul" --seed 1 generate moons --n-samples 2000 --noise 0.08 --out "$work/moons.csv"
run "$work/moons.csv" "kmeans(n_clusters=2, n_init=3)"
run "$work/moons.csv" "hdbscan(min_cluster_size=25)"
