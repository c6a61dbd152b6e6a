#!/usr/bin/env bash
# The /investigate latency benchmark (BENCHMARKS.md, "Investigate latency"): builds the test classes offline, then runs
# io.irflow.bench.InvestigateLatencyBench with the test classpath. Everything listens on 127.0.0.1 only.
# Usage: bench/investigate-bench.sh [runs per series, default 100] [L in ms, default 300]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-100}"
L_MS="${2:-300}"
mvn ${MVN_OFFLINE:-} -q -B -ntp -pl bot test-compile -Dskip.npm
# The bot module's test classpath, written by the exec plugin the build already uses (works offline, unlike the
# dependency plugin).
mvn ${MVN_OFFLINE:-} -q -B -ntp -pl bot org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo -Dexec.classpathScope=test \
    "-Dexec.args=%classpath" -Dexec.outputFile="$PWD/bot/target/bench-cp.txt" >&2
CP="$(cat bot/target/bench-cp.txt)"
# Bounded: the whole run is killed after 15 minutes whatever happens.
exec timeout 900 java -Xms256m -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml ${BENCH_OPTS:-} \
    -cp "$CP" io.irflow.bench.InvestigateLatencyBench "$RUNS" "$L_MS"
