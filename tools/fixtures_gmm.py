#!/usr/bin/python3
"""Writes the scikit-learn fixtures of the mixtures-and-transformers area:
tests/fixtures/gmm_em.json (GaussianMixture from a given start, every covariance type),
tests/fixtures/gmm_scalers.json (StandardScaler, RobustScaler, MinMaxScaler) and
tests/fixtures/gmm_pca.json (PCA, full and randomized).

Run with Debian's interpreter (scikit-learn 1.2): /usr/bin/python3 tools/fixtures_gmm.py
Inputs are rounded to float32 before scikit-learn sees them (as float64), so both sides read the
same numbers.
"""
import json
import os

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def dump(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as fh:
        json.dump(obj, fh, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


def L(a):
    return np.asarray(a).tolist()


def gmm_fixture():
    rng = np.random.RandomState(7)
    k, d, per = 3, 3, 80
    centers = np.array([[0.0, 0.0, 0.0], [2.5, 1.0, -1.0], [-1.0, 3.0, 1.5]])
    parts = []
    for c in range(k):
        a = rng.normal(size=(d, d)) * 0.6 + np.eye(d) * 0.5
        parts.append(rng.normal(size=(per, d)) @ a + centers[c])
    x = f32(np.vstack(parts) + 50.0)  # far from the origin on purpose
    x_new = f32(rng.normal(size=(15, d)) * 2 + 50.5)
    labels = KMeans(n_clusters=k, n_init=1, random_state=0).fit(x).labels_
    cases = []
    for cov_type in ["full", "tied", "diag", "spherical"]:
        resp = np.zeros((x.shape[0], k))
        resp[np.arange(x.shape[0]), labels] = 1
        base = GaussianMixture(k, covariance_type=cov_type)
        from sklearn.mixture._gaussian_mixture import (_estimate_gaussian_parameters,
                                                       _compute_precision_cholesky)
        w, m, cov = _estimate_gaussian_parameters(x, resp, 1e-6, cov_type)
        w = w / x.shape[0]
        pc = _compute_precision_cholesky(cov, cov_type)
        if cov_type == "full":
            prec = np.array([p @ p.T for p in pc])
        elif cov_type == "tied":
            prec = pc @ pc.T
        else:
            prec = pc ** 2
        for max_iter, tol in [(3, 0.0), (200, 1e-6)]:
            g = GaussianMixture(k, covariance_type=cov_type, tol=tol, max_iter=max_iter,
                                weights_init=w, means_init=m, precisions_init=prec,
                                reg_covar=1e-6)
            g.fit(x)
            cases.append({
                "covariance_type": cov_type, "max_iter": max_iter, "tol": tol,
                "weights_init": L(w), "means_init": L(m.ravel()),
                "precisions_init": L(np.asarray(prec).ravel()),
                "lower_bound": g.lower_bound_, "n_iter": int(g.n_iter_),
                "converged": bool(g.converged_),
                "weights": L(g.weights_), "means": L(g.means_.ravel()),
                "covariances": L(g.covariances_.ravel()),
                "precisions_cholesky": L(np.asarray(g.precisions_cholesky_).ravel()),
                "score": g.score(x), "bic": g.bic(x), "aic": g.aic(x),
                "n_parameters": int(g._n_parameters()),
                "labels": L(g.predict(x)),
                "proba_new": L(g.predict_proba(x_new).ravel()),
                "score_samples_new": L(g.score_samples(x_new)),
            })
    dump("gmm_em.json", {"x": L(x), "x_new": L(x_new), "k": k, "cases": cases})


def gmm_far_fixture():
    """A tight component far from the data centre: expanding (x - mu)' P (x - mu) would cancel
    catastrophically here, so this exercises the exact path."""
    rng = np.random.RandomState(5)
    a = rng.normal(size=(60, 3)) * 1e-3
    b = rng.normal(size=(60, 3)) * np.array([1.0, 2.0, 0.5]) + np.array([3e4, -2e4, 1e4])
    c = rng.normal(size=(60, 3)) * 3.0 + np.array([2.9e4, -2.1e4, 1e4])
    x = f32(np.vstack([a, b, c]))
    labels = np.repeat([0, 1, 2], 60)
    cases = []
    for cov_type in ["full", "diag", "spherical", "tied"]:
        from sklearn.mixture._gaussian_mixture import (_estimate_gaussian_parameters,
                                                       _compute_precision_cholesky)
        resp = np.zeros((x.shape[0], 3))
        resp[np.arange(x.shape[0]), labels] = 1
        w, m, cov = _estimate_gaussian_parameters(x, resp, 1e-6, cov_type)
        w = w / x.shape[0]
        # Start a little off the solution so that EM has work to do.
        m = m + rng.normal(size=m.shape) * np.array([[1e-3], [0.5], [1.0]])
        pc = _compute_precision_cholesky(cov, cov_type)
        if cov_type == "full":
            prec = np.array([p @ p.T for p in pc])
        elif cov_type == "tied":
            prec = pc @ pc.T
        else:
            prec = pc ** 2
        g = GaussianMixture(3, covariance_type=cov_type, tol=1e-8, max_iter=50, weights_init=w,
                            means_init=m, precisions_init=prec).fit(x)
        cases.append({"covariance_type": cov_type, "weights_init": L(w),
                      "means_init": L(m.ravel()), "precisions_init": L(np.asarray(prec).ravel()),
                      "lower_bound": g.lower_bound_, "n_iter": int(g.n_iter_),
                      "means": L(g.means_.ravel()), "covariances": L(g.covariances_.ravel()),
                      "score": g.score(x), "labels": L(g.predict(x))})
    dump("gmm_far.json", {"x": L(x), "cases": cases})


def scalers_fixture():
    rng = np.random.RandomState(3)
    x = rng.normal(size=(41, 5)) * np.array([1.0, 10.0, 0.1, 1.0, 3.0]) + np.array(
        [0.0, 100.0, -5.0, 0.0, 2.0])
    x[:, 3] = 0.7  # constant column
    x[::7, 4] = 40.0  # outliers
    x = f32(x)
    out = {"x": L(x)}
    s = StandardScaler().fit(x)
    out["standard"] = {"mean": L(s.mean_), "var": L(s.var_), "scale": L(s.scale_),
                       "transformed": L(s.transform(x))}
    s2 = StandardScaler(with_mean=False).fit(x)
    out["standard_no_mean"] = {"transformed": L(s2.transform(x))}
    r = RobustScaler().fit(x)
    out["robust"] = {"center": L(r.center_), "scale": L(r.scale_), "transformed": L(r.transform(x))}
    r2 = RobustScaler(quantile_range=(10.0, 90.0), with_centering=False).fit(x)
    out["robust_10_90"] = {"scale": L(r2.scale_), "transformed": L(r2.transform(x))}
    x_even = x[:40]
    r3 = RobustScaler(quantile_range=(33.0, 71.5)).fit(x_even)
    out["robust_even"] = {"center": L(r3.center_), "scale": L(r3.scale_)}
    m = MinMaxScaler().fit(x)
    out["minmax"] = {"data_min": L(m.data_min_), "data_max": L(m.data_max_),
                     "scale": L(m.scale_), "min": L(m.min_), "transformed": L(m.transform(x))}
    m2 = MinMaxScaler(feature_range=(-1.0, 2.0)).fit(x)
    out["minmax_m1_2"] = {"transformed": L(m2.transform(x))}
    dump("gmm_scalers.json", out)


def pca_fixture():
    rng = np.random.RandomState(11)
    x = f32(rng.normal(size=(60, 6)) @ rng.normal(size=(6, 6)) + rng.normal(size=6) * 5)
    out = {"x": L(x)}
    cases = []
    for nc, whiten in [(3, False), (3, True), (None, False)]:
        p = PCA(n_components=nc, whiten=whiten, svd_solver="full").fit(x)
        cases.append({"n_components": nc, "variance": None, "whiten": whiten, "solver": "full",
                      "components": L(p.components_.ravel()),
                      "explained_variance": L(p.explained_variance_),
                      "explained_variance_ratio": L(p.explained_variance_ratio_),
                      "singular_values": L(p.singular_values_), "mean": L(p.mean_),
                      "noise_variance": float(p.noise_variance_),
                      "transformed": L(p.transform(x).ravel()),
                      "n_components_": int(p.n_components_)})
    p = PCA(n_components=0.9, svd_solver="full").fit(x)
    cases.append({"n_components": None, "variance": 0.9, "whiten": False, "solver": "full",
                  "components": L(p.components_.ravel()),
                  "explained_variance": L(p.explained_variance_),
                  "explained_variance_ratio": L(p.explained_variance_ratio_),
                  "singular_values": L(p.singular_values_), "mean": L(p.mean_),
                  "noise_variance": float(p.noise_variance_),
                  "transformed": L(p.transform(x).ravel()), "n_components_": int(p.n_components_)})
    out["full"] = cases
    # Low-rank data: the randomized solver recovers the exact subspace.
    lr = f32(rng.normal(size=(150, 3)) * np.array([5.0, 2.0, 1.0]) @ rng.normal(size=(3, 12)) +
             rng.normal(size=12))
    p = PCA(n_components=3, svd_solver="randomized", random_state=0).fit(lr)
    out["lowrank"] = {"x": L(lr), "components": L(p.components_.ravel()),
                      "explained_variance": L(p.explained_variance_),
                      "explained_variance_ratio": L(p.explained_variance_ratio_),
                      "singular_values": L(p.singular_values_),
                      "transformed": L(p.transform(lr)[:20].ravel())}
    dump("gmm_pca.json", out)


if __name__ == "__main__":
    gmm_fixture()
    gmm_far_fixture()
    scalers_fixture()
    pca_fixture()
