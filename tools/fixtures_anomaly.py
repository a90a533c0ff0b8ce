#!/usr/bin/python3
"""Reference scores for metaul's hbos, ecod, copod, mcd and pca detectors.

PyOD is not installed, so its formulas are re-implemented here in numpy, following PyOD's code
(pyod/models/hbos.py static bins, ecod.py, copod.py with pyod.utils.stat_models.column_ecdf);
mcd uses scikit-learn's MinCovDet as PyOD does; the pca reference uses scikit-learn's StandardScaler and PCA with the weighted squared
projections of Shyu et al. 2003 (see include/metaul/learn/pca_detector.h).
Writes tests/fixtures/anomaly_pyod.json, and tests/fixtures/anomaly_mcd_large.json: a clearly
contaminated correlated Gaussian (n = 2000 > 1500, so FastMCD's subset and merge stages run) with
scikit-learn's MinCovDet location and covariance; the data are rounded to 2 decimals so that the
JSON stays small. Run with /usr/bin/python3.
"""
import json
import os

import numpy as np
from scipy.stats import skew as skew_sp
from sklearn.covariance import MinCovDet
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler


def hbos(train, test, n_bins=10, alpha=0.1, tol=0.5):
    d = train.shape[1]
    hist = np.zeros([n_bins, d])
    edges = np.zeros([n_bins + 1, d])
    for i in range(d):
        hist[:, i], edges[:, i] = np.histogram(train[:, i], bins=n_bins, density=True)

    def score(x):
        out = np.zeros(x.shape)
        for i in range(d):
            inds = np.digitize(x[:, i], edges[:, i], right=False)
            log_h = np.log2(hist[:, i] + alpha)
            for j in range(x.shape[0]):
                if inds[j] == 0:
                    dist = edges[0, i] - x[j, i]
                    width = edges[1, i] - edges[0, i]
                    out[j, i] = log_h[0] if dist <= width * tol else np.min(log_h)
                elif inds[j] == n_bins + 1:
                    dist = x[j, i] - edges[-1, i]
                    width = edges[-1, i] - edges[-2, i]
                    out[j, i] = log_h[n_bins - 1] if dist <= width * tol else np.min(log_h)
                else:
                    out[j, i] = log_h[inds[j] - 1]
        return -np.sum(out, axis=1)

    return score(train), score(test)


def column_ecdf(matrix):
    probabilities = np.linspace(np.ones(matrix.shape[1]) / matrix.shape[0],
                                np.ones(matrix.shape[1]), matrix.shape[0])
    sort_idx = np.argsort(matrix, axis=0)
    matrix = np.take_along_axis(matrix, sort_idx, axis=0)
    for i in range(probabilities.shape[0] - 1, 0, -1):
        duplicates = matrix[i, :] == matrix[i - 1, :]
        probabilities[i - 1, duplicates] = probabilities[i, duplicates]
    ecdf = np.empty_like(probabilities)
    np.put_along_axis(ecdf, sort_idx, probabilities, axis=0)
    return ecdf


def ecdf_scores(x, copod):
    u_l = -1 * np.log(column_ecdf(x))
    u_r = -1 * np.log(column_ecdf(-x))
    skewness = np.sign(np.nan_to_num(skew_sp(x, axis=0)))
    u_skew = u_l * -1 * np.sign(skewness - 1) + u_r * np.sign(skewness + 1)
    if copod:
        o = np.maximum(u_skew, np.add(u_l, u_r) / 2)
    else:
        o = np.maximum(np.maximum(u_l, u_r), u_skew)
    return o.sum(axis=1)


def ecdf_detector(train, test, copod):
    return ecdf_scores(train, copod), ecdf_scores(np.concatenate((train, test)), copod)[-len(test):]


def pca(train, test, n_components=None, n_selected=None, weighted=True, standardization=True):
    if standardization:
        scaler = StandardScaler().fit(train)
        z_train, z_test = scaler.transform(train), scaler.transform(test)
    else:
        z_train, z_test = train, test
    model = PCA(n_components=n_components, svd_solver="full").fit(z_train)
    q = model.n_components_ if n_selected is None else n_selected
    comps = model.components_[-q:]
    lam = model.explained_variance_[-q:]

    def score(z):
        p = (z - model.mean_) @ comps.T
        return np.sum(p ** 2 / lam, axis=1) if weighted else np.sum(p ** 2, axis=1)

    return score(z_train), score(z_test)


