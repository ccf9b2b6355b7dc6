#!/usr/bin/env bash
# tests/layers/check_layers.sh BUILD_DIR SOURCE_DIR CC
# The build's layers hold: for every pair of layers, a file of the lower one
# that includes the higher one's public or internal header does not
# compile, while the same include compiles in the higher layer itself.  And
# no file of src/ reaches another folder by a relative include ("../"),
# which would go around the include paths.
set -uo pipefail
build=$1 src=$2 cc=$3
layers=(core import store analysis render report pipeline)
deps=$(pkg-config --cflags sqlite3 igraph cairo pangocairo glib-2.0 yajl libxml-2.0 gmime-3.0 2>/dev/null)
fail=0

if grep -rnE '#include[[:space:]]+"\.\./' "$src/src"; then
  echo "FAIL: relative includes across folders (above)"; fail=1
fi

flags_of() {   # the include flags the build gives layer $1
  local l f=(-I"$build/layers/$1")
  for l in "${layers[@]}"; do
    f+=(-I"$src/src/$l")
    [ "$l" = "$1" ] && break
  done
  echo "${f[@]}"
}

try() {        # try LAYER HEADER: does a file of LAYER including HEADER compile?
  printf '#include "%s"\nint tg_layer_probe;\n' "$2" |
    "$cc" -fsyntax-only -D_GNU_SOURCE $(flags_of "$1") $deps -x c - 2>/dev/null
}

headers_of() { # the public and internal headers that belong to layer $1
  local h
  for h in "$src"/include/threadgraph/*.h; do
    h=$(basename "$h")
    grep -qw "$h" <(sed -n "s/^set(TG_HEADERS_$1 \(.*\))/\1/p" "$src/CMakeLists.txt") &&
      echo "threadgraph/$h"
  done
  for h in "$src/src/$1"/*_internal.h; do
    [ -f "$h" ] && basename "$h"
  done
}

checked=0
for ((i = 0; i < ${#layers[@]}; i++)); do
  hi=${layers[$i]}
  for h in $(headers_of "$hi"); do
    if ! try "$hi" "$h"; then
      echo "FAIL: $h does not compile in its own layer $hi"; fail=1; continue
    fi
    for ((j = 0; j < i; j++)); do
      lo=${layers[$j]}
      checked=$((checked + 1))
      if try "$lo" "$h"; then
        echo "FAIL: layer $lo can include $h (layer $hi)"; fail=1
      fi
    done
  done
done
echo "$checked upward includes checked"
[ "$checked" -gt 20 ] || { echo "FAIL: too few checks ($checked)"; fail=1; }
exit $fail
