#!/usr/bin/env bash
# The main job: build the jar if needed, then run the bot with ./config.yml, or the demo when there is no config.
# A class-data-sharing archive (target/irflow.jsa, made once per build) roughly halves the JVM's start-up time.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f target/irflow.jar ] || [ -n "$(find bot/src demo/src pom.xml bot/pom.xml demo/pom.xml demo/web/package.json -newer target/irflow.jar -print -quit)" ]; then
  mvn -B -q -ntp package -DskipTests
fi
if [ ! -f target/irflow.jsa ] || [ target/irflow.jar -nt target/irflow.jsa ]; then
  java -XX:ArchiveClassesAtExit=target/irflow.jsa -jar target/irflow.jar demo --port 0 --exit-when-ready >/dev/null 2>&1 \
    || rm -f target/irflow.jsa
fi
cds=()
[ -f target/irflow.jsa ] && cds=(-XX:SharedArchiveFile=target/irflow.jsa -Xshare:auto)
if [ -f config.yml ]; then
  exec java "${cds[@]}" -jar target/irflow.jar run --config config.yml "$@"
fi
exec java "${cds[@]}" -jar target/irflow.jar demo "$@"
