#!/usr/bin/python3
"""check_class_forum.py THREADGRAPH SRCDIR WORKDIR

data/class-forum (scripts/gen-class-forum) against its documentation
(docs/class-forum.md):
- the generator is deterministic: run again, it writes the same bytes;
- every planted pattern is visible in what threadgraph computes from the
  Canvas export (users.csv, pairs.csv, comments.csv);
- the Moodle export gives the same comments, depths, replies per person and
  pairs as the Canvas export, once the Moodle importer reads a discussion's
  opening post as the thread's post (issue 9); until then that check reports
  itself as not run.
Exits 0 when all hold, 1 with the failures listed."""
import csv
import filecmp
import os
import shutil
import subprocess
import sys
from collections import defaultdict

TG, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
DATA = os.path.join(SRC, "data", "class-forum")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(*args):
    subprocess.run([TG] + list(args), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def report(name, inputs):
    out = os.path.join(WORK, name)
    db = out + ".db"
    for p in (db, db + "-wal", db + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    run("import", "--db", db, *inputs)
    run("analyze", "--db", db)
    run("report", "--db", db, "--out", out)
    return out


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

# 1. determinism: the generator writes the committed files again
regen = os.path.join(WORK, "regen")
subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts", "gen-class-forum"),
                "--out", regen], check=True, stderr=subprocess.DEVNULL)
same = True
for rel in ["moodle-forum.csv", "roster.csv"] + \
        ["canvas/" + f for f in sorted(os.listdir(os.path.join(DATA, "canvas")))]:
    a, b = os.path.join(DATA, rel), os.path.join(regen, rel)
    if not os.path.exists(b) or not filecmp.cmp(a, b, shallow=False):
        same = False
        print("  differs: " + rel)
check(same and len(os.listdir(os.path.join(regen, "canvas"))) == 12,
      "gen-class-forum writes data/class-forum again byte for byte (12 Canvas files)")

canvas_files = sorted(os.path.join(DATA, "canvas", f) for f in os.listdir(os.path.join(DATA, "canvas")))
cv = report("canvas", canvas_files)
users = {r["user"]: r for r in rows(os.path.join(cv, "users.csv"))}
comments = rows(os.path.join(cv, "comments.csv"))
pairs = rows(os.path.join(cv, "pairs.csv"))
roster = {r["name"]: r for r in rows(os.path.join(DATA, "roster.csv"))}
teacher = [n for n, r in roster.items() if r["role"] == "teacher"][0]
byid = {c["comment_id"]: c for c in comments}
week_of = {}
for c in comments:
    week_of[c["thread_id"]] = None
threads = sorted(week_of)        # 9101..9106: weeks 1..6
week_of = {t: i + 1 for i, t in enumerate(threads)}
check(len(threads) == 6, "6 weekly discussions")
students = [n for n, r in roster.items() if r["role"] == "student"]
posted = [n for n in students if n in users]
check(24 <= len(posted) <= 26 and teacher in users,
      "one teacher and about 25 students who posted (%d)" % len(posted))

# a student whom nobody answers
ign = "Emma Johansson"
weeks = {week_of[c["thread_id"]] for c in comments if c["author"] == ign}
check(users[ign]["replies_received"] == "0" and len(weeks) == 6,
      "%s posts in all 6 weeks and gets no reply (replies_received 0)" % ign)
check(sum(1 for u in users.values() if u["replies_received"] == "0") == 1,
      "she is the only one with no reply")

# a student who only answers the prompt
po = "Kwame Mensah"
depths = {c["depth"] for c in comments if c["author"] == po}
check(depths == {"0"} and int(users[po]["replies_received"]) > 0,
      "%s writes only answers to the prompt (all depth 0) and gets replies" % po)
check(sum(1 for n in posted if {c["depth"] for c in comments if c["author"] == n} == {"0"}) == 1,
      "he is the only one who only answers the prompt")


# teacher-centred week and student week: the teacher share of each week
def share(week):
    tot = te = 0
    for c in comments:
        if week_of[c["thread_id"]] != week or not c["parent_id"]:
            continue
        par = byid[c["parent_id"]]
        tot += 1
        te += c["author"] == teacher or par["author"] == teacher
    return te / tot


shares = {w: share(w) for w in range(1, 7)}
print("  teacher share by week: " + ", ".join("%d: %.2f" % (w, s) for w, s in shares.items()))
check(max(shares, key=shares.get) == 2 and shares[2] > 0.6,
      "week 2 is teacher-centred (the highest teacher share, over 0.6)")
check(min(shares, key=shares.get) == 5 and shares[5] == 0,
      "week 5 is students among themselves (teacher share 0)")

