#!/usr/bin/python3
"""export_roundtrip.py THREADGRAPH GEN_CORPUS SCRATCH - every graph export
read back by the reader it is meant for, and compared with the reports.

Three corpora: the seed (data/), a corpus of the project's generator
(tg-gen-corpus, 3,000 comments) and a hostile one written here (names and
locations with quotes, <, &, newlines, emoji, right-to-left text, formula
starts).  For each, `threadgraph run --no-formula-guard` writes the reports,
and `threadgraph export` writes the users, comments, locations and
people-places graphs in every format.  The expected graphs are built from
the reports alone (users.csv, edges.csv, comments.csv, threads.csv,
locations.csv, location_flows.csv), and each export, as read by

  GraphML  networkx.read_graphml and python-igraph Graph.Read_GraphML
  GEXF     networkx.read_gexf (spells too)
  DOT      Graphviz: dot -Tsvg must draw it (osage's layout on large
           graphs), dot -Tdot_json gives it back
  JSON     networkx.node_link_graph
  CSV      Python's csv module (NAME-nodes.csv and NAME-edges.csv)

must hold the same nodes, edges, weights and attributes, with their types
where the format has types: integers as int, reals as float (equal to the
report's %.12g), booleans as bool, times as ISO 8601 strings.
"""

import csv
import json
import os
import random
import shutil
import subprocess
import sys

import igraph
import networkx as nx

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORMATS = ["graphml", "gexf", "dot", "json", "csv"]
GRAPHS = ["users", "comments", "locations", "people-places"]

INT, REAL, BOOL, STR = "int", "real", "bool", "str"
USER_ATTRS = [("comments", INT), ("replies_received", INT), ("replies_given", INT),
              ("distinct_repliers", INT), ("distinct_replied_to", INT), ("self_replies", INT),
              ("pagerank", REAL), ("betweenness", REAL), ("harmonic", REAL), ("hub", REAL),
              ("authority", REAL), ("max_depth", INT), ("mean_depth", REAL), ("locations", STR),
              ("posts", INT), ("post_replies", INT), ("community", INT)]
USER_EDGE_ATTRS = [("first_time", STR), ("last_time", STR), ("reciprocal", BOOL)]
COMMENT_ATTRS = [("kind", STR), ("comment_id", STR), ("thread_id", STR), ("title", STR),
                 ("author", STR), ("timestamp", STR), ("depth", INT), ("replies", INT),
                 ("subtree_size", INT), ("reply_latency_s", INT), ("location", STR)]
COMMENT_EDGE_ATTRS = [("time", STR)]
LOCATION_ATTRS = [("commenters", INT), ("comments", INT), ("replies_received", INT),
                  ("replies_given", INT)]
FLOW_EDGE_ATTRS = [("first_time", STR), ("last_time", STR), ("reciprocal", BOOL)]
PP_ATTRS = [("kind", STR), ("bipartite", INT), ("comments", INT)]
PP_EDGE_ATTRS = [("first_time", STR), ("last_time", STR)]

failures = []
SKIP = object()        # an attribute the reports do not hold (a post's author and time)


