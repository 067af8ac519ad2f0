#!/usr/bin/env bash
# Builds every compute kernel (bench/kernels/*.c) into OUT (default bench/target/wasm) as a WASI reactor
# exporting `bench(n) -> i64 checksum`, with the fixtures' flags: clang-19 -O2, link without -O (keeps the
# name section, so profiles and traps name C functions), DWARF stripped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../target/wasm}
mkdir -p "$out"
command -v clang-19 >/dev/null || { echo "bench: clang-19 is missing: run scripts/install-toolchains.sh" >&2; exit 1; }
built=0
for src in "$here"/*.c; do
  name=$(basename "$src" .c); dst="$out/$name.wasm"
  [ -f "$dst" ] && [ "$dst" -nt "$src" ] && [ "$dst" -nt "$here/build.sh" ] && continue
  clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -c -o "$dst.o" "$src"
  clang-19 --target=wasm32-wasi --sysroot=/usr -mexec-model=reactor -Wl,--strip-debug -o "$dst.tmp" "$dst.o"
  rm -f "$dst.o"; mv "$dst.tmp" "$dst"; built=$((built+1))
done
echo "bench: $built kernel(s) built into $out" >&2
