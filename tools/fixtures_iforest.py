#!/usr/bin/python3
"""Reference ROC-AUC of scikit-learn's IsolationForest on the anomaly corpus.

For every file in <corpus>/anomaly/*.csv (label column `label`, 1 = outlier) this fits
IsolationForest(n_estimators=100, max_samples='auto') with random_state 0..19, scores the
training rows and writes the mean ROC-AUC over the 20 seeds (and the 5-seed mean of seeds 0..4) to tests/fixtures/iforest_corpus.json.
Only numbers are written, no data. Run with /usr/bin/python3 (Debian's scikit-learn 1.2.1):

    /usr/bin/python3 tools/fixtures_iforest.py [--corpus ../shared/data]  (default: $METAUL_CORPUS or ../shared/data)
"""
import argparse
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

SEEDS = list(range(20))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.environ.get(
        "METAUL_CORPUS", os.path.join(here, "..", "..", "shared", "data")))
    ap.add_argument("--out", default=os.path.join(here, "..", "tests", "fixtures",
                                                  "iforest_corpus.json"))
    args = ap.parse_args()
    folder = os.path.join(args.corpus, "anomaly")
    files = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        path = os.path.join(folder, name)
        with open(path) as f:
            header = f.readline().strip().split(",")
        data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
        li = header.index("label")
        y = data[:, li].astype(int)
        x = np.delete(data, li, axis=1).astype(np.float32)
        aucs = []
        for seed in SEEDS:
            model = IsolationForest(n_estimators=100, max_samples="auto", random_state=seed)
            model.fit(x)
            aucs.append(roc_auc_score(y, -model.score_samples(x)))
        files[name] = {"n": int(x.shape[0]), "d": int(x.shape[1]),
                       "sklearn_mean_auc": float(np.mean(aucs)),
                       "sklearn_mean_auc_5": float(np.mean(aucs[:5])),
                       "sklearn_std_auc": float(np.std(aucs))}
        print(f"{name}: {np.mean(aucs):.4f} +- {np.std(aucs):.4f}", file=sys.stderr)
    out = {"sklearn_version": sklearn.__version__, "seeds": SEEDS,
           "params": {"n_estimators": 100, "max_samples": "auto"}, "files": files}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
