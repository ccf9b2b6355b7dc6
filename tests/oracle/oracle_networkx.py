#!/usr/bin/python3
"""oracle_networkx.py THREADGRAPH SCRATCH - threadgraph's user-network
metrics against networkx, an independent implementation.

Random directed weighted graphs without self-loops (some with isolated
vertices and several components, some strongly connected) are written as a
CSV corpus whose user network is exactly the graph: for an edge u -> v of
weight w, v writes a comment and u writes w replies to it; every vertex also
writes one comment of its own, so isolated vertices are commenters too.
threadgraph runs with exact betweenness; its users.csv and summary.json must
agree with networkx within 1e-12 absolute plus 1e-9 relative:
in- and out-strength (replies_received, replies_given), PageRank (damping
0.85, weighted), betweenness (directed, unweighted, not normalised),
harmonic closeness (networkx's harmonic_centrality), reciprocity and density;
hub and authority scores on the strongly connected graphs only, both scaled to
a largest value of 1 (they are not unique otherwise).

Then the sampled estimates (64 sources) on larger graphs must be within the
tolerance docs/metrics.md documents for 64 sources on a 400-vertex graph:
the estimated total within 10% of the exact total, and a Pearson correlation
with the exact values of at least 0.8 for betweenness and 0.9 for harmonic
closeness.
"""

import csv
import json
import math
import os
import random
import shutil
import subprocess
import sys

import warnings

import networkx as nx

warnings.simplefilter("ignore", FutureWarning)   # networkx 2.8's hits() about scipy matrices

ATOL, RTOL = 1e-12, 1e-9
MIN_CORRELATION = {"betweenness": 0.8, "harmonic": 0.9}


def close(a, b):
    return abs(a - b) <= ATOL + RTOL * abs(b)


def name(i):
    return "n%03d" % i


def random_graph(rng, strongly):
    n = rng.randint(5, 40)
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    if strongly:
        order = list(range(n))
        rng.shuffle(order)
        for k in range(n):       # a cycle through every vertex
            G.add_edge(order[k], order[(k + 1) % n], weight=rng.randint(1, 5))
        extra = rng.randint(0, 2 * n)
    else:
        extra = rng.randint(n // 2, 3 * n)
    active = list(range(n - rng.randint(0, 3)))   # the rest stay isolated
    for _ in range(extra):
        u, v = rng.sample(active, 2) if len(active) > 1 else (0, 0)
        if u != v:
            G.add_edge(u, v, weight=G.get_edge_data(u, v, {"weight": 0})["weight"] + rng.randint(1, 3))
    return G


def write_corpus(G, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "parent_id", "thread_id", "author", "timestamp", "text"])
        t = 0
        for v in G.nodes:
            w.writerow(["own%d" % v, "", "own%d" % v, name(v), t, "hello"])
            t += 1
        for u, v, d in G.edges(data=True):
            root = "e%d_%d" % (u, v)
            w.writerow([root, "", root, name(v), t, "root"])
            for k in range(d["weight"]):
                w.writerow(["%s_r%d" % (root, k), root, root, name(u), t + k + 1, "reply"])
            t += d["weight"] + 1


def run_threadgraph(tg, corpus, out, mode, samples=64):
    args = [tg, "run", "--out", out, "--betweenness", mode, corpus]
    if mode == "sampled":
        args[4:4] = ["--betweenness-samples", str(samples)]
    r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("threadgraph failed on %s: %s" % (corpus, r.stderr))
    with open(os.path.join(out, "users.csv"), newline="", encoding="utf-8") as f:
        users = {row["user"]: row for row in csv.DictReader(f)}
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    return users, summary


