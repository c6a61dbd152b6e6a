#!/usr/bin/env bash
# Webhook acknowledgement benchmark: signed Webex deliveries against the running bot on loopback, Webex stubbed.
#
#   bench/webhook-bench.sh
#
# Installs Debian's wrk if missing, builds target/irflow.jar and the test classes if missing or stale, starts a fast
# Webex stub (io.irflow.bench.FastWebexStub) and the bot (java -jar target/irflow.jar run --config ...), then:
#   warm-up   unique deliveries for BENCH_WARMUP seconds (JIT), drained, not reported
#   unique    BENCH_DURATION seconds of unique, pre-signed deliveries (every request a new data.id)
#   redeliver BENCH_DURATION seconds where BENCH_REDELIVER of requests repeat a recent id (dedupe under load)
# After each measured run it waits for the bot's queue to drain, compares acknowledgements with what the stub saw,
# redelivers every id that was sent (as Webex would redeliver unacknowledged ones) and checks that every unique id
# was processed (fetched + replied to) exactly once. Everything it starts is stopped on exit. Loopback only.
#
# Knobs (environment): BENCH_DURATION=20 BENCH_WARMUP=10 BENCH_CONNECTIONS=32 BENCH_WRK_THREADS=2
#   BENCH_REDELIVER=0.2 BENCH_MAX_RATE=25000 (sizes the pre-signed id pool) BOT_JAVA_OPTS="" BENCH_KEEP=0
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-10}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_WRK_THREADS:-2}
REDELIVER=${BENCH_REDELIVER:-0.2}
MAX_RATE=${BENCH_MAX_RATE:-25000}
SECRET="bench-secret-$(date +%s)"
MVN="mvn -q -B -ntp ${MVN_OFFLINE:-}"

say() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ ! -f target/irflow.jar ] || [ -n "$(find bot/src/main demo/src/main pom.xml bot/pom.xml demo/pom.xml -newer target/irflow.jar -type f 2>/dev/null | head -1)" ]; then
  say "building target/irflow.jar"
  $MVN package -DskipTests
fi
if [ ! -f bot/target/test-classes/io/irflow/bench/FastWebexStub.class ] \
   || [ -n "$(find bot/src/test/java/io/irflow/bench -newer bot/target/test-classes/io/irflow/bench/FastWebexStub.class -type f | head -1)" ]; then
  say "compiling the benchmark classes"
  $MVN -pl bot test-compile
fi
CP="bot/target/test-classes:target/irflow.jar"

# --- run directory and clean-up ------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/irflow-bench.XXXXXX)
STUB_PID="" BOT_PID=""
cleanup() {
  local rc=$?
  for pid in $BOT_PID $STUB_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $BOT_PID $STUB_PID; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$WORK"/*/sigs-*.txt
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

STUB_PORT=$(free_port)
BOT_PORT=$(free_port)
STUB="http://127.0.0.1:$STUB_PORT"
BOT="http://127.0.0.1:$BOT_PORT"

# --- machine ---------------------------------------------------------------------------------------------------
echo "== machine =="
echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
free -h | sed -n 2p | awk '{print "memory: " $2 " total, " $7 " available"}'
java -version 2>&1 | head -1
wrk --version 2>&1 | head -1 || true
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
m0=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat); sleep 3
m1=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat)
awk -v m0="$m0" -v m1="$m1" 'BEGIN { split(m0, a, " "); split(m1, c, " ");
  printf "machine busy before the benchmark (other work, 3 s sample): %.0f%% of all cores\n", 100 * (1 - (c[2] - a[2]) / (c[1] - a[1])) }'

# --- stub and bot ------------------------------------------------------------------------------------------------
java -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=1000 -Xms256m -Xmx1g -XX:+UseParallelGC -cp "$CP" io.irflow.bench.FastWebexStub "$STUB_PORT" 4 \
  >"$WORK/stub.log" 2>&1 &
STUB_PID=$!
wait_http "$STUB/v1/people/me" 30 || { say "stub did not start"; cat "$WORK/stub.log" >&2; exit 1; }

cat >"$WORK/config.yml" <<YML
server:
  port: $BOT_PORT
webex:
  url: "$STUB/v1"
  token: "bench-token"
  webhook_secret: "$SECRET"
  irt_room: "Y2lzY29zcGFyazovL3VzL1JPT00vYmVuY2gtcm9vbQ"
security:
  responders: ["analyst@example.com"]
