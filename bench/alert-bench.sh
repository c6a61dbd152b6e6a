#!/usr/bin/env bash
# The alert polling benchmark (BENCHMARKS.md, "Alert polling"): builds the test classes offline, then runs
# io.irflow.bench.AlertBench with the test classpath and a 256 MB heap. The AMP stand-in listens on 127.0.0.1 only.
# Storm control is on with its defaults (one announcement and one digest card per threat); "off" as the second
# argument measures one card per host as before.
# Usage: bench/alert-bench.sh [runs, default 5] [on|off] [h2|postgres, default h2: the embedded file database;
#        postgres: a fresh schema per run on 127.0.0.1:5432/test as user postgres, the several-instances store]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
STORM="${2:-on}"
DB="${3:-h2}"
mvn ${MVN_OFFLINE:-} -q -B -ntp -pl bot test-compile -Dskip.npm
# The bot module's test classpath, written by the exec plugin the build already uses (works offline, unlike the
# dependency plugin).
mvn ${MVN_OFFLINE:-} -q -B -ntp -pl bot org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo -Dexec.classpathScope=test \
    "-Dexec.args=%classpath" -Dexec.outputFile="$PWD/bot/target/bench-cp.txt" >&2
CP="$(cat bot/target/bench-cp.txt)"
# Bounded: the whole run is killed after 10 minutes whatever happens.
exec timeout 600 java -Xmx256m -Dlogback.configurationFile=bench/logback-bench.xml -Dbench.storm="$STORM" -Dbench.db="$DB" \
    -cp "$CP" io.irflow.bench.AlertBench "$RUNS"
