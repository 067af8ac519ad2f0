#!/usr/bin/env bash
# Runs Wharf's benchmark suite side by side with native wasmtime 7 (JNI) and Node 20, and writes
# bench/results/RESULTS.md, bench/results/chart.png and the raw numbers in bench/results/raw/.
#   bench/run.sh                      everything (about 15 minutes on 2 cores)
#   bench/run.sh --quick compute      one section, short warm-up and few samples (for developing the suite)
#   bench/run.sh --only sha256 compute report
# Sections: compute startup instantiate memory report (default: all). Not part of CI: timing goals live
# here, never in tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
for tool in clang-19 node /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-toolchains.sh installs clang-19 and node; apt-get install time)" >&2; exit 1; }
done
command -v hyperfine >/dev/null || echo "bench: hyperfine not found (apt-get install hyperfine): start-up runs will be timed by the suite itself" >&2

bench/kernels/build.sh
bench/large/build.sh
./wharf --version >/dev/null        # builds the CLI jar if its sources changed
echo "bench: building the suite (mvn -Pbench)" >&2
log=$(mktemp)
if ! mvn -B -q -o -Pbench -pl bench/suite -am -DskipTests package >"$log" 2>&1 \
   && ! mvn -B -q -Pbench -pl bench/suite -am -DskipTests package >"$log" 2>&1; then
  cat "$log" >&2; rm -f "$log"; echo "bench: the suite did not build (output above)" >&2; exit 1
fi
rm -f "$log"

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(all)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar bench/suite/target/wharf-bench.jar --repo "$root" "${args[@]}"

# A full run is also kept under results/runs/, so several runs on a shared machine can be compared.
if [ "${args[*]}" = all ]; then
  run_dir="bench/results/runs/$(date -u +%Y%m%dT%H%MZ)"
  mkdir -p "$run_dir"
  cp -r bench/results/chart.png bench/results/raw "$run_dir/"
  # report again, so the across-runs table includes this run
  "$JAVA_HOME/bin/java" -jar bench/suite/target/wharf-bench.jar --repo "$root" report
  cp bench/results/RESULTS.md "$run_dir/"
  echo "bench: this run is kept in $run_dir" >&2
fi
