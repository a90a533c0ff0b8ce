#!/usr/bin/python3
"""Writes the scikit-learn fixtures of the density-based clusterers (run with /usr/bin/python3).

tests/fixtures/density_dbscan.json: DBSCAN labels and core rows from scikit-learn on small
data sets (inputs rounded to float32 first, so that both sides see the same numbers).
tests/fixtures/density_hdbscan.json: HDBSCAN labels, probabilities and condensed-tree sizes
from the reference implementation below (a direct transcription of Campello, Moulavi & Sander
2013 and McInnes, Healy & Astels 2017, the algorithm of the `hdbscan` package; neither
scikit-learn 1.2 nor Debian bookworm ship HDBSCAN).
"""
import json
import os

import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs, make_moons

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")


def f32(x):
    return np.asarray(x, dtype=np.float32)


def datasets():
    rng = np.random.RandomState(0)
    sets = []
    moons, _ = make_moons(n_samples=160, noise=0.08, random_state=0)
    sets.append(("moons", f32(moons), [(0.2, 5), (0.12, 4), (0.3, 10)]))
    blobs, _ = make_blobs(n_samples=220, centers=4, cluster_std=0.6, random_state=1)
    noise = rng.uniform(blobs.min(0) - 1, blobs.max(0) + 1, size=(30, 2))
    bn = np.vstack([blobs, noise])
    bn = bn[rng.permutation(len(bn))]
    sets.append(("blobs_noise", f32(bn), [(0.5, 5), (0.8, 10), (0.35, 3)]))
    base = f32(rng.normal(size=(60, 2)))
    dup = np.vstack([base, base[:30], base[:10], np.zeros((6, 2), np.float32)])
    dup = dup[rng.permutation(len(dup))]
    sets.append(("duplicates", f32(dup), [(0.3, 3), (0.5, 6), (1e-9, 2)]))
    # Uniform data at a density where many border rows touch several clusters.
    unif = f32(rng.uniform(0, 8, size=(260, 2)))
    sets.append(("uniform2d", unif, [(0.45, 4), (0.6, 7)]))
    b3, _ = make_blobs(n_samples=180, n_features=3, centers=3, cluster_std=1.0, random_state=2)
    sets.append(("blobs3d", f32(b3), [(0.9, 5), (1.3, 12)]))
    b8, _ = make_blobs(n_samples=150, n_features=8, centers=3, cluster_std=1.0, random_state=3)
    sets.append(("blobs8d", f32(b8), [(2.5, 5), (3.0, 8)]))
    b20, _ = make_blobs(n_samples=120, n_features=20, centers=3, cluster_std=1.0, random_state=4)
    sets.append(("blobs20d", f32(b20), [(5.0, 5), (5.5, 4)]))
    line = f32(np.sort(rng.uniform(0, 20, size=(120, 1)), axis=0)[rng.permutation(120)])
    sets.append(("line1d", line, [(0.3, 3), (0.15, 2)]))
    return sets


def short(x):
    """float32 values as the shortest decimal that reads back to the same float32."""
    return [[float(repr(np.float32(v))) for v in row] for row in x]


def dbscan_fixture():
    cases = []
    for name, x, params in datasets():
        runs = []
        for eps, ms in params:
            x64 = x.astype(np.float64)
            model = DBSCAN(eps=eps, min_samples=ms, algorithm="kd_tree").fit(x64)
            brute = DBSCAN(eps=eps, min_samples=ms, algorithm="brute").fit(x64)
            assert (model.labels_ == brute.labels_).all(), name
            runs.append({
                "eps": eps,
                "min_samples": ms,
                "labels": model.labels_.tolist(),
                "core": model.core_sample_indices_.tolist(),
            })
        cases.append({"name": name, "x": short(x), "runs": runs})
    return cases


# ---- HDBSCAN reference ----------------------------------------------------------------------

def core_distances(x, min_samples):
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    # The k-th nearest neighbour with the row itself counted (hdbscan's convention).
    core = np.sort(d, axis=1)[:, min_samples - 1]
    return d, core


def mst_prim(mr):
    n = mr.shape[0]
    in_tree = np.zeros(n, bool)
    dist = np.full(n, np.inf)
    src = np.zeros(n, int)
    edges = []
    current = 0
    in_tree[0] = True
    for _ in range(n - 1):
        upd = (~in_tree) & (mr[current] < dist)
        dist[upd] = mr[current][upd]
        src[upd] = current
        cand = np.where(~in_tree)[0]
        nxt = cand[np.argmin(dist[cand])]
        edges.append((src[nxt], nxt, dist[nxt]))
        in_tree[nxt] = True
        current = nxt
    return edges


