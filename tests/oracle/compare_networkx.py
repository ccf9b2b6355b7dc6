#!/usr/bin/python3
"""compare_networkx.py THREADGRAPH SRCDIR WORKDIR

`threadgraph compare` against an independent computation from comments.csv:
for each ISO week, month and thread of data/class-forum (Canvas and Moodle
exports, compared together with two --db), networkx gives the reply
network's density and reciprocity, and plain Python the other columns
(people, comments, no_reply, depths, unanswered share, pairs; the teacher
share when the database marks a teacher).  Exits 0 when every row agrees."""
import csv
import math
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timezone

import networkx as nx

TG, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
DATA = os.path.join(SRC, "data", "class-forum")
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
failures = 0


def run(*args):
    subprocess.run([TG] + list(args), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build(name, inputs, extra=()):
    db = os.path.join(WORK, name + ".db")
    run("import", "--db", db, *extra, *inputs)
    run("analyze", "--db", db)
    run("report", "--db", db, "--out", os.path.join(WORK, name))
    return db, rows(os.path.join(WORK, name, "comments.csv"))


def period(c, by):
    if by == "thread":
        return c["thread_id"]
    if not c["timestamp"]:
        return "no time"
    t = datetime.strptime(c["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    if by == "week":
        y, w, _ = t.isocalendar()
        return "%04d-W%02d" % (y, w)
    return "%04d-%02d" % (t.year, t.month)


def expected(comments, by, teachers):
    byid = {c["comment_id"]: c for c in comments}
    children = defaultdict(list)
    for c in comments:
        if c["parent_id"]:
            children[c["parent_id"]].append(c)
    groups = defaultdict(list)
    for c in comments:
        groups[period(c, by)].append(c)
    out = {}
    for p, cs in groups.items():
        g = nx.DiGraph()
        people = {c["author"] for c in cs if c["author"]}
        g.add_nodes_from(people)
        replies = teach = 0
        for c in cs:
            par = byid.get(c["parent_id"]) if c["parent_id"] else None
            if par and c["author"] and par["author"] and c["author"] != par["author"]:
                g.add_edge(c["author"], par["author"])
                replies += 1
                teach += c["author"] in teachers or par["author"] in teachers
        answered = {c["author"] for c in cs if c["author"] and
                    any(k["author"] != c["author"] or not k["author"] for k in children[c["comment_id"]])}
        depths = [int(c["depth"]) for c in cs]
        pairs = sum(1 for a, b in g.edges() if a < b and g.has_edge(b, a))
        out[p] = {
            "people": len(people), "comments": len(cs),
            "density": nx.density(g) if g.number_of_nodes() > 1 else 0.0,
            "reciprocity": nx.reciprocity(g) if g.number_of_edges() else 0.0,
            "teacher_share": teach / replies if teachers and replies else None,
            "no_reply": len(people - answered),
            "mean_depth": sum(depths) / len(depths), "max_depth": max(depths),
            "unanswered_share": sum(1 for c in cs if not children[c["comment_id"]]) / len(cs),
            "pairs": pairs,
        }
    return out


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def check(label, got, exp):
    global failures
    if set(got) != set(exp):
        print("FAIL %s: periods %s, expected %s" % (label, sorted(got), sorted(exp)))
        failures += 1
        return
    for p in sorted(exp):
        g, e = got[p], exp[p]
        for k, v in e.items():
            cell = g[k]
            if v is None:
                ok = cell == ""
            elif isinstance(v, float):
                ok = cell != "" and close(float(cell), v)
            else:
                ok = cell == str(v)
            if not ok:
                print("FAIL %s %s %s: %r, expected %r" % (label, p, k, cell, v))
                failures += 1
    print("ok   %s: %d periods agree (density and reciprocity from networkx)" % (label, len(exp)))


canvas = sorted(os.path.join(DATA, "canvas", f) for f in os.listdir(os.path.join(DATA, "canvas")))
teacher = "Marta Kowalska"
dbc, comc = build("canvas", canvas)
dbm, comm = build("moodle", [os.path.join(DATA, "moodle-forum.csv")])
# a database that marks the teacher: the teacher share
dbt, comt = build("teacher", canvas, ("--teacher", teacher))
roles = [(dbt, comt, {teacher})]
for by in ("week", "month", "thread"):
    out = os.path.join(WORK, "cmp-" + by)
    dbs = [(dbc, comc, set()), (dbm, comm, set())] + roles
    args = ["compare", "--by", by, "--out", out, "--no-charts"]
    for db, _, _ in dbs:
        args += ["--db", db]
    run(*args)
    got = defaultdict(dict)
    order = []
    for r in rows(os.path.join(out, "compare.csv")):
        got[r["database"]][r["period"]] = r
        order.append((r["database"], r["period"]))
    for db, com, t in dbs:
        check("%s by %s" % (os.path.basename(db), by), got[db], expected(com, by, t))
    # rows: database by database, in the order given
    if [d for d, _ in order] != sorted((d for d, _ in order), key=[x[0] for x in dbs].index):
        print("FAIL by %s: rows not grouped by database in the order given" % by)
        failures += 1
    if by != "thread" and [p for d, p in order if d == dbc] != sorted(p for d, p in order if d == dbc):
        print("FAIL by %s: periods not in time order" % by)
        failures += 1
print("%d failed" % failures if failures else "all agree")
sys.exit(1 if failures else 0)
