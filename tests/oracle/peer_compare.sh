#!/usr/bin/env bash
# peer_compare.sh THREADGRAPH SCRATCH - threadgraph against the networkx peer
# pipeline of the benchmark harness (../shared/bench): a generated corpus in
# both formats, threadgraph with exact betweenness, the peer with
# --exact-betweenness; compare_outputs.py --bc exact must pass and say that
# betweenness was checked; oracle_check.py must pass on threadgraph's output.
# Where ../shared/bench is absent (a user's machine) the test is skipped (77).
set -u
tg=$1 scratch=$2
bench=$(cd "$(dirname "$0")/../.." && pwd)/../shared/bench
if [ ! -f "$bench/compare_outputs.py" ]; then
  echo "skipped: $bench is not here"
  exit 77
fi
py=/usr/bin/python3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 1
$py "$bench/gen_corpus.py" --comments 3000 --seed 7 --format both --out corpus || exit 1
$py "$bench/peer_networkx.py" corpus.ndjson peer --exact-betweenness 2>/dev/null || exit 1
fail=0
for fmt in ndjson csv; do
  "$tg" run --betweenness exact --out "tg-$fmt" "corpus.$fmt" >/dev/null 2>&1 || { echo "threadgraph failed on $fmt"; exit 1; }
  out=$($py "$bench/compare_outputs.py" "tg-$fmt" peer --bc exact 2>&1)
  echo "$out"
  echo "$out" | tail -n 1 | grep -q "^OK: .*betweenness checked" || { echo "FAIL: $fmt"; fail=1; }
  $py "$bench/oracle_check.py" "corpus.$fmt" "tg-$fmt" || { echo "FAIL: oracle_check on $fmt"; fail=1; }
done
exit $fail
