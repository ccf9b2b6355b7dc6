#!/usr/bin/env bash
# tests/install/example.sh BUILD_DIR SOURCE_DIR WORK_DIR [EXTRA_CFLAGS...]
# Install the library into a fresh prefix, build docs/examples/top_users.c
# against it through pkg-config only, and run it on the sample in data/.
# (Linking the static library with `pkg-config --static` needs igraph's own
# private libraries, glpk, arpack and plfit, whose -dev packages Debian's
# libigraph-dev does not pull in; docs/library.md says so.)
set -euo pipefail
build=$1 src=$2 work=$3
shift 3
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
pc=$(dirname "$(find "$prefix" -name threadgraph.pc)")
export PKG_CONFIG_PATH=$pc
libdir=$(pkg-config --variable=libdir threadgraph)
[ -f "$libdir/libthreadgraph.so" ] || { echo "no libthreadgraph.so in $libdir"; exit 1; }
[ -f "$prefix/include/threadgraph/threadgraph.h" ] || { echo "headers not installed"; exit 1; }
# only public headers are installed
if find "$prefix/include" -name '*_internal.h' | grep -q .; then
  echo "internal headers installed"; exit 1
fi
sample=$(ls "$src"/data/*.txt | head -1)
cc "$@" -Wall -Wextra -Werror "$src/docs/examples/top_users.c" -o "$work/top_users" \
   $(pkg-config --cflags --libs threadgraph) -Wl,-rpath,"$libdir"
"$work/top_users" "$sample" 3 >"$work/shared.out"
# three ranked lines after the header
[ "$(grep -c ' replies received, pagerank ' "$work/shared.out")" -eq 3 ]
# the dynamic one really uses the installed shared library
ldd "$work/top_users" | grep -q "$libdir/libthreadgraph.so"
echo "example built and ran against $prefix"
