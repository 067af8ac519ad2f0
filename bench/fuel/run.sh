#!/usr/bin/env bash
# What fuel metering costs: builds the C kernels in kernels/ (clang-19, bare wasm32, no libc), builds
# wharf-fuel and this benchmark, then runs each kernel unmetered and metered under Chicory's compiler on
# JDK 25 and prints the slowdown. Takes the best of several rounds in several JVMs; the 2 cores are shared, so
# run it when `uptime` shows a load well below 1. Extra arguments go to FuelBench (--rounds N, --forks N).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=$here/target/kernels
mkdir -p "$out"
command -v clang-19 >/dev/null || { echo "bench: clang-19 is missing: run scripts/install-toolchains.sh" >&2; exit 1; }
for src in "$here"/kernels/*.c; do
  name=$(basename "$src" .c)
  # bulk memory: the sieve's clearing loop becomes memory.fill instead of a call to a memset we do not have
  clang-19 --target=wasm32 -nostdlib -mbulk-memory -O2 -Wl,--no-entry -Wl,--export=run -o "$out/$name.wasm" "$src"
done
mvn -B -q -o -f "$repo/pom.xml" -pl fuel -am install -DskipTests
mvn -B -q -o -f "$here/pom.xml" package
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -Xss8m -cp "$here/target/classes:$(cat "$here/target/classpath")" dev.wharf.fuel.FuelBench "$out" "$@"
echo "load after the run:  $(cut -d' ' -f1-3 /proc/loadavg)"