def single_linkage(edges, n):
    edges = sorted(edges, key=lambda e: e[2])  # stable: ties keep Prim order
    parent = list(range(2 * n - 1))
    size = [1] * n + [0] * (n - 1)

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    tree = []
    nxt = n
    for a, b, w in edges:
        ra, rb = find(a), find(b)
        tree.append((ra, rb, w, size[ra] + size[rb]))
        size[nxt] = size[ra] + size[rb]
        parent[ra] = nxt
        parent[rb] = nxt
        nxt += 1
    return tree


def condense(tree, n, min_cluster_size):
    root = 2 * n - 2
    children = {n + i: (a, b, w) for i, (a, b, w, _) in enumerate(tree)}
    size = {n + i: s for i, (_, _, _, s) in enumerate(tree)}

    def sz(node):
        return 1 if node < n else size[node]

    def leaves(node):
        out, stack = [], [node]
        while stack:
            v = stack.pop()
            if v < n:
                out.append(v)
            else:
                a, b, _ = children[v]
                stack += [a, b]
        return out

    relabel = {root: n}
    next_label = n + 1
    ignore = set()
    rows = []  # (parent, child, lambda, child_size)
    order = []
    stack = [root]
    while stack:  # breadth-first order as hdbscan's bfs_from_hierarchy
        order += stack
        nxt = []
        for v in stack:
            if v >= n:
                a, b, _ = children[v]
                nxt += [a, b]
        stack = nxt
    for node in order:
        if node in ignore or node < n:
            continue
        left, right, w = children[node]
        lam = 1.0 / w if w > 0 else np.inf
        ls, rs = sz(left), sz(right)
        if ls >= min_cluster_size and rs >= min_cluster_size:
            relabel[left] = next_label
            next_label += 1
            rows.append((relabel[node], relabel[left], lam, ls))
            relabel[right] = next_label
            next_label += 1
            rows.append((relabel[node], relabel[right], lam, rs))
        elif ls < min_cluster_size and rs < min_cluster_size:
            for side in (left, right):
                for p in leaves(side):
                    rows.append((relabel[node], p, lam, 1))
                ignore.update(_subtree(side, children, n))
        elif ls < min_cluster_size:
            relabel[right] = relabel[node]
            for p in leaves(left):
                rows.append((relabel[node], p, lam, 1))
            ignore.update(_subtree(left, children, n))
        else:
            relabel[left] = relabel[node]
            for p in leaves(right):
                rows.append((relabel[node], p, lam, 1))
            ignore.update(_subtree(right, children, n))
    return rows


def _subtree(node, children, n):
    out, stack = set(), [node]
    while stack:
        v = stack.pop()
        out.add(v)
        if v >= n:
            a, b, _ = children[v]
            stack += [a, b]
    return out


def stabilities(rows, n):
    birth = {n: 0.0}
    for p, c, lam, s in rows:
        if s > 1:
            birth[c] = lam
    stab = {c: 0.0 for c in set(r[0] for r in rows)}
    for p, c, lam, s in rows:
        stab[p] = stab.get(p, 0.0) + (lam - birth[p]) * s
    return stab, birth


def select_clusters(rows, n, method, allow_single, epsilon):
    stab, birth = stabilities(rows, n)
    clusters = sorted(stab.keys(), reverse=True)
    if not allow_single:
        clusters = [c for c in clusters if c != n]
    children = {}
    for p, c, lam, s in rows:
        if s > 1:
            children.setdefault(p, []).append(c)
    is_cluster = {c: True for c in clusters}
    if method == "eom":
        for node in clusters:
            child_sum = sum(stab[c] for c in children.get(node, []))
            if child_sum > stab[node]:
                is_cluster[node] = False
                stab[node] = child_sum
            else:
                for desc in _descendants(node, children):
                    if desc != node:
                        is_cluster[desc] = False
    else:  # leaf
        leaves = [c for c in clusters if c not in children]
        if not leaves:
            leaves = [n] if allow_single else []
        is_cluster = {c: (c in leaves) for c in set(clusters) | {n}}
    if epsilon > 0:
        selected = [c for c, v in is_cluster.items() if v]
        chosen = set()
        for c in selected:
            chosen.add(_epsilon_search(c, birth, rows, n, epsilon, allow_single))
        is_cluster = {c: (c in chosen) for c in set(clusters) | {n}}
    return sorted(c for c, v in is_cluster.items() if v)


