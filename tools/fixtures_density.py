#!/usr/bin/python3
"""Writes the scikit-learn fixtures of the density-based clusterers (run with /usr/bin/python3).

tests/fixtures/density_dbscan.json: DBSCAN labels and core rows from scikit-learn on small
data sets (inputs rounded to float32 first, so that both sides see the same numbers).
tests/fixtures/density_optics.json: OPTICS ordering, reachability and labels from scikit-learn.
tests/fixtures/density_hdbscan.json: HDBSCAN labels, probabilities and condensed-tree sizes
from the reference implementation below (a direct transcription of Campello, Moulavi & Sander
2013 and McInnes, Healy & Astels 2017, the algorithm of the `hdbscan` package; neither
scikit-learn 1.2 nor Debian bookworm ship HDBSCAN).
"""
import json
import os

import numpy as np
from sklearn.cluster import DBSCAN, OPTICS
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
# Conventions (shared with metaul): the core distance is the distance to the min_samples-th
# nearest row counting the row itself (scikit-learn's convention); the mutual-reachability MST
# is Prim's from row 0 taking the lowest index among equal keys; MST edges are sorted stably by
# weight; single-linkage merges name the component of the edge's first end first. The
# condensing, stability, selection (eom/leaf, epsilon) and labelling rules are those of
# McInnes et al. 2017 as implemented by the hdbscan package and scikit-learn 1.3.

def pairwise(x):
    # Squared differences summed column by column, as metaul does (numpy's sum reorders).
    sq = np.zeros((len(x), len(x)))
    for j in range(x.shape[1]):
        diff = x[:, None, j] - x[None, :, j]
        sq = sq + diff * diff
    return np.sqrt(sq)


def mst_prim(mr):
    n = mr.shape[0]
    in_tree = np.zeros(n, bool)
    key = np.full(n, np.inf)
    src = np.zeros(n, int)
    edges = []
    current = 0
    in_tree[0] = True
    for _ in range(n - 1):
        upd = (~in_tree) & (mr[current] < key)
        key[upd] = mr[current][upd]
        src[upd] = current
        masked = np.where(in_tree, np.inf, key)
        nxt = int(np.argmin(masked))  # first (lowest) index among equal keys
        if in_tree[nxt]:  # every remaining key is inf
            nxt = int(np.where(~in_tree)[0][0])
        edges.append((int(src[nxt]), nxt, float(key[nxt])))
        in_tree[nxt] = True
        current = nxt
    return edges


def single_linkage(edges, n):
    order = sorted(range(len(edges)), key=lambda i: edges[i][2])  # stable
    parent = list(range(2 * n - 1))
    size = [1] * n + [0] * (n - 1)

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    tree = []
    node = n
    for i in order:
        a, b, w = edges[i]
        ra, rb = find(a), find(b)
        tree.append((ra, rb, w, size[ra] + size[rb]))
        size[node] = size[ra] + size[rb]
        parent[ra] = node
        parent[rb] = node
        node += 1
    return tree


def bfs(tree, n, start):
    out, level = [], [start]
    while level:
        out += level
        level = [c for v in level if v >= n for c in tree[v - n][:2]]
    return out


def condense(tree, n, min_cluster_size):
    root = 2 * n - 2
    relabel = {root: n}
    next_label = n + 1
    ignore = set()
    rows = []  # (parent, child, lambda, child_size)

    def count(v):
        return 1 if v < n else tree[v - n][3]

    def dissolve(parent_label, side, lam):
        for v in bfs(tree, n, side):
            if v < n:
                rows.append((parent_label, v, lam, 1))
            ignore.add(v)

    for node in bfs(tree, n, root):
        if node < n or node in ignore:
            continue
        left, right, w, _ = tree[node - n]
        lam = 1.0 / w if w > 0 else np.inf
        lc, rc = count(left), count(right)
        me = relabel[node]
        if lc >= min_cluster_size and rc >= min_cluster_size:
            relabel[left] = next_label
            rows.append((me, next_label, lam, lc))
            next_label += 1
            relabel[right] = next_label
            rows.append((me, next_label, lam, rc))
            next_label += 1
        elif lc < min_cluster_size and rc < min_cluster_size:
            dissolve(me, left, lam)
            dissolve(me, right, lam)
        elif lc < min_cluster_size:
            relabel[right] = me
            dissolve(me, left, lam)
        else:
            relabel[left] = me
            dissolve(me, right, lam)
    return rows


