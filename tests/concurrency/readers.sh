#!/usr/bin/env bash
# readers.sh TG GEN DIR [COMMENTS] - readers and a second writer during an
# import (issue 14).  The database is in WAL mode: while one process imports
# a large generated corpus, stats, report and render from other processes
# read the last committed state at once (they neither wait nor fail), and a
# second import into the same database waits for the first and then commits;
# the database passes SQLite's integrity check and holds both imports.
set -u
TG=$1 GEN=$2 DIR=$3 N=${4:-1000000}
rm -rf "$DIR" && mkdir -p "$DIR" && cd "$DIR" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

"$GEN" --comments "$N" --seed 1 --format csv --out big >/dev/null || fail "generator"
"$GEN" --comments 2000 --seed 2 --format csv --out small >/dev/null || fail "generator"
sed -i '2,$s/^\([^,]*\),/s\1,/' small.csv   # ids of their own: no duplicates of big.csv
"$TG" run --out . small.csv >/dev/null 2>&1 || fail "first run"
before=$("$TG" stats --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["comments"])')

"$TG" import big.csv >import.out 2>&1 &
pid=$!
# wait until the import holds its write transaction (the WAL file grows)
for i in $(seq 200); do
  [ -s threadgraph.db-wal ] && [ "$(stat -c %s threadgraph.db-wal)" -gt 1000000 ] && break
  sleep 0.05
done
kill -0 $pid 2>/dev/null || fail "the import ended before the readers could run (raise COMMENTS)"
count() { "$TG" stats --json 2>stats.err | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["comments"])'; }
committed() { [ "$(count)" != "$before" ]; }   # the big import's commit is visible
reads=0
while kill -0 $pid 2>/dev/null && [ $reads -lt 5 ]; do
  n=$(count) || fail "stats during the import: $(cat stats.err)"
  [ "$n" = "$before" ] || break   # committed meanwhile
  # a reader that fails because the import committed while it ran (the
  # analysis is then older than the data) ends the rounds; any other failure fails
  "$TG" report --out rep 2>report.err >/dev/null || { committed && break; fail "report during the import: $(cat report.err)"; }
  "$TG" render top-users -o top.svg 2>render.err >/dev/null || { committed && break; fail "render during the import: $(cat render.err)"; }
  reads=$((reads + 1))
done
[ $reads -gt 0 ] || fail "no read ran during the import"
# a second import while the first writes: it waits, then commits
cp small.csv small2.csv && sed -i '2,$s/^s/t/' small2.csv
"$TG" import small2.csv >second.out 2>&1 || fail "second import: $(cat second.out)"
wait $pid || fail "the big import: $(cat import.out)"
after=$("$TG" stats --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["comments"])')
[ "$(sqlite3 threadgraph.db 'PRAGMA integrity_check')" = ok ] || fail "integrity check"
[ "$(sqlite3 threadgraph.db 'PRAGMA journal_mode')" = wal ] || fail "not in WAL mode"
echo "readers during the import: $reads rounds of stats, report and render; comments $before -> $after"
[ "$after" -gt "$before" ] || fail "nothing imported"