def _descendants(node, children):
    out, stack = [], [node]
    while stack:
        v = stack.pop()
        out.append(v)
        stack += children.get(v, [])
    return out


def _epsilon_search(leaf, birth, rows, n, epsilon, allow_single):
    parent_of = {c: p for p, c, lam, s in rows if s > 1}
    node = leaf
    while True:
        if 1.0 / birth[node] >= epsilon if birth[node] > 0 else True:
            return node
        parent = parent_of.get(node)
        if parent is None or (parent == n and not allow_single):
            return node
        node = parent


def label_points(rows, clusters, n, allow_single):
    cluster_set = set(clusters)
    parent_of = {}
    for p, c, lam, s in rows:
        parent_of[c] = p
    root = n
    mapping = {c: i for i, c in enumerate(sorted(clusters))}
    labels = np.full(n, -1)
    # lambda at which each point left its cluster
    point_lambda = {c: lam for p, c, lam, s in rows if c < n}
    # max lambda of each cluster among points that fell out of it (for probabilities)
    max_lambda = {}
    for p, c, lam, s in rows:
        max_lambda[p] = max(max_lambda.get(p, 0.0), lam)
    # propagate deaths: a cluster's max lambda includes its descendants'
    children = {}
    for p, c, lam, s in rows:
        if s > 1:
            children.setdefault(p, []).append(c)

    def deepest(node):
        m = max_lambda.get(node, 0.0)
        for ch in children.get(node, []):
            m = max(m, deepest(ch))
        return m

    cluster_max = {c: deepest(c) for c in clusters}
    probs = np.zeros(n)
    for i in range(n):
        node = parent_of[i]
        while node not in cluster_set and node != root:
            node = parent_of[node]
        if node in cluster_set:
            if node == root:
                # hdbscan labels the root cluster only where the point fell out late enough
                if not allow_single:
                    continue
                if point_lambda[i] >= 1.0 / 1e300 or True:
                    pass
            labels[i] = mapping[node]
            m = cluster_max[node]
            lam = point_lambda[i]
            probs[i] = 1.0 if not np.isfinite(m) and not np.isfinite(lam) else (
                min(lam, m) / m if m > 0 and np.isfinite(m) else 1.0)
    return labels, probs


def hdbscan_reference(x, min_cluster_size, min_samples, method="eom", allow_single=False,
                      epsilon=0.0):
    x = x.astype(np.float64)
    n = len(x)
    d, core = core_distances(x, min_samples)
    mr = np.maximum(d, np.maximum(core[:, None], core[None, :]))
    np.fill_diagonal(mr, np.inf)
    edges = mst_prim(mr)
    tree = single_linkage(edges, n)
    rows = condense(tree, n, min_cluster_size)
    clusters = select_clusters(rows, n, method, allow_single, epsilon)
    labels, probs = label_points(rows, clusters, n, allow_single)
    return labels, probs, len(rows)


def hdbscan_fixture():
    cases = []
    rng = np.random.RandomState(7)
    moons, _ = make_moons(n_samples=150, noise=0.06, random_state=3)
    blobs, _ = make_blobs(n_samples=200, centers=[[0, 0], [4, 4], [0, 5]],
                          cluster_std=[0.4, 0.8, 0.3], random_state=5)
    noise = rng.uniform(-2, 6, size=(25, 2))
    bn = np.vstack([blobs, noise])[rng.permutation(225)]
    b5, _ = make_blobs(n_samples=180, n_features=5, centers=4, cluster_std=0.7, random_state=6)
    for name, x in [("moons", f32(moons)), ("blobs_noise", f32(bn)), ("blobs5d", f32(b5))]:
        for mcs, ms, method in [(5, None, "eom"), (10, 5, "eom"), (8, None, "leaf"),
                                (15, 3, "leaf")]:
            labels, probs, size = hdbscan_reference(x, mcs, ms or mcs, method)
            cases.append({
                "name": f"{name}_mcs{mcs}_ms{ms}_{method}",
                "min_cluster_size": mcs,
                "min_samples": ms,
                "method": method,
                "x": short(x),
                "labels": labels.tolist(),
                "probabilities": [round(float(p), 12) for p in probs],
                "condensed_size": size,
            })
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "density_dbscan.json"), "w") as f:
        json.dump({"cases": dbscan_fixture()}, f, separators=(",", ":"))
    with open(os.path.join(OUT, "density_hdbscan.json"), "w") as f:
        json.dump({"cases": hdbscan_fixture()}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
