#!/usr/bin/env bash
# The alert polling benchmark (BENCHMARKS.md, "Alert polling"): builds the test classes offline, then runs
# io.irflow.bench.AlertBench with the test classpath and a 256 MB heap. The AMP stand-in listens on 127.0.0.1 only.
# Usage: bench/alert-bench.sh [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
mvn -o -q -B test-compile -Dskip.npm
mvn -o -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
# Bounded: the whole run is killed after 10 minutes whatever happens.
exec timeout 600 java -Xmx256m -Dlogback.configurationFile=bench/logback-bench.xml \
    -cp "$CP" io.irflow.bench.AlertBench "$RUNS"