def fail(msg):
    if len(failures) < 400:
        print("FAIL " + msg, file=sys.stderr)
    failures.append(msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def typed(kind, text):
    """A report cell as the typed value an export should hold (None: no value)."""
    if text == "":
        return None
    if kind == INT:
        return int(text)
    if kind == REAL:
        return text              # compared through %.12g
    if kind == BOOL:
        return {"true": True, "false": False}[text]
    return text


def g12(v):
    s = "%.12g" % v
    return "0" if s == "-0" else s


# ---- the expected graphs, from the reports ----

def expected_graphs(out):
    users = read_csv(os.path.join(out, "users.csv"))
    edges = read_csv(os.path.join(out, "edges.csv"))
    comments = read_csv(os.path.join(out, "comments.csv"))
    threads = read_csv(os.path.join(out, "threads.csv"))
    locations = read_csv(os.path.join(out, "locations.csv"))
    flows = read_csv(os.path.join(out, "location_flows.csv"))
    named = {u["user"] for u in users}
    exp = {}

    # users: the network's vertices (users.csv rows with measures)
    nodes = {}
    for u in users:
        if u["pagerank"] == "":
            continue
        nodes[u["user"]] = {k: typed(t, u[k]) for k, t in USER_ATTRS}
    es = {}
    for e in edges:
        es[(e["from"], e["to"])] = dict({"weight": int(e["weight"])},
                                        **{k: typed(t, e[k]) for k, t in USER_EDGE_ATTRS})
    spells = {}
    for c in comments:
        if c["author"] in nodes and c["timestamp"]:
            s = spells.setdefault(c["author"], [c["timestamp"], c["timestamp"]])
            s[0], s[1] = min(s[0], c["timestamp"]), max(s[1], c["timestamp"])
    exp["users"] = (nodes, es, spells, USER_ATTRS, USER_EDGE_ATTRS, True)

    # comments: a post per thread, a node per comment, reply -> parent
    nodes, es, spells = {}, {}, {}
    for t in threads:
        key = ("post", t["thread_id"])
        nodes[key] = {"kind": "post", "thread_id": t["thread_id"],
                      "title": t["title"] or None, "label": t["title"] or t["thread_id"],
                      "author": SKIP, "timestamp": SKIP}
    ids = {(c["thread_id"], c["comment_id"]) for c in comments}
    for c in comments:
        key = ("c", c["thread_id"], c["comment_id"])
        nodes[key] = {"kind": "comment", "comment_id": c["comment_id"],
                      "thread_id": c["thread_id"], "author": c["author"] or None,
                      "timestamp": c["timestamp"] or None, "depth": int(c["depth"]),
                      "replies": int(c["replies"]), "subtree_size": int(c["subtree_size"]),
                      "reply_latency_s": typed(INT, c["reply_latency_s"]),
                      "location": c["location"] or None,
                      "label": c["author"] or c["comment_id"]}
        parent = (c["thread_id"], c["parent_id"])
        to = ("c",) + parent if c["parent_id"] and parent in ids else ("post", c["thread_id"])
        es[(key, to)] = {"weight": 1, "time": c["timestamp"] or None}
        if c["timestamp"]:
            spells[key] = [c["timestamp"], c["timestamp"]]
    exp["comments"] = (nodes, es, spells, COMMENT_ATTRS, COMMENT_EDGE_ATTRS, True)

    # locations and their flows; the flows' times from the replies between
    # named commenters (the rule of docs/metrics.md)
    byid = {(c["thread_id"], c["comment_id"]): c for c in comments}
    nodes = {l["location"]: {k: typed(t, l[k]) for k, t in LOCATION_ATTRS} for l in locations}
    es = {}
    for f in flows:
        es[(f["from_location"], f["to_location"])] = {"weight": int(f["replies"])}
    times = {}
    for c in comments:
        p = byid.get((c["thread_id"], c["parent_id"])) if c["parent_id"] else None
        if (p is None or c["author"] not in named or p["author"] not in named
                or c["author"] == p["author"] or not c["location"] or not p["location"]):
            continue
        if c["timestamp"]:
            s = times.setdefault((c["location"], p["location"]), [c["timestamp"], c["timestamp"]])
            s[0], s[1] = min(s[0], c["timestamp"]), max(s[1], c["timestamp"])
    for k, e in es.items():
        e["first_time"], e["last_time"] = times.get(k, [None, None])
        e["reciprocal"] = (k[1], k[0]) in es
    spells = {}
    for c in comments:
        if c["location"] and c["timestamp"]:
            s = spells.setdefault(c["location"], [c["timestamp"], c["timestamp"]])
            s[0], s[1] = min(s[0], c["timestamp"]), max(s[1], c["timestamp"])
    exp["locations"] = (nodes, es, spells, LOCATION_ATTRS, FLOW_EDGE_ATTRS, True)

    # people-places: named commenters and the locations they declare
    nodes, es = {}, {}
    ucomments = {u["user"]: int(u["comments"]) for u in users}
    for c in comments:
        if c["author"] not in named or not c["location"]:
            continue
        k = (("person", c["author"]), ("place", c["location"]))
        e = es.setdefault(k, {"weight": 0, "first_time": None, "last_time": None})
        e["weight"] += 1
        if c["timestamp"]:
            e["first_time"] = min(e["first_time"] or c["timestamp"], c["timestamp"])
            e["last_time"] = max(e["last_time"] or c["timestamp"], c["timestamp"])
    for (p, l), e in es.items():
        nodes[p] = {"kind": "person", "bipartite": 0, "comments": ucomments[p[1]]}
        n = nodes.setdefault(l, {"kind": "place", "bipartite": 1, "comments": 0})
        n["comments"] += e["weight"]
    exp["people-places"] = (nodes, es, None, PP_ATTRS, PP_EDGE_ATTRS, False)
    return exp


# ---- the readers: each gives {node key: attrs}, {(key, key): attrs} ----

def node_key(graph, attrs, label):
    if graph == "users" or graph == "locations":
        return label
    if graph == "comments":
        if attrs.get("kind") == "post":
            return ("post", attrs["thread_id"])
        return ("c", attrs["thread_id"], attrs["comment_id"])
    return (attrs["kind"], label)


def from_nx(graph, G):
    nodes, ids = {}, {}
    for n, d in G.nodes(data=True):
        d = dict(d)
        label = d.pop("label")
        for k in ("spells", "start", "end"):
            d.pop(k, None)
        key = node_key(graph, d, label)
        d["label"] = label
        nodes[key] = d
        ids[n] = key
    edges = {}
    for u, v, d in G.edges(data=True):
        d = dict(d)
        d.pop("id", None)
        edges[(ids[u], ids[v])] = d
    return nodes, edges


def nx_spells(graph, G, nodes_by_id):
    out = {}
    for n, d in G.nodes(data=True):
        if "spells" in d:
            out[nodes_by_id[n]] = d["spells"]
    return out


def read_graphml_nx(graph, path):
    return from_nx(graph, nx.read_graphml(path))


def read_graphml_igraph(graph, path):
    g = igraph.Graph.Read_GraphML(path)
    nodes, keys = {}, []
    for v in g.vs:
        d = {k: v[k] for k in g.vs.attributes() if k != "id" and v[k] is not None}
        # igraph reads numbers as floats and a missing string as ""
        d = {k: x for k, x in d.items() if not (isinstance(x, float) and x != x)}
        label = d.pop("label")
        key = node_key(graph, d, label)
        d["label"] = label
        nodes[key] = d
        keys.append(key)
    edges = {}
    for e in g.es:
        edges[(keys[e.source], keys[e.target])] = {k: e[k] for k in g.es.attributes()
                                                    if e[k] is not None}
    return nodes, edges


def read_gexf(graph, path):
    G = nx.read_gexf(path)
    nodes, edges = from_nx(graph, G)
    ids = {}
    for n, d in G.nodes(data=True):
        dd = {k: x for k, x in d.items() if k not in ("label", "spells", "start", "end")}
        ids[n] = node_key(graph, dd, d["label"])
    node_spells = nx_spells(graph, G, ids)
    edge_spells = {}
    for u, v, d in G.edges(data=True):
        if "spells" in d:
            edge_spells[(ids[u], ids[v])] = d["spells"]
        edges[(ids[u], ids[v])].pop("spells", None)
    return nodes, edges, node_spells, edge_spells


def dot_unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "r": "\r", "\\": "\\", '"': '"'}.get(s[i + 1], "\\" + s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def read_dot(graph, path):
    svg, js = path + ".svg", path + ".json"
    # dot's own layout takes minutes on thousands of nodes: osage then
    engine = "-Kdot" if os.path.getsize(path) < 100000 else "-Kosage"
    r = subprocess.run(["dot", engine, "-Tsvg", "-o", svg, "-Tdot_json", "-o", js, path],
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        fail("%s: dot failed: %s" % (path, r.stderr[:300]))
        return {}, {}
    with open(svg, encoding="utf-8") as f:
        nsvg = f.read().count('class="node"')
    with open(js, encoding="utf-8") as f:
        doc = json.load(f)
    nodes, keys = {}, {}
    for o in doc.get("objects", []):
        d = {k: dot_unescape(v) for k, v in o.items() if not k.startswith("_") and k != "name"}
        label = d.pop("label")
        key = node_key(graph, d, label)
        d["label"] = label
        nodes[key] = d
        keys[o["_gvid"]] = key
    if nsvg != len(nodes):
        fail("%s: the SVG draws %d nodes, not %d" % (path, nsvg, len(nodes)))
    edges = {}
    for e in doc.get("edges", []):
        d = {k: dot_unescape(v) for k, v in e.items()
             if not k.startswith("_") and k not in ("tail", "head")}
        edges[(keys[e["tail"]], keys[e["head"]])] = d
    return nodes, edges


def read_json(graph, path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return from_nx(graph, nx.node_link_graph(doc))


def read_csv_pair(graph, path):
    stem = path[:-4]
    nodes, keys = {}, {}
    for row in read_csv(stem + "-nodes.csv"):
        d = {k: v for k, v in row.items() if k not in ("Id", "Label") and v != ""}
        label = row["Label"]
        key = node_key(graph, d, label)
        d["label"] = label
        nodes[key] = d
        keys[row["Id"]] = key
    edges = {}
    for row in read_csv(stem + "-edges.csv"):
        if row["Type"] != ("Undirected" if graph == "people-places" else "Directed"):
            fail("%s: edge type %r" % (path, row["Type"]))
        d = {k: v for k, v in row.items() if k not in ("Source", "Target", "Type", "Weight")
             and v != ""}
        d["weight"] = row["Weight"]
        edges[(keys[row["Source"]], keys[row["Target"]])] = d
    return nodes, edges


# ---- comparison ----

def same_value(where, kind, typing, want, got):
    """typing: 'strict' (the reader keeps types), 'float' (numbers as floats:
    igraph, GEXF weights), 'text' (DOT, CSV: strings)."""
    if typing == "text":
        if not isinstance(got, str):
            return fail("%s: %r is not text" % (where, got))
        if kind == INT:
            ok = got == str(want)
        elif kind == REAL:
            ok = g12(float(got)) == want
        elif kind == BOOL:
            ok = got == ("true" if want else "false")
        else:
            ok = got == want
    elif kind == INT:
        if typing == "strict":
            ok = type(got) is int and got == want
        else:
            ok = isinstance(got, (int, float)) and got == want
    elif kind == REAL:
        ok = type(got) is float and g12(got) == want
    elif kind == BOOL:
        ok = type(got) is bool and got == want
    else:
        ok = type(got) is str and got == want
    if not ok:
        fail("%s: %r, the reports say %r" % (where, got, want))


def compare(tag, graph, exp, got, typing, weight_typing=None):
    nodes, edges, _, nattrs, eattrs, _ = exp
    gn, ge = got
    if set(gn) != set(nodes):
        missing = list(set(nodes) - set(gn))[:3]
        extra = list(set(gn) - set(nodes))[:3]
        return fail("%s: nodes differ (%d vs %d; missing %r, extra %r)"
                    % (tag, len(gn), len(nodes), missing, extra))
    if set(ge) != set(edges):
        missing = list(set(edges) - set(ge))[:3]
        extra = list(set(ge) - set(edges))[:3]
        return fail("%s: edges differ (%d vs %d; missing %r, extra %r)"
                    % (tag, len(ge), len(edges), missing, extra))
    for key, want in nodes.items():
        have = gn[key]
        label = want.get("label", key if isinstance(key, str) else key[-1])
        same_value("%s node %r label" % (tag, key), STR, "strict" if typing != "text" else "text",
                   label, have.get("label"))
        names = {k for k, _ in nattrs}
        for k, kind in nattrs:
            w = want.get(k)
            if w is SKIP:
                continue
            if w is None:
                if k in have and have[k] not in ("",) and typing != "float":
                    fail("%s node %r: %s is %r, the reports have none" % (tag, key, k, have[k]))
                continue
            if k not in have:
                fail("%s node %r: no %s (the reports say %r)" % (tag, key, k, w))
                continue
            same_value("%s node %r %s" % (tag, key, k), kind, typing, w, have[k])
        extra = set(have) - names - {"label"}
        if extra:
            fail("%s node %r: attributes not in the reports: %r" % (tag, key, sorted(extra)))
    for key, want in edges.items():
        have = ge[key]
        same_value("%s edge %r weight" % (tag, key), INT, weight_typing or typing, want["weight"],
                   have.get("weight"))
        for k, kind in eattrs:
            w = want.get(k)
            if w is None:
                if k in have and have[k] != "" and typing != "float":
                    fail("%s edge %r: %s is %r, the reports have none" % (tag, key, k, have[k]))
                continue
            if k not in have:
                fail("%s edge %r: no %s" % (tag, key, k))
                continue
            same_value("%s edge %r %s" % (tag, key, k), kind, typing, w, have[k])


def compare_spells(tag, exp, node_spells):
    want = exp[2]
    if want is None:
        return
    for key, (a, b) in want.items():
        if node_spells.get(key) != [(a, b)]:
            fail("%s node %r: spells %r, the comments say %r" % (tag, key, node_spells.get(key),
                                                                [(a, b)]))


def check_corpus(tg, name, corpus, scratch):
    out = os.path.join(scratch, name)
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([tg, "run", "--no-charts", "--no-formula-guard", "--out", out, corpus],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("threadgraph run failed on %s: %s" % (corpus, r.stderr))
    exp = expected_graphs(out)
    db = os.path.join(out, "threadgraph.db")
    checked = 0
    for graph in GRAPHS:
        for fmt in FORMATS:
            path = os.path.join(out, "%s.%s" % (graph, fmt))
            r = subprocess.run([tg, "export", graph, "--db", db, "--no-formula-guard", "-o", path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                fail("%s %s %s: export failed: %s" % (name, graph, fmt, r.stderr))
                continue
            tag = "%s %s.%s" % (name, graph, fmt)
            e = exp[graph]
            if fmt == "graphml":
                compare(tag + " (networkx)", graph, e, read_graphml_nx(graph, path), "strict")
                compare(tag + " (igraph)", graph, e, read_graphml_igraph(graph, path), "float")
                checked += 2
            elif fmt == "gexf":
                nodes, edges, nsp, esp = read_gexf(graph, path)
                compare(tag, graph, e, (nodes, edges), "strict", weight_typing="float")
                compare_spells(tag, e, nsp)
                if graph == "users":
                    for k, v in e[1].items():
                        if v["first_time"] and esp.get(k) != [(v["first_time"], v["last_time"])]:
                            fail("%s edge %r: spells %r" % (tag, k, esp.get(k)))
                checked += 1
            elif fmt == "dot":
                compare(tag, graph, e, read_dot(graph, path), "text")
                checked += 1
            elif fmt == "json":
                compare(tag, graph, e, read_json(graph, path), "strict")
                checked += 1
            else:
                compare(tag, graph, e, read_csv_pair(graph, path), "text")
                checked += 1
    sizes = ", ".join("%s %d/%d" % (g, len(exp[g][0]), len(exp[g][1])) for g in GRAPHS)
    print("%s: %d read-backs (nodes/edges: %s)" % (name, checked, sizes))
    return exp


HOSTILE = ['Bob "the quote" Smith', "<script>alert(1)</script>", "Tom & Jerry",
           "line one\nline two", "\U0001F600 smiley \U0001F680", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
           "\u0645\u0631\u062d\u0628\u0627 abc", "=SUM(A1:A2)", "-minus", "back\\slash", "not\\na newline", "ends in \\", "comma, name",
           "tab\tname", "'apostrophe'", "]]> & <![CDATA[", "plain"]
HOSTILE_PLACES = ['"Quoted" City', "A & B <C>", "Tel Aviv \u05ea\u05dc \u05d0\u05d1\u05d9\u05d1",
                  "\U0001F30D Earth", "New\nYork", "@home"]


def write_hostile(path, rng):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "parent_id", "thread_id", "author", "location", "timestamp", "text"])
        t = 1700000000
        for th in range(4):
            ids = []
            for k in range(60):
                cid = "h%d_%d" % (th, k)
                parent = rng.choice(ids) if ids and rng.random() < 0.8 else ""
                author = rng.choice(HOSTILE + ["anon"] * 0)
                loc = rng.choice(HOSTILE_PLACES + [""])
                ts = "" if rng.random() < 0.05 else str(t)
                w.writerow([cid, parent, 'thread "%d" <&>' % th, author, loc, ts, "text %d" % k])
                ids.append(cid)
                t += rng.randint(1, 5000)


def main():
    tg, gen, scratch = sys.argv[1], sys.argv[2], sys.argv[3]
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    rng = random.Random(11)
    seed = os.path.join(scratch, "rferl-gerasimov-comments.txt")
    shutil.copy(os.path.join(TOP, "data", "rferl-gerasimov-comments.txt"), seed)
    check_corpus(tg, "seed", seed, scratch)
    prefix = os.path.join(scratch, "gen")
    subprocess.run([gen, "--comments", "3000", "--seed", "7", "--format", "csv", "--out", prefix],
                   check=True, stdout=subprocess.DEVNULL)
    check_corpus(tg, "generated", prefix + ".csv", scratch)
    hostile = os.path.join(scratch, "hostile.csv")
    write_hostile(hostile, rng)
    exp = check_corpus(tg, "hostile", hostile, scratch)
    labels = set(exp["users"][0])
    for h in HOSTILE:
        if h not in labels:
            fail("hostile: %r is not a user of the users graph (the store has %r)"
                 % (h, sorted(labels)))
    if failures:
        print("%d failures" % len(failures), file=sys.stderr)
        sys.exit(1)
    print("every export reads back equal to the reports")


if __name__ == "__main__":
    main()