def mcd(train, test):
    # PyOD's MCD: decision_scores_ = MinCovDet.dist_, decision_function = mahalanobis(X).
    model = MinCovDet(random_state=0).fit(train)
    return model.dist_, model.mahalanobis(test)


def mcd_large(path):
    rng = np.random.RandomState(7)
    n_in, n_out, d = 1800, 200, 4
    a = np.array([[1.0, 0.0, 0.0, 0.0], [0.6, 0.8, 0.0, 0.0], [0.0, 0.3, 0.9, 0.0],
                  [-0.4, 0.0, 0.2, 1.5]])
    inliers = rng.randn(n_in, d) @ a.T + np.array([1.0, -2.0, 0.5, 3.0])
    outliers = rng.randn(n_out, d) * 0.5 + np.array([9.0, 6.0, -7.0, 12.0])
    x = np.round(np.vstack([inliers, outliers]), 2)
    x32 = x.astype(np.float32).astype(np.float64)
    model = MinCovDet(random_state=0).fit(x32)
    with open(path, "w") as f:
        json.dump({"n_outliers": n_out, "x": x.tolist(), "location": model.location_.tolist(),
                   "covariance": model.covariance_.tolist(),
                   "support_size": int(model.support_.sum())}, f)
        f.write("\n")


def main():
    rng = np.random.RandomState(42)
    datasets = {}
    x = rng.randn(60, 4)
    x[:4] += 6
    datasets["gauss"] = (x, rng.randn(10, 4) * 2)
    # Heavy ties (integer grid) and a skewed feature.
    x = np.column_stack([rng.randint(0, 4, 50), rng.exponential(1.0, 50), rng.randint(0, 2, 50),
                         -rng.exponential(2.0, 50)])
    datasets["ties_skew"] = (x, np.column_stack([rng.randint(-1, 6, 8), rng.exponential(3.0, 8),
                                                 rng.randint(0, 3, 8), rng.randn(8) * 3]))
    # A constant feature.
    x = np.column_stack([rng.randn(40), np.full(40, 2.5), rng.rand(40)])
    datasets["constant"] = (x, np.column_stack([rng.randn(5) * 3, np.full(5, 2.5), rng.rand(5)]))
    cases = []
    for name, (train, test) in datasets.items():
        train = train.astype(np.float32).astype(np.float64)
        test = test.astype(np.float32).astype(np.float64)
        case = {"name": name, "train": train.tolist(), "test": test.tolist()}
        for key, fn in [("hbos", lambda a, b: hbos(a, b)),
                        ("hbos_bins5_tol0", lambda a, b: hbos(a, b, n_bins=5, alpha=0.5, tol=0.0)),
                        ("ecod", lambda a, b: ecdf_detector(a, b, False)),
                        ("copod", lambda a, b: ecdf_detector(a, b, True)),
                        ("mcd", mcd),
                        ("pca", lambda a, b: pca(a, b)),
                        ("pca_k3_q2", lambda a, b: pca(a, b, n_components=3, n_selected=2)),
                        ("pca_unweighted_raw",
                         lambda a, b: pca(a, b, weighted=False, standardization=False))]:
            if name == "constant" and (key.startswith("pca") or key == "mcd"):
                continue  # a zero-variance component: metaul skips it, sklearn divides by ~0
            if name == "ties_skew" and key == "mcd":
                continue  # integer-valued features: many equally good supports
            tr, te = fn(train, test)
            case[key] = {"train": tr.tolist(), "test": te.tolist()}
        cases.append(case)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                       "anomaly_pyod.json")
    with open(out, "w") as f:
        json.dump({"cases": cases}, f)
        f.write("\n")
    mcd_large(os.path.join(os.path.dirname(out), "anomaly_mcd_large.json"))


if __name__ == "__main__":
    main()
