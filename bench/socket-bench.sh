#!/usr/bin/env bash
# The websocket-mode benchmark (BENCHMARKS.md, "Websocket mode"): builds the test classes offline, then runs
# io.irflow.bench.SocketBench with the test classpath: the bot in-process in websocket mode (Tuning.defaults(), H2 file
# database), Webex's event socket played by WebexSocketStub, Webex REST by FastWebexStub; then the same sequential and
# burst series over signed webhooks. Everything listens on 127.0.0.1 only.
# Usage: bench/socket-bench.sh [N sequential, default 300] [M burst, default 2000] [K per catch-up, default 20] [rounds, default 5]
# BENCH_JAVA_OPTS adds JVM flags, e.g. "-Dbench.mem=1" (in-memory H2 instead of the production file database) or
# "-XX:StartFlightRecording=filename=/tmp/socket.jfr" (a profile).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-300}"
M="${2:-2000}"
K="${3:-20}"
ROUNDS="${4:-5}"
mvn ${MVN_OFFLINE:-} -q -B -ntp -pl bot test-compile -Dskip.npm >&2
# The bot module's test classpath, written by the exec plugin the build already uses (the dependency plugin's own
# dependencies are not in the offline repository of this machine).
mvn ${MVN_OFFLINE:-} -q -B -ntp -pl bot org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo -Dexec.classpathScope=test \
    "-Dexec.args=%classpath" -Dexec.outputFile="$PWD/bot/target/socket-bench-cp.txt" >&2
CP="$(cat bot/target/socket-bench-cp.txt)"
# Bounded: the whole run is killed after 15 minutes whatever happens.
exec timeout 900 java -Xms256m -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml ${BENCH_JAVA_OPTS:-} \
    -cp "$CP" io.irflow.bench.SocketBench "$N" "$M" "$K" "$ROUNDS"
