#!/usr/bin/python3
"""Writes tests/fixtures/metrics.json: clustering metrics computed by scikit-learn.

Run with Debian's interpreter (python3-sklearn 1.2.1):  /usr/bin/python3 tools/fixtures_metrics.py

External metrics: points whose reference label is -1 are dropped before calling scikit-learn
(metaul leaves them out); a predicted -1 stays a cluster of its own, as in scikit-learn.
Normalised clustering accuracy and purity are computed here from their definitions with
scipy's linear_sum_assignment as an independent reference.

Internal metrics: X is generated in float32 and handed to scikit-learn as float64 holding the
same float32 values (scikit-learn computes float32 distances in float32 storage, which would
limit agreement to ~1e-7); predicted noise rows (-1) are dropped first.
"""
import json
import os

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn import metrics

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "metrics.json")


def contingency(t, p):
    _, ti = np.unique(t, return_inverse=True)
    _, pi = np.unique(p, return_inverse=True)
    c = np.zeros((ti.max() + 1, pi.max() + 1))
    np.add.at(c, (ti, pi), 1)
    return c


def nca(t, p):
    c = contingency(t, p)
    k = c.shape[0]
    recall = c / c.sum(axis=1, keepdims=True)
    rows, cols = linear_sum_assignment(-recall)  # rows left unmatched score 0
    mean = recall[rows, cols].sum() / k
    return mean if k == 1 else (mean - 1.0 / k) / (1.0 - 1.0 / k)


def purity(t, p):
    c = contingency(t, p)
    return c.max(axis=0).sum() / c.sum()


def external_case(name, truth, pred):
    truth = np.asarray(truth, dtype=int)
    pred = np.asarray(pred, dtype=int)
    keep = truth != -1
    t, p = truth[keep], pred[keep]
    return {
        "name": name,
        "truth": truth.tolist(),
        "pred": pred.tolist(),
        "ari": float(metrics.adjusted_rand_score(t, p)),
        "ami": float(metrics.adjusted_mutual_info_score(t, p)),
        "nmi": float(metrics.normalized_mutual_info_score(t, p)),
        "nca": float(nca(t, p)),
        "purity": float(purity(t, p)),
    }


def internal_case(name, x32, labels):
    labels = np.asarray(labels, dtype=int)
    keep = labels != -1
    x = x32[keep].astype(np.float64)
    lab = labels[keep]
    return {
        "name": name,
        "x": x32.astype(np.float64).tolist(),
        "labels": labels.tolist(),
        "silhouette": float(metrics.silhouette_score(x, lab)),
        "calinski_harabasz": float(metrics.calinski_harabasz_score(x, lab)),
        "davies_bouldin": float(metrics.davies_bouldin_score(x, lab)),
    }


def blobs(rng, n, d, k, spread):
    centers = rng.uniform(-10, 10, size=(k, d))
    lab = rng.integers(0, k, size=n)
    x = centers[lab] + rng.normal(scale=spread, size=(n, d))
    return x.astype(np.float32), lab


def main():
    rng = np.random.default_rng(20240611)
    ext = []
    n = 300
    t = rng.integers(0, 4, n)
    ext.append(external_case("random", t, rng.integers(0, 5, n)))
    perm = np.array([2, 0, 3, 1])
    ext.append(external_case("permuted", t, perm[t]))
    close = t.copy()
    flip = rng.random(n) < 0.2
    close[flip] = rng.integers(0, 4, flip.sum())
    ext.append(external_case("mostly_right", t, close))
    tn = t.copy()
    tn[rng.random(n) < 0.15] = -1
    ext.append(external_case("truth_noise", tn, close))
    pn = close.copy()
    pn[rng.random(n) < 0.25] = -1
    ext.append(external_case("pred_noise", t, pn))
    ext.append(external_case("both_noise", tn, pn))
    t3 = rng.integers(0, 3, n)
    ext.append(external_case("more_pred_clusters", t3, rng.integers(0, 7, n)))
    split = t3 * 2 + (rng.random(n) < 0.5)
    ext.append(external_case("split_clusters", t3, split))
    t6 = rng.integers(0, 6, n)
    ext.append(external_case("fewer_pred_clusters", t6, t6 // 2))
    ext.append(external_case("one_cluster_both", np.zeros(50, int), np.zeros(50, int)))
    ext.append(external_case("one_cluster_truth", np.zeros(50, int), rng.integers(0, 3, 50)))
    ext.append(external_case("one_cluster_pred", rng.integers(0, 3, 50), np.zeros(50, int)))
    ext.append(external_case("all_singletons", rng.integers(0, 3, 40), np.arange(40)))
    ext.append(external_case("small_anti", [0, 0, 1, 1], [0, 1, 0, 1]))
    ext.append(external_case("unsorted_ids", [7, 7, 3, 3, 9, 9], [-1, 5, 5, 100, 100, 100]))
    idx = np.arange(400)
    ext.append(external_case("many_clusters", (idx * 37) % 400, idx // 2))
    ext.append(external_case("wide_label_values", np.where(t % 2 == 0, 2000000000, -7) + t,
                             np.where(close == 1, -2000000000, close * 100000)))
    big_t = rng.integers(0, 10, 3000)
    big_p = np.where(rng.random(3000) < 0.6, big_t, rng.integers(0, 12, 3000))
    ext.append(external_case("large", big_t, big_p))
    skew_t = np.where(rng.random(2000) < 0.9, 0, rng.integers(1, 4, 2000))
    ext.append(external_case("imbalanced", skew_t, rng.integers(0, 2, 2000)))

    internal = []
    x, lab = blobs(rng, 60, 3, 3, 1.0)
    internal.append(internal_case("blobs", x, lab))
    x, lab = blobs(rng, 80, 5, 4, 4.0)
    internal.append(internal_case("overlapping", x, lab))
    noisy = lab.copy()
    noisy[rng.random(80) < 0.2] = -1
    internal.append(internal_case("with_noise", x, noisy))
    x, lab = blobs(rng, 40, 1, 3, 0.5)
    internal.append(internal_case("one_feature", x, lab))
    x, lab = blobs(rng, 30, 2, 3, 1.0)
    lab[0] = 3  # a singleton cluster
    internal.append(internal_case("singleton", x, lab))
    x, lab = blobs(rng, 30, 2, 2, 1.0)
    x[5:10] = x[5]  # duplicated rows
    internal.append(internal_case("duplicates", x, lab))
    x = (rng.normal(size=(50, 4)) * 1000 + 5000).astype(np.float32)
    internal.append(internal_case("offset_scale", x, rng.integers(0, 5, 50)))

    with open(OUT, "w") as f:
        json.dump({"sklearn_version": __import__("sklearn").__version__, "external": ext,
                   "internal": internal}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
