#!/usr/bin/python3
"""Fixtures for metaul's ranking metrics (include/metaul/metrics/ranking.h).

Writes tests/fixtures/ranking.json: labels/scores cases (random, heavy ties, perfect, reversed,
constant scores) with scikit-learn's roc_auc_score and average_precision_score and PyOD's
precision_n_scores (re-implemented below, as PyOD is not installed).
Run with /usr/bin/python3 (Debian's scikit-learn 1.2.1).
"""
import json
import os

import numpy as np
from sklearn.metrics import average_precision_score, precision_score, roc_auc_score


def precision_n_scores(y, y_pred):
    # pyod.utils.utility.get_label_n + precision_n_scores with n = None.
    outliers_fraction = np.count_nonzero(y) / len(y)
    threshold = np.percentile(y_pred, 100 * (1 - outliers_fraction))
    labels = (y_pred > threshold).astype(int)
    return float(precision_score(y, labels, zero_division=0))


def main():
    rng = np.random.RandomState(0)
    cases = []

    def add(name, y, s):
        y = np.asarray(y, dtype=int)
        s = np.asarray(s, dtype=np.float64)
        cases.append({"name": name, "labels": y.tolist(), "scores": s.tolist(),
                      "roc_auc": float(roc_auc_score(y, s)),
                      "average_precision": float(average_precision_score(y, s)),
                      "precision_at_n": precision_n_scores(y, s)})

    for i, (n, rate) in enumerate([(20, 0.2), (100, 0.1), (300, 0.05), (57, 0.4)]):
        y = (rng.rand(n) < rate).astype(int)
        y[0], y[1] = 1, 0
        s = rng.randn(n) + 1.5 * y
        add(f"random_{i}", y, s)
    for i, (n, levels) in enumerate([(50, 3), (200, 5), (120, 2), (80, 10)]):
        y = (rng.rand(n) < 0.2).astype(int)
        y[0], y[1] = 1, 0
        s = rng.randint(0, levels, size=n) + y * rng.randint(0, 2, size=n)
        add(f"ties_{i}", y, s.astype(float))
    add("perfect", [0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.8, 0.9])
    add("reversed", [1, 1, 0, 0, 0], [0.1, 0.2, 0.3, 0.8, 0.9])
    add("constant", [1, 0, 0, 1, 0, 0], [2.0] * 6)
    add("tie_at_threshold", [1, 0, 1, 0, 0, 0, 0, 0], [5, 5, 5, 1, 1, 1, 0, 0])
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                       "ranking.json")
    with open(out, "w") as f:
        json.dump({"cases": cases}, f, indent=None)
        f.write("\n")


if __name__ == "__main__":
    main()
