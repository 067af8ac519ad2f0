#!/usr/bin/env bash
# Rebuilds hello.wasm from hello.c (the committed .wasm lets the example run without a toolchain;
# a test checks that this rebuild reproduces it byte for byte).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/hello.wasm}
clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -s -o "$out" "$here/hello.c"