def select_and_label(rows, n, method, allow_single, epsilon):
    root = n
    n_nodes = max(max(r[0] for r in rows), max(r[1] for r in rows)) + 1
    birth = {root: 0.0}
    parent_of = {}
    lam_of = {}
    cluster_children = {}
    death = {}
    for p, c, lam, s in rows:
        parent_of[c] = p
        lam_of[c] = lam
        death[p] = max(death.get(p, 0.0), lam)
        if s > 1:
            birth[c] = lam
            cluster_children.setdefault(p, []).append(c)
    cluster_ids = sorted(set(r[0] for r in rows))
    stab = {c: 0.0 for c in cluster_ids}
    for p, c, lam, s in rows:
        stab[p] += (lam - birth[p]) * s

    def descendants(c):
        out, stack = [], [c]
        while stack:
            v = stack.pop()
            out.append(v)
            stack += cluster_children.get(v, [])
        return out

    def eps_of(c):
        return 1.0 / birth[c]

    def traverse_up(leaf):
        parent = parent_of[leaf]
        if parent == root:
            return parent if allow_single else leaf
        if eps_of(parent) > epsilon:
            return parent
        return traverse_up(parent)

    def epsilon_search(leaves):
        selected = set()
        for leaf in sorted(leaves):
            if eps_of(leaf) < epsilon:
                selected.add(traverse_up(leaf))
            else:
                selected.add(leaf)
        return selected

    nodes = sorted(cluster_ids, reverse=True)
    if not allow_single:
        nodes = [c for c in nodes if c != root]
    is_cluster = {c: True for c in nodes}
    has_cluster_tree = bool(cluster_children)
    if method == "eom":
        for node in nodes:
            sub = sum(stab[c] for c in cluster_children.get(node, []))
            if sub > stab[node]:
                is_cluster[node] = False
                stab[node] = sub
            else:
                for dsc in descendants(node):
                    if dsc != node and dsc in is_cluster:
                        is_cluster[dsc] = False
        selected = {c for c, v in is_cluster.items() if v}
        if epsilon != 0.0 and has_cluster_tree:
            if selected == {root}:
                selected = selected if allow_single else set()
            else:
                selected = epsilon_search(selected)
    else:
        leaves = {c for c in cluster_ids if c != root and c not in cluster_children}
        selected = epsilon_search(leaves) if epsilon != 0.0 else leaves
    clusters = sorted(selected)
    label_of = {c: i for i, c in enumerate(clusters)}
    labels = np.full(n, -1)
    probs = np.zeros(n)
    root_children_max = max(lam for p, c, lam, s in rows if p == root)
    for i in range(n):
        node = parent_of[i]
        while node not in selected and node != root:
            node = parent_of[node]
        if node not in selected:
            continue
        if node == root:
            if not (len(clusters) == 1 and allow_single):
                continue
            threshold = 1.0 / epsilon if epsilon != 0.0 else root_children_max
            if not (lam_of[i] >= threshold):
                continue
        labels[i] = label_of[node]
        m = death.get(node, 0.0)
        lam = lam_of[i]
        probs[i] = 1.0 if (m == 0.0 or not np.isfinite(lam)) else min(lam, m) / m
    return labels, probs


def hdbscan_reference(x, min_cluster_size, min_samples, method="eom", allow_single=False,
                      epsilon=0.0, alpha=1.0):
    x = x.astype(np.float64)
    n = len(x)
    d = pairwise(x)
    core = np.sort(d, axis=1)[:, min_samples - 1]
    mr = np.maximum(d / alpha, np.maximum(core[:, None], core[None, :]))
    edges = mst_prim(mr)
    tree = single_linkage(edges, n)
    rows = condense(tree, n, min_cluster_size)
    labels, probs = select_and_label(rows, n, method, allow_single, epsilon)
    return labels, probs, len(rows)


