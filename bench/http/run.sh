#!/usr/bin/env bash
# End-to-end HTTP benchmark of `wharf up` (not a test): wrk against a WAGI hello route (a fresh wasm instance per
# request) and the built-in static route /.well-known/wharf/health of the same server, then a table of
# requests/s, p50 and p99, and the wasm/static throughput ratio (target: >= 50%).
#   bench/http/run.sh                      # 10 s per route, 32 connections, 2 wrk threads
#   DURATION=30s CONNECTIONS=64 bench/http/run.sh
# Needs wrk (scripts/install-toolchains.sh installs it) and the fixtures (built here if missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
warmup=${WARMUP:-5s}

command -v wrk >/dev/null || { echo "bench/http: wrk is missing: run scripts/install-toolchains.sh" >&2; exit 1; }
bash "$root/fixtures/build.sh" >/dev/null

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp "$root/fixtures/target/wasm/app_hello.wasm" "$work/"
cat > "$work/spin.toml" <<'TOML'
spin_manifest_version = 2
[application]
name = "bench-hello"

[[trigger.http]]
route = "/hello"
component = "hello"
executor = { type = "wagi" }

[component.hello]
source = "app_hello.wasm"
TOML

# the launcher builds the CLI jar when needed; the server's log (one access line per request) goes to a file
"$root/wharf" up -f "$work" --listen 127.0.0.1:0 >"$work/stdout" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 600); do
  if grep -q '^Serving ' "$work/stdout" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; echo "bench/http: wharf up exited" >&2; exit 1; fi
  sleep 0.2
done
base=$(sed -n 's/^Serving //p' "$work/stdout")
[ -n "$base" ] || { echo "bench/http: wharf up did not start" >&2; exit 1; }
curl -fsS "$base/hello" >/dev/null

measure() { # URL -> "req/s p50 p99"
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$1")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket-errors"}' <<<"$out" | tr '\n' ' ')
  echo "$rps $p50 $p99 ${errors:-none}"
}

echo "warming up ($warmup per route)..." >&2
wrk -t"$threads" -c"$connections" -d"$warmup" "$base/hello" >/dev/null
wrk -t"$threads" -c"$connections" -d"$warmup" "$base/.well-known/wharf/health" >/dev/null

read -r wasm_rps wasm_p50 wasm_p99 wasm_err < <(measure "$base/hello")
read -r static_rps static_p50 static_p99 static_err < <(measure "$base/.well-known/wharf/health")

echo
echo "wharf up, $connections connections, $threads wrk threads, $duration per route, $(nproc) cores"
printf '%-34s %12s %10s %10s  %s\n' "route" "requests/s" "p50" "p99" "errors"
printf '%-34s %12s %10s %10s  %s\n' "/hello (WAGI, fresh instance)" "$wasm_rps" "$wasm_p50" "$wasm_p99" "$wasm_err"
printf '%-34s %12s %10s %10s  %s\n' "/.well-known/wharf/health (static)" "$static_rps" "$static_p50" "$static_p99" "$static_err"
awk -v w="$wasm_rps" -v s="$static_rps" 'BEGIN { r = 100 * w / s; printf "ratio wasm/static: %.1f%% (target >= 50%%): %s\n", r, (r >= 50 ? "met" : "not met") }'