# two groups that hardly talk, and one broker
group = {n: r["group"] for n, r in roster.items()}
across = defaultdict(int)
for c in comments:
    if not c["parent_id"]:
        continue
    a, b = group[c["author"]], group[byid[c["parent_id"]]["author"]]
    if {a, b} == {"A", "B"}:
        across["direct"] += 1
    elif "A+B" in (a, b) and {a, b} & {"A", "B"}:
        across["broker"] += 1
check(across["direct"] == 0 and across["broker"] >= 10,
      "groups A and B never reply to each other; the broker's replies link them (%d)" % across["broker"])
bc = sorted(((float(u["betweenness"]), n) for n, u in users.items() if n != teacher), reverse=True)
check(bc[0][1] == "Nguyễn Thị Lan" and bc[0][0] > 1.25 * bc[1][0],
      "the broker Nguyễn Thị Lan has the highest betweenness of the students, a quarter above the next")

# the most answered student is someone else (replies received and betweenness differ)
recv = sorted(((int(u["replies_received"]), n) for n, u in users.items() if n != teacher), reverse=True)
check(recv[0][1] == "Chloé Dubois" and recv[0][1] != bc[0][1],
      "the most answered student is Chloé Dubois, not the broker")

# a long back-and-forth
top = max(pairs, key=lambda p: int(p["longest_run"]))
check({top["user_a"], top["user_b"]} == {"Ana Kovač", "Dmitri Volkov"} and top["longest_run"] == "13"
      and sorted(int(p["longest_run"]) for p in pairs)[-2] <= 5,
      "the longest back-and-forth is Ana Kovač and Dmitri Volkov, 13 turns, in week %d" %
      week_of[[c for c in comments if c["author"] in ("Ana Kovač", "Dmitri Volkov") and c["depth"] == "12"][0]["thread_id"]])

# a student who joins late
late = "Leilani Kahale"
first = min(c["timestamp"] for c in comments if c["author"] == late)
check(first >= "2024-02-26" and min(week_of[c["thread_id"]] for c in comments if c["author"] == late) == 4,
      "%s first posts in week 4 (%s)" % (late, first))
firsts = sorted(min(c["timestamp"] for c in comments if c["author"] == n) for n in posted)
check(firsts[-2] < "2024-02-12", "everyone else has posted in week 1")

# a roster student who never posted
check([n for n in students if n not in users] == ["Hamid Karimi"],
      "Hamid Karimi is on the roster and never posts")

# the late reply: a comment of week 1's thread written in week 2
late_reply = [c for c in comments if week_of[c["thread_id"]] == 1 and c["timestamp"] >= "2024-02-12"]
check(len(late_reply) == 1, "one reply in week 1's discussion is written on the Monday of week 2")

# the Moodle export gives the same figures as the Canvas export
md = report("moodle", [os.path.join(DATA, "moodle-forum.csv")])
mcom = rows(os.path.join(md, "comments.csv"))


def facts(out, com):
    u = sorted((r["user"], r["comments"], r["replies_received"], r["replies_given"])
               for r in rows(os.path.join(out, "users.csv")))
    p = sorted((r["user_a"], r["user_b"], r["a_to_b"], r["b_to_a"], r["longest_run"])
               for r in rows(os.path.join(out, "pairs.csv")))
    d = defaultdict(int)
    for c in com:
        d[c["depth"]] += 1
    return len(com), sorted(d.items()), u, p


fm, fc = facts(md, mcom), facts(cv, comments)
check(fm[0] == fc[0], "Moodle and Canvas: the same number of comments (%d)" % fc[0])
check(fm[1] == fc[1], "Moodle and Canvas: the same comments by depth")
check(fm[2] == fc[2], "Moodle and Canvas: the same comments, replies received and given per person")
check(fm[3] == fc[3], "Moodle and Canvas: the same pairs")

# with the roster and the teacher: the broker leads betweenness once teachers are left out,
# and the roster's student who never posted is flagged
db = os.path.join(WORK, "roles.db")
run("import", "--db", db, "--teacher", teacher, "--roster", os.path.join(DATA, "roster.csv"), *canvas_files)
run("analyze", "--db", db, "--exclude-teachers")
run("report", "--db", db, "--out", os.path.join(WORK, "roles"))
ru = {r["user"]: r for r in rows(os.path.join(WORK, "roles", "users.csv"))}
top = max((n for n in ru if ru[n]["betweenness"]), key=lambda n: float(ru[n]["betweenness"]))
check(top == "Nguyễn Thị Lan" and ru[teacher]["betweenness"] == "",
      "with --exclude-teachers the broker has the highest betweenness of all")
check([n for n, r in ru.items() if r["never_posted"] == "1"] == ["Hamid Karimi"],
      "with --roster, Hamid Karimi is flagged as never posted")

if failures:
    print("%d failed" % len(failures))
    sys.exit(1)
print("all hold")