def hdbscan_fixture():
    cases = []
    rng = np.random.RandomState(7)
    moons, _ = make_moons(n_samples=150, noise=0.06, random_state=3)
    blobs, _ = make_blobs(n_samples=200, centers=[[0, 0], [4, 4], [0, 5]],
                          cluster_std=[0.4, 0.8, 0.3], random_state=5)
    noise = rng.uniform(-2, 6, size=(25, 2))
    bn = np.vstack([blobs, noise])[rng.permutation(225)]
    b5, _ = make_blobs(n_samples=160, n_features=5, centers=4, cluster_std=0.7, random_state=6)
    grid = np.vstack([np.repeat(np.arange(6.0), 6), np.tile(np.arange(6.0), 6)]).T
    grid = np.vstack([grid, grid + [20, 0], [[50.0, 50.0]] * 3])  # exact ties and duplicates
    settings = [
        dict(mcs=5, ms=None, method="eom"),
        dict(mcs=10, ms=5, method="eom"),
        dict(mcs=8, ms=None, method="leaf"),
        dict(mcs=15, ms=3, method="leaf"),
        dict(mcs=5, ms=None, method="eom", eps=0.5),
        dict(mcs=6, ms=4, method="leaf", eps=0.3),
        dict(mcs=40, ms=10, method="eom", single=True),
        dict(mcs=5, ms=5, method="eom", alpha=1.5),
    ]
    for name, x in [("moons", f32(moons)), ("blobs_noise", f32(bn)), ("blobs5d", f32(b5)),
                    ("grid", f32(grid))]:
        runs = []
        for st in settings:
            mcs, ms = st["mcs"], st["ms"]
            eps, single, alpha = st.get("eps", 0.0), st.get("single", False), st.get("alpha", 1.0)
            labels, probs, size = hdbscan_reference(x, mcs, ms or mcs, st["method"], single, eps,
                                                    alpha)
            runs.append({
                "min_cluster_size": mcs,
                "min_samples": ms,
                "method": st["method"],
                "epsilon": eps,
                "allow_single_cluster": single,
                "alpha": alpha,
                "labels": labels.tolist(),
                "probabilities": [float(p) for p in probs],
                "condensed_size": size,
            })
        cases.append({"name": name, "x": short(x), "runs": runs})
    return cases


def optics_fixture():
    rng = np.random.RandomState(11)
    blobs, _ = make_blobs(n_samples=150, centers=[[0, 0], [5, 5], [0, 6]],
                          cluster_std=[0.3, 1.0, 0.5], random_state=2)
    noise = rng.uniform(-3, 8, size=(20, 2))
    bn = f32(np.vstack([blobs, noise])[rng.permutation(170)])
    moons, _ = make_moons(n_samples=100, noise=0.07, random_state=4)
    b4, _ = make_blobs(n_samples=100, n_features=4, centers=3, cluster_std=0.8, random_state=9)
    settings = [
        dict(min_samples=5),
        dict(min_samples=10, xi=0.1, min_cluster_size=15),
        dict(min_samples=4, xi=0.02, predecessor_correction=False),
        dict(min_samples=6, max_eps=1.0),
        dict(min_samples=5, cluster_method="dbscan", eps=0.4),
        dict(min_samples=8, cluster_method="dbscan", max_eps=2.0),
    ]
    cases = []
    for name, x in [("blobs_noise", bn), ("moons", f32(moons)), ("blobs4d", f32(b4))]:
        runs = []
        for st in settings:
            model = OPTICS(**st).fit(x.astype(np.float64))
            reach = [None if np.isinf(v) else float(f"{v:.14g}") for v in model.reachability_]
            core = [None if np.isinf(v) else float(f"{v:.14g}") for v in model.core_distances_]
            runs.append({
                "params": st,
                "labels": model.labels_.tolist(),
                "ordering": model.ordering_.tolist(),
                "reachability": reach,
                "core_distances": core,
                "predecessor": model.predecessor_.tolist(),
            })
        cases.append({"name": name, "x": short(x), "runs": runs})
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "density_dbscan.json"), "w") as f:
        json.dump({"cases": dbscan_fixture()}, f, separators=(",", ":"))
    with open(os.path.join(OUT, "density_optics.json"), "w") as f:
        json.dump({"cases": optics_fixture()}, f, separators=(",", ":"))
    with open(os.path.join(OUT, "density_hdbscan.json"), "w") as f:
        json.dump({"cases": hdbscan_fixture()}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
