#!/usr/bin/python3
"""Writes the scikit-learn fixtures of the hierarchical/spectral clusterers.

Run from the repository root with Debian's interpreter (scikit-learn 1.2.1):
    /usr/bin/python3 tools/fixtures_hier.py
Outputs tests/fixtures/hier_{agglomerative,spectral,mean_shift,birch}.json.
Inputs are rounded to float32 before scikit-learn sees them, so both sides use the same numbers.
"""
import json
import os
import warnings

import numpy as np
from sklearn.cluster import (AgglomerativeClustering, Birch, MeanShift, SpectralClustering,
                             estimate_bandwidth)
from sklearn.datasets import make_blobs, make_circles, make_moons

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures")
warnings.filterwarnings("ignore")


def f32(x):
    return np.ascontiguousarray(x, dtype=np.float32)


def rows(x):
    return [[float(v) for v in r] for r in x]


def agglomerative_fixture():
    rng = np.random.RandomState(0)
    sets = {
        "blobs": f32(make_blobs(n_samples=150, n_features=3, centers=4, cluster_std=1.5,
                                random_state=1)[0]),
        "uniform": f32(rng.uniform(-1, 1, size=(120, 2))),
        "aniso": f32(rng.normal(size=(100, 5)) * np.array([5.0, 1.0, 0.1, 2.0, 0.5])),
        # Small integer grid with duplicates: many exactly tied distances.
        "ties": f32(rng.randint(0, 4, size=(60, 2))),
    }
    out = []
    for name, x in sets.items():
        entry = {"name": name, "X": rows(x), "linkages": []}
        for linkage in ["ward", "average", "complete", "single"]:
            full = AgglomerativeClustering(n_clusters=2, linkage=linkage,
                                           compute_distances=True).fit(x)
            dist = full.distances_
            cases = []
            for k in [1, 2, 3, 7, 20]:
                lab = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(x).labels_
                cases.append({"n_clusters": k, "labels": [int(v) for v in lab]})
            for q in [0.5, 0.9, 0.99]:
                t = float(np.quantile(dist, q))
                m = AgglomerativeClustering(n_clusters=None, distance_threshold=t,
                                            linkage=linkage).fit(x)
                cases.append({"distance_threshold": t, "n_clusters_": int(m.n_clusters_),
                              "labels": [int(v) for v in m.labels_]})
            entry["linkages"].append({
                "linkage": linkage,
                "children": [[int(a), int(b)] for a, b in full.children_],
                "distances": [float(v) for v in dist],
                "cases": cases,
            })
        out.append(entry)
    with open(os.path.join(OUT, "hier_agglomerative.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


def spectral_fixture():
    cases = []
    moons = f32(make_moons(n_samples=200, noise=0.05, random_state=0)[0])
    circles = f32(make_circles(n_samples=200, factor=0.5, noise=0.05, random_state=0)[0])
    blobs = f32(make_blobs(n_samples=150, n_features=2, centers=3, cluster_std=0.6,
                           random_state=3)[0])
    # Overlapping blobs: one connected kNN graph (on a disconnected graph scikit-learn's own
    # labels change with the seed, so they make no reference).
    wide = f32(make_blobs(n_samples=200, n_features=2, centers=3, cluster_std=1.8,
                          random_state=3)[0])
    runs = [
        ("moons", moons, dict(n_clusters=2, affinity="nearest_neighbors", n_neighbors=10)),
        ("circles", circles, dict(n_clusters=2, affinity="nearest_neighbors", n_neighbors=10)),
        ("circles_rbf", circles, dict(n_clusters=2, affinity="rbf", gamma=20.0)),
        ("moons_rbf", moons, dict(n_clusters=2, affinity="rbf", gamma=10.0)),
        ("blobs_rbf", blobs, dict(n_clusters=3, affinity="rbf", gamma=1.0)),
        ("blobs_knn", wide, dict(n_clusters=3, affinity="nearest_neighbors", n_neighbors=8)),
        ("moons_qr", moons, dict(n_clusters=2, affinity="nearest_neighbors", n_neighbors=10,
                                 assign_labels="cluster_qr")),
        ("blobs_rbf_qr", blobs, dict(n_clusters=3, affinity="rbf", gamma=1.0,
                                     assign_labels="cluster_qr")),
        ("wide_knn_qr", wide, dict(n_clusters=3, affinity="nearest_neighbors", n_neighbors=8,
                                   assign_labels="cluster_qr")),
        ("circles_discretize", circles, dict(n_clusters=2, affinity="nearest_neighbors",
                                             n_neighbors=10, assign_labels="discretize")),
        ("blobs_rbf_discretize", blobs, dict(n_clusters=3, affinity="rbf", gamma=1.0,
                                             assign_labels="discretize")),
    ]
    for name, x, params in runs:
        lab = SpectralClustering(random_state=0, **params).fit(x).labels_
        cases.append({"name": name, "params": params, "X": rows(x),
                      "labels": [int(v) for v in lab]})
    with open(os.path.join(OUT, "hier_spectral.json"), "w") as f:
        json.dump(cases, f, separators=(",", ":"))


def mean_shift_fixture():
    blobs = f32(make_blobs(n_samples=200, n_features=2, centers=4, cluster_std=0.8,
                           random_state=5)[0])
    wide = f32(make_blobs(n_samples=150, n_features=3, centers=3, cluster_std=1.5,
                          random_state=6)[0])
    runs = [
        ("blobs_estimated", blobs, dict()),
        ("blobs_bw1", blobs, dict(bandwidth=1.0)),
        ("blobs_bins", blobs, dict(bandwidth=1.5, bin_seeding=True)),
        ("blobs_bins_freq", blobs, dict(bandwidth=1.0, bin_seeding=True, min_bin_freq=3)),
        ("wide_not_all", wide, dict(bandwidth=1.2, cluster_all=False)),
        ("wide_estimated", wide, dict()),
        ("wide_short", wide, dict(bandwidth=2.0, max_iter=2)),
    ]
    cases = []
    for name, x, params in runs:
        m = MeanShift(**params).fit(x)
        cases.append({"name": name, "params": params, "X": rows(x),
                      "labels": [int(v) for v in m.labels_],
                      "centers": rows(m.cluster_centers_),
                      "bandwidth": float(estimate_bandwidth(x)) if "bandwidth" not in params
                      else params["bandwidth"]})
    with open(os.path.join(OUT, "hier_mean_shift.json"), "w") as f:
        json.dump(cases, f, separators=(",", ":"))


def birch_fixture():
    blobs = f32(make_blobs(n_samples=300, n_features=2, centers=3, cluster_std=1.0,
                           random_state=7)[0])
    wide = f32(make_blobs(n_samples=250, n_features=4, centers=5, cluster_std=2.0,
                          random_state=8)[0])
    runs = [
        ("blobs_default", blobs, dict()),
        ("blobs_small_branching", blobs, dict(threshold=0.3, branching_factor=4)),
        ("blobs_none", blobs, dict(threshold=1.5, n_clusters=None)),
        ("wide_k5", wide, dict(threshold=1.0, branching_factor=6, n_clusters=5)),
        ("wide_tight", wide, dict(threshold=0.2, branching_factor=3, n_clusters=5)),
    ]
    cases = []
    for name, x, params in runs:
        m = Birch(**params).fit(x)
        cases.append({"name": name, "params": params, "X": rows(x),
                      "labels": [int(v) for v in m.labels_],
                      "n_subclusters": int(m.subcluster_centers_.shape[0])})
    with open(os.path.join(OUT, "hier_birch.json"), "w") as f:
        json.dump(cases, f, separators=(",", ":"))


if __name__ == "__main__":
    agglomerative_fixture()
    spectral_fixture()
    mean_shift_fixture()
    birch_fixture()
