#!/usr/bin/env bash
# Demo start-up time: JVM launch to "demo ready" (simulators, local Webex, chat page and the bot wired, webhooks
# registered), as printed by `irflow demo`. Runs it RUNS times (default 5) on a free port and prints each figure and
# the median. Builds the jar if missing. Loopback only; every process it starts is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
[ -f target/irflow.jar ] || mvn -B -q -ntp package -DskipTests
# As ./run.sh starts it: with the class-data archive (made here if missing). CDS=0 measures without it.
cds=()
if [ "${CDS:-1}" = 1 ]; then
  if [ ! -f target/irflow.jsa ] || [ target/irflow.jar -nt target/irflow.jsa ]; then
    java -XX:ArchiveClassesAtExit=target/irflow.jsa -jar target/irflow.jar demo --port 0 --exit-when-ready >/dev/null 2>&1
  fi
  cds=(-XX:SharedArchiveFile=target/irflow.jsa)
fi
times=()
for i in $(seq 1 "$RUNS"); do
  log=$(mktemp)
  java "${cds[@]}" -jar target/irflow.jar demo --port 0 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    grep -q "demo ready in" "$log" && break
    sleep 0.1
  done
  ms=$(sed -n 's/.*demo ready in \([0-9]*\) ms.*/\1/p' "$log" | head -n 1)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
  [ -n "$ms" ] || { echo "run $i: the demo did not report ready within 30 s" >&2; exit 1; }
  echo "run $i: ready in $ms ms"
  times+=("$ms")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median: $median ms over $RUNS runs, class-data archive ${CDS:-1} (target: under 3000 ms)"
