#!/usr/bin/env bash
# Durable intake benchmark (issue 15): a burst of unique signed Webex deliveries against the packaged bot on loopback,
# PostgreSQL as the shared database, Webex stubbed.
#
#   bench/intake-bench.sh
#
# Builds target/irflow.jar and the test classes if missing or stale, starts the fast Webex stub
# (io.irflow.bench.FastWebexStub), then for each scenario creates a fresh PostgreSQL schema, starts the bot(s)
# (java -jar target/irflow.jar run --config ...), and runs io.irflow.bench.IntakeBench, which sends BENCH_COUNT unique
# pre-signed deliveries as fast as BENCH_CONNECTIONS keep-alive connections allow and waits until the stub has a reply
# for every one. Scenarios:
#   one        one instance
#   two        two instances sharing the schema, connections split between them
#   two-kill   two instances, one killed with SIGKILL once half the deliveries were sent; a connection to it that fails
#              resends its delivery to the live one (what a load balancer and Webex's redelivery do)
# Reported per scenario: non-2xx answers, ack p50/p99, time until the last delivery was processed, exactly-once
# (every id replied to by the stub exactly once), and the rows left unfinished or dead-lettered in the database.
#
# Knobs (environment): BENCH_COUNT=20000 BENCH_CONNECTIONS=32 BENCH_SCENARIOS="one two two-kill"
#   BENCH_PG="jdbc:postgresql://127.0.0.1:5432/test?user=postgres" BENCH_PSQL="psql -h 127.0.0.1 -U postgres -d test"
#   BOT_JAVA_OPTS="" BENCH_KEEP=0
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
COUNT=${BENCH_COUNT:-20000}
CONNS=${BENCH_CONNECTIONS:-32}
WARMUP=${BENCH_WARMUP:-0}
SCENARIOS=${BENCH_SCENARIOS:-one two two-kill}
PG=${BENCH_PG:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
PSQL=${BENCH_PSQL:-psql -h 127.0.0.1 -U postgres -d test}
SECRET="bench-secret-$(date +%s)"
MVN="mvn -q -B -ntp ${MVN_OFFLINE:-}"

say() { printf '%s\n' "$*" >&2; }

if [ ! -f target/irflow.jar ] || [ -n "$(find bot/src/main demo/src/main pom.xml bot/pom.xml demo/pom.xml -newer target/irflow.jar -type f 2>/dev/null | head -1)" ]; then
  say "building target/irflow.jar"
  $MVN -Dskip.npm package -DskipTests
fi
if [ ! -f bot/target/test-classes/io/irflow/bench/IntakeBench.class ] \
   || [ -n "$(find bot/src/test/java/io/irflow/bench -newer bot/target/test-classes/io/irflow/bench/IntakeBench.class -type f | head -1)" ]; then
  say "compiling the benchmark classes"
  $MVN -Dskip.npm -pl bot test-compile
fi
CP="bot/target/test-classes:target/irflow.jar"

WORK=$(mktemp -d /tmp/irflow-intake-bench.XXXXXX)
STUB_PID="" BOT_PIDS="" SCHEMAS=""
stop_bots() {
  for pid in $BOT_PIDS; do kill "$pid" 2>/dev/null || true; done
  for pid in $BOT_PIDS; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  BOT_PIDS=""
}
cleanup() {
  local rc=$?
  stop_bots
  if [ -n "$STUB_PID" ]; then kill "$STUB_PID" 2>/dev/null || true; fi
  for s in $SCHEMAS; do $PSQL -q -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
  if [ "${BENCH_KEEP:-0}" = 1 ] || [ $rc -ne 0 ]; then say "logs kept in $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
}
wait_http() { # url seconds
  for _ in $(seq $(($2 * 10))); do
    curl -fs -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

echo "== machine =="
echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
free -h | sed -n 2p | awk '{print "memory: " $2 " total, " $7 " available"}'
java -version 2>&1 | head -1
$PSQL -Atc "SHOW server_version" | sed 's/^/postgresql: /'
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

STUB_PORT=$(free_port)
STUB="http://127.0.0.1:$STUB_PORT"
java -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=1000 -Xms256m -Xmx1g -XX:+UseParallelGC \
  -cp "$CP" io.irflow.bench.FastWebexStub "$STUB_PORT" 4 >"$WORK/stub.log" 2>&1 &
STUB_PID=$!
wait_http "$STUB/v1/people/me" 30 || { say "stub did not start"; cat "$WORK/stub.log" >&2; exit 1; }

start_bot() { # schema name -> pid on stdout line "pid port"
  local port dir
  port=$(free_port)
  dir="$WORK/$2"
  mkdir -p "$dir"
  cat >"$dir/config.yml" <<YML
server:
  port: $port
webex:
  url: "$STUB/v1"
  token: "bench-token"
  webhook_secret: "$SECRET"
  irt_room: "Y2lzY29zcGFyazovL3VzL1JPT00vYmVuY2gtcm9vbQ"
security:
  responders: ["analyst@example.com"]
storage:
  url: "$PG&currentSchema=$1"
YML
  # shellcheck disable=SC2086
  (cd "$dir" && exec java ${BOT_JAVA_OPTS:-} -jar "$ROOT/target/irflow.jar" run --config "$dir/config.yml") \
    >"$dir/bot.log" 2>&1 &
  echo "$! $port"
}

status=0
for scenario in $SCENARIOS; do
  schema="irflow_bench_$(date +%s)_$RANDOM"
  $PSQL -q -c "CREATE SCHEMA $schema"
  SCHEMAS="$SCHEMAS $schema"
  case $scenario in
    one) n=1 ;;
    two|two-kill) n=2 ;;
    *) say "unknown scenario $scenario"; exit 64 ;;
  esac
  urls="" pids=()
  for i in $(seq "$n"); do
    read -r pid port < <(start_bot "$schema" "$scenario-bot$i")
    BOT_PIDS="$BOT_PIDS $pid"
    pids+=("$pid")
    wait_http "http://127.0.0.1:$port/healthz" 90 || { say "bot $i did not start"; cat "$WORK/$scenario-bot$i/bot.log" >&2; exit 1; }
    urls="${urls:+$urls,}http://127.0.0.1:$port"
  done
  kill_pid=""
  [ "$scenario" = two-kill ] && kill_pid=${pids[0]}
  echo
  echo "== $scenario: $COUNT unique deliveries, $CONNS connections, $n instance(s) on PostgreSQL schema $schema${kill_pid:+, kill -9 of pid $kill_pid halfway} =="
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$WARMUP" -gt 0 ]; then
    echo "warm-up (not counted): $WARMUP deliveries first, as a bot that has been running has its code compiled"
    java -cp "$CP" io.irflow.bench.IntakeBench burst "$urls" "$STUB" "warmup-$scenario-" "$WARMUP" "$CONNS" "$SECRET" \
      | grep -E '^(answers|ack latency|exactly-once)' | sed 's/^/  warm-up /' || status=1
    sleep 2
    echo "measured burst:"
  fi
  java -cp "$CP" io.irflow.bench.IntakeBench burst "$urls" "$STUB" "$scenario-" "$COUNT" "$CONNS" "$SECRET" $kill_pid || status=1
  echo "database: $($PSQL -Atc "SELECT COUNT(*) || ' rows, ' || COUNT(*) FILTER (WHERE done_at IS NULL) || ' unfinished, ' || COUNT(*) FILTER (WHERE dead_at IS NOT NULL) || ' dead-lettered, ' || COUNT(*) FILTER (WHERE attempts > 1) || ' claimed more than once' FROM $schema.webex_event")"
  echo "bot log WARN/ERROR lines: $(cat "$WORK"/"$scenario"-bot*/bot.log | grep -c -E ' (WARN|ERROR) ' || true)"
  stop_bots
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ $status -eq 0 ] && echo "exactly-once and zero non-2xx: held in every scenario" || echo "exactly-once or zero non-2xx: VIOLATED (see above)"
exit $status
