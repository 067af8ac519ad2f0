#!/usr/bin/env bash
# Runs every test: installs the fixture toolchains if missing, builds the fixtures from source and
# runs every module's tests on JDK 25. `.ci/run` runs exactly this.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-toolchains.sh
export JAVA_HOME=${WHARF_TEST_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
exec mvn -B -ntp verify "$@"
