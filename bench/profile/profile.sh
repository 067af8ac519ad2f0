#!/usr/bin/env bash
# Profiles one compute kernel under Wharf with JFR (1 ms sampling) and prints the hottest frames with their
# JIT state: the measurement behind bench/results/NOTES.md.
#   bench/profile/profile.sh matmul 12 [wharf|wharf-polled|wharf-chicory-default|wharf-bytearray]
# Needs the suite built (bench/run.sh builds it) and the kernels (bench/kernels/build.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kernel=${1:?kernel name, e.g. matmul}; n=${2:?n, e.g. 12}; engine=${3:-wharf}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
out=$(mktemp -d)
cat > "$out/sample.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
</configuration>
JFC
"$java/java" @"$root/cli/jvm.options" -XX:StartFlightRecording=filename="$out/run.jfr",settings="$out/sample.jfc" \
  -cp "$root/bench/suite/target/wharf-bench.jar" dev.wharf.bench.BenchMain compute-probe "$engine" \
  "$root/bench/target/wasm/$kernel.wasm" "$n" 6000 10 2>/dev/null
"$java/jfr" print --json --events jdk.ExecutionSample "$out/run.jfr" > "$out/samples.json"
python3 - "$out/samples.json" <<'PY'
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
top = collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    if frames:
        f = frames[0]
        top[(f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"], f["type"])] += 1
total = sum(top.values())
print(f"{total} samples (top frame, JIT state)")
for (method, kind), count in top.most_common(12):
    print(f"{100 * count / total:5.1f}%  {method}  [{kind}]")
PY
echo "recording: $out/run.jfr"