def check_exact(tg, scratch, k, G, strongly, failures):
    corpus = os.path.join(scratch, "g%d.csv" % k)
    out = os.path.join(scratch, "g%d" % k)
    write_corpus(G, corpus)
    users, summary = run_threadgraph(tg, corpus, out, "exact")
    pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-15, max_iter=100000)
    bc = nx.betweenness_centrality(G, normalized=False, weight=None)
    hc = nx.harmonic_centrality(G)
    checks = 0

    def expect(what, v, got, want):
        nonlocal checks
        checks += 1
        if not close(got, want):
            failures.append("graph %d %s %s: threadgraph %r, networkx %r" % (k, what, name(v), got, want))

    for v in G.nodes:
        row = users[name(v)]
        expect("in-strength", v, float(row["replies_received"]), G.in_degree(v, weight="weight"))
        expect("out-strength", v, float(row["replies_given"]), G.out_degree(v, weight="weight"))
        expect("pagerank", v, float(row["pagerank"]), pr[v])
        expect("betweenness", v, float(row["betweenness"]), bc[v])
        expect("harmonic", v, float(row["harmonic"]), hc[v])
    if strongly:
        hubs, auths = nx.hits(G, max_iter=100000, tol=1e-15)
        hmax, amax = max(hubs.values()), max(auths.values())
        tg_h = {v: float(users[name(v)]["hub"]) for v in G.nodes}
        tg_a = {v: float(users[name(v)]["authority"]) for v in G.nodes}
        th, ta = max(tg_h.values()), max(tg_a.values())
        for v in G.nodes:
            expect("hub", v, tg_h[v] / th, hubs[v] / hmax)
            expect("authority", v, tg_a[v] / ta, auths[v] / amax)
    net = summary["user_network"]
    checks += 2
    if not close(net["reciprocity"], nx.reciprocity(G) if G.number_of_edges() else 0.0):
        failures.append("graph %d reciprocity: %r vs %r" % (k, net["reciprocity"], nx.reciprocity(G)))
    if not close(net["density"], nx.density(G)):
        failures.append("graph %d density: %r vs %r" % (k, net["density"], nx.density(G)))
    return checks


def pearson(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def check_sampled(tg, scratch, k, rng, failures):
    n = 400
    G = nx.gnm_random_graph(n, 1600, seed=rng.randint(0, 10**6), directed=True)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.randint(1, 3)
    corpus = os.path.join(scratch, "s%d.csv" % k)
    write_corpus(G, corpus)
    exact, _ = run_threadgraph(tg, corpus, os.path.join(scratch, "s%d-exact" % k), "exact")
    est, summary = run_threadgraph(tg, corpus, os.path.join(scratch, "s%d-sampled" % k), "sampled")
    if summary["centrality"]["betweenness_method"] != "sampled":
        failures.append("sampled graph %d: the summary says %r" % (k, summary["centrality"]))
    for col in ("betweenness", "harmonic"):
        xs = [float(exact[name(v)][col]) for v in G.nodes]
        ys = [float(est[name(v)][col]) for v in G.nodes]
        total_x, total_y = sum(xs), sum(ys)
        r = pearson(xs, ys)
        print("sampled graph %d %s: total %.6g vs exact %.6g (%.1f%%), correlation %.3f"
              % (k, col, total_y, total_x, 100 * (total_y - total_x) / total_x, r))
        if abs(total_y - total_x) > 0.10 * total_x:
            failures.append("sampled graph %d %s: total %g vs exact %g" % (k, col, total_y, total_x))
        if r < MIN_CORRELATION[col]:
            failures.append("sampled graph %d %s: correlation %.3f < %.1f"
                            % (k, col, r, MIN_CORRELATION[col]))


def main():
    tg, scratch = sys.argv[1], sys.argv[2]
    shutil.rmtree(scratch, ignore_errors=True)   # no database of an earlier run
    os.makedirs(scratch)
    rng = random.Random(20261127)
    failures = []
    checks = 0
    graphs = 0
    for k in range(24):
        strongly = k % 3 == 0
        G = random_graph(rng, strongly)
        checks += check_exact(tg, scratch, k, G, strongly, failures)
        graphs += 1
    for k in range(2):
        check_sampled(tg, scratch, k, rng, failures)
    for f in failures[:20]:
        print("FAIL", f)
    print("%d graphs, %d exact checks, %d failures" % (graphs, checks, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
