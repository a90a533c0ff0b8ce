#!/usr/bin/python3
"""Reference scores for metaul's neighbour-based detectors (knn, lof) and the gmm detector.

lof: scikit-learn's LocalOutlierFactor (training: -negative_outlier_factor_; new rows:
-score_samples with novelty=True). knn: PyOD's KNN re-implemented with scikit-learn's
NearestNeighbors (PyOD is not installed): training rows use kneighbors() without the row itself,
new rows kneighbors(X). abod: PyOD's fast ABOD in numpy (an empty pair list gives 0, not
NaN). Inputs are rounded to float32 and passed as float64 so both sides see the
same numbers. gmm: -GaussianMixture(n_components=1).score_samples (one component: no
randomness). sod: PyOD's SOD in numpy with a stable
reference-set order (ref_set = n_neighbors // 2). inne: PyOD's INNE in numpy on 8 rows with
max_samples = 8 (no randomness left). cof: PyOD's fast COF in numpy (stable
neighbour order). ocsvm: OneClassSVM.decision_function. Writes tests/fixtures/neighbors.json. Run with /usr/bin/python3.
"""
import json
import os
from itertools import combinations

import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors
from sklearn.svm import OneClassSVM


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def knn_scores(train, test, k, method):
    nn = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(train)
    d_train, _ = nn.kneighbors()
    d_test, _ = nn.kneighbors(test)

    def red(d):
        if method == "largest":
            return d[:, -1]
        if method == "mean":
            return d.mean(axis=1)
        return np.median(d, axis=1)

    return red(d_train), red(d_test)


def abod_fast(train, test, k):
    """PyOD's ABOD(method='fast'): -variance of the weighted cosines over neighbour pairs."""
    nn = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(train)
    ind_train = nn.kneighbors(return_distance=False)
    ind_test = nn.kneighbors(test, return_distance=False)

    def wocs(p, ind):
        w = []
        for a_i, b_i in combinations(ind, 2):
            a, b = train[a_i], train[b_i]
            if np.array_equal(a, p) or np.array_equal(b, p):
                continue
            ac, bc = a - p, b - p
            w.append(np.dot(ac, bc) / np.linalg.norm(ac, 2) ** 2 / np.linalg.norm(bc, 2) ** 2)
        return np.var(w) if w else 0.0

    tr = np.array([-wocs(train[i], ind_train[i]) for i in range(len(train))])
    te = np.array([-wocs(test[i], ind_test[i]) for i in range(len(test))])
    return tr, te


def sod(train, test, k, ref_set, alpha):
    """PyOD's SOD with a deterministic reference set: the ref_set rows j != i sharing most
    neighbours, ties by the lower index (PyOD: unstable argsort). New rows are scored against
    the training rows (PyOD refits on them)."""
    nn = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(train)
    ind = nn.kneighbors(train, return_distance=False)

    def score(p, p_ind, self_i):
        cnt = np.array([len(set(p_ind) & set(ind[j])) for j in range(len(train))])
        order = sorted((j for j in range(len(train)) if j != self_i), key=lambda j: (-cnt[j], j))
        r = train[order[:ref_set]]
        mu = r.mean(axis=0)
        var_total = np.sum(np.square(r - mu)) / ref_set
        var_expect = alpha * var_total / train.shape[1]
        rel = (np.var(r, axis=0) < var_expect).astype(float)
        if rel.sum() == 0:
            return 0.0
        return np.sqrt(np.dot(rel, np.square(p - mu)) / rel.sum())

    tr = [score(train[i], ind[i], i) for i in range(len(train))]
    te_ind = nn.kneighbors(test, return_distance=False)
    te = [score(test[i], te_ind[i], -1) for i in range(len(test))]
    return tr, te


