#!/usr/bin/env bash
# Instantiation of a component from its plan, next to its core module's: builds the reactor's classes and class path
# (no install), then runs InstantiateBench in one JVM. The component fixtures come from fixtures/build.sh (the
# adapted hello command, hello.wasm's C program wrapped by jco's preview1 adapter, and the composed QuickJS one).
# The 2 cores are shared: the load is printed before and after. Extra arguments: ITERATIONS (default 20000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
fixtures=${WHARF_FIXTURES:-$repo/fixtures/target/wasm}
mkdir -p "$here/target"
mvn -B -q -f "$repo/pom.xml" -pl component-runtime -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$here/target/classpath"
cp="$repo/component-runtime/target/classes:$(cat "$here/target/classpath")"
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -Xss64m -cp "$cp" "$here/InstantiateBench.java" "${1:-20000}" \
  "$fixtures/hello.wasm" "$fixtures/components/hello.wasm" "$fixtures/components/composed_counters.wasm" \
  "$fixtures/components/composed_qjs_counters.wasm"
echo "load after the run:  $(cut -d' ' -f1-3 /proc/loadavg)"
