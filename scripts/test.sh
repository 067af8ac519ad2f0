#!/usr/bin/env bash
# Runs every test: installs the fixture toolchains if missing, builds the fixtures from source, runs every
# module's tests on JDK 25, then runs README's first command through the ./wharf launcher and checks what it
# prints. `.ci/run` runs exactly this.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-toolchains.sh
export JAVA_HOME=${WHARF_TEST_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -B -ntp verify "$@"

# The launcher, end to end, as a newcomer runs it (the jar is fresh from `verify`, so no rebuild happens).
out=$(./wharf run --env GREETING_NAME=ops --dir examples/hello/data::/data examples/hello/hello.wasm /data/note.txt)
expected=$'Hello from WebAssembly, ops!\n/data/note.txt: The harbour master says: this file came from the host, through --dir.\nHOME is not visible (host variables stay outside unless granted)'
if [ "$out" != "$expected" ]; then
  printf 'launcher smoke test: unexpected output:\n%s\n' "$out" >&2
  echo "smoke: 0 passed, 1 failed"; exit 1
fi
echo "launcher smoke test: README example ok"
echo "smoke: 1 passed, 0 failed"
