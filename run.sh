#!/usr/bin/env bash
# The main job: build the jar if needed, then run the bot with ./config.yml, or the demo when there is no config.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f target/irflow.jar ] || [ -n "$(find src pom.xml -newer target/irflow.jar -print -quit)" ]; then
  mvn -B -q -ntp package -DskipTests
fi
if [ -f config.yml ]; then
  exec java -jar target/irflow.jar run --config config.yml "$@"
fi
exec java -jar target/irflow.jar demo "$@"
