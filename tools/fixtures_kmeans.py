#!/usr/bin/python3
"""Writes tests/fixtures/kmeans.json: scikit-learn k-means results on small float32 data sets.

Run with Debian's interpreter (it has scikit-learn): /usr/bin/python3 tools/fixtures_kmeans.py

- "kmeans": for every case, X, the initial centers (rows of X chosen with a fixed numpy seed),
  the parameters, and sklearn.cluster.KMeans(init=centers, n_init=1, algorithm='lloyd')'s labels,
  inertia, n_iter and centers. The tests run metaul's kmeans with init=given on the same numbers.
- "minibatch": blobs with their true labels and the adjusted Rand index that
  sklearn.cluster.MiniBatchKMeans (default parameters, n_init=3) reaches against them, averaged
  over 5 seeds; metaul's minibatch_kmeans must reach a comparable value.
"""

import json
import os

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "kmeans.json")


def f32(a):
    return np.asarray(a, dtype=np.float32)


def short(a):
    """float32 values as the shortest decimals that read back to the same float32."""
    return [short(r) for r in a] if np.ndim(a) > 1 else [float(repr(np.float32(v))) for v in a]


def case(name, x, k, seed, max_iter=300, tol=1e-4):
    x = f32(x)
    rng = np.random.default_rng(seed)
    init = x[rng.choice(x.shape[0], k, replace=False)].copy()
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=max_iter, tol=tol,
                algorithm="lloyd").fit(x)
    return {
        "name": name, "k": k, "max_iter": max_iter, "tol": tol,
        "x": short(x), "init": short(init),
        "labels": km.labels_.astype(int).tolist(), "inertia": float(km.inertia_),
        "n_iter": int(km.n_iter_), "centers": short(km.cluster_centers_),
    }


def main():
    rng = np.random.default_rng(0)
    cases = []
    x, _ = make_blobs(300, 2, centers=3, cluster_std=1.0, random_state=1)
    cases.append(case("blobs_2d", x, 3, 1))
    x, _ = make_blobs(400, 5, centers=6, cluster_std=2.5, random_state=2)
    cases.append(case("overlapping_5d", x, 6, 2))
    cases.append(case("overlapping_5d_tol0", x, 6, 3, tol=0.0))
    x = np.concatenate([rng.normal(0, 1, 80), rng.normal(6, 1, 60), rng.normal(12, 2, 60)])
    cases.append(case("d1", x.reshape(-1, 1), 4, 4))
    x = rng.uniform(-1, 1, (250, 3))
    cases.append(case("uniform_3d", x, 5, 5, max_iter=10))

    xb, yb = make_blobs(1000, 3, centers=5, cluster_std=1.5, random_state=7)
    xb = f32(xb)
    aris = [adjusted_rand_score(yb, MiniBatchKMeans(5, n_init=3, random_state=s).fit(xb).labels_)
            for s in range(5)]
    mini = {"k": 5, "x": short(xb), "truth": yb.astype(int).tolist(),
            "sklearn_ari": float(np.mean(aris)), "sklearn_ari_min": float(np.min(aris))}
    with open(OUT, "w") as f:
        json.dump({"kmeans": cases, "minibatch": mini}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