YML
# shellcheck disable=SC2086
(cd "$WORK" && exec java ${BOT_JAVA_OPTS:-} -jar "$ROOT/target/irflow.jar" run --config "$WORK/config.yml") \
  >"$WORK/bot.log" 2>&1 &
BOT_PID=$!
wait_http "$BOT/healthz" 60 || { say "bot did not start"; cat "$WORK/bot.log" >&2; exit 1; }
echo "bot: java ${BOT_JAVA_OPTS:-}-jar target/irflow.jar run (pid $BOT_PID, port $BOT_PORT); stub pid $STUB_PID, port $STUB_PORT"

# --- pre-signed deliveries -----------------------------------------------------------------------------------------
per_slice() { echo $(( ($1 * MAX_RATE + THREADS - 1) / THREADS )); }
java -cp "$CP" io.irflow.bench.WebhookBench generate "$WORK/w" w- "$THREADS" "$(per_slice "$WARMUP")" "$SECRET" >/dev/null
java -cp "$CP" io.irflow.bench.WebhookBench generate "$WORK/u" u- "$THREADS" "$(per_slice "$DURATION")" "$SECRET"
java -cp "$CP" io.irflow.bench.WebhookBench generate "$WORK/r" r- "$THREADS" "$(per_slice "$DURATION")" "$SECRET" >/dev/null

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }
run_wrk() { # dir prefix redeliver seconds label -> wrk output on stdout, CPU shares on the last line
  local m0 b0 s0 m1 b1 s1 w=0 v pid
  m0=$(machine) b0=$(ticks "$BOT_PID") s0=$(ticks "$STUB_PID")
  timeout $(($4 + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${4}s" --timeout 5s --latency -s bench/webhook.lua "$BOT/webhooks/webex" \
    -- "$WORK/$1" "$2" "$3" "$WORK/$1/result.properties" "$CONNS" "$5" >"$WORK/$1/wrk.out" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    # $pid is timeout(1); wrk is its child
    v=$(ticks "$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null)"); [ "${v:-0}" != 0 ] && w=$v
    sleep 0.2
  done
  wait "$pid" || { cat "$WORK/$1/wrk.out"; return 1; }
  m1=$(machine) b1=$(ticks "$BOT_PID") s1=$(ticks "$STUB_PID")
  cat "$WORK/$1/wrk.out"
  # shares of one core, in %, over the run (2 cores = 200 %); "other" is everything else running on the machine
  awk -v m0="$m0" -v m1="$m1" -v b="$((b1 - b0))" -v s="$((s1 - s0))" -v w="$w" -v n="$(nproc)" 'BEGIN {
    split(m0, a, " "); split(m1, c, " "); tot = (c[1] - a[1]) / n; idle = c[2] - a[2];
    busy = (c[1] - a[1]) - idle;
    printf "CPU during the run (%% of one core; %d cores = %d%%): bot %.0f%%, stub %.0f%%, wrk %.0f%%, other processes %.0f%%, idle %.0f%%\n",
      n, 100 * n, 100 * b / tot, 100 * s / tot, 100 * w / tot, 100 * (busy - b - s - w) / tot, 100 * idle / tot }'
}

echo
echo "== warm-up: ${WARMUP}s unique deliveries (not reported) =="
run_wrk w w- 0 "$WARMUP" warm-up >"$WORK/w/wrk.txt"
timeout 120 java -cp "$CP" io.irflow.bench.WebhookBench drain "$STUB" w-

status=0
for phase in "u u- 0 unique deliveries" "r r- $REDELIVER unique deliveries + redeliveries of recent ids"; do
  set -- $phase
  dir=$1 prefix=$2 frac=$3; shift 3; label="$*"
  echo
  echo "== wrk -t$THREADS -c$CONNS -d${DURATION}s --latency -s bench/webhook.lua ($label, redelivery fraction $frac) =="
  run_wrk "$dir" "$prefix" "$frac" "$DURATION" "$label" | tee "$WORK/$dir/wrk.txt"
  timeout 300 java -cp "$CP" io.irflow.bench.WebhookBench settle "$BOT" "$STUB" "$WORK/$dir" "$prefix" \
    "$WORK/$dir/result.properties" || status=1
done

echo
echo "bot JVM threads at the end: $(ls /proc/$BOT_PID/task 2>/dev/null | wc -l); bot log lines: $(wc -l <"$WORK/bot.log"), WARN/ERROR: $(grep -c -E ' (WARN|ERROR) ' "$WORK/bot.log" || true)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ $status -eq 0 ] && echo "exactly-once: held in every run" || echo "exactly-once: VIOLATED (see above)"
exit $status
