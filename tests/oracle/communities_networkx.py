#!/usr/bin/python3
"""communities_networkx.py THREADGRAPH GEN_CORPUS SCRATCH - threadgraph's
Leiden communities against networkx's Louvain.

On the seed and on corpora of 3,000 and 20,000 comments from the project's
generator, threadgraph's partition (users.csv's community column) is
scored by networkx on the same undirected graph: an nx.Graph with both
directions' weights of edges.csv summed, and every vertex of the user
network (users.csv rows with measures), isolated ones too.  Its modularity
must be at least 0.97 times the best of 5 seeded runs of networkx's
louvain_communities.  communities.csv must agree with users.csv and
edges.csv: sizes, internal and external weights, and the 5 most-replied
members in users.csv's order.
"""

import csv
import json
import os
import shutil
import subprocess
import sys

import networkx as nx
from networkx.algorithms import community as nxc

RATIO = 0.97
failures = []


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check(tg, name, corpus, scratch):
    out = os.path.join(scratch, name)
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([tg, "run", "--no-charts", "--no-formula-guard", "--out", out, corpus],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("threadgraph run failed on %s: %s" % (corpus, r.stderr))
    users = [u for u in read_csv(os.path.join(out, "users.csv")) if u["pagerank"] != ""]
    edges = read_csv(os.path.join(out, "edges.csv"))
    comms = read_csv(os.path.join(out, "communities.csv"))

    G = nx.Graph()
    G.add_nodes_from(u["user"] for u in users)
    for e in edges:
        a, b, w = e["from"], e["to"], int(e["weight"])
        if G.has_edge(a, b):
            G[a][b]["weight"] += w
        else:
            G.add_edge(a, b, weight=w)
    member = {u["user"]: int(u["community"]) for u in users}
    parts = {}
    for u, c in member.items():
        parts.setdefault(c, set()).add(u)
    ours = nx.community.modularity(G, parts.values(), weight="weight")
    best = max(nx.community.modularity(G, nxc.louvain_communities(G, weight="weight", seed=s),
                                       weight="weight")
               for s in range(1, 6))
    print("%s: %d vertices, %d edges; threadgraph %d communities, modularity %.6f; "
          "networkx louvain best of 5 %.6f (ratio %.4f)"
          % (name, G.number_of_nodes(), G.number_of_edges(), len(parts), ours, best,
             ours / best if best else float("nan")))
    if best > 0 and ours < RATIO * best:
        failures.append("%s: modularity %.6f below %.2f x %.6f" % (name, ours, RATIO, best))
    if sorted(parts) != list(range(1, len(parts) + 1)):
        failures.append("%s: communities are not numbered 1..%d" % (name, len(parts)))
    sizes = [len(parts[c]) for c in sorted(parts)]
    if sizes != sorted(sizes, reverse=True):
        failures.append("%s: communities are not numbered largest first" % name)

    summary_path = os.path.join(out, "summary.json")
    with open(summary_path, encoding="utf-8") as f:
        summary = json.load(f)
    net = summary.get("communities")
    if net is not None:
        if net.get("count") != len(parts):
            failures.append("%s: summary.json counts %r communities, users.csv %d"
                            % (name, net.get("count"), len(parts)))
        if net.get("modularity") is None or abs(net["modularity"] - ours) > 1e-9:
            failures.append("%s: summary.json modularity %r, networkx %r"
                            % (name, net.get("modularity"), ours))

    # communities.csv from users.csv and edges.csv
    order = [u["user"] for u in users]           # users.csv's order
    want = {}
    for c, m in parts.items():
        internal = external = 0
        for e in edges:
            a, b, w = member[e["from"]], member[e["to"]], int(e["weight"])
            if a == c and b == c:
                internal += w
            elif a == c or b == c:
                external += w
        top = [u for u in order if member[u] == c][:5]
        want[c] = {"community": str(c), "size": str(len(m)), "internal_weight": str(internal),
                   "external_weight": str(external), "top_members": "; ".join(top)}
    got = {int(r["community"]): r for r in comms}
    if got != want:
        bad = [c for c in want if got.get(c) != want[c]][:3]
        failures.append("%s: communities.csv differs, e.g. %r vs %r"
                        % (name, [got.get(c) for c in bad], [want[c] for c in bad]))


def main():
    tg, gen, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    seed = os.path.join(scratch, "rferl-gerasimov-comments.txt")
    shutil.copy(os.path.join(top, "data", "rferl-gerasimov-comments.txt"), seed)
    check(tg, "seed", seed, scratch)
    for n in (3000, 20000):
        prefix = os.path.join(scratch, "gen%d" % n)
        subprocess.run([gen, "--comments", str(n), "--seed", "1", "--format", "csv", "--out",
                        prefix], check=True, stdout=subprocess.DEVNULL)
        check(tg, "generated %d" % n, prefix + ".csv", scratch)
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