def inne_full(train, test):
    """PyOD's INNE when max_samples = n: every set holds all rows, so the score needs no random
    draw. Squared distances are computed exactly ((a - b)^2 summed) as metaul does (PyOD uses
    euclidean_distances' expanded formula)."""
    eps = np.finfo(float).eps
    d2 = ((train[:, None, :] - train[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(d2, np.inf)
    radius = d2.min(axis=1)
    ratio = 1 - (radius[d2.argmin(axis=1)] + eps) / (radius + eps)

    def score(x):
        dist = ((x[:, None, :] - train[None, :, :]) ** 2).sum(axis=2)
        cover = np.where(dist <= radius, radius, np.nan)
        out = np.ones(len(x))
        hit = ~np.isnan(cover).all(axis=1)
        out[hit] = ratio[np.nanargmin(cover[hit], axis=1)]
        return out

    return score(train), score(test)


def cof_fast(train, test, k):
    """PyOD's COF(method='fast') on the training rows (stable argsort); new rows take the path
    through their k nearest training rows and the training ac_dist (metaul's inductive form)."""
    dm = np.sqrt(((train[:, None, :] - train[None, :, :]) ** 2).sum(axis=2))

    def ac(path, dist_to):
        cost = [min(dist_to(path[j]) if m == 0 else dm[path[j], path[m]] for m in range(j))
                for j in range(1, k + 1)]
        return sum(2.0 * (k + 1 - j) / ((k + 1) * k) * c for j, c in zip(range(1, k + 1), cost))

    paths, acs = [], []
    for i in range(len(train)):
        order = [j for j in np.argsort(dm[i], kind="stable") if j != i][:k]
        paths.append(order)
        acs.append(ac([i] + order, lambda j: dm[i, j]))
    acs = np.array(acs)
    tr = np.nan_to_num(np.array([acs[i] * k / acs[paths[i]].sum() for i in range(len(train))]))
    te = []
    for p in test:
        dp = np.sqrt(((train - p) ** 2).sum(axis=1))
        order = list(np.argsort(dp, kind="stable")[:k])
        te.append(ac([-1] + order, lambda j: dp[j]) * k / acs[order].sum())
    return tr, np.nan_to_num(np.array(te))


def main():
    rng = np.random.RandomState(7)
    cases = []
    # Gaussian cloud with a few planted outliers; a 2-d case with duplicated rows.
    a = np.vstack([rng.randn(80, 3), rng.uniform(-6, 6, (6, 3))])
    b = rng.randn(40, 2)
    b = np.vstack([b, b[:5], b[:3]])
    c = np.vstack([rng.randn(50, 5) * [1, 2, 0.5, 1, 3], rng.randn(10, 5) + 4])
    for name, x, k in [("cloud3", a, 10), ("dups2", b, 6), ("blobs5", c, 20)]:
        x = f32(x)
        test = f32(rng.randn(12, x.shape[1]) * 2)
        lof = LocalOutlierFactor(n_neighbors=k, algorithm="brute").fit(x)
        nov = LocalOutlierFactor(n_neighbors=k, algorithm="brute", novelty=True).fit(x)
        case = {
            "name": name, "k": k, "train": x.tolist(), "test": test.tolist(),
            "lof_train": (-lof.negative_outlier_factor_).tolist(),
            "lof_test": (-nov.score_samples(test)).tolist(),
        }
        for method in ["largest", "mean", "median"]:
            tr, te = knn_scores(x, test, k, method)
            case["knn_" + method + "_train"] = tr.tolist()
            case["knn_" + method + "_test"] = te.tolist()
        gm = GaussianMixture(n_components=1, covariance_type="full").fit(x)
        case["gmm_train"] = (-gm.score_samples(x)).tolist()
        case["gmm_test"] = (-gm.score_samples(test)).tolist()
        tr, te = abod_fast(x, test, min(k, 10))
        case["abod_k"] = min(k, 10)
        case["abod_train"] = tr.tolist()
        case["abod_test"] = te.tolist()
        sk = max(min(k, 20), 6)
        tr, te = sod(x, test, sk, sk // 2, 0.8)
        case["sod_k"] = sk
        case["sod_train"] = [float(v) for v in tr]
        case["sod_test"] = [float(v) for v in te]
        tr, te = cof_fast(x, test, k)
        case["cof_train"] = tr.tolist()
        case["cof_test"] = te.tolist()
        ocsvm = []
        for kernel, nu, gamma in [("rbf", 0.5, "scale"), ("rbf", 0.1, 0.3), ("linear", 0.2, "scale"),
                                  ("poly", 0.3, 0.2), ("sigmoid", 0.3, 0.05)]:
            m = OneClassSVM(kernel=kernel, nu=nu, gamma=gamma).fit(x)
            ocsvm.append({"kernel": kernel, "nu": nu, "gamma": None if gamma == "scale" else gamma,
                          "gamma_used": float(m._gamma), "n_support": int(m.support_.shape[0]),
                          "train": m.decision_function(x).tolist(),
                          "test": m.decision_function(test).tolist()})
        case["ocsvm"] = ocsvm
        cases.append(case)
    small = f32(rng.randn(8, 3))
    small_test = f32(np.vstack([small[:3] + 0.01, rng.randn(5, 3) * 2]))
    tr, te = inne_full(small, small_test)
    inne = {"train": small.tolist(), "test": small_test.tolist(), "scores_train": tr.tolist(),
            "scores_test": te.tolist()}
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "neighbors.json")
    with open(out, "w") as f:
        json.dump({"cases": cases, "inne": inne}, f)


if __name__ == "__main__":
    main()
