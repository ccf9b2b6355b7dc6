#!/usr/bin/env bash
# run_case.sh BIN CASEDIR DATADIR [--regen]
# Runs one golden CLI test: CASEDIR/cmd is a bash snippet run in a fresh
# scratch directory with $TG (the threadgraph binary), $DATA (tests/data) and
# $CASE (the case folder).  Its stdout, stderr and exit status are compared
# with CASEDIR/expected.out, expected.err and expected.rc.  With --regen the
# expected files are rewritten instead (review them with git diff).
set -u
TG=$1 CASE=$2 DATA=$3 REGEN=${4:-}
export TG CASE DATA
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8 TZ=UTC
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1
bash -e "$CASE/cmd" >actual.out 2>actual.err
echo $? >actual.rc
if [ "$REGEN" = --regen ]; then
  cp actual.out "$CASE/expected.out"
  cp actual.err "$CASE/expected.err"
  cp actual.rc "$CASE/expected.rc"
  exit 0
fi
fail=0
for f in out err rc; do
  if ! diff -u "$CASE/expected.$f" "actual.$f" >diff.$f; then
    echo "--- $(basename "$CASE"): $f differs (expected, actual):"
    cat diff.$f
    fail=1
  fi
done
exit $fail
